/**
 * Mentions in the elements: the composer's "@" suggestions (keyboard and mouse), the ids it
 * sends, mentions highlighted in a message, the "@" badge in the list, and the window passing
 * members in and mentions out.
 */
import { expect, fixture, html } from "@open-wc/testing";
import "../../src/components/chat-composer/chat-composer.js";
import type { ChatComposer, ChatSendDetail } from "../../src/components/chat-composer/chat-composer.js";
import "../../src/components/chat-list/chat-list.js";
import type { ChatList } from "../../src/components/chat-list/chat-list.js";
import "../../src/components/chat-message/chat-message.js";
import type { ChatMessageElement } from "../../src/components/chat-message/chat-message.js";
import "../../src/components/chat-window/chat-window.js";
import type { ChatWindow } from "../../src/components/chat-window/chat-window.js";
import { fakeChat, fakeConversation, makeMember, makeMessage, makeMeta, makeSummary } from "./fake-chat.js";
import { hasPart, part, parts, pressEnter, pressKey, record, settle, typeInto } from "./helpers.js";

const MEMBERS = [
  { userId: "bob", name: "Bob Stone" },
  { userId: "bea", name: "Beatrice" },
  { userId: "cara", name: "Cara" },
];

const optionNames = (composer: ChatComposer) => parts(composer, "mention-suggestion").map((option) => option.querySelector(".name")!.textContent);

