import { expect, fixture, html } from "@open-wc/testing";
import "../../src/components/chat-search/chat-search.js";
import type { ChatSearch } from "../../src/components/chat-search/chat-search.js";
import type { ChatMessageActionDetail } from "../../src/components/events.js";
import { ChatError, type ChatMessage } from "../../src/store/index.js";
import { fakeConversation, makeMessage, type FakeConversation } from "./fake-chat.js";
import { fill, hasPart, part, parts, record, settle } from "./helpers.js";

async function renderSearch(conversation: FakeConversation): Promise<ChatSearch> {
  return fixture<ChatSearch>(html`<chat-search .conversation=${conversation}></chat-search>`);
}

/** Types `query`, submits it, and lets the answer render. */
async function search(element: ChatSearch, query: string): Promise<void> {
  fill(part<HTMLInputElement>(element, "input"), query);
  part<HTMLButtonElement>(element, "search-button").click();
  await settle();
  await element.updateComplete;
}

function answering(results: ChatMessage[] | Error): FakeConversation {
  const conversation = fakeConversation("c-1");
  conversation.search = async (query: string) => {
    conversation.calls.push({ action: "search", args: [query] });
    if (results instanceof Error) throw results;
    return results;
  };
  return conversation;
}

describe("<chat-search>", () => {
  it("asks the conversation and lists each match as a button with sender and text, as text", async () => {
    const hostile = `<img src=x onerror="window.__pwned=1"> plan`;
    const conversation = answering([makeMessage({ senderName: "Bob", text: hostile }), makeMessage({ senderName: "Ann", text: "the plan" })]);
    const element = await renderSearch(conversation);
    await search(element, "  plan ");

    expect(conversation.calls).to.deep.equal([{ action: "search", args: ["plan"] }]);
    const results = parts<HTMLButtonElement>(element, "result");
    expect(results.map((button) => button.textContent!.replace(/\s+/g, " ").trim())).to.deep.equal([`Bob ${hostile}`, "Ann the plan"]);
    expect(element.shadowRoot!.querySelector("img")).to.equal(null);
    expect(part(element, "status").textContent).to.equal("2 messages found");
    expect(part(element, "form").getAttribute("role")).to.equal("search");
    expect(part(element, "input").getAttribute("aria-label")).to.equal("Search messages");
  });

  it("jumps to a match when it is chosen", async () => {
    const found = makeMessage({ text: "here" });
    const element = await renderSearch(answering([found]));
    await search(element, "here");
    const jumps = record<ChatMessageActionDetail>(element, "chat-jump");
    part<HTMLButtonElement>(element, "result").click();
    expect(jumps.map((event) => event.detail.messageId)).to.deep.equal([found.id]);
    expect(jumps[0]!.bubbles && jumps[0]!.composed).to.equal(true);
  });

  it("says when nothing matched, and why a search failed", async () => {
    const empty = await renderSearch(answering([]));
    await search(empty, "nothing");
    expect(part(empty, "status").textContent).to.equal("No messages found");
    expect(hasPart(empty, "results")).to.equal(false);

    const failing = await renderSearch(answering(new ChatError("bad_frame", "search for words or numbers")));
    await search(failing, "!!!");
    expect(part(failing, "status").textContent).to.equal("search for words or numbers");
    expect(part(failing, "status").getAttribute("role")).to.equal("status");
  });

  it("does not search for a blank query", async () => {
    const conversation = answering([]);
    const element = await renderSearch(conversation);
    await search(element, "   ");
    expect(conversation.calls).to.deep.equal([]);
  });

  it("has no accessibility violations with results shown", async () => {
    const element = await renderSearch(answering([makeMessage({ senderName: "Bob", text: "found" })]));
    await search(element, "found");
    await expect(element).to.be.accessible();
  });
});
