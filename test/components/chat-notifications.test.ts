/**
 * <chat-notifications> against a fake chat: the bell and its choice of levels (labels,
 * keyboard, focus, Escape), what choosing does (the level set; pushes turned on where offered),
 * a refusal said; and <chat-widget notify="push">, which subscribes from the launcher's click
 * and shows the bell over its list.
 */
import { expect, fixture, html } from "@open-wc/testing";
import { sendKeys } from "@web/test-runner-commands";
import "../../src/components/chat-notifications/chat-notifications.js";
import "../../src/components/chat-widget/chat-widget.js";
import type { ChatNotifications } from "../../src/components/chat-notifications/chat-notifications.js";
import type { ChatWidget } from "../../src/components/chat-widget/chat-widget.js";
import { ChatError, type NotifyLevel } from "../../src/store/index.js";
import { fakeChat, makeSummary, type FakeChat } from "./fake-chat.js";
import { deepActiveElement, hasPart, part, parts, pressKey, settle } from "./helpers.js";

let users = 0;

function chatAt(level: NotifyLevel | undefined): FakeChat {
  const chat = fakeChat({ userId: `notify-user-${++users}-${Date.now()}`, conversations: [makeSummary({ id: "c-1", title: "Launch team" })] });
  if (level) chat.notifications.set({ level, pushKey: "key" });
  return chat;
}

async function bellFor(chat: FakeChat, push = true, lang = "en"): Promise<ChatNotifications> {
  return fixture<ChatNotifications>(html`<chat-notifications .chat=${chat} ?push=${push} lang=${lang}></chat-notifications>`);
}

const bell = (element: ChatNotifications) => part<HTMLButtonElement>(element, "button");
const panel = (element: ChatNotifications) => part<HTMLFieldSetElement>(element, "panel");
const radios = (element: ChatNotifications) => [...panel(element).querySelectorAll("input")];
const labels = (element: ChatNotifications) => parts(element, "option").map((label) => label.textContent!.trim());
const checked = (element: ChatNotifications) => radios(element).find((radio) => radio.checked)?.value;

/** Lets the element hear the fake's answers and render them. */
async function settled(element: ChatNotifications): Promise<void> {
  await settle();
  await element.updateComplete;
}

async function expand(element: ChatNotifications): Promise<void> {
  bell(element).click();
  await element.updateComplete;
}

