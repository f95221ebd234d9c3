import { expect, fixture, html, waitUntil } from "@open-wc/testing";
import { sendKeys } from "@web/test-runner-commands";
import type { ChatMembers } from "../../src/components/chat-members/chat-members.js";
import "../../src/components/chat-window/chat-window.js";
import type { ChatWindow } from "../../src/components/chat-window/chat-window.js";
import type { ChatSelectDetail } from "../../src/components/events.js";
import type { ChatPersonCard } from "../../src/components/person-card/person-card.js";
import { de } from "../../src/components/strings-de.js";
import { ChatError } from "../../src/store/index.js";
import { deferred, fakeChat, fakeConversation, makeMember, makeMessage, makeMeta, makePerson, type FakeChat } from "./fake-chat.js";
import { buttonNamed, deepActiveElement, hasPart, part, parts, record, settle } from "./helpers.js";

const ME = makeMember("me", { name: "Me Myself", role: "owner", joinedAt: 1, lastReadSeq: Number.MAX_SAFE_INTEGER });
const BOB = makeMember("bob", { name: "Bob Stone", joinedAt: 2, avatar: "https://example.com/bob.png" });
const CARA = makeMember("cara", { name: "Cara", joinedAt: 3 });

async function renderWindow(chat: FakeChat, conversation = "", lang = "en"): Promise<ChatWindow> {
  const box = await fixture<HTMLDivElement>(html`<div style="height: 420px; width: 360px">
    <chat-window lang=${lang} .chat=${chat} conversation=${conversation}></chat-window>
  </div>`);
  const element = box.querySelector("chat-window")!;
  await element.updateComplete;
  return element;
}

function setup(): FakeChat {
  const handle = fakeConversation("c-1", {
    meta: makeMeta("c-1", { type: "group", title: "Launch team" }),
    members: [ME, BOB, CARA],
    messages: [makeMessage({ senderId: "cara", senderName: "Cara", text: "Hi all" })],
  });
  handle.online.set(["bob"]);
  const chat = fakeChat({ userId: "me", name: "Me Myself", handles: [handle], directory: [makePerson("cara", { name: "Cara", online: true })] });
  chat.open("c-1");
  return chat;
}

async function openMembers(element: ChatWindow): Promise<ChatMembers> {
  part(element, "members-button").click();
  await element.updateComplete;
  const members = part<ChatMembers>(element, "members-panel");
  await members.updateComplete;
  return members;
}

function card(element: ChatWindow): ChatPersonCard | null {
  return element.shadowRoot!.querySelector("chat-person-card");
}

async function cardShown(element: ChatWindow): Promise<ChatPersonCard> {
  await waitUntil(() => card(element)?.shadowRoot?.querySelector('[role="dialog"]'), "no card opened");
  return card(element)!;
}

function dialog(shown: ChatPersonCard): HTMLElement {
  return shown.shadowRoot!.querySelector<HTMLElement>('[role="dialog"]')!;
}

/** The dialog's accessible name: the text of what aria-labelledby names. */
function dialogName(shown: ChatPersonCard): string {
  const id = dialog(shown).getAttribute("aria-labelledby")!;
  return shown.shadowRoot!.getElementById(id)!.textContent!.trim();
}

