/**
 * Accessibility of every element in realistic states: axe-core (default rules, colour contrast
 * included) finds no violation; Tab walks list, header, message log (one stop) and composer in
 * order with a visible focus ring; the message log announces new messages as "sender: text".
 */
import { expect, fixture, html, waitUntil } from "@open-wc/testing";
import { emulateMedia, sendKeys } from "@web/test-runner-commands";
import type { LitElement } from "lit";
import type { ChatComposer } from "../../src/components/chat-composer/chat-composer.js";
import "../../src/components/chat-list/chat-list.js";
import type { ChatList } from "../../src/components/chat-list/chat-list.js";
import "../../src/components/chat-new-conversation/chat-new-conversation.js";
import type { ChatNewConversation } from "../../src/components/chat-new-conversation/chat-new-conversation.js";
import "../../src/components/chat-window/chat-window.js";
import type { ChatWindow } from "../../src/components/chat-window/chat-window.js";
import "../../src/components/chat-widget/chat-widget.js";
import type { ChatWidget } from "../../src/components/chat-widget/chat-widget.js";
import type { ChatMessage, ConnectionStatus } from "../../src/store/index.js";
import { fakeChat, fakeConversation, makeMember, makeMessage, makeMeta, makePerson, makeSummary, type FakeConversation } from "./fake-chat.js";
import { deepActiveElement, hasPart, part, settle, typeInto } from "./helpers.js";

const ME = makeMember("me", { name: "Me Myself", role: "owner" });
const BOB = makeMember("bob", { name: "Bob Stone", lastReadSeq: 1_000 });
const CARA = makeMember("cara", { name: "Cara", role: "admin" });

function transferOf(...files: File[]): DataTransfer {
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  return transfer;
}

/** A conversation holding one of each kind of message. */
function busyMessages(): ChatMessage[] {
  const first = makeMessage({
    senderId: "bob",
    senderName: "Bob Stone",
    text: "Morning! **Plan** for `today`: https://example.com",
    preview: { url: "https://example.com", title: "Today's plan", description: "Everything we meant to do", siteName: "Example" },
  });
  return [
    first,
    makeMessage({ senderId: "me", senderName: "Me Myself", text: "On it", replyTo: first.id, reactions: { "👍": ["bob", "me"], "🎉": ["cara"] } }),
    makeMessage({ senderId: "cara", senderName: "Cara", text: "Fixed typo", editedAt: Date.now() }),
    makeMessage({ senderId: "bob", senderName: "Bob Stone", text: "", deletedAt: Date.now() }),
    makeMessage({
      senderId: "bob",
      senderName: "Bob Stone",
      text: "The files",
      attachments: [
        { id: "00000000-0000-4000-9000-000000000001", name: "photo.png", size: 68, type: "image/png", width: 1, height: 1 },
        { id: "00000000-0000-4000-9000-000000000002", name: "notes.txt", size: 2048, type: "text/plain" },
      ],
    }),
    makeMessage({ senderId: "cara", senderName: "Cara", text: "@Me Myself and @Bob Stone, `see` **this**", mentions: ["me", "bob"] }),
    makeMessage({ senderId: "me", senderName: "Me Myself", text: "Seen by Bob" }),
    makeMessage({ senderId: "me", senderName: "Me Myself", text: "Lost", seq: null, status: "failed", error: "Offline" }),
    makeMessage({ senderId: "me", senderName: "Me Myself", text: "On its way", seq: null, status: "pending" }),
  ];
}

async function renderWindow(handle: FakeConversation, conversation = handle.id): Promise<ChatWindow> {
  const chat = fakeChat({ userId: "me", name: "Me Myself", handles: [handle] });
  const box = await fixture<HTMLDivElement>(html`<div style="height: 600px; width: 420px">
    <chat-window .chat=${chat} conversation=${conversation}></chat-window>
  </div>`);
  const element = box.querySelector("chat-window")!;
  await rendered(element);
  return element;
}

async function rendered(element: ChatWindow): Promise<void> {
  await element.updateComplete;
  const children = [...element.shadowRoot!.querySelectorAll<LitElement>("chat-message, chat-composer, chat-members")];
  await Promise.all(children.map((child) => child.updateComplete));
  await settle();
}

