import { expect, fixture, html, waitUntil } from "@open-wc/testing";
import "../../src/components/chat-new-conversation/chat-new-conversation.js";
import type { ChatNewConversation } from "../../src/components/chat-new-conversation/chat-new-conversation.js";
import type { ChatPeoplePicker } from "../../src/components/people-picker/people-picker.js";
import type { ChatSelectDetail } from "../../src/components/events.js";
import { de } from "../../src/components/strings-de.js";
import { ChatError, type ConversationHandle, type PeoplePage } from "../../src/store/index.js";
import { deferred, fakeChat, fakeConversation, makePerson, type FakeChat } from "./fake-chat.js";
import { deepActiveElement, fill, hasPart, maybePart, part, parts, pressKey, record, settle } from "./helpers.js";

const bob = makePerson("bob", { name: "Bob Stone", online: true });
const bobby = makePerson("bobby", { name: "Bobby Tables" });
const carol = makePerson("carol", { name: "Carol Bobek" });
const dan = makePerson("dan", { name: "Dan Brown" });

async function renderForm(chat: FakeChat | null, lang = ""): Promise<ChatNewConversation> {
  const form = await fixture<ChatNewConversation>(html`<chat-new-conversation lang=${lang || "en"} .chat=${chat}></chat-new-conversation>`);
  await picker(form)?.updateComplete;
  return form;
}

function picker(form: ChatNewConversation): ChatPeoplePicker {
  return form.shadowRoot!.querySelector("chat-people-picker")!;
}

function input(form: ChatNewConversation): HTMLInputElement {
  return part<HTMLInputElement>(picker(form), "input");
}

function options(form: ChatNewConversation): HTMLElement[] {
  return parts(picker(form), "person");
}

/** The people offered, without the "Use id" option. */
function found(form: ChatNewConversation): HTMLElement[] {
  return options(form).filter((option) => !option.part.contains("person-typed"));
}

function optionNames(form: ChatNewConversation): string[] {
  return options(form).map((option) => option.querySelector(".name")!.textContent!.trim());
}

function status(form: ChatNewConversation): string {
  return part(picker(form), "status").textContent!.trim();
}

function radio(form: ChatNewConversation, value: "direct" | "group" | "join"): HTMLInputElement {
  return form.shadowRoot!.querySelector<HTMLInputElement>(`input[name=kind][value=${value}]`)!;
}

async function choose(form: ChatNewConversation, kind: "group" | "join"): Promise<void> {
  radio(form, kind).click();
  await form.updateComplete;
}

/** Types `text` and waits until the search for it has answered and shows. */
async function search(form: ChatNewConversation, chat: FakeChat, text: string): Promise<void> {
  const before = chat.searches.length;
  fill(input(form), text);
  await waitUntil(() => chat.searches.length > before, "no search");
  await waitUntil(() => part(picker(form), "list").getAttribute("aria-busy") === "false", "the search never answered");
  await picker(form).updateComplete;
}

async function press(form: ChatNewConversation, key: string): Promise<KeyboardEvent> {
  const event = pressKey(input(form), key);
  await picker(form).updateComplete;
  await settle();
  await form.updateComplete;
  return event;
}

function errorText(form: ChatNewConversation): string | null {
  const error = maybePart(form, "error");
  if (!error) return null;
  expect(error.getAttribute("role")).to.equal("alert");
  return error.textContent!.trim();
}