describe("person card", () => {
  let chat: FakeChat;

  beforeEach(() => {
    chat = setup();
  });

  it("opens from a member's name in the members panel, showing at once what the row knows", async () => {
    const element = await renderWindow(chat);
    const members = await openMembers(element);
    const name = buttonNamed(members, "member-name", "Bob Stone");
    expect(name.getAttribute("aria-haspopup")).to.equal("dialog");
    name.click();
    const shown = await cardShown(element);
    expect(dialogName(shown)).to.equal("Bob Stone");
    expect(part(shown, "presence").textContent!.trim()).to.equal("Online");
    expect(part(shown, "id").textContent!.trim()).to.equal("bob");
    expect(part(shown, "avatar").getAttribute("src")).to.equal("https://example.com/bob.png");
    expect(chat.gets).to.deep.equal(["bob"]);
  });

  it("moves focus to Message, and Escape closes it and gives focus back to the name", async () => {
    const element = await renderWindow(chat);
    const members = await openMembers(element);
    const name = buttonNamed(members, "member-name", "Bob Stone");
    name.focus();
    await sendKeys({ press: "Enter" });
    const shown = await cardShown(element);
    await waitUntil(() => deepActiveElement() === part(shown, "message-button"), "focus did not move into the card");
    await sendKeys({ press: "Escape" });
    await element.updateComplete;
    expect(card(element)).to.equal(null);
    expect(deepActiveElement() === name).to.equal(true);
    expect(hasPart(element, "members-panel"), "Escape closes the card, not the panel").to.equal(true);
  });

  it("Close closes it and gives focus back too", async () => {
    const element = await renderWindow(chat);
    const members = await openMembers(element);
    const name = buttonNamed(members, "member-name", "Cara");
    name.click();
    const shown = await cardShown(element);
    part<HTMLButtonElement>(shown, "close-button").click();
    await element.updateComplete;
    expect(card(element)).to.equal(null);
    expect(deepActiveElement() === name).to.equal(true);
  });

  it("shows the directory's fresh presence once it answers", async () => {
    const element = await renderWindow(chat);
    const members = await openMembers(element);
    buttonNamed(members, "member-name", "Cara").click();
    const shown = await cardShown(element);
    await waitUntil(() => part(shown, "presence").textContent!.trim() === "Online", "presence did not update");
  });

  it("opens from a sender's name in the message list, named by the sender", async () => {
    const element = await renderWindow(chat);
    const message = element.shadowRoot!.querySelector("chat-message")!;
    const sender = part<HTMLButtonElement>(message, "sender");
    expect(sender.localName).to.equal("button");
    sender.click();
    const shown = await cardShown(element);
    expect(dialogName(shown)).to.equal("Cara");
    expect(part(shown, "id").textContent!.trim()).to.equal("cara");
    await waitUntil(() => deepActiveElement() === part(shown, "message-button"));
    await sendKeys({ press: "Escape" });
    await element.updateComplete;
    expect(deepActiveElement() === part(message, "sender")).to.equal(true);
  });

  it("Message opens the one-to-one: chat-select, the chat's open conversation, focus in the composer", async () => {
    chat.onCreate = async () => chat.handle("dm_bob");
    const element = await renderWindow(chat);
    const selects = record<ChatSelectDetail>(document, "chat-select");
    try {
      const members = await openMembers(element);
      buttonNamed(members, "member-name", "Bob Stone").click();
      const shown = await cardShown(element);
      part<HTMLButtonElement>(shown, "message-button").click();
      await waitUntil(() => selects.length === 1);
    } finally {
      selects.stop();
    }
    expect(chat.creates).to.deep.equal([{ type: "direct", members: ["bob"] }]);
    expect(selects[0]!.detail).to.deep.equal({ conversationId: "dm_bob" });
    expect(chat.current.get()).to.equal("dm_bob");
    await element.updateComplete;
    expect(card(element)).to.equal(null);
    await waitUntil(() => deepActiveElement()?.localName === "textarea", "focus is not in the composer");
  });

  it("has no Message button on one's own card, and focus goes to Close", async () => {
    const element = await renderWindow(chat);
    const members = await openMembers(element);
    buttonNamed(members, "member-name", "Me Myself (you)").click();
    const shown = await cardShown(element);
    expect(hasPart(shown, "message-button")).to.equal(false);
    await waitUntil(() => deepActiveElement() === part(shown, "close-button"));
  });

  it("says in the reader's language why the one-to-one could not be opened", async () => {
    const refusal = deferred<never>();
    chat.onCreate = () => refusal.promise;
    const element = await renderWindow(chat, "", "de");
    const members = await openMembers(element);
    await waitUntil(() => parts(members, "member-name").length === 3);
    parts<HTMLButtonElement>(members, "member-name")[1]!.click();
    const shown = await cardShown(element);
    part<HTMLButtonElement>(shown, "message-button").click();
    await shown.updateComplete;
    expect(part<HTMLButtonElement>(shown, "message-button").disabled).to.equal(true);
    refusal.reject(new ChatError("unknown_user", "nobody uses bob"));
    await settle();
    await shown.updateComplete;
    expect(part(shown, "error").textContent!.trim()).to.equal(de.errors.unknown_user);
    expect(part(shown, "error").getAttribute("role")).to.equal("alert");
    expect(card(element) !== null).to.equal(true);
  });
});