describe("<chat-notifications>", () => {
  it("shows nothing until the server has said the level, then a bell that shows the choice", async () => {
    const chat = chatAt(undefined);
    const element = await bellFor(chat);
    expect(hasPart(element, "button")).to.equal(false);
    chat.notifications.set({ level: "mentions" });
    await element.updateComplete;
    expect(bell(element).getAttribute("aria-label")).to.equal("Notifications");
    expect(bell(element).getAttribute("aria-expanded")).to.equal("false");
    expect(panel(element).hidden).to.equal(true);

    await expand(element);
    expect(bell(element).getAttribute("aria-expanded")).to.equal("true");
    expect(bell(element).getAttribute("aria-controls")).to.equal(panel(element).id);
    expect(panel(element).hidden).to.equal(false);
    expect(panel(element).querySelector("legend")!.textContent).to.equal("Notifications");
    expect(labels(element)).to.deep.equal(["All messages", "Mentions only", "Off"]);
    expect(checked(element)).to.equal("mentions");
    expect(deepActiveElement() === radios(element)[1]).to.equal(true, "focus is on the level in use");
  });

  it("arrow keys choose a level: set for the user, and pushes turned on with it", async () => {
    const chat = chatAt("mentions");
    const element = await bellFor(chat);
    await expand(element);
    await sendKeys({ press: "ArrowUp" });
    await settled(element);
    expect(chat.levels).to.deep.equal(["all"]);
    expect(chat.pushEnables).to.equal(1);
    expect(checked(element)).to.equal("all");

    await sendKeys({ press: "ArrowUp" });
    await settled(element);
    expect(chat.levels).to.deep.equal(["all", "none"], "the arrow wraps to Off");
    expect(chat.pushEnables).to.equal(1, "Off subscribes nothing");
    expect(checked(element)).to.equal("none");
  });

  it("only sets the level where pushes are not offered", async () => {
    const chat = chatAt("none");
    const element = await bellFor(chat, false);
    await expand(element);
    radios(element)[0]!.click();
    await settled(element);
    expect(chat.levels).to.deep.equal(["all"]);
    expect(chat.pushEnables).to.equal(0);
  });

  it("says why pushes could not be turned on, in an alert", async () => {
    const chat = chatAt("none");
    chat.onEnablePush = () => Promise.reject(new ChatError("push_denied", "notifications are blocked"));
    const element = await bellFor(chat);
    await expand(element);
    radios(element)[1]!.click();
    await settled(element);
    const error = part(element, "error");
    expect(error.getAttribute("role")).to.equal("alert");
    expect(error.textContent).to.equal("Notifications are blocked in this browser's settings.");
    expect(chat.levels).to.deep.equal(["mentions"], "the level is still the user's choice (digests)");
  });

  it("keeps the stored level checked when setting it fails", async () => {
    const chat = chatAt("all");
    chat.setNotifications = () => Promise.reject(new ChatError("rate_limited", "slow down"));
    const element = await bellFor(chat, false);
    await expand(element);
    radios(element)[2]!.click();
    await settled(element);
    expect(part(element, "error").textContent).to.equal("Too fast, wait a moment.");
    expect(checked(element)).to.equal("all");
  });

  it("closes on Escape, which goes no further, with focus back on the bell", async () => {
    const element = await bellFor(chatAt("all"));
    await expand(element);
    const escape = pressKey(radios(element)[0]!, "Escape");
    await element.updateComplete;
    expect(escape.defaultPrevented).to.equal(true, "the popup holding it stays open");
    expect(panel(element).hidden).to.equal(true);
    expect(bell(element).getAttribute("aria-expanded")).to.equal("false");
    expect(deepActiveElement() === bell(element)).to.equal(true);
  });

  it("speaks the page's language", async () => {
    const element = await bellFor(chatAt("all"), true, "de");
    for (let tries = 0; bell(element).getAttribute("aria-label") !== "Benachrichtigungen"; tries++) {
      if (tries > 50) throw new Error("German never loaded");
      await settled(element);
    }
    await expand(element);
    expect(labels(element)).to.deep.equal(["Alle Nachrichten", "Nur Erwähnungen", "Aus"]);
  });
});

describe('<chat-widget notify="push">', () => {
  const realNotification = window.Notification;
  let asked = 0;

  beforeEach(() => {
    asked = 0;
    // The browser's permission prompt cannot be answered in a test.
    const asking = class {
      static permission = "default";
      static requestPermission = async () => (asked++, "default");
    };
    Object.defineProperty(window, "Notification", { value: asking, configurable: true });
  });

  afterEach(() => {
    Object.defineProperty(window, "Notification", { value: realNotification, configurable: true });
  });

  async function widgetFor(chat: FakeChat, notify: string): Promise<ChatWidget> {
    const element = await fixture<ChatWidget>(html`<chat-widget .chat=${chat} notify=${notify}></chat-widget>`);
    await element.updateComplete;
    return element;
  }

  async function toggle(element: ChatWidget): Promise<void> {
    part<HTMLButtonElement>(element, "launcher").click();
    await element.updateComplete;
    await settle();
  }

  it("subscribes to pushes from the launcher's click, once per page, and shows the bell over the list", async () => {
    const chat = chatAt("all");
    const element = await widgetFor(chat, "push");
    expect(chat.pushEnables).to.equal(0, "not before a user gesture");
    await toggle(element);
    expect(chat.pushEnables).to.equal(1);
    expect(asked).to.equal(0, "enablePush asks for the permission itself");
    const list = part(element, "list");
    const notifications = element.shadowRoot!.querySelector("chat-notifications")!;
    expect(notifications.parentElement === list).to.equal(true);
    expect(notifications.slot).to.equal("header-end");
    expect(notifications.getAttribute("part")).to.equal("notifications");
    await toggle(element);
    await toggle(element);
    expect(chat.pushEnables).to.equal(1);
  });

  it("asks nothing of a user who chose no notifications", async () => {
    const chat = chatAt("none");
    await toggle(await widgetFor(chat, "push"));
    expect(chat.pushEnables).to.equal(0);
  });

  it("keeps plain notify as it was: permission asked, no pushes, no bell", async () => {
    const chat = chatAt("all");
    const element = await widgetFor(chat, "");
    await toggle(element);
    expect(asked).to.equal(1);
    expect(chat.pushEnables).to.equal(0);
    expect(element.shadowRoot!.querySelector("chat-notifications") === null).to.equal(true);
  });
});
