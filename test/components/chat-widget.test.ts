/**
 * <chat-widget> against a fake chat: launcher and unread badge, the popup with the list or a
 * conversation, keyboard and focus, the remembered open state, forwarded attributes, and the
 * opt-in attention (title count, desktop notification).
 */
import { expect, fixture, html } from "@open-wc/testing";
import { sendKeys, setViewport } from "@web/test-runner-commands";
import "../../src/components/chat-widget/chat-widget.js";
import type { ChatList } from "../../src/components/chat-list/chat-list.js";
import type { ChatWindow } from "../../src/components/chat-window/chat-window.js";
import type { ChatWidget } from "../../src/components/chat-widget/chat-widget.js";
import { fakeChat, makeSummary, type FakeChat } from "./fake-chat.js";
import { deepActiveElement, hasPart, part, pressKey, record, settle } from "./helpers.js";

let users = 0;

/** A chat for a user of its own, so each test starts with nothing remembered. */
function chatWith(unread = 0): FakeChat {
  return fakeChat({
    userId: `widget-user-${++users}-${Date.now()}`,
    conversations: [makeSummary({ id: "c-1", title: "Launch team", unread }), makeSummary({ id: "c-2", title: "Bob" })],
  });
}

async function widgetFor(chat: FakeChat, attributes = ""): Promise<ChatWidget> {
  const element = await fixture<ChatWidget>(html`<chat-widget .chat=${chat}></chat-widget>`);
  for (const attribute of attributes.split(" ").filter(Boolean)) {
    const [name, value = ""] = attribute.split("=");
    element.setAttribute(name!, value);
  }
  await element.updateComplete;
  return element;
}

const launcher = (element: ChatWidget) => part<HTMLButtonElement>(element, "launcher");
const popup = (element: ChatWidget) => part(element, "popup");

async function waitUntilCurrent(chat: FakeChat, conversationId: string): Promise<void> {
  for (let tries = 0; chat.current.get() !== conversationId; tries++) {
    if (tries > 50) throw new Error(`${conversationId} never opened`);
    await settle();
  }
}

async function openPopup(element: ChatWidget): Promise<void> {
  launcher(element).click();
  await element.updateComplete;
  await settle();
}

