import { aTimeout, expect, fixture, html, nextFrame, waitUntil } from "@open-wc/testing";
import { sendKeys } from "@web/test-runner-commands";
import "../../src/components/chat-message/chat-message.js";
import type { ChatMessageElement } from "../../src/components/chat-message/chat-message.js";
import type { ChatMessageActionDetail, ChatReactDetail } from "../../src/components/events.js";
import { de } from "../../src/components/strings-de.js";
import type { ChatMessage } from "../../src/store/index.js";
import { buttonName, buttonNamed, deepActiveElement, hasPart, maybePart, part, parts, record } from "./helpers.js";

declare global {
  interface Window {
    __pwned?: unknown;
  }
}

const CREATED_AT = Date.UTC(2024, 0, 2, 3, 4, 5);

function makeMessage(overrides: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: "00000000-0000-4000-8000-000000000001",
    conversationId: "c_room",
    type: "user",
    seq: 1,
    senderId: "alice",
    senderName: "Alice",
    text: "Hello there",
    createdAt: CREATED_AT,
    status: "sent",
    ...overrides,
  };
}

async function renderMessage(message: ChatMessage, own = false): Promise<ChatMessageElement> {
  return fixture<ChatMessageElement>(
    html`<chat-message .message=${message} ?own=${own}></chat-message>`,
  );
}

interface RichProps {
  quoted?: ChatMessage;
  names?: ReadonlyMap<string, string>;
  userId?: string;
  own?: boolean;
  canDelete?: boolean;
  seenBy?: string;
}

async function renderRich(message: ChatMessage, props: RichProps = {}): Promise<ChatMessageElement> {
  return fixture<ChatMessageElement>(
    html`<chat-message
      .message=${message}
      .quoted=${props.quoted}
      .names=${props.names ?? new Map()}
      .userId=${props.userId ?? ""}
      ?own=${props.own ?? false}
      .canDelete=${props.canDelete ?? false}
      .seenBy=${props.seenBy ?? ""}
    ></chat-message>`,
  );
}

function actionButton(element: ChatMessageElement, label: string): HTMLButtonElement {
  return buttonNamed(element, "action-button", label);
}

function actionNames(element: ChatMessageElement): string[] {
  return parts(element, "action-button").map(buttonName);
}