describe("mentions", () => {
  describe("<chat-composer> suggestions", () => {
    let composer: ChatComposer;
    let input: HTMLTextAreaElement;

    beforeEach(async () => {
      composer = await fixture<ChatComposer>(html`<chat-composer .members=${MEMBERS}></chat-composer>`);
      input = part<HTMLTextAreaElement>(composer, "input");
      input.focus();
    });

    async function type(text: string): Promise<void> {
      typeInto(input, text);
      await composer.updateComplete;
    }

    it("offers the members whose name or id starts with what follows @, ignoring case, as a listbox", async () => {
      // A textarea may not be a combobox nor carry aria-expanded: it stays a textbox that controls the list.
      expect(input.getAttribute("aria-autocomplete")).to.equal("list");
      expect(input.hasAttribute("aria-controls")).to.equal(false);
      await type("hi @b");
      expect(optionNames(composer)).to.deep.equal(["Bob Stone", "Beatrice"]);
      const listbox = part(composer, "mention-suggestions");
      expect(listbox.getAttribute("role")).to.equal("listbox");
      expect(input.getAttribute("aria-controls")).to.equal(listbox.id);
      expect(input.getAttribute("aria-activedescendant")).to.equal(parts(composer, "mention-suggestion")[0]!.id);
      await type("hi @CA");
      expect(optionNames(composer)).to.deep.equal(["Cara"]);
      await type("hi @x");
      expect(hasPart(composer, "mention-suggestions")).to.equal(false);
      expect(input.hasAttribute("aria-activedescendant")).to.equal(false);
      await type("mail bob@b");
      expect(hasPart(composer, "mention-suggestions"), "no list inside an e-mail address").to.equal(false);
    });

    it("moves with the arrow keys, picks with Enter without sending, and sends the picked member's id", async () => {
      const sends = record<ChatSendDetail>(composer, "chat-send");
      await type("ask @b");
      pressKey(input, "ArrowDown");
      await composer.updateComplete;
      const options = parts(composer, "mention-suggestion");
      expect(options[1]!.getAttribute("aria-selected")).to.equal("true");
      expect(options[1]!.part.contains("mention-suggestion-active")).to.equal(true);
      expect(input.getAttribute("aria-activedescendant")).to.equal(options[1]!.id);
      pressKey(input, "ArrowDown");
      await composer.updateComplete;
      expect(parts(composer, "mention-suggestion")[0]!.getAttribute("aria-selected"), "Down from the last wraps to the first").to.equal("true");
      pressKey(input, "ArrowUp");
      await composer.updateComplete;
      expect(parts(composer, "mention-suggestion")[1]!.getAttribute("aria-selected"), "Up from the first wraps to the last").to.equal("true");

      const enter = pressEnter(input);
      await composer.updateComplete;
      expect(enter.defaultPrevented).to.equal(true);
      expect(sends).to.have.length(0);
      expect(input.value).to.equal("ask @Beatrice ");
      expect(input.selectionStart).to.equal(input.value.length);
      expect(hasPart(composer, "mention-suggestions")).to.equal(false);

      await type(`${input.value}and @bob stone today`);
      pressEnter(input);
      expect(sends).to.have.length(1);
      expect(sends[0]!.detail.text).to.equal("ask @Beatrice and @bob stone today");
      expect(sends[0]!.detail.mentions).to.deep.equal(["bob", "bea"], "typed names count too, in member order");
    });

    it("picks with Tab or a click, and Escape closes the list and keeps the text", async () => {
      await type("@c");
      pressKey(input, "Tab");
      await composer.updateComplete;
      expect(input.value).to.equal("@Cara ");
      await type("@Cara @bo");
      parts(composer, "mention-suggestion")[0]!.click();
      await composer.updateComplete;
      expect(input.value).to.equal("@Cara @Bob Stone ");
      await type("@Cara @Bob Stone @");
      expect(optionNames(composer), "a bare @ offers everyone").to.have.length(3);
      const escape = pressKey(input, "Escape");
      await composer.updateComplete;
      expect(escape.defaultPrevented).to.equal(true);
      expect(hasPart(composer, "mention-suggestions")).to.equal(false);
      expect(input.value).to.equal("@Cara @Bob Stone @");
    });

    it("sends no mentions for text that names nobody", async () => {
      const sends = record<ChatSendDetail>(composer, "chat-send");
      await type("hello @Bobby");
      pressKey(input, "Escape");
      pressEnter(input);
      expect(sends[0]!.detail.mentions).to.deep.equal([]);
    });
  });

  describe("<chat-message>", () => {
    const names = new Map([
      ["me", "Me Myself"],
      ["bob", "Bob Stone"],
    ]);

    it("highlights each mention as text, the current user's as mention-me, and the bubble that mentions them", async () => {
      const message = makeMessage({ senderId: "cara", senderName: "Cara", text: "**@Bob Stone** and @me: <b>hi</b>", mentions: ["bob", "me"] });
      const element = await fixture<ChatMessageElement>(html`<chat-message .message=${message} .names=${names} .userId=${"me"}></chat-message>`);
      const mentions = parts(element, "mention");
      expect(mentions.map((mention) => mention.textContent)).to.deep.equal(["@Bob Stone", "@me"]);
      expect(mentions[0]!.closest("strong"), "inside bold").to.not.equal(null);
      expect(mentions.map((mention) => mention.part.contains("mention-me"))).to.deep.equal([false, true]);
      expect(part(element, "bubble").part.contains("bubble-mentioned")).to.equal(true);
      expect(element.hasAttribute("mentioned")).to.equal(true);
      expect(element.shadowRoot!.querySelector("b"), "user text is never HTML").to.equal(null);
      expect(getComputedStyle(part(element, "bubble")).boxShadow).to.not.equal("none");
    });

    it("marks nothing for names the message does not mention, and no bubble for one's own", async () => {
      const message = makeMessage({ senderId: "me", senderName: "Me Myself", text: "@Bob Stone, @me", mentions: ["me"] });
      const element = await fixture<ChatMessageElement>(html`<chat-message .message=${message} .names=${names} .userId=${"me"} own></chat-message>`);
      expect(parts(element, "mention").map((mention) => mention.textContent)).to.deep.equal(["@me"]);
      expect(part(element, "bubble").part.contains("bubble-mentioned")).to.equal(false);
    });
  });

  describe("<chat-list>", () => {
    it("shows an @ badge with the mention count as its label, muted or not", async () => {
      const chat = fakeChat({
        userId: "me",
        conversations: [
          makeSummary({ id: "a", unread: 3, unreadMentions: 2 }),
          makeSummary({ id: "b", unread: 1, unreadMentions: 1, muted: true }),
          makeSummary({ id: "c", unread: 1 }),
        ],
      });
      const list = await fixture<ChatList>(html`<chat-list .chat=${chat}></chat-list>`);
      const badges = parts(list, "mention-badge");
      expect(badges.map((badge) => [badge.textContent!.trim(), badge.getAttribute("aria-label")])).to.deep.equal([
        ["@", "2 mentions"],
        ["@", "1 mention"],
      ]);
      expect(chat.unreadMentions.get()).to.equal(3);
    });
  });

  describe("<chat-window>", () => {
    it("offers the other members in its composer and sends and edits with the mentions", async () => {
      const handle = fakeConversation("c-1", {
        meta: makeMeta("c-1", { type: "group", title: "Team" }),
        members: [makeMember("me", { name: "Me Myself" }), makeMember("bob", { name: "Bob Stone" })],
        messages: [makeMessage({ senderId: "me", senderName: "Me Myself", text: "old" })],
      });
      const chat = fakeChat({ userId: "me", name: "Me Myself", handles: [handle] });
      const element = await fixture<ChatWindow>(html`<chat-window .chat=${chat} conversation="c-1"></chat-window>`);
      await element.updateComplete;
      const composer = part<ChatComposer>(element, "composer");
      await composer.updateComplete;
      const input = part<HTMLTextAreaElement>(composer, "input");
      typeInto(input, "@");
      await composer.updateComplete;
      expect(optionNames(composer)).to.deep.equal(["Bob Stone"]);
      pressEnter(input);
      await composer.updateComplete;
      pressEnter(input);
      expect(handle.calls.find((call) => call.action === "send")?.args).to.deep.equal(["@Bob Stone ", { mentions: ["bob"] }]);

      const own = element.shadowRoot!.querySelector("chat-message")!;
      own.dispatchEvent(new CustomEvent("chat-edit", { detail: { messageId: own.message!.id }, bubbles: true, composed: true }));
      await element.updateComplete;
      await composer.updateComplete;
      typeInto(input, "old, @bob");
      pressKey(input, "Escape");
      pressEnter(input);
      await settle();
      expect(handle.calls.find((call) => call.action === "edit")?.args).to.deep.equal([own.message!.id, "old, @bob", undefined, ["bob"]]);
    });
  });
});