describe("<chat-widget>", () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it("shows the unread count on the launcher and in its accessible name", async () => {
    const chat = chatWith(3);
    const element = await widgetFor(chat);
    expect(part(element, "badge").textContent!.trim()).to.equal("3");
    expect(launcher(element).getAttribute("aria-label")).to.equal("Chat, 3 unread messages");
    chat.conversations.set([makeSummary({ id: "c-1", unread: 0 })]);
    await element.updateComplete;
    expect(hasPart(element, "badge")).to.equal(false);
    expect(launcher(element).getAttribute("aria-label")).to.equal("Chat");
  });

  it("opens a dialog with the list from the launcher, and closes it with Escape, giving focus back", async () => {
    const element = await widgetFor(chatWith());
    const toggles = record<{ open: boolean }>(element, "chat-toggle");
    expect(popup(element).hidden).to.equal(true);
    await openPopup(element);
    expect(launcher(element).getAttribute("aria-expanded")).to.equal("true");
    expect(popup(element).hidden).to.equal(false);
    expect(popup(element).getAttribute("role")).to.equal("dialog");
    expect(part(element, "list").localName).to.equal("chat-list");
    expect(deepActiveElement() === popup(element)).to.equal(true);

    pressKey(popup(element), "Escape");
    await element.updateComplete;
    expect(popup(element).hidden).to.equal(true);
    expect(launcher(element).getAttribute("aria-expanded")).to.equal("false");
    expect(deepActiveElement() === launcher(element)).to.equal(true);
    expect(toggles.map((event) => event.detail.open)).to.deep.equal([true, false]);
  });

  it("leaves an Escape that an inner element used alone", async () => {
    const element = await widgetFor(chatWith());
    await openPopup(element);
    const used = new KeyboardEvent("keydown", { key: "Escape", bubbles: true, composed: true, cancelable: true });
    used.preventDefault();
    popup(element).dispatchEvent(used);
    await element.updateComplete;
    expect(popup(element).hidden).to.equal(false);
  });

  it("works from the keyboard: Enter on the launcher opens, Tab reaches the list, Escape closes", async () => {
    const element = await widgetFor(chatWith());
    launcher(element).focus();
    await sendKeys({ press: "Enter" });
    await element.updateComplete;
    await settle();
    expect(element.open).to.equal(true);
    await sendKeys({ press: "Tab" });
    expect(deepActiveElement()!.getAttribute("part")).to.equal("close-button");
    await sendKeys({ press: "Tab" });
    expect(deepActiveElement()!.getAttribute("part")).to.equal("new-button");
    await sendKeys({ press: "Escape" });
    await element.updateComplete;
    expect(element.open).to.equal(false);
    expect(deepActiveElement() === launcher(element)).to.equal(true);
  });

  it("shows the chosen conversation with a back button, and goes back to the list", async () => {
    const chat = chatWith();
    const element = await widgetFor(chat);
    await openPopup(element);
    chat.open("c-2");
    await element.updateComplete;
    expect(part(element, "window").localName).to.equal("chat-window");
    // The list stays in the popup, hidden, so Back finds its place (and its row) again.
    expect(part(element, "list").hidden).to.equal(true);
    part(element, "back-button").click();
    await element.updateComplete;
    expect(chat.current.get()).to.equal(null);
    expect(hasPart(element, "list")).to.equal(true);
    expect(hasPart(element, "back-button")).to.equal(false);
  });

  it("shows the list under one header: the list's, with close at its end", async () => {
    const element = await widgetFor(chatWith());
    await openPopup(element);
    const list = part<ChatList>(element, "list");
    await list.updateComplete;
    expect(hasPart(element, "header"), "no header of the popup's own").to.equal(false);
    expect(list.getAttribute("exportparts")).to.include("header:header").and.include("heading:heading").and.include("header:list-header");
    const header = part(list, "header").getBoundingClientRect();
    const close = part(element, "close-button").getBoundingClientRect();
    expect(close.top).to.be.at.least(header.top);
    expect(close.bottom).to.be.at.most(header.bottom);
    expect(close.right).to.be.at.most(header.right);
    expect(close.left, "close does not cover the New button").to.be.at.least(part(list, "new-button").getBoundingClientRect().right);
    expect(popup(element).getAttribute("aria-label")).to.equal("Chat");
  });

  it("shows a conversation under one header: the window's, holding back and close", async () => {
    const chat = chatWith();
    const element = await widgetFor(chat);
    await openPopup(element);
    chat.open("c-2");
    await element.updateComplete;
    const window = part(element, "window");
    expect(hasPart(element, "header"), "no header of the popup's own").to.equal(false);
    expect(part(element, "back-button").slot).to.equal("header-start");
    expect(part(element, "close-button").slot).to.equal("header-end");
    expect(window.contains(part(element, "back-button"))).to.equal(true);
    expect(window.getAttribute("exportparts")).to.include("header:header").and.include("title:heading").and.include("header:window-header");
    expect(popup(element).getAttribute("aria-label")).to.equal("Chat");
    expect(popup(element).hasAttribute("aria-labelledby")).to.equal(false);

    part(element, "close-button").click();
    await element.updateComplete;
    expect(element.open).to.equal(false);
  });

  describe("focus", () => {
    /** The list's row for `conversationId` (its shadow root is read, as a user's eyes would). */
    const row = (element: ChatWidget, conversationId: string) =>
      part(element, "list").shadowRoot!.querySelector<HTMLElement>(`li[data-id="${conversationId}"]`)!;
    const composerHasFocus = () => deepActiveElement()?.localName === "textarea" && deepActiveElement()!.getRootNode() !== document;
    const windowOf = (element: ChatWidget) => part<ChatWindow>(element, "window");
    const waitForSelect = async (element: ChatWidget) => {
      await element.updateComplete;
      await windowOf(element).updateComplete;
      await settle();
    };

    it("puts focus in the composer of a conversation opened from the list, and Back on its row", async () => {
      const chat = chatWith();
      const element = await widgetFor(chat);
      await openPopup(element);
      await part<ChatList>(element, "list").updateComplete;
      row(element, "c-2").focus();
      await sendKeys({ press: "Enter" });
      await waitForSelect(element);
      expect(chat.current.get()).to.equal("c-2");
      expect(composerHasFocus(), `focus on ${deepActiveElement()?.localName}`).to.equal(true);
      expect(windowOf(element).shadowRoot!.activeElement?.localName).to.equal("chat-composer");

      await sendKeys({ type: "hi" });
      expect((deepActiveElement() as HTMLTextAreaElement).value).to.equal("hi", "the next keystrokes are not lost");

      part(element, "back-button").click();
      await element.updateComplete;
      expect(deepActiveElement() === row(element, "c-2")).to.equal(true);
    });

    it("puts focus in the composer of a conversation just started with the new-conversation form", async () => {
      const chat = chatWith();
      const element = await widgetFor(chat);
      await openPopup(element);
      part(part(element, "list"), "new-button").click();
      await part<ChatList>(element, "list").updateComplete;
      const form = part(element, "list").shadowRoot!.querySelector("chat-new-conversation")!;
      await form.updateComplete;
      const input = form.shadowRoot!.querySelector("chat-people-picker")!.shadowRoot!.querySelector("input")!;
      input.focus();
      await sendKeys({ type: "bob" });
      await sendKeys({ press: "Enter" });
      await waitUntilCurrent(chat, "created-1");
      await waitForSelect(element);
      expect(composerHasFocus(), `focus on ${deepActiveElement()?.localName}`).to.equal(true);

      part(element, "back-button").click();
      await element.updateComplete;
      expect(deepActiveElement() === popup(element), "the form is gone: the popup holds focus").to.equal(true);
    });
  });

  it("opens the conversation its attribute names", async () => {
    const chat = chatWith();
    const element = await widgetFor(chat, "conversation=c-1");
    expect(chat.current.get()).to.equal("c-1");
    await openPopup(element);
    expect(part(element, "window").localName).to.equal("chat-window");
  });

  it("remembers being open for the same user across page loads", async () => {
    const chat = chatWith();
    const first = await widgetFor(chat);
    await openPopup(first);
    first.remove();
    const again = await widgetFor(chat);
    expect(again.open).to.equal(true);
    part(again, "close-button").click();
    await again.updateComplete;
    again.remove();
    expect((await widgetFor(chat)).open).to.equal(false);
    expect((await widgetFor(chatWith())).open).to.equal(false, "another user starts closed");
  });

  it("reopens the conversation that was open for the same user after a reload, until Back", async () => {
    const chat = chatWith();
    const first = await widgetFor(chat);
    await openPopup(first);
    chat.open("c-2");
    await first.updateComplete;
    first.remove();

    // A reload: the same user's chat starts with no conversation open.
    const reloaded = fakeChat({ userId: chat.user.userId, conversations: chat.conversations.get() });
    const again = await widgetFor(reloaded);
    expect(reloaded.current.get()).to.equal("c-2");
    expect(again.open).to.equal(true);
    expect(part(again, "window").localName).to.equal("chat-window");

    part(again, "back-button").click();
    await again.updateComplete;
    again.remove();
    const backed = fakeChat({ userId: chat.user.userId, conversations: chat.conversations.get() });
    await widgetFor(backed);
    expect(backed.current.get()).to.equal(null, "Back forgets it");
    const stranger = chatWith();
    await widgetFor(stranger);
    expect(stranger.current.get()).to.equal(null, "another user remembers nothing");
  });

  it("lets its conversation attribute, or a conversation already open, win over the remembered one", async () => {
    const chat = chatWith();
    const first = await widgetFor(chat);
    chat.open("c-2");
    await first.updateComplete;
    first.remove();

    const named = fakeChat({ userId: chat.user.userId, conversations: chat.conversations.get() });
    await fixture(html`<chat-widget .chat=${named} conversation="c-1"></chat-widget>`);
    expect(named.current.get()).to.equal("c-1");
    const opened = fakeChat({ userId: chat.user.userId, conversations: chat.conversations.get() });
    // The attribute's c-1 is the remembered one now; this chat has c-2 open already.
    opened.open("c-2");
    await widgetFor(opened);
    expect(opened.current.get()).to.equal("c-2");
  });

  it("passes theme and lang on to the list and the window, and re-exports their parts", async () => {
    const chat = chatWith();
    const element = await widgetFor(chat, "theme=dark lang=fr");
    await openPopup(element);
    const list = part(element, "list");
    expect([list.getAttribute("theme"), list.getAttribute("lang")]).to.deep.equal(["dark", "fr"]);
    expect(list.getAttribute("exportparts")).to.include("item:list-item").and.include("badge:list-badge");
    chat.open("c-1");
    await element.updateComplete;
    const window = part(element, "window");
    expect([window.getAttribute("theme"), window.getAttribute("lang")]).to.deep.equal(["dark", "fr"]);
    expect(window.getAttribute("exportparts"))
      .to.include("composer:window-composer")
      .and.include("composer-input:window-composer-input")
      .and.include("message-bubble:window-message-bubble");
  });

  it("sits in the bottom-left corner when asked, and fills a narrow screen", async () => {
    const element = await widgetFor(chatWith(), "position=bottom-left");
    expect(launcher(element).getBoundingClientRect().left).to.be.below(window.innerWidth / 2);
    await setViewport({ width: 400, height: 700 });
    await openPopup(element);
    const box = popup(element).getBoundingClientRect();
    expect([box.left, box.top, box.width, box.height]).to.deep.equal([0, 0, 400, 700]);
  });

  it("puts the unread count in the page's title when asked, and gives the title back", async () => {
    document.title = "Shop";
    const chat = chatWith(2);
    const element = await widgetFor(chat, "title-unread");
    expect(document.title).to.equal("(2) Shop");
    chat.conversations.set([makeSummary({ id: "c-1", unread: 0 })]);
    await element.updateComplete;
    expect(document.title).to.equal("Shop");
    chat.conversations.set([makeSummary({ id: "c-1", unread: 5 })]);
    await element.updateComplete;
    expect(document.title).to.equal("(5) Shop");
    element.remove();
    expect(document.title).to.equal("Shop");
  });

  it("follows a title the page changes while the count shows", async () => {
    document.title = "Shop";
    const chat = chatWith(2);
    const element = await widgetFor(chat, "title-unread");
    document.title = "Checkout";
    chat.conversations.set([makeSummary({ id: "c-1", unread: 3 })]);
    await element.updateComplete;
    expect(document.title).to.equal("(3) Checkout");
    document.title = "Thank you";
    element.remove();
    expect(document.title).to.equal("Thank you", "the page's newest title stays");
  });

  describe("notify", () => {
    const realNotification = window.Notification;
    const shown: { title: string; body: string; onclick: (() => void) | null; close(): void }[] = [];

    beforeEach(() => {
      shown.length = 0;
      // The browser's permission prompt cannot be answered in a test: a granted stand-in records what is shown.
      class ShownNotification {
        static permission = "granted";
        onclick: (() => void) | null = null;
        constructor(
          readonly title: string,
          options: NotificationOptions,
        ) {
          shown.push(Object.assign(this, { body: options.body! }));
        }
        close() {}
      }
      Object.defineProperty(window, "Notification", { value: ShownNotification, configurable: true });
      Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
    });

    afterEach(() => {
      Object.defineProperty(window, "Notification", { value: realNotification, configurable: true });
      delete (document as { visibilityState?: string }).visibilityState;
    });

    const arrival = (senderId: string, createdAt = Date.now() + 1_000) =>
      makeSummary({ id: "c-2", title: "Bob", unread: 1, lastMessage: { senderId, senderName: senderId, text: "are you there?", createdAt } });

    it("keeps the list working where the browser refuses page notifications", async () => {
      const throwing = class {
        static permission = "granted";
        constructor() {
          throw new TypeError("Illegal constructor. Use ServiceWorkerRegistration.showNotification() instead.");
        }
      };
      Object.defineProperty(window, "Notification", { value: throwing, configurable: true });
      const chat = chatWith();
      await widgetFor(chat, "notify");
      expect(() => chat.emit("conversation", arrival("bob"), 0)).to.not.throw();
    });

    it("shows a notification for a message from someone else while the page is hidden; a click opens it", async () => {
      const chat = chatWith();
      const element = await widgetFor(chat, "notify");
      chat.emit("conversation", arrival(chat.user.userId), 0);
      chat.emit("conversation", arrival("bob"), 0);
      expect(shown.map((notification) => [notification.title, notification.body])).to.deep.equal([["Bob", "bob: are you there?"]]);
      chat.emit("conversation", arrival("bob", 1), 0);
      expect(shown.length).to.equal(1, "a message from before the widget started is not news");
      shown[0]!.onclick!();
      await element.updateComplete;
      expect(element.open).to.equal(true);
      expect(chat.current.get()).to.equal("c-2");
    });

    it("asks for permission to notify when the user opens the popup", async () => {
      let asked = 0;
      const asking = class {
        static permission = "default";
        static requestPermission = async () => (asked++, "default");
      };
      Object.defineProperty(window, "Notification", { value: asking, configurable: true });
      const element = await widgetFor(chatWith(), "notify");
      expect(asked).to.equal(0, "not before a user gesture");
      await openPopup(element);
      expect(asked).to.equal(1);
    });

    it("stays quiet without the attribute", async () => {
      const chat = chatWith();
      await widgetFor(chat);
      chat.emit("conversation", arrival("bob"), 0);
      expect(shown.length).to.equal(0);
    });
  });
});
