/**
 * Theming and languages: the `theme` attribute switches palettes (and `auto` follows the
 * system), tokens from the page win over the defaults, `strings` and `lang` change what the
 * elements say, and `dir="rtl"` mirrors the conversation.
 */
import { expect, fixture, html, waitUntil } from "@open-wc/testing";
import { emulateMedia } from "@web/test-runner-commands";
import "../../src/components/chat-list/chat-list.js";
import type { ChatList } from "../../src/components/chat-list/chat-list.js";
import "../../src/components/chat-window/chat-window.js";
import type { ChatWindow } from "../../src/components/chat-window/chat-window.js";
import { fakeChat, fakeConversation, makeMember, makeMessage, makeMeta, makeSummary } from "./fake-chat.js";
import { part, settle } from "./helpers.js";

const ME = makeMember("me", { name: "Me" });
const BOB = makeMember("bob", { name: "Bob" });

function conversation() {
  return fakeConversation("c-1", {
    meta: makeMeta("c-1", { type: "group", title: "Team" }),
    members: [ME, BOB],
    messages: [makeMessage({ senderId: "bob", senderName: "Bob", text: "Hi" }), makeMessage({ senderId: "me", senderName: "Me", text: "Hello" })],
  });
}

async function renderWindow(attributes: { theme?: string; lang?: string; dir?: string } = {}, strings: object | null = null): Promise<ChatWindow> {
  const chat = fakeChat({ userId: "me", handles: [conversation()] });
  const box = await fixture<HTMLDivElement>(html`<div style="height: 500px; width: 400px" dir=${attributes.dir ?? "ltr"}>
    <chat-window .chat=${chat} conversation="c-1" theme=${attributes.theme ?? ""} lang=${attributes.lang ?? ""} .strings=${strings}></chat-window>
  </div>`);
  const element = box.querySelector("chat-window")!;
  if (!attributes.theme) element.removeAttribute("theme");
  if (!attributes.lang) element.removeAttribute("lang");
  await element.updateComplete;
  await settle();
  return element;
}

const background = (element: Element) => getComputedStyle(element).backgroundColor;
const bubbles = (element: ChatWindow) => [...element.shadowRoot!.querySelectorAll("chat-message")].map((message) => part(message, "bubble"));

describe("theming", () => {
  afterEach(() => emulateMedia({ colorScheme: "light" }));

  it("is light by default, and dark with theme=dark down to the message bubbles", async () => {
    const light = await renderWindow();
    const dark = await renderWindow({ theme: "dark" });
    expect(background(light)).to.equal("rgb(255, 255, 255)");
    expect(background(dark)).to.equal("rgb(26, 27, 30)");
    expect(background(bubbles(dark)[0]!)).to.not.equal(background(bubbles(light)[0]!));
    expect(getComputedStyle(part(dark, "title")).color).to.equal("rgb(233, 236, 239)");
  });

  it("switches when the attribute changes", async () => {
    const element = await renderWindow();
    element.theme = "dark";
    await element.updateComplete;
    expect(element.getAttribute("theme")).to.equal("dark");
    expect(background(element)).to.equal("rgb(26, 27, 30)");
  });

  it("theme=auto follows the system's colour scheme; light and dark ignore it", async () => {
    const auto = await renderWindow({ theme: "auto" });
    const light = await renderWindow({ theme: "light" });
    expect(background(auto)).to.equal("rgb(255, 255, 255)");
    await emulateMedia({ colorScheme: "dark" });
    expect(background(auto)).to.equal("rgb(26, 27, 30)");
    expect(background(bubbles(auto)[1]!)).to.equal("rgb(145, 167, 255)");
    expect(background(light)).to.equal("rgb(255, 255, 255)");
  });

  it("a --chat-* token set on an ancestor wins over the palette, in either theme", async () => {
    const element = await renderWindow({ theme: "dark" });
    element.parentElement!.style.setProperty("--chat-bubble-own-background", "rgb(1, 2, 3)");
    element.parentElement!.style.setProperty("--chat-background", "rgb(4, 5, 6)");
    expect(background(bubbles(element)[1]!)).to.equal("rgb(1, 2, 3)");
    expect(background(element)).to.equal("rgb(4, 5, 6)");
  });

  it("--chat-density scales the spacing", async () => {
    const element = await renderWindow();
    const padding = () => parseFloat(getComputedStyle(bubbles(element)[0]!).paddingTop);
    const roomy = padding();
    element.style.setProperty("--chat-density", "0.5");
    expect(padding()).to.equal(roomy / 2);
  });

  it("puts host content in the header-actions and empty slots", async () => {
    const chat = fakeChat({ userId: "me", handles: [fakeConversation("c-2", { members: [ME, BOB] })] });
    const element = await fixture<ChatWindow>(html`<chat-window .chat=${chat} conversation="c-2">
      <button slot="header-actions">Call</button><p slot="empty">Ask us anything</p>
    </chat-window>`);
    const slots = [...element.shadowRoot!.querySelectorAll("slot")].map((slot) => [slot.name, slot.assignedElements()[0]?.textContent]);
    expect(slots).to.deep.equal([
      ["header-start", undefined],
      ["header-actions", "Call"],
      ["header-end", undefined],
      ["empty", "Ask us anything"],
    ]);
    expect(part(element, "header").contains(element.shadowRoot!.querySelector('slot[name="header-actions"]'))).to.equal(true);
  });
});

