import { aTimeout, expect, fixture, html, nextFrame } from "@open-wc/testing";
import "../../src/components/chat-message/chat-message.js";
import type { ChatMessageElement } from "../../src/components/chat-message/chat-message.js";
import type { ChatMessage } from "../../src/store/index.js";
import { maybePart, part } from "./helpers.js";

declare global {
  interface Window {
    __pwned?: unknown;
  }
}

const CREATED_AT = Date.UTC(2024, 0, 2, 3, 4, 5);

function makeMessage(overrides: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: "00000000-0000-4000-8000-000000000001",
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

    it("explain why a failed message was refused in the status tooltip", async () => {
      const element = await renderMessage(
        makeMessage({ status: "failed", seq: null, error: "Message too long" }),
        true,
      );
      expect(part(element, "status").title).to.equal("Message too long");
    });

    it("have no status tooltip when there is no error", async () => {
      const element = await renderMessage(makeMessage({ status: "sent" }), true);
      expect(part(element, "status").hasAttribute("title")).to.equal(false);
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
});
