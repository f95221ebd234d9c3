import { expect, fixture, html, waitUntil } from "@open-wc/testing";
import "../../src/components/chat-list/chat-list.js";
import type { ChatList } from "../../src/components/chat-list/chat-list.js";
import type { ChatNewConversation } from "../../src/components/chat-new-conversation/chat-new-conversation.js";
import type { ChatItemDetail, ChatSelectDetail } from "../../src/components/events.js";
import { formatListTime } from "../../src/components/format.js";
import { de } from "../../src/components/strings-de.js";
import type { ConversationSummary } from "../../src/store/index.js";
import { fakeChat, makeSummary, type FakeChat } from "./fake-chat.js";
import { deepActiveElement, fill, hasPart, part, parts, pressKey, record } from "./helpers.js";

/** An http(s) picture on the test server itself, so no request leaves the machine. */
const AVATAR = `${location.origin}/avatar.png`;
const NOW = Date.now();

/** Three conversations, most recently active first, as the store keeps them. */
function sampleConversations(): ConversationSummary[] {
  return [
    makeSummary({
      id: "c-book",
      title: "Book club",
      memberCount: 5,
      unread: 3,
      updatedAt: NOW - 1_000,
      lastMessage: { senderId: "bob", senderName: "Bob", text: "See you Thursday", createdAt: NOW - 1_000 },
    }),
    makeSummary({
      id: "c-carol",
      type: "direct",
      title: "Carol",
      avatar: AVATAR,
      peer: { userId: "carol", name: "Carol" },
      memberCount: 2,
      unread: 0,
      updatedAt: NOW - 60_000,
      lastMessage: { senderId: "me", senderName: "Me", text: "On my way", createdAt: NOW - 60_000 },
    }),
    makeSummary({
      id: "c-team",
      title: "Launch team",
      memberCount: 4,
      unread: 120,
      updatedAt: NOW - 3 * 86_400_000,
    }),
  ];
}

async function renderList(chat: FakeChat | null, selected = ""): Promise<ChatList> {
  return fixture<ChatList>(html`<chat-list .chat=${chat} selected=${selected}></chat-list>`);
}

function items(list: ChatList): HTMLLIElement[] {
  return parts<HTMLLIElement>(list, "item");
}

function itemById(list: ChatList, id: string): HTMLLIElement {
  const found = items(list).find((item) => item.dataset.id === id);
  if (!found) throw new Error(`no item for ${id}`);
  return found;
}

/** The text of the element with part `name` inside `item`. */
function textOf(item: Element, name: string): string | null {
  return item.querySelector(`[part~="${name}"]`)?.textContent?.trim() ?? null;
}

function tabindexes(list: ChatList): string[] {
  return items(list).map((item) => item.getAttribute("tabindex")!);
}

