/**
 * Right to left, as a page sets it with `dir="rtl"`: words keep their own direction inside the
 * mirrored window. A count stays in front of its noun, a left-to-right title loses its end (not
 * its start) to the ellipsis, and the composer's placeholder keeps its "…" after its words.
 */
import { expect, fixture, html, waitUntil } from "@open-wc/testing";
import "../../src/components/chat-list/chat-list.js";
import "../../src/components/chat-window/chat-window.js";
import type { ChatWindow } from "../../src/components/chat-window/chat-window.js";
import { fakeChat, fakeConversation, makeMember, makeMessage, makeMeta, makeSummary } from "./fake-chat.js";
import { part, settle } from "./helpers.js";

const LONG_TITLE = "Design review of the new theming, the words and the directions";

async function renderWindow(lang: string, title: string, memberCount = 2): Promise<ChatWindow> {
  const members = Array.from({ length: memberCount }, (_, index) => makeMember(index === 0 ? "me" : `user-${index}`));
  const handle = fakeConversation("c-1", {
    meta: makeMeta("c-1", { type: "group", title }),
    members,
    messages: [makeMessage({ senderId: "user-1", text: "Hi" })],
  });
  const chat = fakeChat({ userId: "me", handles: [handle] });
  const box = await fixture<HTMLDivElement>(html`<div style="height: 500px; width: 320px" dir="rtl" lang=${lang}>
    <chat-window .chat=${chat} conversation="c-1"></chat-window>
  </div>`);
  const element = box.querySelector("chat-window")!;
  await element.updateComplete;
  await settle();
  return element;
}

/** Where the characters `from`..`to` of `element`'s text are drawn. */
function textBox(element: Element, from: number, to: number): DOMRect {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT, { acceptNode: (node) => (node.textContent!.trim() ? 1 : 3) });
  const node = walker.nextNode()!;
  const offset = node.textContent!.indexOf(node.textContent!.trim());
  const range = document.createRange();
  range.setStart(node, offset + from);
  range.setEnd(node, offset + to);
  return range.getBoundingClientRect();
}

describe('right to left (dir="rtl")', () => {
  it("keeps a German count in front of its noun: 2 Mitglieder, not Mitglieder 2", async () => {
    const element = await renderWindow("de", "Team");
    const button = part(element, "members-button");
    await waitUntil(() => button.textContent!.trim() === "2 Mitglieder", "German loaded");
    expect(textBox(button, 0, 1).left).to.be.lessThan(textBox(button, 2, 12).left);
  });

  it("puts an Arabic count on the right of its noun, as Arabic reads", async () => {
    const element = await renderWindow("ar", "فريق", 3);
    const button = part(element, "members-button");
    await waitUntil(() => button.textContent!.trim().endsWith("أعضاء"), "Arabic loaded");
    const text = button.textContent!.trim();
    expect(textBox(button, 0, 1).left).to.be.greaterThan(textBox(button, text.length - 5, text.length).left);
  });

  it("cuts a left-to-right title at its end, with the ellipsis after its last shown word", async () => {
    const element = await renderWindow("de", LONG_TITLE);
    const title = part(element, "title");
    expect(title.scrollWidth).to.be.greaterThan(title.clientWidth, "the title overflows");
    const style = getComputedStyle(title);
    expect(style.textOverflow).to.equal("ellipsis");
    expect(style.direction === "ltr" || style.unicodeBidi === "plaintext").to.equal(true, "laid out in its own direction");
    const box = title.getBoundingClientRect();
    // The first letter is in view at the box's left edge; the rest runs off to the right.
    expect(Math.abs(textBox(title, 0, 1).left - box.left)).to.be.lessThan(2);
    expect(textBox(title, LONG_TITLE.length - 1, LONG_TITLE.length).right).to.be.greaterThan(box.right);
  });

  it("keeps a short title at the window's start, beside the avatar", async () => {
    const element = await renderWindow("de", "Team");
    const heading = part(element, "title").parentElement!.getBoundingClientRect();
    expect(Math.abs(part(element, "title").getBoundingClientRect().right - heading.right)).to.be.lessThan(2);
  });

  it("lays a German placeholder out left to right on the field's right side, its … at its end", async () => {
    const element = await renderWindow("de", "Team");
    const input = part<HTMLTextAreaElement>(part(element, "composer"), "input");
    await waitUntil(() => input.placeholder === "Nachricht schreiben…", "German loaded");
    expect(getComputedStyle(input).direction).to.equal("rtl");
    const placeholder = getComputedStyle(input, "::placeholder");
    expect(placeholder.unicodeBidi).to.equal("plaintext");
    expect(placeholder.textAlign).to.equal("right");
  });

  it("writes what the user types in its own direction", async () => {
    const element = await renderWindow("de", "Team");
    const input = part<HTMLTextAreaElement>(part(element, "composer"), "input");
    expect(getComputedStyle(input).unicodeBidi).to.equal("plaintext");
  });

  it("starts a list row's left-to-right preview at the list's start, under its title", async () => {
    const chat = fakeChat({ userId: "me", conversations: [makeSummary({ id: "c-1", title: "Team", memberCount: 2 })] });
    const box = await fixture<HTMLDivElement>(html`<div style="width: 320px" dir="rtl" lang="de"><chat-list .chat=${chat}></chat-list></div>`);
    const list = box.querySelector("chat-list")!;
    await waitUntil(() => list.shadowRoot!.querySelector(".preview")?.textContent === "2 Mitglieder", "German loaded");
    const title = textBox(part(list, "title"), 0, 4);
    const preview = textBox(part(list, "preview"), 0, 12);
    expect(Math.abs(preview.right - title.right)).to.be.lessThan(2);
  });

  it("lays out the search's query, results and count in their own direction", async () => {
    const element = await renderWindow("de", "Team");
    part(element, "search-toggle").click();
    await element.updateComplete;
    const search = element.shadowRoot!.querySelector("chat-search")!;
    await search.updateComplete;
    expect(getComputedStyle(part(search, "input")).unicodeBidi).to.equal("plaintext");
    expect(getComputedStyle(part(search, "status")).unicodeBidi).to.equal("plaintext");
    expect(getComputedStyle(part(search, "input"), "::placeholder").textAlign).to.equal("right");
  });
});
