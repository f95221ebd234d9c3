import { expect, fixture, html, waitUntil } from "@open-wc/testing";
import "../../src/components/chat-new-conversation/chat-new-conversation.js";
import type { ChatNewConversation } from "../../src/components/chat-new-conversation/chat-new-conversation.js";
import type { ChatSelectDetail } from "../../src/components/events.js";
import { de } from "../../src/components/strings-de.js";
import { ChatError, type ConversationHandle } from "../../src/store/index.js";
import { deferred, fakeChat, fakeConversation, type FakeChat } from "./fake-chat.js";
import { deepActiveElement, fill, maybePart, part, record, settle } from "./helpers.js";

async function renderForm(chat: FakeChat | null): Promise<ChatNewConversation> {
  return fixture<ChatNewConversation>(html`<chat-new-conversation .chat=${chat}></chat-new-conversation>`);
}

function field(form: ChatNewConversation, name: string): HTMLInputElement | null {
  return form.shadowRoot!.querySelector<HTMLInputElement>(`input[name=${name}]`);
}

function radio(form: ChatNewConversation, value: "direct" | "group" | "join"): HTMLInputElement {
  return form.shadowRoot!.querySelector<HTMLInputElement>(`input[name=kind][value=${value}]`)!;
}

async function chooseGroup(form: ChatNewConversation): Promise<void> {
  radio(form, "group").click();
  await form.updateComplete;
}