function busyConversation(status: ConnectionStatus = "online"): FakeConversation {
  return fakeConversation("c-1", {
    meta: makeMeta("c-1", { type: "group", title: "Launch team" }),
    members: [ME, BOB, CARA],
    messages: busyMessages(),
    status,
  });
}

/** The window with every optional piece showing. */
async function busyWindow(): Promise<{ element: ChatWindow; handle: FakeConversation }> {
  const handle = busyConversation();
  const element = await renderWindow(handle);
  handle.typing.set([{ userId: "bob", name: "Bob Stone" }]);
  part(element, "members-button").click();
  // A failed reaction shows the error line.
  handle.nextResult = () => Promise.reject(new Error("Not allowed"));
  const messages = [...element.shadowRoot!.querySelectorAll("chat-message")];
  messages[0]!.dispatchEvent(new CustomEvent("chat-reply", { detail: { messageId: messages[0]!.message!.id }, bubbles: true, composed: true }));
  messages[0]!.dispatchEvent(new CustomEvent("chat-react", { detail: { messageId: messages[0]!.message!.id, emoji: "👍" }, bubbles: true, composed: true }));
  await rendered(element);
  // One upload in flight, one refused.
  const composer = part<ChatComposer>(element, "composer");
  const picker = composer.shadowRoot!.querySelector<HTMLInputElement>('input[type="file"]')!;
  picker.files = transferOf(new File(["x"], "big.mov", { type: "video/quicktime" }), new File(["y"], "plan.pdf", { type: "application/pdf" })).files;
  picker.dispatchEvent(new Event("change", { bubbles: true }));
  handle.uploads[0]!.refuse("This kind of file cannot be attached");
  handle.uploads[1]!.progress(40);
  await rendered(element);
  return { element, handle };
}

/** The list and the window side by side, as a page would have them. */
async function page(): Promise<{ list: ChatList; element: ChatWindow }> {
  const handle = busyConversation();
  const chat = fakeChat({ userId: "me", handles: [handle], conversations: [makeSummary({ id: "c-1" }), makeSummary({ id: "c-2" })] });
  const box = await fixture<HTMLDivElement>(html`<div style="display: flex; height: 600px">
    <chat-list .chat=${chat} selected="c-1"></chat-list>
    <chat-window .chat=${chat} conversation="c-1" style="width: 420px"></chat-window>
  </div>`);
  const element = box.querySelector("chat-window")!;
  await rendered(element);
  return { list: box.querySelector("chat-list")!, element };
}

