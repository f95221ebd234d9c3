/**
 * Until the server has answered (or the cache has painted), the list and the window say they
 * are loading, never that there is nothing: a slow network must not read as an empty chat.
 */
import { expect, fixture, html, waitUntil } from "@open-wc/testing";
import "../../src/components/chat-list/chat-list.js";
import type { ChatList } from "../../src/components/chat-list/chat-list.js";
import "../../src/components/chat-window/chat-window.js";
import type { ChatWindow } from "../../src/components/chat-window/chat-window.js";
import { de } from "../../src/components/strings-de.js";
import { fakeChat, fakeConversation, makeMessage, makeSummary } from "./fake-chat.js";
import { part } from "./helpers.js";

const text = (element: Element) => element.textContent?.replace(/\s+/g, " ").trim() ?? "";

describe("loading", () => {
  describe("<chat-list>", () => {
    it('says "Loading…" as a busy status until the list has loaded, then that it is empty', async () => {
      const chat = fakeChat({ loaded: false });
      const list = await fixture<ChatList>(html`<chat-list .chat=${chat}></chat-list>`);
      const loading = part(list, "empty");
      expect(text(loading)).to.equal("Loading…");
      expect(loading.getAttribute("role")).to.equal("status");
      expect(loading.getAttribute("aria-busy")).to.equal("true");
      expect(list.shadowRoot!.textContent).not.to.contain("No conversations yet");
      expect(list.shadowRoot!.querySelector('[part~="start-button"]')).to.equal(null);

      chat.loaded.set(true);
      await list.updateComplete;
      expect(text(part(list, "empty"))).to.contain("No conversations yet");
      expect(part(list, "empty").hasAttribute("aria-busy")).to.equal(false);
    });

    it("shows rows a cache painted before the server answers", async () => {
      const chat = fakeChat({ loaded: false, conversations: [makeSummary({ id: "c-1", title: "Cached" })] });
      const list = await fixture<ChatList>(html`<chat-list .chat=${chat}></chat-list>`);
      expect(list.shadowRoot!.querySelector('[part~="item"]')).not.to.equal(null);
      expect(list.shadowRoot!.textContent).not.to.contain("Loading…");
    });

    it("says it in the element's language", async () => {
      const chat = fakeChat({ loaded: false });
      const list = await fixture<ChatList>(html`<chat-list lang="de" .chat=${chat}></chat-list>`);
      await waitUntil(() => text(part(list, "empty")) === de.loading);
    });
  });

  describe("<chat-window>", () => {
    it('says "Loading…" as a busy status until the conversation has loaded, then that it is empty', async () => {
      const handle = fakeConversation("c-1", { loaded: false });
      const chat = fakeChat({ handles: [handle] });
      const window = await fixture<ChatWindow>(html`<chat-window .chat=${chat} conversation="c-1"></chat-window>`);
      const loading = part(window, "empty");
      expect(text(loading)).to.equal("Loading…");
      expect(loading.getAttribute("role")).to.equal("status");
      expect(loading.getAttribute("aria-busy")).to.equal("true");
      expect(window.shadowRoot!.textContent).not.to.contain("No messages yet");

      handle.loaded.set(true);
      await window.updateComplete;
      expect(text(part(window, "empty"))).to.contain("No messages yet");
    });

    it("shows messages held before the conversation has loaded, and no loading text", async () => {
      const handle = fakeConversation("c-1", { loaded: false, messages: [makeMessage({ text: "from the outbox" })] });
      const chat = fakeChat({ handles: [handle] });
      const window = await fixture<ChatWindow>(html`<chat-window .chat=${chat} conversation="c-1"></chat-window>`);
      expect(window.shadowRoot!.textContent).not.to.contain("Loading…");
      expect(window.shadowRoot!.querySelector("chat-message")).not.to.equal(null);
    });
  });
});
