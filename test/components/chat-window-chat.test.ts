import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from "@open-wc/testing";
import { sendKeys } from "@web/test-runner-commands";
import type { ChatComposer } from "../../src/components/chat-composer/chat-composer.js";
import type { ChatMembers } from "../../src/components/chat-members/chat-members.js";
import type { ChatMessageElement } from "../../src/components/chat-message/chat-message.js";
import type { ChatSearch } from "../../src/components/chat-search/chat-search.js";
import "../../src/components/chat-window/chat-window.js";
import type { ChatWindow } from "../../src/components/chat-window/chat-window.js";
import type { ChatItemDetail } from "../../src/components/events.js";
import { de } from "../../src/components/strings-de.js";
import { ChatError, type ChatMessage, type ConnectionStatus, type ConversationMeta, type Member } from "../../src/store/index.js";
import {
  fakeChat,
  fakeConversation,
  makeMember,
  makeMessage,
  makeMeta,
  deferred,
  type FakeChat,
  type FakeConversation,
} from "./fake-chat.js";
import { buttonName, buttonNamed, fill, hasPart, part, parts, pressEnter, record, settle, typeInto } from "./helpers.js";

// The user has read everything held, so a window opens at the newest messages (chat-window-reading tests the rest).
const ME = makeMember("me", { name: "Me Myself", role: "owner", joinedAt: 1, lastReadSeq: Number.MAX_SAFE_INTEGER });
const BOB = makeMember("bob", { name: "Bob Stone", joinedAt: 2 });
const CARA = makeMember("cara", { name: "Cara", joinedAt: 3 });

/** A window showing `handle` from a fake chat for user "me", in a 320 px tall box. */
async function renderWindow(chat: FakeChat, conversation: string, heading = ""): Promise<ChatWindow> {
  const box = await fixture<HTMLDivElement>(html`<div style="height: 320px; width: 360px">
    <chat-window .chat=${chat} conversation=${conversation} heading=${heading}></chat-window>
  </div>`);
  const element = box.querySelector("chat-window")!;
  await element.updateComplete;
  return element;
}

function setup(init: {
  meta?: ConversationMeta | null;
  members?: Member[];
  messages?: ChatMessage[];
  status?: ConnectionStatus;
} = {}): { chat: FakeChat; handle: FakeConversation } {
  const handle = fakeConversation("c-1", {
    meta: init.meta === undefined ? makeMeta("c-1", { type: "group", title: "Launch team" }) : init.meta,
    members: init.members ?? [ME, BOB, CARA],
    messages: init.messages ?? [],
    status: init.status ?? "online",
  });
  return { chat: fakeChat({ userId: "me", name: "Me Myself", handles: [handle] }), handle };
}

function messageElements(element: ChatWindow): ChatMessageElement[] {
  return [...element.shadowRoot!.querySelectorAll("chat-message")];
}

function composerOf(element: ChatWindow): ChatComposer {
  return part<ChatComposer>(element, "composer");
}

/** The rendered element of the message `messageId`, once it has rendered. */
async function messageById(element: ChatWindow, messageId: string): Promise<ChatMessageElement> {
  const found = messageElements(element).find((message) => message.dataset.id === messageId);
  if (!found) throw new Error(`message ${messageId} is not rendered`);
  await found.updateComplete;
  return found;
}

/** Lets the window, its messages and its composer finish rendering. */
async function rendered(element: ChatWindow): Promise<void> {
  await element.updateComplete;
  await Promise.all([...messageElements(element), composerOf(element)].map((child) => child.updateComplete));
}

/** The calls to `action` the fake handle recorded, by their arguments. */
function callsTo(handle: FakeConversation, action: string): unknown[][] {
  return handle.calls.filter((call) => call.action === action).map((call) => call.args);
}

/** Whether the message `messageId` is rendered and has focus. */
function maybeFocused(element: ChatWindow, messageId: string): boolean {
  const active = element.shadowRoot!.activeElement as HTMLElement | null;
  return active?.dataset.id === messageId;
}

/** Where `child` sits below the top of the message list, in pixels. */
function offsetInList(element: ChatWindow, child: Element): number {
  return child.getBoundingClientRect().top - part(element, "messages").getBoundingClientRect().top;
}

/** Sets the list's scroll position and waits for the scroll event it causes. */
async function scrollListTo(element: ChatWindow, top: number): Promise<void> {
  const list = part(element, "messages");
  const scrolled = oneEvent(list, "scroll");
  list.scrollTop = top;
  await scrolled;
}

/** Types `query` into the window's open search panel, searches, and picks the first result. */
async function searchAndPick(element: ChatWindow, query: string): Promise<void> {
  const panel = element.shadowRoot!.querySelector("chat-search")!;
  await panel.updateComplete;
  fill(part<HTMLInputElement>(panel, "input"), query);
  part<HTMLButtonElement>(panel, "search-button").click();
  await settle();
  await panel.updateComplete;
  part<HTMLButtonElement>(panel, "result").click();
  await settle();
}