describe("<chat-new-conversation>", () => {
  let chat: FakeChat;

  beforeEach(() => {
    chat = fakeChat({ userId: "me", directory: [bob, bobby, carol, dan] });
  });

  it("starts as a one-to-one form with a people picker and no title or Start button", async () => {
    const form = await renderForm(chat);
    expect(radio(form, "direct").checked).to.equal(true);
    expect(input(form).labels![0]!.textContent).to.contain("Name or user id");
    expect(form.shadowRoot!.querySelector("input[name=title]") === null).to.equal(true);
    expect(hasPart(form, "create-button")).to.equal(false);
  });

  it("focus() moves focus to the picker's input", async () => {
    const form = await renderForm(chat);
    form.focus();
    expect(deepActiveElement() === input(form)).to.equal(true);
  });

  describe("the picker", () => {
    it("is a combobox controlling a listbox, collapsed until people are found", async () => {
      const form = await renderForm(chat);
      const field = input(form);
      expect([field.getAttribute("role"), field.getAttribute("aria-autocomplete"), field.getAttribute("aria-expanded")]).to.deep.equal([
        "combobox",
        "list",
        "false",
      ]);
      const list = picker(form).shadowRoot!.getElementById(field.getAttribute("aria-controls")!)!;
      expect(list.getAttribute("role")).to.equal("listbox");
      await search(form, chat, "Bo");
      expect(field.getAttribute("aria-expanded")).to.equal("true");
      expect(field.getAttribute("aria-activedescendant")).to.equal(options(form)[0]!.id);
    });

    it("searches once the typing pauses, for the newest text only", async () => {
      const form = await renderForm(chat);
      fill(input(form), "c");
      fill(input(form), "ca");
      fill(input(form), "car");
      await waitUntil(() => chat.searches.length > 0);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(chat.searches).to.deep.equal([{ text: "car" }]);
    });

    it("offers each person found with name, id and presence, and says how many", async () => {
      const form = await renderForm(chat);
      await search(form, chat, "bob");
      // "bob" is bob's own id, so no "Use id" option.
      expect(optionNames(form)).to.deep.equal(["Bob Stone", "Bobby Tables", "Carol Bobek"]);
      const first = options(form)[0]!;
      expect(first.getAttribute("role")).to.equal("option");
      expect(first.querySelector(".id")!.textContent).to.equal("bob");
      expect(first.querySelector('[part~="presence"]')!.getAttribute("aria-label")).to.equal("online");
      expect(status(form)).to.equal("3 people found");
      expect(part(picker(form), "status").getAttribute("role")).to.equal("status");
    });

    it("says no one was found", async () => {
      const form = await renderForm(chat);
      await search(form, chat, "zz top");
      expect(options(form).length).to.equal(0);
      expect(status(form)).to.equal("No one found");
      expect(input(form).getAttribute("aria-expanded")).to.equal("false");
    });

    it("moves the active option with ArrowDown, ArrowUp, Home and End", async () => {
      const form = await renderForm(chat);
      await search(form, chat, "bob");
      const active = () => options(form).findIndex((option) => option.getAttribute("aria-selected") === "true");
      expect(active()).to.equal(0);
      expect((await press(form, "ArrowDown")).defaultPrevented).to.equal(true);
      expect(active()).to.equal(1);
      await press(form, "End");
      expect(active()).to.equal(2);
      expect(input(form).getAttribute("aria-activedescendant")).to.equal(options(form)[2]!.id);
      await press(form, "ArrowDown");
      expect(active()).to.equal(2);
      await press(form, "ArrowUp");
      expect(active()).to.equal(1);
      await press(form, "Home");
      expect(active()).to.equal(0);
    });

    it("shows the newest search's answer even when an older one arrives after it", async () => {
      const answers = new Map<string, ReturnType<typeof deferred<PeoplePage>>>();
      chat.onSearch = (text) => {
        const answer = deferred<PeoplePage>();
        answers.set(text, answer);
        return answer.promise;
      };
      const form = await renderForm(chat);
      fill(input(form), "bob");
      await waitUntil(() => answers.has("bob"));
      fill(input(form), "dan");
      await waitUntil(() => answers.has("dan"));
      answers.get("dan")!.resolve({ people: [dan], visibility: "everyone" });
      await settle();
      answers.get("bob")!.resolve({ people: [bob, bobby], visibility: "everyone" });
      await settle();
      await picker(form).updateComplete;
      expect(optionNames(form)).to.deep.equal(["Dan Brown"]);
      expect(status(form)).to.equal("1 person found");
    });

    it("says a search failed, in the form's language, and stops waiting", async () => {
      chat.onSearch = () => Promise.reject(new ChatError("timeout", "no answer"));
      const form = await renderForm(chat, "de");
      await waitUntil(() => input(form).labels![0]!.textContent === de.personOrId);
      await search(form, chat, "Bob Stone");
      expect(status(form)).to.equal(de.peopleSearchFailed);
      expect(part(picker(form), "list").getAttribute("aria-busy")).to.equal("false");
    });

    it("offers a typed id no search finds as “Use id”", async () => {
      chat.visibility = "nobody";
      chat.directory = [];
      const form = await renderForm(chat);
      await search(form, chat, "zed");
      expect(optionNames(form)).to.deep.equal(["Use id “zed”"]);
      expect(hasPart(picker(form), "person-typed")).to.equal(true);
      expect(status(form)).to.equal("People are found by their user id here.");
    });

    it("closes the list with Escape, and lets a second Escape through", async () => {
      const form = await renderForm(chat);
      await search(form, chat, "bob");
      expect((await press(form, "Escape")).defaultPrevented).to.equal(true);
      expect(input(form).getAttribute("aria-expanded")).to.equal("false");
      expect(input(form).hasAttribute("aria-activedescendant")).to.equal(false);
      expect((await press(form, "Escape")).defaultPrevented).to.equal(false);
      await press(form, "ArrowDown");
      expect(input(form).getAttribute("aria-expanded")).to.equal("true");
    });

    it("loads the next page with Load more and with ArrowDown past the last person", async () => {
      chat.directory = Array.from({ length: 45 }, (_, index) => makePerson(`p${index}`, { name: `Pat ${index}` }));
      const form = await renderForm(chat);
      await search(form, chat, "Pat ");
      expect(found(form).length).to.equal(20);
      part<HTMLButtonElement>(picker(form), "more-button").click();
      await waitUntil(() => found(form).length === 40);
      expect(chat.searches.at(-1)).to.deep.equal({ text: "Pat", options: { cursor: "20" } });
      await press(form, "End");
      await press(form, "ArrowUp");
      await press(form, "ArrowDown");
      await press(form, "ArrowDown");
      await waitUntil(() => found(form).length === 45);
      expect(status(form)).to.equal("45 people found");
      expect(hasPart(picker(form), "more-button")).to.equal(false);
    });
  });

  describe("one-to-one", () => {
    it("starts the conversation with the person picked with the keyboard", async () => {
      chat.onCreate = async () => fakeConversation("dm_1");
      const form = await renderForm(chat);
      const selects = record<ChatSelectDetail>(form, "chat-select");
      await search(form, chat, "bobe");
      await press(form, "Enter");
      await waitUntil(() => selects.length === 1);
      expect(chat.creates).to.deep.equal([{ type: "direct", members: ["carol"] }]);
      expect(selects[0]!.detail).to.deep.equal({ conversationId: "dm_1" });
      expect(input(form).value).to.equal("");
    });

    it("starts it with the person clicked", async () => {
      const form = await renderForm(chat);
      await search(form, chat, "bob");
      options(form)[1]!.click();
      await settle();
      expect(chat.creates).to.deep.equal([{ type: "direct", members: ["bobby"] }]);
    });

    it("starts it with a typed id, as a guest names a guest", async () => {
      chat = fakeChat({ userId: "~me" });
      const form = await renderForm(chat);
      await search(form, chat, "zed");
      await press(form, "Enter");
      await settle();
      expect(chat.creates).to.deep.equal([{ type: "direct", members: ["~zed"] }]);
    });

    it("Enter before the newest answer picks from that answer, not from the older one shown", async () => {
      const form = await renderForm(chat);
      await search(form, chat, "bob");
      fill(input(form), "dan");
      await press(form, "Enter");
      await waitUntil(() => chat.creates.length === 1);
      expect(chat.creates).to.deep.equal([{ type: "direct", members: ["dan"] }]);
    });

    for (const [code, words] of [
      ["unknown_user", de.errors.unknown_user],
      ["with_self", de.errors.with_self],
    ] as const) {
      it(`words the refusal ${code} in the form's language and keeps focus in the picker`, async () => {
        chat.onCreate = () => Promise.reject(new ChatError(code, "the server's English"));
        const form = await renderForm(chat, "de");
        const selects = record(form, "chat-select");
        await waitUntil(() => input(form).labels![0]!.textContent === de.personOrId);
        input(form).focus();
        await search(form, chat, "zed");
        await press(form, "Enter");
        await waitUntil(() => errorText(form) !== null);
        expect(errorText(form)).to.equal(words);
        expect(selects.length).to.equal(0);
        expect(deepActiveElement() === input(form)).to.equal(true);
        expect(input(form).value).to.equal("zed");
      });
    }

    it("shows a refusal without a known code as its message", async () => {
      chat.onCreate = () => Promise.reject(new Error("user zed does not exist"));
      const form = await renderForm(chat);
      await search(form, chat, "zed");
      await press(form, "Enter");
      await waitUntil(() => errorText(form) !== null);
      expect(errorText(form)).to.equal("user zed does not exist");
    });

    it("ignores a second pick while the first is in flight", async () => {
      const pending = deferred<ConversationHandle>();
      chat.onCreate = () => pending.promise;
      const form = await renderForm(chat);
      await search(form, chat, "bob");
      options(form)[0]!.click();
      options(form)[1]?.click();
      await search(form, chat, "dan");
      await press(form, "Enter");
      expect(chat.creates.length).to.equal(1);
      pending.resolve(fakeConversation("dm_1"));
      await settle();
    });
  });

  describe("group", () => {
    async function pick(form: ChatNewConversation, text: string): Promise<void> {
      await search(form, chat, text);
      await press(form, "Enter");
    }

    it("keeps picked people as chips, out of the list, and clears the text", async () => {
      const form = await renderForm(chat);
      await choose(form, "group");
      input(form).focus();
      await pick(form, "bob");
      expect(parts(picker(form), "chip").map((chip) => chip.getAttribute("aria-label"))).to.deep.equal(["Remove Bob Stone"]);
      expect(input(form).value).to.equal("");
      expect(deepActiveElement() === input(form)).to.equal(true);
      await search(form, chat, "bob");
      expect(optionNames(form)).to.deep.equal(["Bobby Tables", "Carol Bobek"]);
    });

    it("removes a chip by its button, and the last with Backspace in the empty input", async () => {
      const form = await renderForm(chat);
      await choose(form, "group");
      await pick(form, "bob");
      await pick(form, "carol");
      await pick(form, "dan");
      part<HTMLButtonElement>(picker(form), "chip").click();
      await picker(form).updateComplete;
      expect(picker(form).picked.map((person) => person.id)).to.deep.equal(["carol", "dan"]);
      expect(deepActiveElement() === input(form)).to.equal(true);
      await press(form, "Backspace");
      expect(picker(form).picked.map((person) => person.id)).to.deep.equal(["carol"]);
    });

    it("creates the group with the people picked and the title", async () => {
      const form = await renderForm(chat);
      const selects = record<ChatSelectDetail>(form, "chat-select");
      await choose(form, "group");
      await pick(form, "bob");
      await pick(form, "carol");
      fill(form.shadowRoot!.querySelector<HTMLInputElement>("input[name=title]")!, "  Launch team ");
      expect(part(form, "create-button").textContent!.trim()).to.equal("Create");
      part<HTMLButtonElement>(form, "create-button").click();
      await waitUntil(() => selects.length === 1);
      expect(chat.creates).to.deep.equal([{ type: "group", members: ["bob", "carol"], title: "Launch team", joinable: false }]);
      expect(picker(form).picked).to.deep.equal([]);
      expect([radio(form, "direct").checked, radio(form, "group").checked]).to.deep.equal([false, true]);
    });

    it("asks for someone before creating a group of nobody", async () => {
      const form = await renderForm(chat);
      await choose(form, "group");
      part<HTMLButtonElement>(form, "create-button").click();
      await form.updateComplete;
      expect(errorText(form)).to.equal("Choose at least one person.");
      expect(chat.creates).to.deep.equal([]);
      expect(deepActiveElement() === input(form)).to.equal(true);
    });

    it("creates a group anyone with its id may join when the box is ticked", async () => {
      const form = await renderForm(chat);
      await choose(form, "group");
      await pick(form, "dan");
      form.shadowRoot!.querySelector<HTMLInputElement>("input[name=joinable]")!.click();
      part<HTMLButtonElement>(form, "create-button").click();
      await settle();
      expect(chat.creates).to.deep.equal([{ type: "group", members: ["dan"], title: undefined, joinable: true }]);
    });
  });

  describe("join by id", () => {
    it("joins the conversation named by its id and selects it", async () => {
      const form = await renderForm(chat);
      await choose(form, "join");
      expect(part(form, "create-button").textContent!.trim()).to.equal("Join");
      const selects = record<ChatSelectDetail>(form, "chat-select");
      fill(form.shadowRoot!.querySelector<HTMLInputElement>("input[name=ids]")!, " open-house ");
      part<HTMLButtonElement>(form, "create-button").click();
      await waitUntil(() => selects.length === 1);
      expect(chat.joins).to.deep.equal(["open-house"]);
      expect(selects.map((event) => event.detail.conversationId)).to.deep.equal(["open-house"]);
    });

    it("asks for exactly one id", async () => {
      const form = await renderForm(chat);
      await choose(form, "join");
      fill(form.shadowRoot!.querySelector<HTMLInputElement>("input[name=ids]")!, "one two");
      part<HTMLButtonElement>(form, "create-button").click();
      await form.updateComplete;
      expect(chat.joins).to.deep.equal([]);
      expect(errorText(form)).to.equal("Give one conversation id.");
    });
  });

  describe("cancel", () => {
    it("emits a bubbling, composed chat-cancel and creates nothing", async () => {
      const form = await renderForm(chat);
      const cancels = record(document, "chat-cancel");
      try {
        part<HTMLButtonElement>(form, "cancel-button").click();
      } finally {
        cancels.stop();
      }
      expect(cancels.length).to.equal(1);
      expect(cancels[0]!.bubbles && cancels[0]!.composed).to.equal(true);
      expect(chat.creates).to.deep.equal([]);
    });
  });
});