describe("languages", () => {
  it("takes any string from the strings property, down to the elements inside", async () => {
    const element = await renderWindow({}, { send: "Go", search: "Find", members: (count: number) => `${count} people` });
    expect(part(element, "search-toggle").textContent!.trim()).to.equal("Find");
    expect(part(element, "members-button").textContent!.trim()).to.equal("2 people");
    expect(part(part(element, "composer"), "send-button").textContent!.trim()).to.equal("Go");
  });

  it("speaks German with lang=de, in the window and the messages inside it", async () => {
    const element = await renderWindow({ lang: "de" });
    await waitUntil(() => part(element, "search-toggle").textContent!.trim() === "Suchen", "German loaded");
    await settle();
    const composer = part(element, "composer");
    expect(part<HTMLTextAreaElement>(composer, "input").placeholder).to.equal("Nachricht schreiben…");
    expect(part(composer, "input").getAttribute("aria-label")).to.equal("Nachricht");
    const own = element.shadowRoot!.querySelectorAll("chat-message")[1]!;
    await own.updateComplete;
    expect(part(own, "actions").getAttribute("aria-label")).to.equal("Aktionen zur Nachricht");
  });

  it("follows the language of the page around it, and a change of its own lang attribute", async () => {
    const chat = fakeChat({ userId: "me", conversations: [makeSummary({ id: "c-1" })] });
    const box = await fixture<HTMLDivElement>(html`<div lang="de-AT"><chat-list .chat=${chat}></chat-list></div>`);
    const list = box.querySelector<ChatList>("chat-list")!;
    await waitUntil(() => part(list, "heading").textContent === "Unterhaltungen", "German loaded");
    list.lang = "en";
    await list.updateComplete;
    expect(part(list, "heading").textContent).to.equal("Conversations");
  });

  it("falls back to English for a language it does not have", async () => {
    const element = await renderWindow({ lang: "xx" });
    expect(part(element, "search-toggle").textContent!.trim()).to.equal("Search");
  });

  it('lays the conversation out mirrored with dir="rtl": own messages at the left', async () => {
    const ltr = await renderWindow();
    const rtl = await renderWindow({ dir: "rtl" });
    const [theirs, mine] = bubbles(ltr).map((bubble) => bubble.getBoundingClientRect());
    expect(mine!.right).to.be.greaterThan(theirs!.right);
    const [theirsRtl, mineRtl] = bubbles(rtl).map((bubble) => bubble.getBoundingClientRect());
    expect(mineRtl!.left).to.be.lessThan(theirsRtl!.left);
    const header = part(rtl, "header").getBoundingClientRect();
    expect(part(rtl, "title").getBoundingClientRect().right).to.be.greaterThan(header.left + header.width / 2);
  });
});