/** Clicks Start, as a user would, and lets the create call settle. */
async function submit(form: ChatNewConversation): Promise<void> {
  part<HTMLButtonElement>(form, "create-button").click();
  await settle();
  await form.updateComplete;
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
    chat = fakeChat({ userId: "me" });
  });

  it("starts as a one-to-one form with a user id field and no title", async () => {
    const form = await renderForm(chat);
    expect(radio(form, "direct").checked).to.equal(true);
    expect(radio(form, "group").checked).to.equal(false);
    expect(field(form, "ids") !== null).to.equal(true);
    expect(field(form, "ids")!.closest("label")!.textContent).to.contain("User id");
    expect(field(form, "title") !== null).to.equal(false);
    expect(errorText(form)).to.equal(null);
  });

  it("focus() moves focus to the user id field", async () => {
    const form = await renderForm(chat);
    form.focus();
    expect(deepActiveElement() === field(form, "ids")).to.equal(true);
  });

  describe("one-to-one", () => {
    it("creates a direct conversation with exactly the one user id", async () => {
      const form = await renderForm(chat);
      fill(field(form, "ids")!, "  bob  ");
      await submit(form);
      expect(chat.creates).to.deep.equal([{ type: "direct", members: ["bob"] }]);
    });

    for (const input of ["bob carol", "bob, carol", ", ,"]) {
      it(`refuses ${JSON.stringify(input)} with an alert and does not call create`, async () => {
        const form = await renderForm(chat);
        const selects = record(form, "chat-select");
        fill(field(form, "ids")!, input);
        await submit(form);
        expect(errorText(form)).to.equal("Name exactly one person to chat with.");
        expect(chat.creates).to.deep.equal([]);
        expect(selects.length).to.equal(0);
      });
    }

    it("does not submit an empty field (the input is required)", async () => {
      const form = await renderForm(chat);
      expect(field(form, "ids")!.required).to.equal(true);
      await submit(form);
      expect(chat.creates).to.deep.equal([]);
    });
  });

  describe("group", () => {
    it("shows a title field and a members label once Group is chosen", async () => {
      const form = await renderForm(chat);
      await chooseGroup(form);
      expect(radio(form, "group").checked).to.equal(true);
      expect(field(form, "title") !== null).to.equal(true);
      expect(field(form, "ids")!.closest("label")!.textContent).to.contain("Member user ids");
    });

    it("passes members split on commas and whitespace, and the title", async () => {
      const form = await renderForm(chat);
      await chooseGroup(form);
      fill(field(form, "ids")!, "bob, carol  dan,erin\tfay");
      fill(field(form, "title")!, "  Launch team ");
      await submit(form);
      expect(chat.creates).to.deep.equal([
        { type: "group", members: ["bob", "carol", "dan", "erin", "fay"], title: "Launch team", joinable: false },
      ]);
    });

    it("leaves the title out when it is blank", async () => {
      const form = await renderForm(chat);
      await chooseGroup(form);
      fill(field(form, "ids")!, "bob");
      fill(field(form, "title")!, "   ");
      await submit(form);
      expect(chat.creates).to.deep.equal([{ type: "group", members: ["bob"], title: undefined, joinable: false }]);
    });

    it("creates a group anyone with its id may join when the box is ticked", async () => {
      const form = await renderForm(chat);
      await chooseGroup(form);
      fill(field(form, "ids")!, "bob");
      form.shadowRoot!.querySelector<HTMLInputElement>("input[name=joinable]")!.click();
      await submit(form);
      expect(chat.creates).to.deep.equal([{ type: "group", members: ["bob"], title: undefined, joinable: true }]);
    });

    it("allows a group with a single other member", async () => {
      const form = await renderForm(chat);
      await chooseGroup(form);
      fill(field(form, "ids")!, "bob");
      await submit(form);
      expect(chat.creates.length).to.equal(1);
      expect(errorText(form)).to.equal(null);
    });
  });

  describe("join by id", () => {
    it("joins the conversation named by its id and selects it", async () => {
      const form = await renderForm(chat);
      radio(form, "join").click();
      await form.updateComplete;
      expect(field(form, "ids")!.closest("label")!.textContent).to.contain("Conversation id");
      expect(part(form, "create-button").textContent!.trim()).to.equal("Join");
      const selects = record<ChatSelectDetail>(form, "chat-select");
      fill(field(form, "ids")!, " open-house ");
      await submit(form);
      expect(chat.joins).to.deep.equal(["open-house"]);
      expect(chat.creates).to.deep.equal([]);
      expect(selects.map((event) => event.detail.conversationId)).to.deep.equal(["open-house"]);
    });

    it("asks for exactly one id", async () => {
      const form = await renderForm(chat);
      radio(form, "join").click();
      await form.updateComplete;
      fill(field(form, "ids")!, "one two");
      await submit(form);
      expect(chat.joins).to.deep.equal([]);
      expect(errorText(form)).to.equal("Give one conversation id.");
    });
  });

  describe("on success", () => {
    it("emits a bubbling, composed chat-select with the created conversation's id", async () => {
      chat.onCreate = async () => fakeConversation("c-42");
      const form = await renderForm(chat);
      const selects = record<ChatSelectDetail>(document, "chat-select");
      try {
        fill(field(form, "ids")!, "bob");
        await submit(form);
      } finally {
        selects.stop();
      }
      expect(selects.map((event) => event.detail)).to.deep.equal([{ conversationId: "c-42" }]);
      expect(selects[0]!.bubbles && selects[0]!.composed).to.equal(true);
      expect(selects[0]!.target === form).to.equal(true);
    });

    it("resets the form and clears an earlier error", async () => {
      const form = await renderForm(chat);
      fill(field(form, "ids")!, "bob carol");
      await submit(form);
      expect(errorText(form)).to.not.equal(null);

      fill(field(form, "ids")!, "bob");
      await submit(form);
      expect(field(form, "ids")!.value).to.equal("");
      expect(errorText(form)).to.equal(null);
    });

    it("keeps the chosen kind checked after the reset of a group form", async () => {
      const form = await renderForm(chat);
      await chooseGroup(form);
      fill(field(form, "ids")!, "bob, carol");
      fill(field(form, "title")!, "Team");
      await submit(form);

      expect(chat.creates.length).to.equal(1);
      expect(field(form, "ids")!.value).to.equal("");
      expect(field(form, "title")!.value).to.equal("");
      // The fields still show the group form, so its radio must still be the checked one.
      expect([radio(form, "direct").checked, radio(form, "group").checked]).to.deep.equal([false, true]);
    });

    it("disables Start while the create is in flight and ignores a second submit", async () => {
      const pending = deferred<ConversationHandle>();
      chat.onCreate = () => pending.promise;
      const form = await renderForm(chat);
      fill(field(form, "ids")!, "bob");
      part<HTMLButtonElement>(form, "create-button").click();
      await form.updateComplete;
      expect(part<HTMLButtonElement>(form, "create-button").disabled).to.equal(true);

      part<HTMLFormElement>(form, "form").requestSubmit();
      expect(chat.creates.length).to.equal(1);

      pending.resolve(fakeConversation("c-1"));
      await settle();
      await form.updateComplete;
      expect(part<HTMLButtonElement>(form, "create-button").disabled).to.equal(false);
    });
  });

  describe("on failure", () => {
    it("shows the rejection's message in an alert, keeps the input and emits no chat-select", async () => {
      chat.onCreate = async () => {
        throw new Error("user zed does not exist");
      };
      const form = await renderForm(chat);
      const selects = record(form, "chat-select");
      fill(field(form, "ids")!, "zed");
      await submit(form);

      expect(errorText(form)).to.equal("user zed does not exist");
      expect(field(form, "ids")!.value).to.equal("zed");
      expect(selects.length).to.equal(0);
      expect(part<HTMLButtonElement>(form, "create-button").disabled).to.equal(false);
    });

    it("words a refusal in the element's language, not the server's English", async () => {
      chat.onCreate = () => Promise.reject(new ChatError("not_found", "no conversation c_zed"));
      const form = await fixture<ChatNewConversation>(html`<chat-new-conversation lang="de" .chat=${chat}></chat-new-conversation>`);
      await waitUntil(() => part(form, "create-button").textContent!.trim() === de.start);
      fill(field(form, "ids")!, "zed");
      await submit(form);
      expect(errorText(form)).to.equal(de.errors.not_found);
    });

    it("shows a non-Error rejection as text", async () => {
      chat.onCreate = () => Promise.reject("offline");
      const form = await renderForm(chat);
      fill(field(form, "ids")!, "bob");
      await submit(form);
      expect(errorText(form)).to.equal("offline");
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

    it("is a plain button, so it does not submit the form", async () => {
      const form = await renderForm(chat);
      fill(field(form, "ids")!, "bob");
      part<HTMLButtonElement>(form, "cancel-button").click();
      await settle();
      expect(part<HTMLButtonElement>(form, "cancel-button").type).to.equal("button");
      expect(chat.creates).to.deep.equal([]);
    });
  });

  it("does nothing on submit without a chat", async () => {
    const form = await renderForm(null);
    const selects = record(form, "chat-select");
    fill(field(form, "ids")!, "bob");
    await submit(form);
    expect(selects.length).to.equal(0);
    expect(errorText(form)).to.equal(null);
  });
});