describe("<chat-list>", () => {
  let chat: FakeChat;

  beforeEach(() => {
    chat = fakeChat({ userId: "me", name: "Me", conversations: sampleConversations() });
  });

  describe("items", () => {
    it("renders one option per summary, in the order the store gives", async () => {
      const list = await renderList(chat);
      expect(items(list).map((item) => item.dataset.id)).to.deep.equal(["c-book", "c-carol", "c-team"]);
      expect(items(list).map((item) => textOf(item, "title"))).to.deep.equal(["Book club", "Carol", "Launch team"]);
      expect(items(list).every((item) => item.getAttribute("role") === "option")).to.equal(true);
      const listbox = part(list, "list");
      expect(listbox.getAttribute("role")).to.equal("listbox");
      const label = list.shadowRoot!.getElementById(listbox.getAttribute("aria-labelledby")!);
      expect(label?.textContent).to.equal("Conversations");
    });

    it("keeps the store's order even when it is not by time", async () => {
      const [book, carol, team] = sampleConversations();
      chat.conversations.set([team!, book!, carol!]);
      const list = await renderList(chat);
      expect(items(list).map((item) => item.dataset.id)).to.deep.equal(["c-team", "c-book", "c-carol"]);
    });

    it("shows initials for a conversation without an avatar, and the picture when there is one", async () => {
      const list = await renderList(chat);
      const initialsAvatar = itemById(list, "c-book").querySelector('[part~="avatar"]')!;
      expect(initialsAvatar.localName).to.equal("span");
      expect(initialsAvatar.textContent).to.equal("BC");
      expect(initialsAvatar.getAttribute("aria-hidden")).to.equal("true");

      const picture = itemById(list, "c-carol").querySelector<HTMLImageElement>('[part~="avatar"]')!;
      expect(picture.localName).to.equal("img");
      expect(picture.getAttribute("src")).to.equal(AVATAR);
      expect(picture.alt).to.equal("");
    });

    it('previews someone else\'s last message as "Name: text"', async () => {
      const list = await renderList(chat);
      expect(textOf(itemById(list, "c-book"), "preview")).to.equal("Bob: See you Thursday");
    });

    it('previews the user\'s own last message as "You: text"', async () => {
      const list = await renderList(chat);
      expect(textOf(itemById(list, "c-carol"), "preview")).to.equal("You: On my way");
    });

    it("previews someone else's message in a one-to-one without their name: the title names them", async () => {
      chat.conversations.set([
        makeSummary({
          id: "c-dm",
          type: "direct",
          title: "Dan",
          peer: { userId: "dan", name: "Dan" },
          memberCount: 2,
          lastMessage: { senderId: "dan", senderName: "Dan", text: "lunch at noon?", createdAt: NOW },
        }),
      ]);
      const list = await renderList(chat);
      expect(textOf(itemById(list, "c-dm"), "preview")).to.equal("lunch at noon?");
    });

    it('previews the user\'s own message in German as "Du: text"', async () => {
      const list = await fixture<ChatList>(html`<chat-list lang="de" .chat=${chat}></chat-list>`);
      await waitUntil(() => textOf(itemById(list, "c-carol"), "preview") === `${de.you}: On my way`);
    });

    it('previews a group without messages as "N members"', async () => {
      const list = await renderList(chat);
      expect(textOf(itemById(list, "c-team"), "preview")).to.equal("4 members");
    });

    it("previews a one-to-one conversation without messages as having none", async () => {
      chat.conversations.set([makeSummary({ id: "c-dm", type: "direct", title: "Dan", memberCount: 2 })]);
      const list = await renderList(chat);
      expect(textOf(itemById(list, "c-dm"), "preview")).to.equal("No messages yet");
    });

    it("shows the time of the last activity in a <time> element", async () => {
      const list = await renderList(chat);
      for (const summary of sampleConversations()) {
        const time = itemById(list, summary.id).querySelector("time")!;
        expect(time.getAttribute("part")).to.equal("time");
        expect(time.textContent!.trim()).to.equal(formatListTime(summary.updatedAt));
        expect(time.getAttribute("datetime")).to.equal(new Date(summary.updatedAt).toISOString());
        expect(time.title).to.not.equal("");
      }
    });

    it('shows the unread count in a badge labelled "N unread"', async () => {
      const list = await renderList(chat);
      const badge = itemById(list, "c-book").querySelector('[part~="badge"]')!;
      expect(badge.textContent!.trim()).to.equal("3");
      expect(badge.getAttribute("aria-label")).to.equal("3 unread");
    });

    it("hides the badge when nothing is unread", async () => {
      const list = await renderList(chat);
      expect(itemById(list, "c-carol").querySelector('[part~="badge"]') === null).to.equal(true);
    });

    it('caps the badge at "99+" but keeps the exact count in its label', async () => {
      const list = await renderList(chat);
      const badge = itemById(list, "c-team").querySelector('[part~="badge"]')!;
      expect(badge.textContent!.trim()).to.equal("99+");
      expect(badge.getAttribute("aria-label")).to.equal("120 unread");
    });

    it("shows 99 itself, and 100 as 99+", async () => {
      chat.conversations.set([makeSummary({ id: "c-99", unread: 99 }), makeSummary({ id: "c-100", unread: 100 })]);
      const list = await renderList(chat);
      expect(textOf(itemById(list, "c-99"), "badge")).to.equal("99");
      expect(textOf(itemById(list, "c-100"), "badge")).to.equal("99+");
      expect(itemById(list, "c-100").querySelector('[part~="badge"]')!.getAttribute("aria-label")).to.equal("100 unread");
    });
  });

  describe("live updates", () => {
    it("re-renders when the conversations store changes", async () => {
      const list = await renderList(chat);
      const [book, carol, team] = sampleConversations();
      const bumped = {
        ...team!,
        unread: 1,
        updatedAt: NOW,
        lastMessage: { senderId: "dan", senderName: "Dan", text: "Shipped!", createdAt: NOW },
      };
      chat.conversations.set([bumped, book!, carol!]);
      await list.updateComplete;

      expect(items(list).map((item) => item.dataset.id)).to.deep.equal(["c-team", "c-book", "c-carol"]);
      expect(textOf(itemById(list, "c-team"), "preview")).to.equal("Dan: Shipped!");
      expect(textOf(itemById(list, "c-team"), "badge")).to.equal("1");
    });

    it("removes items that leave the store and shows the empty state when none remain", async () => {
      const list = await renderList(chat);
      chat.conversations.set(chat.conversations.get().filter((item) => item.id !== "c-carol"));
      await list.updateComplete;
      expect(items(list).map((item) => item.dataset.id)).to.deep.equal(["c-book", "c-team"]);

      chat.conversations.set([]);
      await list.updateComplete;
      expect(items(list).length).to.equal(0);
      expect(hasPart(list, "empty"), "empty").to.equal(true);
    });

    it("follows a new chat when the chat property is replaced", async () => {
      const list = await renderList(chat);
      const other = fakeChat({ userId: "me", conversations: [makeSummary({ id: "c-other", title: "Other" })] });
      list.chat = other;
      await list.updateComplete;
      expect(items(list).map((item) => item.dataset.id)).to.deep.equal(["c-other"]);

      // The old chat's store no longer drives the list.
      chat.conversations.set([makeSummary({ id: "c-stale" })]);
      await list.updateComplete;
      expect(items(list).map((item) => item.dataset.id)).to.deep.equal(["c-other"]);
    });
  });

  describe("selection", () => {
    it("opens the chosen conversation through the chat, for the windows that follow it", async () => {
      const list = await renderList(chat);
      itemById(list, "c-carol").click();
      expect(chat.current.get()).to.equal("c-carol");
    });

    it("follows the conversation the chat opens elsewhere", async () => {
      const list = await renderList(chat);
      chat.open("c-team");
      await list.updateComplete;
      expect(list.selected).to.equal("c-team");
      expect(itemById(list, "c-team").getAttribute("aria-selected")).to.equal("true");
    });

    it("selects an item on click: emits a bubbling, composed chat-select with its id", async () => {
      const list = await renderList(chat);
      const selects = record<ChatSelectDetail>(document, "chat-select");
      try {
        itemById(list, "c-carol").click();
      } finally {
        selects.stop();
      }
      expect(selects.map((event) => event.detail)).to.deep.equal([{ conversationId: "c-carol" }]);
      expect(selects[0]!.bubbles).to.equal(true);
      expect(selects[0]!.composed).to.equal(true);
      expect(selects[0]!.target === list).to.equal(true);
    });

    it('reflects the selection: selected attribute, aria-selected="true" and the item-selected part', async () => {
      const list = await renderList(chat);
      itemById(list, "c-carol").click();
      await list.updateComplete;

      expect(list.selected).to.equal("c-carol");
      expect(list.getAttribute("selected")).to.equal("c-carol");
      expect(items(list).map((item) => item.getAttribute("aria-selected"))).to.deep.equal(["false", "true", "false"]);
      expect(parts(list, "item-selected").map((item) => item.dataset.id)).to.deep.equal(["c-carol"]);
      expect(itemById(list, "c-carol").getAttribute("part")).to.equal("item item-selected");
    });

    it("shows the selection given by the selected attribute", async () => {
      const list = await renderList(chat, "c-team");
      expect(parts(list, "item-selected").map((item) => item.dataset.id)).to.deep.equal(["c-team"]);
      expect(itemById(list, "c-team").getAttribute("aria-selected")).to.equal("true");
      expect(tabindexes(list)).to.deep.equal(["-1", "-1", "0"]);
    });

    for (const key of ["Enter", " "]) {
      it(`selects the focused item with ${key === " " ? "Space" : key}`, async () => {
        const list = await renderList(chat);
        const selects = record<ChatSelectDetail>(list, "chat-select");
        const target = itemById(list, "c-team");
        target.focus();
        const keydown = pressKey(target, key);
        await list.updateComplete;

        expect(keydown.defaultPrevented).to.equal(true);
        expect(selects.map((event) => event.detail.conversationId)).to.deep.equal(["c-team"]);
        expect(list.selected).to.equal("c-team");
        expect(target.getAttribute("aria-selected")).to.equal("true");
      });
    }
  });

  describe("keyboard navigation", () => {
    it("makes exactly one item tabbable: the first when nothing is selected", async () => {
      const list = await renderList(chat);
      expect(tabindexes(list)).to.deep.equal(["0", "-1", "-1"]);
    });

    it("moves focus with ArrowDown and ArrowUp, stopping at the ends", async () => {
      const list = await renderList(chat);
      const [first, second, third] = items(list);
      first!.focus();

      expect(pressKey(first!, "ArrowDown").defaultPrevented).to.equal(true);
      expect(deepActiveElement() === second).to.equal(true);
      pressKey(second!, "ArrowDown");
      expect(deepActiveElement() === third).to.equal(true);
      pressKey(third!, "ArrowDown");
      expect(deepActiveElement() === third, "stays on the last item").to.equal(true);

      pressKey(third!, "ArrowUp");
      expect(deepActiveElement() === second).to.equal(true);
      pressKey(second!, "ArrowUp");
      pressKey(first!, "ArrowUp");
      expect(deepActiveElement() === first, "stays on the first item").to.equal(true);
    });

    it("moves focus to the first and last items with Home and End", async () => {
      const list = await renderList(chat);
      const [first, second, third] = items(list);
      second!.focus();
      pressKey(second!, "End");
      expect(deepActiveElement() === third).to.equal(true);
      pressKey(third!, "Home");
      expect(deepActiveElement() === first).to.equal(true);
    });

    it("does not select anything while moving focus", async () => {
      const list = await renderList(chat);
      const selects = record(list, "chat-select");
      const [first] = items(list);
      first!.focus();
      pressKey(first!, "ArrowDown");
      pressKey(deepActiveElement()!, "End");
      await list.updateComplete;
      expect(selects.length).to.equal(0);
      expect(list.selected).to.equal("");
    });

    it("moves the single tabindex=0 along with the focus (roving tabindex)", async () => {
      const list = await renderList(chat, "c-team");
      const [first, second] = items(list);
      first!.focus();
      await list.updateComplete;
      pressKey(first!, "ArrowDown");
      await list.updateComplete;

      expect(deepActiveElement() === second).to.equal(true);
      // Tab from the list, then Shift+Tab back, must return to where the user was.
      expect(tabindexes(list)).to.deep.equal(["-1", "0", "-1"]);
    });

    it("ignores other keys", async () => {
      const list = await renderList(chat);
      const [first] = items(list);
      first!.focus();
      const keydown = pressKey(first!, "a");
      expect(keydown.defaultPrevented).to.equal(false);
      expect(deepActiveElement() === first).to.equal(true);
    });
  });

  describe("empty state", () => {
    beforeEach(() => {
      chat.conversations.set([]);
    });

    it("shows the default empty text and a Start a conversation button", async () => {
      const list = await renderList(chat);
      const empty = part(list, "empty");
      const slot = empty.querySelector<HTMLSlotElement>("slot[name=empty]")!;
      expect(slot.textContent!.trim()).to.equal("No conversations yet.");
      expect(slot.assignedNodes().length).to.equal(0);
      expect(empty.getBoundingClientRect().height).to.be.greaterThan(0);
      const button = empty.querySelector("button")!;
      expect(button.textContent!.trim()).to.equal("Start a conversation");
      expect(button.disabled).to.equal(false);
      expect(hasPart(list, "list"), "list").to.equal(false);
    });

    it('shows content slotted into "empty" instead of the default text', async () => {
      const list = await fixture<ChatList>(
        html`<chat-list .chat=${chat}><p slot="empty" id="custom">Nothing here, try the New button</p></chat-list>`,
      );
      const slot = part(list, "empty").querySelector<HTMLSlotElement>("slot[name=empty]")!;
      const assigned = slot.assignedElements();
      expect(assigned.map((element) => element.id)).to.deep.equal(["custom"]);
    });

    it("opens the new-conversation form from the Start a conversation button", async () => {
      const list = await renderList(chat);
      part(list, "empty").querySelector("button")!.click();
      await list.updateComplete;
      expect(part(list, "empty").querySelector("button") !== null, "the button hides while the form is open").to.equal(false);
      expect(list.shadowRoot!.querySelector("chat-new-conversation") !== null).to.equal(true);
    });
  });

  describe("new conversation", () => {
    async function openForm(list: ChatList): Promise<ChatNewConversation> {
      part<HTMLButtonElement>(list, "new-button").click();
      await list.updateComplete;
      const form = list.shadowRoot!.querySelector("chat-new-conversation");
      if (!form) throw new Error("the new-conversation form did not open");
      await form.updateComplete;
      return form;
    }

    it("opens chat-new-conversation with the list's chat when New is clicked", async () => {
      const list = await renderList(chat);
      expect(list.shadowRoot!.querySelector("chat-new-conversation") !== null).to.equal(false);
      const form = await openForm(list);
      expect(form.chat === chat).to.equal(true);
    });

    it("moves focus into the form's people picker", async () => {
      const list = await renderList(chat);
      const form = await openForm(list);
      // Let the list's openForm() continue after its own updateComplete.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const input = form.shadowRoot!.querySelector("chat-people-picker")!.shadowRoot!.querySelector("input");
      expect(input !== null).to.equal(true);
      expect(deepActiveElement() === input, "the picker's input has focus").to.equal(true);
    });

    it("closes the form on chat-cancel", async () => {
      const list = await renderList(chat);
      const form = await openForm(list);
      form.shadowRoot!.querySelector<HTMLButtonElement>('[part~="cancel-button"]')!.click();
      await list.updateComplete;
      expect(list.shadowRoot!.querySelector("chat-new-conversation") !== null).to.equal(false);
    });

    it("selects the created conversation, closes the form and emits one chat-select from the list", async () => {
      const list = await renderList(chat);
      const form = await openForm(list);
      const selects = record<ChatSelectDetail>(document, "chat-select");
      try {
        const input = form.shadowRoot!.querySelector("chat-people-picker")!.shadowRoot!.querySelector("input")!;
        fill(input, "zoe");
        pressKey(input, "Enter");
        await waitUntil(() => selects.length > 0);
        await list.updateComplete;
      } finally {
        selects.stop();
      }
      expect(chat.creates).to.deep.equal([{ type: "direct", members: ["zoe"] }]);
      expect(selects.map((event) => event.detail.conversationId)).to.deep.equal(["created-1"]);
      expect(selects[0]!.target === list).to.equal(true);
      expect(list.selected).to.equal("created-1");
      expect(list.shadowRoot!.querySelector("chat-new-conversation") !== null).to.equal(false);
    });

    it("disables New when there is no chat", async () => {
      const list = await renderList(null);
      expect(part<HTMLButtonElement>(list, "new-button").disabled).to.equal(true);
      expect(part(list, "empty").querySelector("button")!.disabled).to.equal(true);
    });
  });

  describe("chat-conversation events", () => {
    it("re-dispatches the chat's conversation changes as bubbling, composed DOM events", async () => {
      const list = await renderList(chat);
      const events = record<ChatItemDetail<ConversationSummary>>(document, "chat-conversation");
      const added = makeSummary({ id: "c-new", title: "New one" });
      try {
        chat.emit("conversation", added, 1);
        chat.emit("conversation", added, -1);
      } finally {
        events.stop();
      }
      expect(events.map((event) => [event.detail.item.id, event.detail.op])).to.deep.equal([
        ["c-new", 1],
        ["c-new", -1],
      ]);
      expect(events[0]!.detail.item === added).to.equal(true);
      expect(events.every((event) => event.bubbles && event.composed && event.target === list)).to.equal(true);
    });

    it("stops listening when removed from the page and listens again when put back", async () => {
      const list = await renderList(chat);
      expect(chat.listenerCount("conversation")).to.equal(1);
      const parent = list.parentElement!;
      list.remove();
      expect(chat.listenerCount("conversation")).to.equal(0);

      parent.append(list);
      await list.updateComplete;
      expect(chat.listenerCount("conversation")).to.equal(1);
      const events = record(list, "chat-conversation");
      chat.emit("conversation", makeSummary({ id: "c-x" }), 0);
      expect(events.length).to.equal(1);
    });

    it("moves its listener to a replacement chat", async () => {
      const list = await renderList(chat);
      const other = fakeChat();
      list.chat = other;
      await list.updateComplete;
      expect(chat.listenerCount("conversation")).to.equal(0);
      expect(other.listenerCount("conversation")).to.equal(1);
    });
  });
  describe("presence", () => {
    it("puts a presence dot on a one-to-one conversation whose peer's presence is known", async () => {
      chat.conversations.set([
        makeSummary({ id: "c-on", type: "direct", title: "Dan", peer: { userId: "dan", name: "Dan", online: true } }),
        makeSummary({ id: "c-off", type: "direct", title: "Eve", peer: { userId: "eve", name: "Eve", online: false } }),
        makeSummary({ id: "c-unknown", type: "direct", title: "Fay", peer: { userId: "fay", name: "Fay" } }),
        makeSummary({ id: "c-group", title: "Group" }),
      ]);
      const list = await renderList(chat);
      const dot = (id: string) => itemById(list, id).querySelector('[part~="presence"]');
      expect(dot("c-on")?.getAttribute("part")).to.equal("presence presence-online");
      expect(dot("c-on")?.getAttribute("aria-label")).to.equal("online");
      expect(dot("c-off")?.getAttribute("part")).to.equal("presence");
      expect(dot("c-off")?.getAttribute("aria-label")).to.equal("offline");
      expect(dot("c-unknown") === null, "no dot while presence is unknown").to.equal(true);
      expect(dot("c-group") === null, "no dot on a group").to.equal(true);
    });
  });
});