describe("<chat-message>", () => {
  describe("content", () => {
    it("renders the sender's name", async () => {
      const element = await renderMessage(makeMessage());
      expect(part(element, "sender").textContent).to.equal("Alice");
    });

    it("renders a <time> whose datetime is the ISO form of createdAt", async () => {
      const element = await renderMessage(makeMessage());
      const time = part(element, "timestamp");
      expect(time.localName).to.equal("time");
      expect(time.getAttribute("datetime")).to.equal("2024-01-02T03:04:05.000Z");
      expect(time.textContent!.trim()).to.not.equal("");
      expect(time.title).to.not.equal("");
    });

    it("renders the message text in the bubble", async () => {
      const element = await renderMessage(makeMessage());
      expect(part(element, "bubble").textContent).to.equal("Hello there");
    });

    it("renders a system message as one centred line of text, without sender, bubble or actions", async () => {
      const element = await renderMessage(makeMessage({ senderId: "", senderName: "", text: "Ticket <b>opened</b>", system: true }));
      const line = part(element, "system");
      expect(line.textContent).to.equal("Ticket <b>opened</b>");
      expect(getComputedStyle(line).marginLeft).to.equal(getComputedStyle(line).marginRight);
      expect(maybePart(element, "bubble")).to.equal(null);
      expect(maybePart(element, "sender")).to.equal(null);
      expect(maybePart(element, "actions")).to.equal(null);
    });

    it("renders nothing while no message is set", async () => {
      const element = await fixture<ChatMessageElement>(html`<chat-message></chat-message>`);
      expect(element.shadowRoot!.childElementCount).to.equal(0);
      expect(element.hasAttribute("status")).to.equal(false);
    });

    it("re-renders when a new message object is assigned", async () => {
      const element = await renderMessage(makeMessage({ status: "pending", seq: null }), true);
      expect(part(element, "status").textContent).to.equal("Sending…");

      element.message = makeMessage({ status: "sent", text: "Hello there, edited" });
      await element.updateComplete;
      expect(part(element, "status").textContent).to.equal("Sent");
      expect(part(element, "bubble").textContent).to.equal("Hello there, edited");
      expect(element.getAttribute("status")).to.equal("sent");
    });
  });

  describe("untrusted text", () => {
    const hostile = `<img src=x onerror="window.__pwned=1"> and <b>bold</b>`;

    beforeEach(() => {
      delete window.__pwned;
    });

    it("shows markup in the text literally instead of parsing it as HTML", async () => {
      const element = await renderMessage(makeMessage({ text: hostile }));
      // Give a would-be <img> time to fail loading and fire onerror.
      await nextFrame();
      await aTimeout(50);

      expect(part(element, "bubble").textContent).to.equal(hostile);
      expect(element.shadowRoot!.querySelectorAll("img").length).to.equal(0);
      expect(element.shadowRoot!.querySelectorAll("b").length).to.equal(0);
      expect(element.querySelectorAll("img, b").length).to.equal(0);
      expect(window.__pwned).to.equal(undefined);
    });

    it("shows markup in the sender's name literally too", async () => {
      const element = await renderMessage(makeMessage({ senderName: hostile }));
      await nextFrame();
      await aTimeout(50);

      expect(part(element, "sender").textContent).to.equal(hostile);
      expect(element.shadowRoot!.querySelectorAll("img, b").length).to.equal(0);
      expect(window.__pwned).to.equal(undefined);
    });
  });

  describe("layout", () => {
    it("preserves newlines in the text (white-space: pre-wrap)", async () => {
      const text = "line one\nline two\n\nline four";
      const element = await renderMessage(makeMessage({ text }));
      const bubble = part(element, "bubble");

      expect(getComputedStyle(bubble).whiteSpace).to.equal("pre-wrap");
      expect(bubble.textContent).to.equal(text);
      // innerText follows the rendering, so it only keeps the breaks if they are displayed.
      expect(bubble.innerText).to.equal(text);
    });
  });

  describe("formatted text", () => {
    const formatted = "**bold** _italic_ `code` https://example.com\n```\nblock\n```";

    it("shows bold, italic, code, code blocks and links as parts of the bubble", async () => {
      const element = await renderMessage(makeMessage({ text: formatted }));
      const bubble = part(element, "bubble");
      for (const name of ["bold", "italic", "code", "link", "code-block"]) {
        expect(bubble.contains(part(element, name)), name).to.equal(true);
      }
      expect(bubble.textContent).to.equal("bold italic code https://example.comblock");
      const unnamed = [...bubble.querySelectorAll("*")].filter((node) => !node.hasAttribute("part"));
      expect(unnamed.length).to.equal(0);
    });

    it("sets code in a monospace font and lets a long code block scroll sideways", async () => {
      const longLine = "x".repeat(400);
      const element = await renderMessage(makeMessage({ text: `\`code\`\n\`\`\`\n${longLine}\n\`\`\`` }));
      expect(getComputedStyle(part(element, "code")).fontFamily).to.match(/monospace/);
      const block = part(element, "code-block");
      expect(getComputedStyle(block).fontFamily).to.match(/monospace/);
      expect(getComputedStyle(block).overflowX).to.equal("auto");
      expect(block.scrollWidth).to.be.greaterThan(block.clientWidth);
      expect(part(element, "bubble").getBoundingClientRect().width).to.be.at.most(element.getBoundingClientRect().width);
    });

    for (const own of [false, true]) {
      it(`shows links in a colour other than the bubble's in ${own ? "own" : "others'"} messages`, async () => {
        const element = await renderMessage(makeMessage({ text: "see https://example.com" }), own);
        const link = part<HTMLAnchorElement>(element, "link");
        expect(link.href).to.equal("https://example.com/");
        expect(link.target).to.equal("_blank");
        expect(link.rel).to.equal("noopener noreferrer nofollow");
        expect(getComputedStyle(link).color).to.not.equal(getComputedStyle(part(element, "bubble")).backgroundColor);
        expect(getComputedStyle(link).textDecorationLine).to.equal("underline");
      });
    }

    it("gives others' links the accent colour, own links the bubble's text colour", async () => {
      const other = await renderMessage(makeMessage({ text: "https://example.com" }));
      expect(getComputedStyle(part(other, "link")).color).to.equal("rgb(59, 91, 219)");
      const own = await renderMessage(makeMessage({ text: "https://example.com" }), true);
      expect(getComputedStyle(part(own, "link")).color).to.equal(getComputedStyle(part(own, "bubble")).color);
    });
  });

  describe("own messages", () => {
    const cases = [
      { status: "pending", label: "Sending…" },
      { status: "sent", label: "Sent" },
      { status: "failed", label: "Not sent" },
    ] as const;

    for (const { status, label } of cases) {
      it(`show "${label}" for a ${status} message`, async () => {
        const element = await renderMessage(makeMessage({ status }), true);
        const statusText = part(element, "status").textContent!;
        const retryText = maybePart(element, "retry-button")?.textContent ?? "";
        expect(statusText.replace(retryText, "").trim()).to.equal(label);
        expect(element.getAttribute("status")).to.equal(status);
      });
    }

    it("offer Retry on a failed message only, which emits chat-retry with its id", async () => {
      const failed = await renderMessage(makeMessage({ id: "m-1", status: "failed", seq: null }), true);
      const retries: CustomEvent<{ messageId: string }>[] = [];
      failed.addEventListener("chat-retry", (event) => retries.push(event));
      part<HTMLButtonElement>(failed, "retry-button").click();
      expect(retries.map((event) => event.detail.messageId)).to.deep.equal(["m-1"]);
      expect(retries[0]!.bubbles && retries[0]!.composed).to.equal(true);
      const sent = await renderMessage(makeMessage({ status: "sent" }), true);
      expect(maybePart(sent, "retry-button") === null).to.equal(true);
    });

    it("say why a failed message was refused, next to Not sent", async () => {
      const element = await renderMessage(
        makeMessage({ status: "failed", seq: null, error: "not a member of this conversation" }),
        true,
      );
      expect(part(element, "status-reason").textContent).to.equal(": not a member of this conversation");
      expect(part(element, "status").textContent).to.match(/^Not sent: not a member of this conversation/);
    });

    it("word the reason by its code in the element's language", async () => {
      const message = makeMessage({ status: "failed", seq: null, error: "the word is not allowed here", errorCode: "blocked_word" });
      const element = await fixture<ChatMessageElement>(html`<chat-message lang="de" .message=${message} own></chat-message>`);
      await waitUntil(() => part(element, "status-reason").textContent === `: ${de.errors.blocked_word}`);
      expect(part(element, "status").textContent).to.match(new RegExp(`^${de.failed}: `));
    });

    it("have no reason when there is no error", async () => {
      const element = await renderMessage(makeMessage({ status: "sent" }), true);
      expect(maybePart(element, "status-reason") === null).to.equal(true);
    });

    it('have the bubble parts "bubble bubble-own" and reflect the own attribute', async () => {
      const element = await renderMessage(makeMessage(), true);
      expect(part(element, "bubble").getAttribute("part")).to.equal("bubble bubble-own");
      expect(element.hasAttribute("own")).to.equal(true);
    });
  });

  describe("others' messages", () => {
    for (const status of ["pending", "sent", "failed"] as const) {
      it(`show no delivery status, even when ${status}`, async () => {
        const element = await renderMessage(makeMessage({ status }));
        expect(maybePart(element, "status") === null, "no status part").to.equal(true);
        expect(element.shadowRoot!.textContent).to.not.match(/Sending…|Sent|Not sent/);
      });
    }

    it('have the plain "bubble" part, without bubble-own', async () => {
      const element = await renderMessage(makeMessage());
      expect(part(element, "bubble").getAttribute("part")).to.equal("bubble");
      expect(maybePart(element, "bubble-own") === null, "no bubble-own part").to.equal(true);
      expect(element.hasAttribute("own")).to.equal(false);
    });
  });

  describe("parts", () => {
    it("expose every visible piece of an own message as a part", async () => {
      const element = await renderMessage(makeMessage(), true);
      const meta = part(element, "meta");
      const sender = part(element, "sender");
      const timestamp = part(element, "timestamp");
      const bubble = part(element, "bubble");
      const status = part(element, "status");

      expect(meta.contains(sender)).to.equal(true);
      expect(meta.contains(timestamp)).to.equal(true);
      // Every element with visible text content carries a part name.
      const unnamed = [...element.shadowRoot!.querySelectorAll("*")]
        .filter((node) => !node.hasAttribute("part") && node.localName !== "style")
        .map((node) => node.localName);
      expect(unnamed).to.deep.equal([]);
      for (const piece of [meta, sender, timestamp, bubble, status]) {
        expect(piece.getBoundingClientRect().height, piece.getAttribute("part")!).to.be.greaterThan(0);
      }
    });

    it("expose meta, sender, timestamp and bubble on others' messages", async () => {
      const element = await renderMessage(makeMessage());
      for (const name of ["meta", "sender", "timestamp", "bubble"]) {
        expect(maybePart(element, name), name).to.not.equal(null);
      }
    });
  });
  describe("edited and deleted", () => {
    it('marks an edited message "edited"', async () => {
      const element = await renderRich(makeMessage({ editedAt: CREATED_AT + 1_000 }));
      expect(part(element, "edited").textContent).to.equal("edited");
      expect(part(element, "meta").contains(part(element, "edited"))).to.equal(true);
    });

    it("has no edited mark on a message never edited", async () => {
      const element = await renderRich(makeMessage());
      expect(hasPart(element, "edited")).to.equal(false);
    });

    it('shows a deleted message as a "Message deleted" tombstone without its toolbar or edited mark', async () => {
      const element = await renderRich(makeMessage({ text: "", deletedAt: CREATED_AT + 2_000, editedAt: CREATED_AT + 1_000 }), {
        own: true,
        canDelete: true,
      });
      const bubble = part(element, "bubble");
      expect(bubble.textContent).to.equal("Message deleted");
      expect(bubble.getAttribute("part")).to.equal("bubble bubble-own bubble-deleted");
      expect(hasPart(element, "actions"), "no toolbar").to.equal(false);
      expect(hasPart(element, "edited"), "no edited mark").to.equal(false);
    });
  });

  describe("replies", () => {
    const original = makeMessage({ id: "00000000-0000-4000-8000-00000000000a", senderName: "Bob", text: "Lunch at noon?" });
    const reply = makeMessage({ id: "00000000-0000-4000-8000-00000000000b", replyTo: original.id, text: "Yes!" });

    it("quotes the message replied to with its sender, and names it as a reply", async () => {
      const element = await renderRich(reply, { quoted: original });
      const quote = part<HTMLButtonElement>(element, "quote");
      expect(quote.localName).to.equal("button");
      expect(quote.textContent!.replace(/\s+/g, " ").trim()).to.equal("In reply to Bob Lunch at noon?");
      expect(quote.querySelector(".name")!.textContent).to.equal("Bob");
    });

    it("quotes the words of a message written in markdown, not its marks", async () => {
      const element = await renderRich(reply, { quoted: { ...original, text: "Does it do *markdown*, like `code` and **bold**?" } });
      expect(part(element, "quote").textContent!.replace(/\s+/g, " ").trim()).to.equal("In reply to Bob Does it do markdown, like code and bold?");
    });

    it('says "an earlier message" when the quoted message is not held', async () => {
      const element = await renderRich(reply);
      expect(part(element, "quote").textContent!.replace(/\s+/g, " ").trim()).to.equal("In reply to an earlier message");
    });

    it('says "Message deleted" when the quoted message was deleted', async () => {
      const element = await renderRich(reply, { quoted: { ...original, text: "", deletedAt: CREATED_AT } });
      expect(part(element, "quote").textContent).to.contain("Message deleted");
      expect(part(element, "quote").textContent).to.not.contain("Lunch");
    });

    it("shortens a long quoted text to 80 characters and an ellipsis", async () => {
      const long = "x".repeat(200);
      const element = await renderRich(reply, { quoted: { ...original, text: long } });
      expect(part(element, "quote").textContent).to.contain(`${"x".repeat(80)}…`);
      expect(part(element, "quote").textContent).to.not.contain("x".repeat(81));
    });

    it("emits a bubbling, composed chat-jump with the replied-to id when the quote is activated", async () => {
      const element = await renderRich(reply, { quoted: original });
      const jumps = record<ChatMessageActionDetail>(element, "chat-jump");
      part<HTMLButtonElement>(element, "quote").click();
      expect(jumps.map((event) => event.detail.messageId)).to.deep.equal([original.id]);
      expect(jumps[0]!.bubbles && jumps[0]!.composed).to.equal(true);
    });

    it("has no quote on a message that replies to nothing", async () => {
      const element = await renderRich(original);
      expect(hasPart(element, "quote")).to.equal(false);
    });
  });

  describe("reactions", () => {
    const names = new Map([
      ["bob", "Bob Stone"],
      ["cara", "Cara"],
      ["me", "Me Myself"],
    ]);

    it("shows each emoji with its count, pressed where the current user reacted", async () => {
      const element = await renderRich(makeMessage({ reactions: { "👍": ["bob", "me"], "🎉": ["cara"] } }), { names, userId: "me" });
      const reactions = parts<HTMLButtonElement>(element, "reaction");
      expect(reactions.map((button) => button.textContent!.trim())).to.deep.equal(["👍 2", "🎉 1"]);
      expect(reactions.map((button) => button.getAttribute("aria-pressed"))).to.deep.equal(["true", "false"]);
      expect(part(element, "reactions").getAttribute("role")).to.equal("group");
      expect(part(element, "reactions").getAttribute("aria-label")).to.equal("Reactions");
    });

    it("names who reacted in the title and the accessible name, falling back to the user id", async () => {
      const element = await renderRich(makeMessage({ reactions: { "❤️": ["bob", "cara", "zed"] } }), { names, userId: "me" });
      const [reaction] = parts<HTMLButtonElement>(element, "reaction");
      expect(reaction!.title).to.equal("Bob Stone, Cara, zed");
      expect(reaction!.getAttribute("aria-label")).to.equal("❤️ 3: Bob Stone, Cara, zed");
    });

    it("emits chat-react with the message id and emoji when a reaction is clicked", async () => {
      const message = makeMessage({ reactions: { "👍": ["bob"] } });
      const element = await renderRich(message, { names, userId: "me" });
      const reacts = record<ChatReactDetail>(element, "chat-react");
      part<HTMLButtonElement>(element, "reaction").click();
      expect(reacts.map((event) => event.detail)).to.deep.equal([{ messageId: message.id, emoji: "👍" }]);
      expect(reacts[0]!.bubbles && reacts[0]!.composed).to.equal(true);
    });

    it("shows no reactions row when there are none", async () => {
      const element = await renderRich(makeMessage({ reactions: {} }));
      expect(hasPart(element, "reactions")).to.equal(false);
    });
  });

  describe("more reactions", () => {
    async function openPicker(element: ChatMessageElement): Promise<HTMLElement> {
      const more = actionButton(element, "More reactions");
      more.focus();
      await sendKeys({ press: "Enter" });
      await waitUntil(() => hasPart(element, "reaction-picker"), "the picker opens once its emoji load");
      return part<HTMLElement>(element, "reaction-picker");
    }
    const focusedEmoji = () => deepActiveElement()!.textContent!.trim();

    it("opens a labelled listbox of emoji from a button after the quick reactions", async () => {
      const element = await renderRich(makeMessage());
      const more = actionButton(element, "More reactions");
      expect(more.matches('[part~="more-reactions-button"]')).to.equal(true);
      expect(more.getAttribute("aria-haspopup")).to.equal("listbox");
      expect(more.getAttribute("aria-expanded")).to.equal("false");
      expect(hasPart(element, "reaction-picker"), "closed at first").to.equal(false);
      const picker = await openPicker(element);
      expect(more.getAttribute("aria-expanded")).to.equal("true");
      expect(picker.getAttribute("role")).to.equal("listbox");
      expect(picker.getAttribute("aria-label")).to.equal("More reactions");
      const options = [...picker.querySelectorAll<HTMLElement>('[role="option"]')];
      expect(options.length).to.equal(24);
      expect(deepActiveElement()).to.equal(options[0], "focus on the first emoji");
      expect(options.map((option) => option.getAttribute("aria-selected"))).to.deep.equal(["true", ...Array(23).fill("false")]);
      expect(options.filter((option) => option.tabIndex === 0).length, "one Tab stop").to.equal(1);
      await expect(element).to.be.accessible();
    });

    it("moves with arrow keys (up and down by a row of 8), Home and End; Enter reacts like the quick reactions", async () => {
      const message = makeMessage();
      const element = await renderRich(message);
      const reactions = record<ChatReactDetail>(element, "chat-react");
      await openPicker(element);
      await sendKeys({ press: "ArrowRight" });
      expect(focusedEmoji()).to.equal("😅");
      await sendKeys({ press: "ArrowDown" });
      expect(focusedEmoji(), "a row down").to.equal("👏");
      expect(deepActiveElement()!.getAttribute("aria-selected")).to.equal("true");
      await sendKeys({ press: "ArrowDown" });
      expect(focusedEmoji()).to.equal("🔥");
      await sendKeys({ press: "ArrowUp" });
      expect(focusedEmoji()).to.equal("👏");
      await sendKeys({ press: "ArrowLeft" });
      expect(focusedEmoji()).to.equal("👎");
      await sendKeys({ press: "End" });
      expect(focusedEmoji()).to.equal("☕");
      await sendKeys({ press: "ArrowDown" });
      expect(focusedEmoji(), "stays on the last row").to.equal("☕");
      await sendKeys({ press: "Home" });
      expect(focusedEmoji()).to.equal("😀");
      await sendKeys({ press: "ArrowRight" });
      await sendKeys({ press: "Enter" });
      await element.updateComplete;
      expect(reactions.map((event) => [event.detail.messageId, event.detail.emoji])).to.deep.equal([[message.id, "😅"]]);
      expect(hasPart(element, "reaction-picker"), "picking closes it").to.equal(false);
      expect(deepActiveElement()).to.equal(actionButton(element, "More reactions"));
    });

    it("closes on Escape with focus back on its button, and when focus leaves it", async () => {
      const element = await renderRich(makeMessage());
      const reactions = record<ChatReactDetail>(element, "chat-react");
      await openPicker(element);
      await sendKeys({ press: "Escape" });
      await element.updateComplete;
      expect(hasPart(element, "reaction-picker")).to.equal(false);
      const more = actionButton(element, "More reactions");
      expect(deepActiveElement()).to.equal(more);
      expect(more.getAttribute("aria-expanded")).to.equal("false");

      await openPicker(element);
      (deepActiveElement() as HTMLElement).blur();
      await element.updateComplete;
      expect(hasPart(element, "reaction-picker"), "focus leaving it (a click outside) closes it").to.equal(false);
      expect(reactions.length).to.equal(0);
    });
  });

  describe("toolbar", () => {
    it("is a labelled toolbar of quick reactions and Reply on others' messages", async () => {
      const element = await renderRich(makeMessage());
      const toolbar = part(element, "actions");
      expect(toolbar.getAttribute("role")).to.equal("toolbar");
      expect(toolbar.getAttribute("aria-label")).to.equal("Message actions");
      expect(actionNames(element)).to.deep.equal(["React 👍", "React ❤️", "React 😂", "React 🎉", "More reactions", "Reply"]);
    });

    it("adds Edit on own messages and Delete where the user may delete", async () => {
      const own = await renderRich(makeMessage(), { own: true, canDelete: true });
      expect(actionNames(own).slice(5)).to.deep.equal(["Reply", "Edit", "Delete"]);
      const moderated = await renderRich(makeMessage(), { canDelete: true });
      expect(actionNames(moderated).slice(5)).to.deep.equal(["Reply", "Delete"]);
    });

    it("is absent while the message is not stored yet", async () => {
      const element = await renderRich(makeMessage({ seq: null, status: "pending" }), { own: true, canDelete: true });
      expect(hasPart(element, "actions")).to.equal(false);
    });

    it("emits chat-react, chat-reply and chat-edit with the message id", async () => {
      const message = makeMessage();
      const element = await renderRich(message, { own: true });
      const events = ["chat-react", "chat-reply", "chat-edit"].map((type) => record<{ messageId: string }>(element, type));
      actionButton(element, "React 🎉").click();
      actionButton(element, "Reply").click();
      actionButton(element, "Edit").click();
      expect(events.map((list) => list.map((event) => event.detail))).to.deep.equal([
        [{ messageId: message.id, emoji: "🎉" }],
        [{ messageId: message.id }],
        [{ messageId: message.id }],
      ]);
      expect(events.flat().every((event) => event.bubbles && event.composed)).to.equal(true);
    });

    it('deletes in two steps: "Delete", then "Really delete?" emits chat-delete', async () => {
      const message = makeMessage();
      const element = await renderRich(message, { own: true, canDelete: true });
      const deletes = record<ChatMessageActionDetail>(element, "chat-delete");
      actionButton(element, "Delete").click();
      await element.updateComplete;
      expect(deletes.length, "nothing deleted on the first click").to.equal(0);
      actionButton(element, "Really delete?").click();
      await element.updateComplete;
      expect(deletes.map((event) => event.detail.messageId)).to.deep.equal([message.id]);
      expect(actionNames(element)).to.include("Delete");
    });

    it("drops the delete confirmation when focus leaves the button", async () => {
      const element = await renderRich(makeMessage(), { own: true, canDelete: true });
      const deletes = record(element, "chat-delete");
      const button = actionButton(element, "Delete");
      button.focus();
      button.click();
      await element.updateComplete;
      expect(button.textContent!.trim()).to.equal("Really delete?");
      actionButton(element, "Reply").focus();
      await element.updateComplete;
      expect(button.textContent!.trim()).to.equal("Delete");
      button.click();
      expect(deletes.length).to.equal(0);
    });

    it("is shown when a button in it has keyboard focus, and hidden otherwise", async () => {
      const element = await renderRich(makeMessage(), { own: true });
      const toolbar = part(element, "actions");
      expect(getComputedStyle(toolbar).opacity).to.equal("0");
      actionButton(element, "Reply").focus();
      expect(getComputedStyle(toolbar).opacity).to.equal("1");
      expect(getComputedStyle(toolbar).pointerEvents).to.equal("auto");
    });

    it("is one Tab stop whose buttons the arrow keys, Home and End move between, operated with Enter and Space", async () => {
      const message = makeMessage();
      const element = await renderRich(message, { own: true, canDelete: true });
      const before = document.createElement("button");
      before.textContent = "before";
      element.before(before);
      try {
        before.focus();
        await sendKeys({ press: "Tab" });
        const reached = [buttonName(deepActiveElement()!)];
        for (let i = 0; i < 7; i++) {
          await sendKeys({ press: "ArrowRight" });
          reached.push(buttonName(deepActiveElement()!));
        }
        expect(reached).to.deep.equal(["React 👍", "React ❤️", "React 😂", "React 🎉", "More reactions", "Reply", "Edit", "Delete"]);
        await sendKeys({ press: "ArrowRight" });
        expect(buttonName(deepActiveElement()!)).to.equal("React 👍", "wraps around");
        await sendKeys({ press: "End" });
        expect(buttonName(deepActiveElement()!)).to.equal("Delete");

        const deletes = record<ChatMessageActionDetail>(element, "chat-delete");
        await sendKeys({ press: "Enter" });
        await element.updateComplete;
        expect((deepActiveElement() as HTMLElement).textContent!.trim()).to.equal("Really delete?");
        await sendKeys({ press: "Space" });
        expect(deletes.map((event) => event.detail.messageId)).to.deep.equal([message.id]);

        const replies = record<ChatMessageActionDetail>(element, "chat-reply");
        await sendKeys({ press: "ArrowLeft" });
        await sendKeys({ press: "ArrowLeft" });
        await sendKeys({ press: "Enter" });
        expect(replies.map((event) => event.detail.messageId)).to.deep.equal([message.id]);

        await sendKeys({ down: "Shift" });
        await sendKeys({ press: "Tab" });
        await sendKeys({ up: "Shift" });
        expect(deepActiveElement()).to.equal(before, "Shift+Tab leaves the toolbar at once");
      } finally {
        before.remove();
      }
    });
  });

  describe("seen", () => {
    it("shows who has seen the conversation up to this message", async () => {
      const element = await renderRich(makeMessage(), { own: true, seenBy: "Seen by Bob, Cara" });
      expect(part(element, "seen").textContent).to.equal("Seen by Bob, Cara");
    });

    it("shows no seen line while seenBy is empty", async () => {
      const element = await renderRich(makeMessage(), { own: true });
      expect(hasPart(element, "seen")).to.equal(false);
    });
  });

  describe("untrusted text in replies and reactions", () => {
    const hostile = `<img src=x onerror="window.__pwned=1"><b>bold</b>`;

    beforeEach(() => {
      delete window.__pwned;
    });

    it("shows markup in a quoted message's text and sender literally", async () => {
      const quoted = makeMessage({ id: "00000000-0000-4000-8000-0000000000aa", senderName: hostile, text: hostile });
      const element = await renderRich(makeMessage({ replyTo: quoted.id }), { quoted });
      await nextFrame();
      await aTimeout(50);
      const quote = part(element, "quote");
      expect(quote.textContent).to.contain(`${hostile} ${hostile}`);
      expect(quote.querySelectorAll("img").length).to.equal(0);
      expect(quote.querySelectorAll("b").length, "no element from the text").to.equal(0);
      expect(window.__pwned).to.equal(undefined);
    });

    it("shows markup in reactors' names literally in the reaction's title and label", async () => {
      const element = await renderRich(makeMessage({ reactions: { "👍": ["evil"] } }), { names: new Map([["evil", hostile]]) });
      await nextFrame();
      await aTimeout(50);
      const reaction = part(element, "reaction");
      expect(reaction.title).to.equal(hostile);
      expect(reaction.getAttribute("aria-label")).to.equal(`👍 1: ${hostile}`);
      expect(element.shadowRoot!.querySelectorAll("img").length).to.equal(0);
      expect(window.__pwned).to.equal(undefined);
    });
  });

  it("lays out each message in its own writing direction, whatever the page's", async () => {
    const direction = async (text: string) => {
      const holder = await fixture<HTMLDivElement>(html`<div dir="rtl"><chat-message .message=${makeMessage({ text })}></chat-message></div>`);
      const element = holder.querySelector("chat-message")!;
      await element.updateComplete;
      return getComputedStyle(part(element, "bubble")).direction;
    };
    expect(await direction("It did: three themes, same markup.")).to.equal("ltr");
    expect(await direction("שלום, מה שלומך?")).to.equal("rtl");
  });

  describe("link preview", () => {
    const preview = { url: "https://example.com/tea", title: "Tea <b>time</b>", description: "All about <img src=x onerror=window.__pwned=1>", siteName: "Tea Times" };

    it("shows the server's card under the bubble as one link to the page, in a new tab, text only", async () => {
      const element = await renderMessage(makeMessage({ text: "Look https://example.com/tea", preview }));
      const card = part<HTMLAnchorElement>(element, "preview");
      expect(card.localName).to.equal("a");
      expect(card.href).to.equal("https://example.com/tea");
      expect(card.target).to.equal("_blank");
      expect(card.rel).to.equal("noopener noreferrer nofollow");
      expect(part(element, "preview-site").textContent).to.equal("Tea Times");
      expect(part(element, "preview-title").textContent).to.equal("Tea <b>time</b>");
      expect(part(element, "preview-description").textContent).to.equal("All about <img src=x onerror=window.__pwned=1>");
      expect(card.querySelector("b, img")).to.equal(null);
      expect(card.textContent!.replace(/\s+/g, " ").trim()).to.equal("Link preview: Tea Times Tea <b>time</b> All about <img src=x onerror=window.__pwned=1>");
      expect(card.querySelector("img")).to.equal(null, "the page's picture is never loaded by the reader's browser");
      await aTimeout(0);
      expect(window.__pwned).to.equal(undefined);
    });

    it("names the site by its host when the page has no site name, and shows only what the page gave", async () => {
      const element = await renderMessage(makeMessage({ text: "https://docs.example.org/x", preview: { url: "https://docs.example.org/x", description: "Only a description" } }));
      expect(part(element, "preview-site").textContent).to.equal("docs.example.org");
      expect(hasPart(element, "preview-title")).to.equal(false);
      expect(part(element, "preview-description").textContent).to.equal("Only a description");
    });

    it("shows the server's copy of the page's picture, fetched through loadAttachment, never the page's own", async () => {
      const picture = { id: "7a0c9d1e-0000-4000-8000-000000000001", name: "preview", size: 68, type: "image/png" };
      const asked: string[] = [];
      const load = async (attachment: { id: string }) => {
        asked.push(attachment.id);
        return "data:image/png;base64,iVBORw0KGgo=";
      };
      const element = await fixture<ChatMessageElement>(
        html`<chat-message .message=${makeMessage({ text: "https://example.com/tea", preview: { ...preview, image: "https://example.com/tea.png", picture } })} .loadAttachment=${load}></chat-message>`,
      );
      await aTimeout(0);
      await element.updateComplete;
      const image = part<HTMLImageElement>(element, "preview-image");
      expect(asked).to.deep.equal([picture.id]);
      expect(image.getAttribute("src")).to.equal("data:image/png;base64,iVBORw0KGgo=");
      expect(image.alt).to.equal("", "decorative: the title names the page");
    });

    it("shows no card without a preview or on a deleted message", async () => {
      expect(hasPart(await renderMessage(makeMessage({ text: "https://example.com/tea" })), "preview")).to.equal(false);
      expect(hasPart(await renderMessage(makeMessage({ text: "", deletedAt: CREATED_AT, preview })), "preview")).to.equal(false);
    });
  });
});