describe("accessibility", () => {
  describe("axe finds no violation", () => {
    it("in a list with unread, online and selected conversations", async () => {
      const chat = fakeChat({
        userId: "me",
        conversations: [
          makeSummary({ id: "dm", type: "direct", title: "Bob Stone", unread: 3, peer: { userId: "bob", name: "Bob Stone", online: true } }),
          makeSummary({ id: "g", title: "Launch team", lastMessage: { senderId: "me", senderName: "Me", text: "Done", createdAt: Date.now() } }),
          makeSummary({ id: "dm2", type: "direct", title: "Cara", peer: { userId: "cara", name: "Cara", online: false } }),
          makeSummary({ id: "m", title: "Mentions", unread: 2, unreadMentions: 2 }),
          makeSummary({ id: "mm", title: "Muted mention", unread: 1, unreadMentions: 1, muted: true }),
        ],
      });
      const list = await fixture<ChatList>(html`<chat-list .chat=${chat} selected="g"></chat-list>`);
      await expect(list).to.be.accessible();
    });

    it("in an empty list, and with the new-conversation form open", async () => {
      const list = await fixture<ChatList>(html`<chat-list .chat=${fakeChat()}></chat-list>`);
      await expect(list).to.be.accessible();
      part(list, "new-button").click();
      await list.updateComplete;
      await expect(list).to.be.accessible();
    });

    it("in the new-conversation form, each kind, with an error", async () => {
      const form = await fixture<ChatNewConversation>(html`<chat-new-conversation .chat=${fakeChat()}></chat-new-conversation>`);
      await expect(form).to.be.accessible();
      const group = form.shadowRoot!.querySelector<HTMLInputElement>('input[value="group"]')!;
      group.click();
      await form.updateComplete;
      part<HTMLFormElement>(form, "form").requestSubmit();
      await form.updateComplete;
      await expect(form).to.be.accessible();
    });

    it("in the people picker: people found and active, Use id, a group's chips, nobody found, a failed search", async () => {
      const chat = fakeChat({
        directory: [
          makePerson("bob", { name: "Bob Stone", online: true }),
          makePerson("bobby", { name: "Bobby Tables", avatar: "https://example.com/bobby.png" }),
        ],
      });
      const form = await fixture<ChatNewConversation>(html`<chat-new-conversation .chat=${chat}></chat-new-conversation>`);
      const picker = form.shadowRoot!.querySelector("chat-people-picker")!;
      await picker.updateComplete;
      const input = part<HTMLInputElement>(picker, "input");
      const search = async (text: string) => {
        typeInto(input as unknown as HTMLTextAreaElement, text);
        await picker.updateComplete;
        await waitUntil(() => part(picker, "list").getAttribute("aria-busy") === "false" && part(picker, "status").textContent!.trim() !== "");
      };
      await search("bo");
      expect(part(picker, "status").textContent!.trim()).to.equal("2 people found");
      await expect(form).to.be.accessible();
      form.shadowRoot!.querySelector<HTMLInputElement>('input[value="group"]')!.click();
      await form.updateComplete;
      input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true, composed: true }));
      await search("nobody");
      expect(part(picker, "status").textContent!.trim()).to.equal("No one found");
      await expect(form).to.be.accessible();
      chat.onSearch = () => Promise.reject(new Error("offline"));
      await search("bob s");
      await expect(form).to.be.accessible();
    });

    it("in a busy window: every kind of message, members, typing, error, reply and uploads", async () => {
      const { element } = await busyWindow();
      for (const name of ["members-panel", "typing", "error", "composer"]) part(element, name);
      await expect(element).to.be.accessible();
    });

    it("with a person's card open, from a member's name and from a sender's name, and one's own card", async () => {
      const { element } = await busyWindow();
      const members = part(element, "members-panel");
      const names = [...members.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="member-name"]')];
      const cardShown = async () => {
        await rendered(element);
        const card = element.shadowRoot!.querySelector("chat-person-card")!;
        await card.updateComplete;
        await waitUntil(() => card.shadowRoot!.querySelector('[role="dialog"]'));
      };
      names.find((name) => name.textContent!.includes("Bob"))!.click();
      await cardShown();
      await expect(element).to.be.accessible();
      names.find((name) => name.textContent!.includes("Me Myself"))!.click();
      await cardShown();
      await expect(element).to.be.accessible();
      const sender = [...element.shadowRoot!.querySelectorAll("chat-message")].find((message) => !message.own)!;
      part(sender, "sender").click();
      await cardShown();
      await expect(element).to.be.accessible();
    });

    it("with a message's toolbar shown by focus, and editing", async () => {
      const { element } = await busyWindow();
      const own = [...element.shadowRoot!.querySelectorAll("chat-message")][1]!;
      part(own, "action-button").focus();
      await expect(element).to.be.accessible();
      own.dispatchEvent(new CustomEvent("chat-edit", { detail: { messageId: own.message!.id }, bubbles: true, composed: true }));
      await rendered(element);
      await expect(element).to.be.accessible();
    });

    it("with a message's picker of more reactions open", async () => {
      const { element } = await busyWindow();
      const message = [...element.shadowRoot!.querySelectorAll("chat-message")].find((each) => hasPart(each, "more-reactions-button"))!;
      part(message, "more-reactions-button").click();
      await waitUntil(() => hasPart(message, "reaction-picker"), "the picker opens");
      await expect(element).to.be.accessible();
    });

    it("with the composer's mention suggestions open", async () => {
      const { element } = await busyWindow();
      const composer = part<ChatComposer>(element, "composer");
      typeInto(part<HTMLTextAreaElement>(composer, "input"), "Thanks @");
      await composer.updateComplete;
      part(composer, "mention-suggestions");
      await expect(element).to.be.accessible();
    });

    it("with the list and the window side by side", async () => {
      const { list } = await page();
      await expect(list.parentElement!).to.be.accessible();
    });

    describe("in the dark theme", () => {
      afterEach(() => emulateMedia({ colorScheme: "light" }));

      it("in a busy window, its toolbar shown, and a list beside it", async () => {
        const { list, element } = await page();
        list.theme = "dark";
        element.theme = "dark";
        const own = [...element.shadowRoot!.querySelectorAll("chat-message")][1]!;
        part(own, "action-button").focus();
        await rendered(element);
        await expect(list.parentElement!).to.be.accessible();
        const { element: busy } = await busyWindow();
        busy.theme = "dark";
        await rendered(busy);
        await expect(busy).to.be.accessible();
      });

      it("with theme=auto on a dark system, and in an empty list with the form open", async () => {
        await emulateMedia({ colorScheme: "dark" });
        const { element } = await busyWindow();
        element.theme = "auto";
        await rendered(element);
        await expect(element).to.be.accessible();
        const list = await fixture<ChatList>(html`<chat-list .chat=${fakeChat()} theme="auto"></chat-list>`);
        await expect(list).to.be.accessible();
        part(list, "new-button").click();
        await list.updateComplete;
        await expect(list).to.be.accessible();
      });
      });

    it("in the widget: closed with unread, open on the list, and open on a busy conversation", async () => {
      const handle = busyConversation();
      const chat = fakeChat({
        userId: `a11y-${Date.now()}`,
        handles: [handle],
        conversations: [makeSummary({ id: "c-1", title: "Launch team", unread: 4 }), makeSummary({ id: "c-2", title: "Bob Stone" })],
      });
      const widget = await fixture<ChatWidget>(html`<chat-widget .chat=${chat}></chat-widget>`);
      await expect(widget).to.be.accessible();
      part(widget, "launcher").click();
      await widget.updateComplete;
      await expect(widget).to.be.accessible();
      chat.open("c-1");
      await widget.updateComplete;
      await rendered(part<ChatWindow>(widget, "window"));
      await expect(widget).to.be.accessible();
    });

    it("in an empty conversation, with no conversation chosen, and when refused", async () => {
      const empty = fakeConversation("c-2", { meta: makeMeta("c-2", { type: "direct" }), members: [ME, BOB] });
      await expect(await renderWindow(empty)).to.be.accessible();
      await expect(await renderWindow(empty, "")).to.be.accessible();
      await expect(await renderWindow(busyConversation("refused"))).to.be.accessible();
    });

    it("while the list and a conversation are still loading", async () => {
      await expect(await fixture<ChatList>(html`<chat-list .chat=${fakeChat({ loaded: false })}></chat-list>`)).to.be.accessible();
      await expect(await renderWindow(fakeConversation("c-3", { loaded: false }))).to.be.accessible();
    });
  });

  describe("keyboard", () => {
    /** What holds focus, named by its part (and its host's tag when inside a child element). */
    function focusedName(): string {
      const active = deepActiveElement() as HTMLElement;
      const root = active.getRootNode();
      const host = root instanceof ShadowRoot ? root.host.localName : "document";
      return `${host}:${active.getAttribute("part") ?? active.localName}`;
    }

    it("Tab reaches list, header, message log (one stop) and the composer in order", async () => {
      const { list } = await page();
      part(list, "heading").setAttribute("tabindex", "-1");
      part(list, "heading").focus();
      const stops: string[] = [];
      for (let i = 0; i < 7; i++) {
        await sendKeys({ press: "Tab" });
        stops.push(focusedName());
      }
      expect(stops).to.deep.equal([
        "chat-list:new-button",
        "chat-list:item item-selected",
        "chat-window:members-button",
        "chat-window:search-toggle",
        // The log is one stop: the newest message holds it; arrow keys move between messages.
        "chat-window:message",
        "chat-composer:attach-button",
        "chat-composer:input",
      ]);
    });

    it("arrow keys, Home and End move between messages; Shift+Tab comes back to the one left", async () => {
      const { element } = await page();
      const messages = [...element.shadowRoot!.querySelectorAll("chat-message")];
      const focused = () => messages.indexOf(element.shadowRoot!.activeElement as (typeof messages)[number]);
      part(element, "search-toggle").focus();
      await sendKeys({ press: "Tab" });
      expect(focused(), "the newest message holds the stop").to.equal(messages.length - 1);
      expect(messages.at(-1)!.getAttribute("role")).to.equal("article");
      await sendKeys({ press: "ArrowUp" });
      expect(focused()).to.equal(messages.length - 2);
      await sendKeys({ press: "Home" });
      expect(focused()).to.equal(0);
      expect(messages[0]!.matches(":focus-visible"), "with a focus ring").to.equal(true);
      await sendKeys({ press: "ArrowUp" });
      expect(focused(), "stays at the first").to.equal(0);
      await sendKeys({ press: "ArrowDown" });
      expect(focused()).to.equal(1);
      await sendKeys({ press: "End" });
      expect(focused()).to.equal(messages.length - 1);
      await sendKeys({ press: "ArrowUp" });
      await sendKeys({ press: "Tab" });
      expect(focusedName()).to.equal("chat-composer:attach-button");
      await sendKeys({ down: "Shift" });
      await sendKeys({ press: "Tab" });
      await sendKeys({ up: "Shift" });
      expect(focused(), "the message left holds the stop").to.equal(messages.length - 2);
      expect(messages.filter((message) => message.tabIndex === 0).length).to.equal(1);
    });

    it("Enter reaches a message's actions, which act by keyboard, and Escape goes back to the message", async () => {
      const { element } = await page();
      const [first, reply] = [...element.shadowRoot!.querySelectorAll("chat-message")];
      const reactions: string[] = [];
      element.addEventListener("chat-react", (event) => reactions.push(event.detail.emoji));
      reply!.focus();
      await sendKeys({ press: "Enter" });
      expect(focusedName()).to.equal("chat-message:action-button");
      expect(deepActiveElement()!.getAttribute("aria-label")).to.equal("React 👍");
      await sendKeys({ press: "ArrowRight" });
      await sendKeys({ press: "Enter" });
      expect(reactions).to.deep.equal(["❤️"]);
      // Inside the message, Tab and Shift+Tab walk its controls: the reactions before the toolbar.
      await sendKeys({ down: "Shift" });
      await sendKeys({ press: "Tab" });
      await sendKeys({ up: "Shift" });
      expect(focusedName()).to.equal("chat-message:reaction");
      await sendKeys({ press: "Escape" });
      expect(element.shadowRoot!.activeElement === reply, "back on the message").to.equal(true);
      expect(element.isConnected, "Escape did not close anything else").to.equal(true);
      // ArrowRight enters too; the toolbar remembers its button.
      await sendKeys({ press: "ArrowRight" });
      expect(deepActiveElement()!.getAttribute("aria-label")).to.equal("React ❤️");
      await sendKeys({ press: "Escape" });
      await sendKeys({ press: "ArrowUp" });
      expect(element.shadowRoot!.activeElement === first).to.equal(true);
      const stops = [...first!.shadowRoot!.querySelectorAll<HTMLElement>("a[href], button")].filter((control) => control.tabIndex >= 0);
      expect(stops.length, "a message's controls are no Tab stops until entered").to.equal(0);
    });

    it("arrow keys move inside a toolbar without leaving its single tab stop", async () => {
      const { element } = await page();
      const first = element.shadowRoot!.querySelector("chat-message")!;
      part(first, "action-button").focus();
      await sendKeys({ press: "ArrowRight" });
      const active = deepActiveElement()!;
      expect(active.getAttribute("aria-label")).to.equal("React ❤️");
      const stops = [...first.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="action-button"]')].filter((button) => button.tabIndex === 0);
      expect(stops.length).to.equal(1);
    });

    it("a jump to the quoted message focuses it, and its controls are reached from it", async () => {
      const { element } = await page();
      const [quoted, reply] = [...element.shadowRoot!.querySelectorAll("chat-message")];
      reply!.focus();
      await sendKeys({ press: "Enter" });
      part(reply!, "quote").focus();
      await sendKeys({ press: "Enter" });
      await rendered(element);
      expect(element.shadowRoot!.activeElement === quoted).to.equal(true);
      expect(quoted!.matches(":focus-visible")).to.equal(true);
      expect(quoted!.tabIndex, "it holds the log's stop").to.equal(0);
      await sendKeys({ press: "Enter" });
      expect(focusedName()).to.equal("chat-message:action-button");
      await sendKeys({ down: "Shift" });
      await sendKeys({ press: "Tab" });
      expect(focusedName()).to.equal("chat-message:preview");
      await sendKeys({ press: "Tab" });
      await sendKeys({ up: "Shift" });
      expect(focusedName()).to.equal("chat-message:link");
    });

    it("shows a focus outline on every control reached by keyboard", async () => {
      const { element } = await busyWindow();
      const controls: HTMLElement[] = [];
      const collect = (root: ShadowRoot) => {
        for (const node of root.querySelectorAll<HTMLElement>("button, a[href], textarea, input, [tabindex]")) {
          if (node.localName === "chat-message" || (node as HTMLInputElement).type === "file" || (node as HTMLButtonElement).disabled) continue;
          controls.push(node);
        }
        for (const child of root.querySelectorAll("*")) if (child.shadowRoot) collect(child.shadowRoot);
      };
      collect(element.shadowRoot!);
      expect(controls.length).to.be.greaterThan(20);
      const missing: string[] = [];
      for (const control of controls) {
        // Keyboard focus (not a click) is what :focus-visible answers to.
        control.focus({ focusVisible: true } as FocusOptions);
        if (!control.matches(":focus-visible")) {
          missing.push(`${control.localName}[part=${control.getAttribute("part")}] not focus-visible`);
          continue;
        }
        const style = getComputedStyle(control);
        if (style.outlineStyle === "none" || parseFloat(style.outlineWidth) < 2) {
          missing.push(`${control.localName}[part=${control.getAttribute("part")}] ${style.outlineStyle} ${style.outlineWidth}`);
        }
      }
      expect(missing).to.deep.equal([]);
    });
  });

  describe("live announcements", () => {
    it("the message list is a log named by the title, announced by a polite live region", async () => {
      const element = await renderWindow(busyConversation());
      const log = part(element, "messages");
      expect(log.getAttribute("role")).to.equal("log");
      expect(log.getAttribute("aria-labelledby")).to.equal("title");
      expect(element.shadowRoot!.getElementById("announcer")!.getAttribute("aria-live")).to.equal("polite");
    });

    it("a new message from someone else is announced as sender and text, without its controls", async () => {
      const handle = busyConversation();
      const element = await renderWindow(handle);
      handle.messages.set([...handle.messages.get(), makeMessage({ senderId: "cara", senderName: "Cara", text: "Ship it", reactions: { "👍": ["bob"] } })]);
      await rendered(element);
      expect(announced(element)).to.equal("Cara: Ship it");
    });

    it("the current user's own message is not announced back to them", async () => {
      const handle = busyConversation();
      const element = await renderWindow(handle);
      const before = announced(element);
      handle.messages.set([...handle.messages.get(), makeMessage({ senderId: "me", senderName: "Me Myself", text: "Mine", seq: null, status: "pending" })]);
      await rendered(element);
      expect(announced(element)).to.equal(before);
    });

    it("older messages loading above, or a resync after reconnecting, are not announced", async () => {
      const handle = busyConversation();
      const element = await renderWindow(handle);
      handle.messages.set([makeMessage({ seq: 0, text: "Ancient" }), ...handle.messages.get()]);
      await rendered(element);
      handle.status.set("connecting");
      await rendered(element);
      handle.messages.set([...handle.messages.get(), makeMessage({ text: "Missed while away" })]);
      handle.status.set("online");
      await rendered(element);
      expect(announced(element)).to.equal("");
    });

    it("typing in the composer does not reach the log", async () => {
      const element = await renderWindow(busyConversation());
      typeInto(part<HTMLTextAreaElement>(part(element, "composer"), "input"), "draft");
      await rendered(element);
      expect(announced(element)).to.equal("");
    });
  });
});

/** The text the live region holds for screen readers, whitespace collapsed. */
function announced(element: ChatWindow): string {
  return element.shadowRoot!.getElementById("announcer")!.textContent!.replace(/\s+/g, " ").trim();
}