describe("<chat-window> with a chat", () => {
  const RealWebSocket = window.WebSocket;
  let socketUrls: string[];

  // The fake chat has no sockets; anything that tries to open one is a bug.
  beforeEach(() => {
    socketUrls = [];
    window.WebSocket = class extends EventTarget {
      constructor(url: string | URL) {
        super();
        socketUrls.push(String(url));
        throw new Error(`test tried to open a WebSocket to ${String(url)}`);
      }
    } as unknown as typeof WebSocket;
  });

  afterEach(() => {
    window.WebSocket = RealWebSocket;
    expect(socketUrls).to.deep.equal([]);
  });

  describe("binding", () => {
    it("asks the chat for the conversation named by the attribute", async () => {
      const { chat } = setup();
      await renderWindow(chat, "c-1");
      expect(chat.opened).to.include("c-1");
      expect(chat.opened.every((id) => id === "c-1")).to.equal(true);
    });

    it("does not ask for a conversation while none is named", async () => {
      const { chat } = setup();
      const element = await renderWindow(chat, "");
      expect(chat.opened).to.deep.equal([]);
      expect(composerOf(element).disabled).to.equal(true);
    });

    it("shows the chat's open conversation while no conversation is named, and follows it", async () => {
      const { chat, handle } = setup();
      handle.meta.set(makeMeta("c-1", { title: "First room" }));
      const other = chat.handle("c-2");
      other.meta.set(makeMeta("c-2", { title: "Second room" }));
      const element = await renderWindow(chat, "");
      chat.open("c-1");
      await element.updateComplete;
      expect(part(element, "title").textContent).to.equal("First room");
      chat.open("c-2");
      await element.updateComplete;
      expect(part(element, "title").textContent).to.equal("Second room");
    });

    it("keeps the named conversation when the chat opens another", async () => {
      const { chat, handle } = setup();
      handle.meta.set(makeMeta("c-1", { title: "Pinned" }));
      const element = await renderWindow(chat, "c-1");
      chat.open("c-2");
      await element.updateComplete;
      expect(part(element, "title").textContent).to.equal("Pinned");
    });

    it("switches to another conversation when the attribute changes", async () => {
      const { chat, handle } = setup();
      const other = chat.handle("c-2");
      other.meta.set(makeMeta("c-2", { title: "Other room" }));
      other.messages.set([makeMessage({ text: "over here" })]);
      const element = await renderWindow(chat, "c-1");

      element.conversation = "c-2";
      await element.updateComplete;
      expect(part(element, "title").textContent).to.equal("Other room");
      expect(messageElements(element).map((m) => m.message!.text)).to.deep.equal(["over here"]);

      // The first conversation no longer drives the window.
      handle.meta.set(makeMeta("c-1", { title: "Stale" }));
      await element.updateComplete;
      expect(part(element, "title").textContent).to.equal("Other room");
      expect(handle.listenerCount("message")).to.equal(0);
      expect(other.listenerCount("message")).to.equal(1);
    });

    it("drops the reply being written and what the live region said when switching conversations", async () => {
      const bobs = makeMessage({ senderId: "bob", senderName: "Bob Stone", text: "Lunch?" });
      const { chat, handle } = setup({ messages: [bobs] });
      chat.handle("c-2").messages.set([makeMessage({ text: "over here" })]);
      const element = await renderWindow(chat, "c-1");
      handle.messages.set([bobs, makeMessage({ senderId: "bob", senderName: "Bob Stone", text: "Anyone?" })]);
      await rendered(element);
      const announcer = element.shadowRoot!.getElementById("announcer")!;
      expect(announcer.textContent!.trim()).to.equal("Bob Stone: Anyone?");
      buttonNamed(await messageById(element, bobs.id), "action-button", "Reply").click();
      await rendered(element);
      expect(hasPart(composerOf(element), "context"), "context").to.equal(true);

      element.conversation = "c-2";
      await rendered(element);
      expect(hasPart(composerOf(element), "context"), "context").to.equal(false);
      expect(announcer.textContent!.trim()).to.equal("");
    });

    it("shows nothing from a chat that was replaced", async () => {
      const { chat } = setup();
      const element = await renderWindow(chat, "c-1");
      const second = fakeChat({ userId: "me", handles: [fakeConversation("c-1", { meta: makeMeta("c-1", { title: "Second" }) })] });
      element.chat = second;
      await element.updateComplete;
      expect(part(element, "title").textContent).to.equal("Second");
      expect(chat.handle("c-1").listenerCount("message")).to.equal(0);
    });
  });

  describe("header", () => {
    it("shows meta.title as the title, with its initials as the avatar", async () => {
      const { chat } = setup();
      const element = await renderWindow(chat, "c-1");
      expect(part(element, "title").textContent).to.equal("Launch team");
      expect(part(element, "avatar").textContent).to.equal("LT");
    });

    it("shows initials instead of an avatar that is not an http(s) URL", async () => {
      for (const avatar of ["data:image/gif;base64,R0lGODlhAQABAAAAACw=", "javascript:alert(1)"]) {
        const { chat } = setup({ meta: makeMeta("c-1", { title: "Launch team", avatar }) });
        const element = await renderWindow(chat, "c-1");
        expect(part(element, "avatar").localName).to.equal("span");
        expect(part(element, "avatar").textContent).to.equal("LT");
      }
    });

    it("shows the conversation's picture when meta has an avatar", async () => {
      const avatar = `${location.origin}/avatar.png`;
      const { chat } = setup({ meta: makeMeta("c-1", { title: "Launch team", avatar }) });
      const element = await renderWindow(chat, "c-1");
      expect(part(element, "avatar").localName).to.equal("img");
      expect(part(element, "avatar").getAttribute("src")).to.equal(avatar);
    });

    it("shows the other member's name for an untitled one-to-one conversation", async () => {
      const { chat } = setup({ meta: makeMeta("c-1", { type: "direct", title: "" }), members: [ME, BOB] });
      const element = await renderWindow(chat, "c-1");
      expect(part(element, "title").textContent).to.equal("Bob Stone");
      expect(part(element, "avatar").textContent).to.equal("BS");
    });

    it("lets the heading attribute override the title", async () => {
      const { chat } = setup();
      const element = await renderWindow(chat, "c-1", "Support");
      expect(part(element, "title").textContent).to.equal("Support");

      element.heading = "";
      await element.updateComplete;
      expect(part(element, "title").textContent).to.equal("Launch team");
    });

    it("falls back to the conversation id before meta and members arrive, then updates", async () => {
      const { chat, handle } = setup({ meta: null, members: [] });
      const element = await renderWindow(chat, "c-1");
      expect(part(element, "title").textContent).to.equal("c-1");

      handle.meta.set(makeMeta("c-1", { title: "Arrived" }));
      await element.updateComplete;
      expect(part(element, "title").textContent).to.equal("Arrived");
    });

    it("follows a title change in the meta store", async () => {
      const { chat, handle } = setup();
      const element = await renderWindow(chat, "c-1");
      handle.meta.set(makeMeta("c-1", { title: "Renamed" }));
      await element.updateComplete;
      expect(part(element, "title").textContent).to.equal("Renamed");
    });
  });

  describe("members", () => {
    it('shows "N members" and toggles the members panel, reflecting aria-expanded', async () => {
      const { chat, handle } = setup();
      const element = await renderWindow(chat, "c-1");
      const button = part<HTMLButtonElement>(element, "members-button");
      expect(button.textContent!.trim()).to.equal("3 members");
      expect(button.getAttribute("aria-expanded")).to.equal("false");
      expect(hasPart(element, "members-panel"), "members-panel").to.equal(false);

      button.click();
      await element.updateComplete;
      const panel = part<ChatMembers>(element, "members-panel");
      expect(button.getAttribute("aria-expanded")).to.equal("true");
      expect(panel.localName).to.equal("chat-members");
      expect(button.getAttribute("aria-controls")).to.equal(panel.id);
      expect(panel.conversation === handle).to.equal(true);
      expect(panel.userId).to.equal("me");
      await panel.updateComplete;
      expect(panel.shadowRoot!.querySelectorAll('[part~="member"]').length).to.equal(3);

      button.click();
      await element.updateComplete;
      expect(button.getAttribute("aria-expanded")).to.equal("false");
      expect(hasPart(element, "members-panel"), "members-panel").to.equal(false);
    });

    it('says "1 member" for one, and updates with the members store', async () => {
      const { chat, handle } = setup({ members: [ME] });
      const element = await renderWindow(chat, "c-1");
      expect(part(element, "members-button").textContent!.trim()).to.equal("1 member");

      handle.members.set([ME, BOB]);
      await element.updateComplete;
      expect(part(element, "members-button").textContent!.trim()).to.equal("2 members");
    });

    it("hides the members button while there are no members", async () => {
      const { chat } = setup({ members: [] });
      const element = await renderWindow(chat, "c-1");
      expect(hasPart(element, "members-button"), "members-button").to.equal(false);
    });

    it("closes the members panel when switching conversations", async () => {
      const { chat } = setup();
      chat.handle("c-2").members.set([ME, BOB]);
      const element = await renderWindow(chat, "c-1");
      part<HTMLButtonElement>(element, "members-button").click();
      await element.updateComplete;
      expect(hasPart(element, "members-panel"), "members-panel").to.equal(true);

      element.conversation = "c-2";
      await element.updateComplete;
      expect(hasPart(element, "members-panel"), "members-panel").to.equal(false);
      expect(part(element, "members-button").getAttribute("aria-expanded")).to.equal("false");
    });
  });

  describe("connection status", () => {
    const labels: [ConnectionStatus, string][] = [
      ["connecting", "Connecting…"],
      // Connected says nothing: "Online" in a header reads as the other person's presence.
      ["online", ""],
      ["offline", "You're offline — messages will be sent when you're back"],
      ["refused", "No access"],
    ];

    for (const [status, label] of labels) {
      it(`shows "${label}" while ${status}`, async () => {
        const { chat } = setup({ status });
        const element = await renderWindow(chat, "c-1");
        expect(part(element, "connection-status").textContent).to.equal(label);
        expect(part(element, "connection-status").dataset.status).to.equal(status);
      });
    }

    it("follows the status store", async () => {
      const { chat, handle } = setup({ status: "connecting" });
      const element = await renderWindow(chat, "c-1");
      handle.status.set("online");
      await element.updateComplete;
      expect(part(element, "connection-status").textContent).to.equal("");
      handle.status.set("offline");
      await element.updateComplete;
      expect(part(element, "connection-status").textContent).to.equal("You're offline — messages will be sent when you're back");
    });

    it("asks the conversation to send a failed message again when its Retry is pressed", async () => {
      const failed = makeMessage({ id: "m-failed", senderId: "me", status: "failed", seq: null });
      const { chat, handle } = setup({ messages: [failed] });
      const element = await renderWindow(chat, "c-1");
      const message = messageElements(element)[0]!;
      await message.updateComplete;
      part<HTMLButtonElement>(message, "retry-button").click();
      expect(handle.calls.filter((call) => call.action === "retry").map((call) => call.args)).to.deep.equal([["m-failed"]]);
    });

    it("enables the composer while connecting or offline, so messages queue", async () => {
      for (const status of ["connecting", "offline", "online"] as const) {
        const { chat } = setup({ status });
        const element = await renderWindow(chat, "c-1");
        expect(composerOf(element).disabled, status).to.equal(false);
      }
    });

    it("when refused: shows the notice instead of messages and disables the composer", async () => {
      const { chat, handle } = setup({ messages: [makeMessage({ text: "secret" })] });
      const element = await renderWindow(chat, "c-1");
      expect(messageElements(element).length).to.equal(1);

      handle.status.set("refused");
      await element.updateComplete;
      const notice = part(element, "notice");
      expect(notice.textContent).to.equal("You are not a member of this conversation.");
      expect(notice.getAttribute("role")).to.equal("alert");
      expect(hasPart(element, "messages"), "messages").to.equal(false);
      expect(messageElements(element).length).to.equal(0);
      const composer = composerOf(element);
      await composer.updateComplete;
      expect(composer.disabled).to.equal(true);
      expect(part<HTMLTextAreaElement>(composer, "input").disabled).to.equal(true);
    });

    it("when refused: cancels a chat-send and sends nothing", async () => {
      const { chat, handle } = setup({ status: "refused" });
      const element = await renderWindow(chat, "c-1");
      const event = new CustomEvent("chat-send", { detail: { text: "let me in" }, bubbles: true, composed: true, cancelable: true });
      expect(composerOf(element).dispatchEvent(event)).to.equal(false);
      expect(handle.calls).to.deep.equal([]);
    });
  });

  describe("messages", () => {
    it("renders the messages store in order, marking the user's own", async () => {
      const messages = [
        makeMessage({ senderId: "bob", senderName: "Bob Stone", text: "hi" }),
        makeMessage({ senderId: "me", senderName: "Me Myself", text: "hello" }),
        makeMessage({ senderId: "cara", senderName: "Cara", text: "hey" }),
      ];
      const { chat } = setup({ messages });
      const element = await renderWindow(chat, "c-1");
      const rendered = messageElements(element);
      expect(rendered.map((m) => m.message!.text)).to.deep.equal(["hi", "hello", "hey"]);
      expect(rendered.map((m) => m.own)).to.deep.equal([false, true, false]);
      expect(rendered.map((m) => m.hasAttribute("own"))).to.deep.equal([false, true, false]);
      expect(rendered.every((m) => m.getAttribute("part") === "message")).to.equal(true);
      expect(hasPart(element, "empty"), "empty").to.equal(false);
    });

    it("shows the empty text while there are no messages, and messages as they arrive", async () => {
      const { chat, handle } = setup();
      const element = await renderWindow(chat, "c-1");
      expect(part(element, "empty").textContent!.trim()).to.equal("No messages yet. Say hello!");

      handle.messages.set([makeMessage({ text: "first" })]);
      await element.updateComplete;
      expect(hasPart(element, "empty"), "empty").to.equal(false);
      expect(messageElements(element).map((m) => m.message!.text)).to.deep.equal(["first"]);
    });

    it("passes status changes of a message through to its element", async () => {
      const pending = makeMessage({ senderId: "me", senderName: "Me Myself", seq: null, status: "pending" });
      const { chat, handle } = setup({ messages: [pending] });
      const element = await renderWindow(chat, "c-1");
      const [rendered] = messageElements(element);
      expect(rendered!.getAttribute("status")).to.equal("pending");

      handle.messages.set([{ ...pending, seq: 7, status: "sent" }]);
      await element.updateComplete;
      await rendered!.updateComplete;
      expect(messageElements(element)[0] === rendered, "the same element is reused").to.equal(true);
      expect(rendered!.getAttribute("status")).to.equal("sent");
    });
  });

  describe("sending", () => {
    it("sends the composer's text with handle.send and clears the composer", async () => {
      const { chat, handle } = setup();
      const element = await renderWindow(chat, "c-1");
      const composer = composerOf(element);
      await composer.updateComplete;
      const input = part<HTMLTextAreaElement>(composer, "input");
      typeInto(input, "Hello, team");
      await composer.updateComplete;
      pressEnter(input);
      await composer.updateComplete;

      expect(handle.calls).to.deep.equal([
        { action: "setTyping", args: [true] },
        { action: "send", args: ["Hello, team"] },
        { action: "setTyping", args: [false] },
      ]);
      expect(input.value).to.equal("");
    });

    it("sends with the send button too", async () => {
      const { chat, handle } = setup({ status: "connecting" });
      const element = await renderWindow(chat, "c-1");
      const composer = composerOf(element);
      await composer.updateComplete;
      typeInto(part<HTMLTextAreaElement>(composer, "input"), "queued");
      await composer.updateComplete;
      part<HTMLButtonElement>(composer, "send-button").click();
      expect(handle.calls).to.deep.equal([
        { action: "setTyping", args: [true] },
        { action: "send", args: ["queued"] },
        { action: "setTyping", args: [false] },
      ]);
    });
  });

  describe("events", () => {
    it("re-dispatches message, member and conversation changes as bubbling, composed DOM events", async () => {
      const { chat, handle } = setup();
      const element = await renderWindow(chat, "c-1");
      const message = makeMessage({ text: "news" });
      const meta = makeMeta("c-1", { title: "New title" });
      const seen: [string, unknown, number, boolean][] = [];
      const stop = new AbortController();
      for (const type of ["chat-message", "chat-member", "chat-conversation"] as const) {
        document.addEventListener(
          type,
          (event) => {
            const { item, op } = (event as CustomEvent<ChatItemDetail<unknown>>).detail;
            seen.push([type, item, op, event.bubbles && event.composed && event.target === element]);
          },
          { signal: stop.signal },
        );
      }
      try {
        handle.emit("message", message, 1);
        handle.emit("member", BOB, -1);
        handle.emit("conversation", meta, 0);
      } finally {
        stop.abort();
      }
      expect(seen.length).to.equal(3);
      expect(seen.map(([type, , op, flags]) => [type, op, flags])).to.deep.equal([
        ["chat-message", 1, true],
        ["chat-member", -1, true],
        ["chat-conversation", 0, true],
      ]);
      expect(seen[0]![1] === message && seen[1]![1] === BOB && seen[2]![1] === meta).to.equal(true);
    });

    it("stops listening when removed from the page, and listens again when put back", async () => {
      const { chat, handle } = setup();
      const element = await renderWindow(chat, "c-1");
      const kinds = ["message", "member", "conversation"] as const;
      expect(kinds.map((kind) => handle.listenerCount(kind))).to.deep.equal([1, 1, 1]);

      const parent = element.parentElement!;
      element.remove();
      expect(kinds.map((kind) => handle.listenerCount(kind))).to.deep.equal([0, 0, 0]);

      parent.append(element);
      await element.updateComplete;
      expect(kinds.map((kind) => handle.listenerCount(kind))).to.deep.equal([1, 1, 1]);
      const events = record(element, "chat-message");
      handle.emit("message", makeMessage(), 1);
      expect(events.length).to.equal(1);
    });
  });

  describe("read receipts", () => {
    const many = () => Array.from({ length: 40 }, (_, i) => makeMessage({ text: `line ${i}` }));

    it("is visible in this browser (a precondition of the tests below)", () => {
      expect(document.visibilityState).to.equal("visible");
    });

    it("marks read once the messages are shown at the bottom of a visible page", async () => {
      const { chat, handle } = setup({ messages: many() });
      const element = await renderWindow(chat, "c-1");
      await settle();
      const list = part(element, "messages");
      expect(list.scrollHeight).to.be.greaterThan(list.clientHeight);
      expect(list.scrollHeight - list.scrollTop - list.clientHeight).to.be.lessThan(2);
      expect(handle.markSeenCount).to.be.greaterThan(0);
    });

    it("marks read again when a new message arrives while at the bottom", async () => {
      const { chat, handle } = setup({ messages: many() });
      const element = await renderWindow(chat, "c-1");
      await settle();
      handle.resetCalls();
      handle.messages.set([...handle.messages.get(), makeMessage({ text: "newest" })]);
      await element.updateComplete;
      await settle();
      expect(handle.markSeenCount).to.be.greaterThan(0);
    });

    it("marks read only up to the last message in view while the user reads older ones, and all once back at the bottom", async () => {
      const { chat, handle } = setup({ messages: many() });
      const element = await renderWindow(chat, "c-1");
      await settle();
      const list = part(element, "messages");

      const scrolledUp = oneEvent(list, "scroll");
      list.scrollTop = 0;
      await scrolledUp;
      await settle();
      handle.resetCalls();

      const newest = makeMessage({ text: "newest" });
      handle.messages.set([...handle.messages.get(), newest]);
      await element.updateComplete;
      await settle();
      const seenIds = handle.calls.filter((call) => call.action === "markSeen").map((call) => call.args[0]);
      expect(seenIds.length, "marked up to a message in view").to.be.greaterThan(0);
      expect(handle.markSeenCount, "never everything while scrolled up").to.equal(seenIds.length);
      expect(seenIds).to.not.include(newest.id);
      const inView = seenIds.at(-1) as string;
      const shown = element.shadowRoot!.querySelector<HTMLElement>(`chat-message[data-id="${inView}"]`)!;
      expect(shown.getBoundingClientRect().bottom).to.be.at.most(list.getBoundingClientRect().bottom + 1);
      expect(list.scrollTop, "the list does not jump to the bottom").to.equal(0);

      const scrolledDown = oneEvent(list, "scroll");
      list.scrollTop = list.scrollHeight;
      await scrolledDown;
      await settle();
      expect(handle.markSeenCount).to.be.greaterThan(0);
    });

    // A few messages that fit without scrolling, so these hold whatever the scrolling does.
    const few = () => [makeMessage({ text: "one" }), makeMessage({ text: "two" })];

    it("does not mark read while the page is hidden, and does when it becomes visible", async () => {
      const { chat, handle } = setup({ messages: few() });
      Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
      try {
        const element = await renderWindow(chat, "c-1");
        await settle();
        handle.messages.set([...handle.messages.get(), makeMessage({ text: "while away" })]);
        await element.updateComplete;
        await settle();
        expect(handle.markSeenCount).to.equal(0);
      } finally {
        delete (document as { visibilityState?: unknown }).visibilityState;
      }
      document.dispatchEvent(new Event("visibilitychange"));
      expect(handle.markSeenCount).to.equal(1);
    });

    it("marks read on visibilitychange, and stops reacting to it once removed", async () => {
      const { chat, handle } = setup({ messages: few() });
      const element = await renderWindow(chat, "c-1");
      await settle();
      handle.resetCalls();
      document.dispatchEvent(new Event("visibilitychange"));
      expect(handle.markSeenCount, "while on the page").to.equal(1);

      element.remove();
      handle.resetCalls();
      document.dispatchEvent(new Event("visibilitychange"));
      expect(handle.markSeenCount).to.equal(0);
    });
  });
  describe("editing", () => {
    it("edits end to end: Edit pre-fills the composer, Save calls handle.edit and clears it", async () => {
      const mine = makeMessage({ senderId: "me", senderName: "Me Myself", text: "See you tehre" });
      const { chat, handle } = setup({ messages: [mine] });
      const element = await renderWindow(chat, "c-1");
      buttonNamed(await messageById(element, mine.id), "action-button", "Edit").click();
      await rendered(element);

      const composer = composerOf(element);
      const input = part<HTMLTextAreaElement>(composer, "input");
      expect(part(composer, "context").textContent).to.contain("Editing your message");
      expect(input.value).to.equal("See you tehre");
      expect(part(composer, "send-button").textContent).to.equal("Save");
      expect(composer.shadowRoot!.activeElement === input, "focus moves to the input").to.equal(true);

      typeInto(input, "See you there");
      await composer.updateComplete;
      part<HTMLButtonElement>(composer, "send-button").click();
      await rendered(element);

      expect(callsTo(handle, "edit")).to.deep.equal([[mine.id, "See you there"]]);
      expect(callsTo(handle, "send")).to.deep.equal([]);
      expect(input.value).to.equal("");
      expect(hasPart(composer, "context")).to.equal(false);
      expect(part(composer, "send-button").textContent).to.equal("Send");
    });

    it("drops the edit on Escape, emptying the composer", async () => {
      const mine = makeMessage({ senderId: "me", senderName: "Me Myself", text: "draft" });
      const { chat, handle } = setup({ messages: [mine] });
      const element = await renderWindow(chat, "c-1");
      buttonNamed(await messageById(element, mine.id), "action-button", "Edit").click();
      await rendered(element);

      await sendKeys({ press: "Escape" });
      await rendered(element);
      const composer = composerOf(element);
      expect(hasPart(composer, "context")).to.equal(false);
      expect(part<HTMLTextAreaElement>(composer, "input").value).to.equal("");
      expect(callsTo(handle, "edit")).to.deep.equal([]);
    });

    it("offers Edit on the user's own messages only", async () => {
      const mine = makeMessage({ senderId: "me", senderName: "Me Myself" });
      const bobs = makeMessage({ senderId: "bob", senderName: "Bob Stone" });
      const { chat } = setup({ messages: [mine, bobs] });
      const element = await renderWindow(chat, "c-1");
      buttonNamed(await messageById(element, mine.id), "action-button", "Edit");
      expect(() => buttonNamed(messageElements(element)[1]!, "action-button", "Edit")).to.throw();
    });

    it("shows why an edit failed in an alert, and clears it on the next action", async () => {
      const mine = makeMessage({ senderId: "me", senderName: "Me Myself", text: "old" });
      const { chat, handle } = setup({ messages: [mine] });
      const element = await renderWindow(chat, "c-1");
      handle.nextResult = () => Promise.reject(new Error("Too late to edit this message"));
      buttonNamed(await messageById(element, mine.id), "action-button", "Edit").click();
      await rendered(element);
      const composer = composerOf(element);
      typeInto(part<HTMLTextAreaElement>(composer, "input"), "new");
      await composer.updateComplete;
      pressEnter(part(composer, "input"));
      await settle();
      await element.updateComplete;

      const error = part(element, "error");
      expect(error.getAttribute("role")).to.equal("alert");
      expect(error.textContent).to.equal("Too late to edit this message");

      handle.nextResult = () => Promise.resolve();
      buttonNamed(await messageById(element, mine.id), "action-button", "React 👍").click();
      await settle();
      await element.updateComplete;
      expect(hasPart(element, "error")).to.equal(false);
    });
  });

  describe("replying", () => {
    it("replies end to end: Reply shows the context line, sending passes replyTo", async () => {
      const bobs = makeMessage({ senderId: "bob", senderName: "Bob Stone", text: "Lunch?" });
      const { chat, handle } = setup({ messages: [bobs] });
      const element = await renderWindow(chat, "c-1");
      buttonNamed(await messageById(element, bobs.id), "action-button", "Reply").click();
      await rendered(element);

      const composer = composerOf(element);
      const input = part<HTMLTextAreaElement>(composer, "input");
      expect(part(composer, "context").textContent!.replace(/\s+/g, " ").trim()).to.match(/^Replying to Bob Stone/);
      expect(input.value).to.equal("");
      expect(composer.shadowRoot!.activeElement === input).to.equal(true);

      typeInto(input, "Yes please");
      await composer.updateComplete;
      pressEnter(input);
      await rendered(element);

      expect(callsTo(handle, "send")).to.deep.equal([["Yes please", { replyTo: bobs.id }]]);
      expect(input.value).to.equal("");
      expect(hasPart(composer, "context")).to.equal(false);
    });

    it("sends a plain message after the reply is cancelled with its button", async () => {
      const bobs = makeMessage({ senderId: "bob", senderName: "Bob Stone" });
      const { chat, handle } = setup({ messages: [bobs] });
      const element = await renderWindow(chat, "c-1");
      buttonNamed(await messageById(element, bobs.id), "action-button", "Reply").click();
      await rendered(element);
      const composer = composerOf(element);
      part<HTMLButtonElement>(composer, "context-cancel-button").click();
      await rendered(element);
      expect(hasPart(composer, "context")).to.equal(false);

      typeInto(part<HTMLTextAreaElement>(composer, "input"), "Just saying");
      await composer.updateComplete;
      pressEnter(part(composer, "input"));
      expect(callsTo(handle, "send")).to.deep.equal([["Just saying"]]);
    });

    it("shows the replied-to message in the reply's quote", async () => {
      const bobs = makeMessage({ senderId: "bob", senderName: "Bob Stone", text: "Lunch?" });
      const reply = makeMessage({ senderId: "cara", senderName: "Cara", text: "Sure", replyTo: bobs.id });
      const { chat } = setup({ messages: [bobs, reply] });
      const element = await renderWindow(chat, "c-1");
      const quote = part(await messageById(element, reply.id), "quote");
      expect(quote.textContent!.replace(/\s+/g, " ").trim()).to.equal("In reply to Bob Stone Lunch?");
    });
  });

  describe("deleting", () => {
    it("deletes the user's own message after the two-step confirmation", async () => {
      const mine = makeMessage({ senderId: "me", senderName: "Me Myself" });
      const { chat, handle } = setup({ members: [makeMember("me", { name: "Me Myself" }), BOB], messages: [mine] });
      const element = await renderWindow(chat, "c-1");
      const message = await messageById(element, mine.id);
      buttonNamed(message, "action-button", "Delete").click();
      await message.updateComplete;
      expect(callsTo(handle, "delete")).to.deep.equal([]);
      buttonNamed(message, "action-button", "Really delete?").click();
      expect(callsTo(handle, "delete")).to.deep.equal([[mine.id]]);
    });

    it("lets an owner delete others' messages, but not a plain member", async () => {
      const bobs = makeMessage({ senderId: "bob", senderName: "Bob Stone" });
      const asOwner = setup({ messages: [bobs] });
      const ownerWindow = await renderWindow(asOwner.chat, "c-1");
      expect((await messageById(ownerWindow, bobs.id)).canDelete).to.equal(true);

      const asMember = setup({ members: [makeMember("me", { name: "Me Myself" }), BOB], messages: [bobs] });
      const memberWindow = await renderWindow(asMember.chat, "c-1");
      const message = await messageById(memberWindow, bobs.id);
      expect(message.canDelete).to.equal(false);
      expect(() => buttonNamed(message, "action-button", "Delete")).to.throw();
    });

    it("words a refused edit from the composer in the window's language", async () => {
      const mine = makeMessage({ senderId: "me", senderName: "Me Myself", text: "old" });
      const { chat, handle } = setup({ messages: [mine] });
      const box = await fixture<HTMLDivElement>(html`<div lang="de" style="height: 320px; width: 360px">
        <chat-window .chat=${chat} conversation="c-1"></chat-window>
      </div>`);
      const element = box.querySelector("chat-window")!;
      handle.nextResult = () => Promise.reject(new ChatError("blocked_word", "the word 'darn' is not allowed here"));
      const message = await messageById(element, mine.id);
      await waitUntil(() => parts(message, "action-button").some((button) => buttonName(button) === de.edit));
      buttonNamed(message, "action-button", de.edit).click();
      await rendered(element);
      const composer = composerOf(element);
      typeInto(part<HTMLTextAreaElement>(composer, "input"), "darn");
      await composer.updateComplete;
      pressEnter(part(composer, "input"));
      await settle();
      await element.updateComplete;
      expect(part(element, "error").textContent).to.equal(de.errors.blocked_word);
    });

    it("shows why a delete failed in an alert", async () => {
      const mine = makeMessage({ senderId: "me", senderName: "Me Myself" });
      const { chat, handle } = setup({ messages: [mine] });
      handle.nextResult = () => Promise.reject(new Error("Not allowed"));
      const element = await renderWindow(chat, "c-1");
      const message = await messageById(element, mine.id);
      buttonNamed(message, "action-button", "Delete").click();
      await message.updateComplete;
      buttonNamed(message, "action-button", "Really delete?").click();
      await settle();
      await element.updateComplete;
      expect(part(element, "error").textContent).to.equal("Not allowed");
      expect(part(element, "error").getAttribute("role")).to.equal("alert");
    });
  });

  describe("reactions", () => {
    it("toggles a reaction with handle.react(id, emoji), from the reaction and from the toolbar", async () => {
      const bobs = makeMessage({ senderId: "bob", senderName: "Bob Stone", reactions: { "👍": ["bob", "me"] } });
      const { chat, handle } = setup({ messages: [bobs] });
      const element = await renderWindow(chat, "c-1");
      const message = await messageById(element, bobs.id);
      const reaction = part(message, "reaction");
      expect(reaction.getAttribute("aria-pressed")).to.equal("true");
      expect(reaction.title).to.equal("Bob Stone, Me Myself");

      reaction.click();
      buttonNamed(message, "action-button", "React 🎉").click();
      expect(callsTo(handle, "react")).to.deep.equal([
        [bobs.id, "👍"],
        [bobs.id, "🎉"],
      ]);
    });

    it("names reactors whose names hold markup as text", async () => {
      const hostile = `<img src=x onerror="window.__pwned=1">`;
      const bobs = makeMessage({ senderId: "bob", senderName: "Bob Stone", reactions: { "👍": ["bob"] } });
      const { chat } = setup({ members: [ME, makeMember("bob", { name: hostile })], messages: [bobs] });
      const element = await renderWindow(chat, "c-1");
      const message = await messageById(element, bobs.id);
      expect(part(message, "reaction").title).to.equal(hostile);
      expect(message.shadowRoot!.querySelectorAll("img").length).to.equal(0);
    });
  });

  describe("typing", () => {
    const typists = [
      { userId: "bob", name: "Bob Stone" },
      { userId: "cara", name: "Cara" },
      { userId: "dan", name: "Dan" },
    ];
    const lines: [number, string][] = [
      [0, ""],
      [1, "Bob Stone is typing…"],
      [2, "Bob Stone and Cara are typing…"],
      [3, "Several people are typing…"],
    ];

    for (const [count, line] of lines) {
      it(`says "${line}" with ${count} typing, in a polite live region`, async () => {
        const { chat, handle } = setup();
        const element = await renderWindow(chat, "c-1");
        handle.typing.set(typists.slice(0, count));
        await element.updateComplete;
        const typing = part(element, "typing");
        expect(typing.textContent).to.equal(line);
        expect(typing.getAttribute("aria-live")).to.equal("polite");
      });
    }

    it("shows a typist's name with markup as text", async () => {
      const { chat, handle } = setup();
      const element = await renderWindow(chat, "c-1");
      handle.typing.set([{ userId: "x", name: "<b>X</b>" }]);
      await element.updateComplete;
      expect(part(element, "typing").textContent).to.equal("<b>X</b> is typing…");
      expect(part(element, "typing").querySelector("b") === null).to.equal(true);
    });

    it("tells the conversation when the user types and when the composer loses focus", async () => {
      const { chat, handle } = setup();
      const element = await renderWindow(chat, "c-1");
      const composer = composerOf(element);
      await composer.updateComplete;
      const input = part<HTMLTextAreaElement>(composer, "input");
      input.focus();
      typeInto(input, "h");
      input.blur();
      expect(callsTo(handle, "setTyping")).to.deep.equal([[true], [false]]);
    });
  });

  describe("seen", () => {
    it('labels only the newest own message, "Seen by" the members who read it, in a group', async () => {
      const first = makeMessage({ senderId: "me", senderName: "Me Myself", text: "first" });
      const second = makeMessage({ senderId: "me", senderName: "Me Myself", text: "second" });
      const bobs = makeMessage({ senderId: "bob", senderName: "Bob Stone", text: "answer" });
      const members = [
        ME,
        makeMember("bob", { name: "Bob Stone", lastReadSeq: bobs.seq! }),
        makeMember("cara", { name: "Cara", lastReadSeq: first.seq! }),
        makeMember("dan", { name: "Dan", lastReadSeq: first.seq! }),
      ];
      const { chat } = setup({ members, messages: [first, second, bobs] });
      const element = await renderWindow(chat, "c-1");
      expect((await messageById(element, first.id)).seenBy, "receipts show once, under the newest").to.equal("");
      expect(hasPart(await messageById(element, first.id), "seen")).to.equal(false);
      expect((await messageById(element, second.id)).seenBy).to.equal("Seen by Bob Stone");
      expect(part(await messageById(element, second.id), "seen").textContent).to.equal("Seen by Bob Stone");
      expect((await messageById(element, bobs.id)).seenBy, "others' messages carry no label").to.equal("");
    });

    it('says just "Seen" in a one-to-one conversation, once the other has read', async () => {
      const mine = makeMessage({ senderId: "me", senderName: "Me Myself" });
      const { chat, handle } = setup({
        meta: makeMeta("c-1", { type: "direct" }),
        members: [ME, makeMember("bob", { name: "Bob Stone", lastReadSeq: mine.seq! - 1 })],
        messages: [mine],
      });
      const element = await renderWindow(chat, "c-1");
      const message = await messageById(element, mine.id);
      expect(hasPart(message, "seen")).to.equal(false);

      handle.members.set([ME, makeMember("bob", { name: "Bob Stone", lastReadSeq: mine.seq! })]);
      await rendered(element);
      expect(part(message, "seen").textContent).to.equal("Seen");
    });

    it("labels no message the user has not stored yet", async () => {
      const pending = makeMessage({ senderId: "me", senderName: "Me Myself", seq: null, status: "pending" });
      const { chat } = setup({ members: [ME, makeMember("bob", { lastReadSeq: 1_000_000 })], messages: [pending] });
      const element = await renderWindow(chat, "c-1");
      expect((await messageById(element, pending.id)).seenBy).to.equal("");
    });
  });

  describe("presence", () => {
    it("puts a presence dot on a one-to-one conversation's avatar that follows handle.online", async () => {
      const { chat, handle } = setup({ meta: makeMeta("c-1", { type: "direct" }), members: [ME, BOB] });
      const element = await renderWindow(chat, "c-1");
      const dot = () => part(element, "presence");
      expect(dot().getAttribute("part")).to.equal("presence");
      expect(dot().getAttribute("aria-label")).to.equal("offline");

      handle.online.set(["bob"]);
      await element.updateComplete;
      expect(dot().getAttribute("part")).to.equal("presence presence-online");
      expect(dot().getAttribute("aria-label")).to.equal("online");
      expect(dot().getAttribute("role")).to.equal("img");
    });

    it("says under a one-to-one title whether the other person is online, not the member count", async () => {
      const { chat, handle } = setup({ meta: makeMeta("c-1", { type: "direct" }), members: [ME, BOB] });
      const element = await renderWindow(chat, "c-1");
      expect(part(element, "peer-status").textContent).to.equal("Offline");
      expect(part(element, "members-button") === part(element, "peer-status"), "it opens the members panel").to.equal(true);
      expect(part(element, "peer-status").getAttribute("aria-label")).to.equal("Offline, Members");

      handle.online.set(["bob"]);
      await element.updateComplete;
      expect(part(element, "peer-status").textContent).to.equal("Online");
    });

    it("says how long ago the other person left, only when a presence frame said so", async () => {
      const { chat, handle } = setup({ meta: makeMeta("c-1", { type: "direct" }), members: [ME, BOB] });
      handle.online.set(["bob"]);
      const element = await renderWindow(chat, "c-1");
      const realNow = Date.now;
      try {
        // The clock stands still while the frame is handled, so "5 min" is exactly five minutes.
        const left = realNow();
        Date.now = () => left;
        handle.emit("presence", { userId: "bob", online: false, here: false });
        handle.online.set([]);
        await element.updateComplete;
        expect(part(element, "peer-status").textContent).to.equal("Active just now");

        Date.now = () => left + 5 * 60_000;
        element.requestUpdate();
        await element.updateComplete;
        expect(part(element, "peer-status").textContent).to.equal("Active 5 min ago");

        handle.emit("presence", { userId: "bob", online: true, here: false });
        handle.online.set(["bob"]);
        await element.updateComplete;
        expect(part(element, "peer-status").textContent).to.equal("Online");
      } finally {
        Date.now = realNow;
      }
    });

    it("claims nobody's presence while its own connection is down, and says that instead", async () => {
      const { chat, handle } = setup({ meta: makeMeta("c-1", { type: "direct" }), members: [ME, BOB], status: "connecting" });
      handle.online.set(["bob"]);
      const element = await renderWindow(chat, "c-1");
      expect(hasPart(element, "peer-status")).to.equal(false);
      expect(hasPart(element, "presence")).to.equal(false);
      expect(part(element, "connection-status").textContent).to.equal("Connecting…");

      handle.status.set("online");
      await element.updateComplete;
      expect(part(element, "peer-status").textContent).to.equal("Online");
      expect(part(element, "connection-status").textContent).to.equal("");
    });

    it("shows a group's member count, not anyone's presence", async () => {
      const { chat } = setup();
      const element = await renderWindow(chat, "c-1");
      expect(hasPart(element, "peer-status")).to.equal(false);
      expect(part(element, "members-button").textContent).to.equal("3 members");
    });

    it("shows no presence dot for a group", async () => {
      const { chat, handle } = setup();
      handle.online.set(["bob", "cara"]);
      const element = await renderWindow(chat, "c-1");
      expect(hasPart(element, "presence")).to.equal(false);
    });
  });

  describe("older messages", () => {
    const page = (count: number, label: string) => Array.from({ length: count }, (_, i) => makeMessage({ text: `${label} ${i}` }));

    it("loads an older page when scrolled to the top, keeping the first visible message in place", async () => {
      const shown = page(40, "line");
      const older = page(20, "older");
      const { chat, handle } = setup({ messages: shown });
      const arrived = deferred<void>();
      const fetches: unknown[] = [];
      handle.fetchMessages = async (options) => {
        fetches.push(options);
        await arrived.promise;
        handle.messages.set([...older, ...handle.messages.get()]);
        return { messages: older, hasMore: false };
      };
      const element = await renderWindow(chat, "c-1");
      await settle();
      const list = part(element, "messages");
      expect(list.scrollHeight).to.be.greaterThan(list.clientHeight * 2);

      await scrollListTo(element, 0);
      const firstShown = await messageById(element, shown[0]!.id);
      const offsetBefore = offsetInList(element, firstShown);
      expect(fetches.length, "fetchMessages was called").to.equal(1);

      arrived.resolve();
      await settle();
      await rendered(element);
      await settle();

      expect(messageElements(element).length).to.equal(60);
      expect(list.scrollTop, "the list scrolled down by the new page's height").to.be.greaterThan(100);
      expect(Math.abs(offsetInList(element, firstShown) - offsetBefore)).to.be.lessThan(3);
    });

    it("stops asking once the store says there is nothing older", async () => {
      const { chat, handle } = setup({ messages: page(40, "line") });
      const element = await renderWindow(chat, "c-1");
      await settle();
      await scrollListTo(element, 0);
      await settle();
      await scrollListTo(element, 200);
      await scrollListTo(element, 0);
      await settle();
      expect(callsTo(handle, "fetchMessages").length).to.equal(1);
    });
  });

  describe("long history", () => {
    /** Elements under the list in the window's shadow root; each message's own shadow DOM is not counted. */
    const listElements = (element: ChatWindow) => part(element, "messages").querySelectorAll("*").length;

    /**
     * Scrolls the list to its top and waits until the slice has moved up (or, at the oldest
     * message, until the older page was asked for); resolves with how far the message that was
     * first in view moved, in pixels.
     */
    async function scrollUpOneStep(element: ChatWindow): Promise<number> {
      const list = part(element, "messages");
      const first = messageElements(element)[0]!;
      const expected = offsetInList(element, first) + list.scrollTop;
      await scrollListTo(element, 0);
      for (let i = 0; i < 20 && messageElements(element)[0] === first; i++) await settle();
      await rendered(element);
      await settle();
      return Math.abs(offsetInList(element, first) - expected);
    }

    it("renders at most 200 elements under the list (light tree of its shadow root, not inside messages) for 10,000 messages, at the bottom, the middle and the top, keeping the reader's place", async function () {
      this.timeout(60_000);
      const messages = Array.from({ length: 10_000 }, (_, i) => makeMessage({ text: `line ${i}` }));
      const { chat, handle } = setup({ messages });
      const element = await renderWindow(chat, "c-1");
      await rendered(element);
      await settle();
      const list = part(element, "messages");
      expect(list.scrollHeight - list.scrollTop - list.clientHeight, "starts at the bottom").to.be.lessThan(2);
      expect(messageElements(element).at(-1)!.dataset.id).to.equal(messages.at(-1)!.id);
      expect(listElements(element), "at the bottom").to.be.at.most(200);

      const drifts: number[] = [];
      const indexOf = new Map(messages.map((message, index) => [message.id, index]));
      const firstShown = () => indexOf.get(messageElements(element)[0]!.dataset.id!)!;
      while (firstShown() > messages.length / 2) drifts.push(await scrollUpOneStep(element));
      expect(listElements(element), "in the middle").to.be.at.most(200);

      while (firstShown() > 0) drifts.push(await scrollUpOneStep(element));
      expect(listElements(element), "at the top").to.be.at.most(200);
      expect(Math.max(...drifts), "the first message in view keeps its place as the slice moves up").to.be.at.most(2);
      await scrollUpOneStep(element);
      expect(callsTo(handle, "fetchMessages").length, "older pages are asked for only at the oldest message held").to.equal(1);
    });
  });

  it("sits a short conversation at the bottom of the list, by the composer", async () => {
    const messages = [makeMessage({ text: "first" }), makeMessage({ text: "second" })];
    const { chat } = setup({ messages });
    const element = await renderWindow(chat, "c-1");
    await rendered(element);
    const list = part(element, "messages").getBoundingClientRect();
    const last = messageElements(element).at(-1)!.getBoundingClientRect();
    const first = messageElements(element)[0]!.getBoundingClientRect();
    expect(list.bottom - last.bottom, "the newest message at the bottom").to.be.lessThan(24);
    expect(first.top - list.top, "the space above it").to.be.greaterThan(40);
  });

  describe("long history, moving back", () => {
    it("moves the slice back down as the reader scrolls down, and follows the newest again at the bottom", async function () {
      this.timeout(30_000);
      const messages = Array.from({ length: 300 }, (_, i) => makeMessage({ text: `line ${i}` }));
      const { chat, handle } = setup({ messages });
      const element = await renderWindow(chat, "c-1");
      await rendered(element);
      await settle();
      const list = part(element, "messages");
      for (let i = 0; i < 3; i++) {
        const first = messageElements(element)[0];
        await scrollListTo(element, 0);
        for (let j = 0; j < 20 && messageElements(element)[0] === first; j++) await settle();
      }
      expect(messageElements(element).at(-1)!.dataset.id, "scrolled back, the newest is not shown").to.not.equal(messages.at(-1)!.id);
      for (let i = 0; i < 20 && messageElements(element).at(-1)!.dataset.id !== messages.at(-1)!.id; i++) {
        await scrollListTo(element, list.scrollHeight);
        await settle();
      }
      expect(messageElements(element).at(-1)!.dataset.id, "back at the newest").to.equal(messages.at(-1)!.id);
      await scrollListTo(element, list.scrollHeight);
      await settle();
      const arrival = makeMessage({ text: "fresh news" });
      handle.messages.set([...messages, arrival]);
      await rendered(element);
      await settle();
      expect(messageElements(element).at(-1)!.dataset.id, "a new message is shown at the bottom").to.equal(arrival.id);
      expect(messageElements(element).length).to.be.at.most(60);
    });

    it("centres a found message that is held but outside the rendered slice, focuses it, and keeps it as the slice moves", async function () {
      this.timeout(30_000);
      const messages = Array.from({ length: 1000 }, (_, i) => makeMessage({ text: `line ${i}` }));
      const { chat, handle } = setup({ messages });
      handle.search = async () => [messages[5]!];
      const element = await renderWindow(chat, "c-1");
      await settle();
      expect(messageElements(element).some((shown) => shown.dataset.id === messages[5]!.id), "not rendered at first").to.equal(false);
      part<HTMLButtonElement>(element, "search-toggle").click();
      await element.updateComplete;
      await searchAndPick(element, "line 5");
      const target = await messageById(element, messages[5]!.id);
      expect(element.shadowRoot!.activeElement === target, "the found message has focus").to.equal(true);
      expect(callsTo(handle, "fetchMessages").length, "it was held: nothing asked of the server").to.equal(0);
      expect(messageElements(element).length).to.be.at.most(60);

      // Scrolling on moves the slice; the focused message stays in the list, and focused.
      const list = part(element, "messages");
      for (const toTop of [true, true, false, false]) {
        const before = messageElements(element)[0];
        // Set directly: already there, scrollListTo would wait for a scroll event that never comes.
        list.scrollTop = toTop ? 0 : list.scrollHeight;
        for (let i = 0; i < 20 && messageElements(element)[0] === before; i++) {
          await new Promise(requestAnimationFrame);
          await settle();
        }
        expect(target.isConnected, "the focused message is still rendered").to.equal(true);
        expect(element.shadowRoot!.activeElement === target, "and still focused").to.equal(true);
      }
      expect(messageElements(element).length).to.be.at.most(120);
    });
  });

  describe("searching", () => {
    it("opens the search panel from the header and shows a found message in the list", async () => {
      const messages = Array.from({ length: 40 }, (_, i) => makeMessage({ text: `line ${i}` }));
      const { chat, handle } = setup({ messages });
      handle.search = async () => [messages[5]!];
      const element = await renderWindow(chat, "c-1");
      await settle();
      const toggle = part<HTMLButtonElement>(element, "search-toggle");
      expect(toggle.getAttribute("aria-expanded")).to.equal("false");
      toggle.click();
      await element.updateComplete;
      expect(toggle.getAttribute("aria-expanded")).to.equal("true");

      await searchAndPick(element, "line 5");

      const target = await messageById(element, messages[5]!.id);
      expect(element.shadowRoot!.activeElement === target, "the found message has focus").to.equal(true);
      const top = offsetInList(element, target);
      expect(top).to.be.at.least(0);
      expect(top).to.be.lessThan(part(element, "messages").clientHeight);
    });
  });

  describe("search by keyboard", () => {
    it("Escape closes the search panel and gives focus back to the Search toggle", async () => {
      const { chat } = setup({ messages: [makeMessage({ text: "hello" })] });
      const element = await renderWindow(chat, "c-1");
      const toggle = part<HTMLButtonElement>(element, "search-toggle");
      toggle.click();
      await element.updateComplete;
      const search = part<ChatSearch>(element, "search-panel");
      await search.updateComplete;
      search.focus();
      await sendKeys({ press: "Escape" });
      await element.updateComplete;
      expect(hasPart(element, "search-panel"), "the panel is closed").to.equal(false);
      expect(toggle.getAttribute("aria-expanded")).to.equal("false");
      expect(element.shadowRoot!.activeElement === toggle, "the toggle has focus").to.equal(true);
    });

    it("highlights the found message for a moment, and focuses it", async () => {
      const messages = Array.from({ length: 40 }, (_, i) => makeMessage({ text: `line ${i}` }));
      const { chat, handle } = setup({ messages });
      handle.search = async () => [messages[5]!];
      const element = await renderWindow(chat, "c-1");
      await settle();
      part<HTMLButtonElement>(element, "search-toggle").click();
      await element.updateComplete;
      await searchAndPick(element, "line 5");
      await settle();

      const target = await messageById(element, messages[5]!.id);
      expect(element.shadowRoot!.activeElement === target, "the found message has focus").to.equal(true);
      expect(target.hasAttribute("highlighted"), "it is highlighted").to.equal(true);
      expect(getComputedStyle(part(target, "bubble")).boxShadow).to.not.equal("none");
      expect(target.tabIndex, "it holds the log's Tab stop").to.equal(0);
      expect(messageElements(element).filter((message) => message.tabIndex === 0).length).to.equal(1);
      await aTimeout(2100);
      expect(target.hasAttribute("highlighted"), "the highlight goes after a moment").to.equal(false);
    });
  });

  describe("jumping to a replied-to message", () => {
    it("scrolls to and focuses the quoted message when it is already shown", async () => {
      const messages = Array.from({ length: 40 }, (_, i) => makeMessage({ text: `line ${i}` }));
      const reply = makeMessage({ text: "about that", replyTo: messages[10]!.id });
      const { chat, handle } = setup({ messages: [...messages, reply] });
      const element = await renderWindow(chat, "c-1");
      await settle();
      part<HTMLButtonElement>(await messageById(element, reply.id), "quote").click();
      await settle();

      const target = await messageById(element, messages[10]!.id);
      expect(element.shadowRoot!.activeElement === target, "the quoted message has focus").to.equal(true);
      const top = offsetInList(element, target);
      expect(top).to.be.at.least(0);
      expect(top).to.be.lessThan(part(element, "messages").clientHeight);
      expect(callsTo(handle, "fetchMessages")).to.deep.equal([]);
    });

    it("loads older pages until the quoted message is there, then shows it", async () => {
      const original = makeMessage({ text: "the original" });
      const pages = [
        Array.from({ length: 20 }, (_, i) => makeMessage({ text: `older ${i}` })),
        [original, ...Array.from({ length: 20 }, (_, i) => makeMessage({ text: `oldest ${i}` }))],
      ];
      const recent = Array.from({ length: 30 }, (_, i) => makeMessage({ text: `line ${i}` }));
      const reply = makeMessage({ text: "about that", replyTo: original.id });
      const { chat, handle } = setup({ messages: [...recent, reply] });
      let fetches = 0;
      handle.fetchMessages = async () => {
        const older = pages[fetches++]!;
        handle.messages.set([...older, ...handle.messages.get()]);
        return { messages: older, hasMore: fetches < pages.length };
      };
      const element = await renderWindow(chat, "c-1");
      await settle();
      const quote = part<HTMLButtonElement>(await messageById(element, reply.id), "quote");
      expect(quote.textContent).to.contain("an earlier message");

      quote.click();
      for (let i = 0; i < 5 && !maybeFocused(element, original.id); i++) await settle();
      await rendered(element);
      await settle();

      expect(fetches).to.equal(2);
      const target = await messageById(element, original.id);
      expect(element.shadowRoot!.activeElement === target, "the quoted message has focus").to.equal(true);
      const top = offsetInList(element, target);
      const height = part(element, "messages").clientHeight;
      expect(top, "the quoted message is in view").to.be.at.least(0);
      expect(top).to.be.lessThan(height);
    });
  });
});
