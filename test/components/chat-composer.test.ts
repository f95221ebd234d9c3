import { expect, fixture, html, waitUntil } from "@open-wc/testing";
import { sendKeys } from "@web/test-runner-commands";
import "../../src/components/chat-composer/chat-composer.js";
import type { ChatComposer, ChatSendDetail, ChatTypingDetail } from "../../src/components/chat-composer/chat-composer.js";
import { de } from "../../src/components/strings-de.js";
import { LIMITS } from "../../src/protocol/limits.js";
import type { ChatMessage } from "../../src/store/index.js";
import { hasPart, part, pressEnter, pressKey, record, typeInto } from "./helpers.js";

interface Parts {
  input: HTMLTextAreaElement;
  button: HTMLButtonElement;
}

function partsOf(composer: ChatComposer): Parts {
  return {
    input: part<HTMLTextAreaElement>(composer, "input"),
    button: part<HTMLButtonElement>(composer, "send-button"),
  };
}

/** Records every `chat-send` that reaches `target`. */
function recordSends(target: EventTarget): CustomEvent<ChatSendDetail>[] {
  const sends: CustomEvent<ChatSendDetail>[] = [];
  target.addEventListener("chat-send", (event) => sends.push(event as CustomEvent<ChatSendDetail>));
  return sends;
}

async function typeAndSettle(composer: ChatComposer, text: string): Promise<void> {
  typeInto(partsOf(composer).input, text);
  await composer.updateComplete;
}

const BOB_SAID: ChatMessage = {
  id: "00000000-0000-4000-8000-000000000001",
  conversationId: "c_lunch",
  type: "user",
  seq: 1,
  senderId: "bob",
  senderName: "Bob",
  text: "Lunch at noon?",
  createdAt: Date.UTC(2024, 0, 2),
  status: "sent",
};
const I_SAID: ChatMessage = { ...BOB_SAID, id: "00000000-0000-4000-8000-000000000002", seq: 2, senderId: "me", senderName: "Me", text: "See you tehre" };

describe("<chat-composer>", () => {
  let composer: ChatComposer;

  beforeEach(async () => {
    composer = await fixture<ChatComposer>(html`<chat-composer></chat-composer>`);
  });

  describe("send button", () => {
    it("is disabled while the input is empty", () => {
      const { input, button } = partsOf(composer);
      expect(input.value).to.equal("");
      expect(button.disabled).to.equal(true);
    });

    it("stays disabled while the input holds only whitespace", async () => {
      await typeAndSettle(composer, "  \n\t  ");
      expect(partsOf(composer).button.disabled).to.equal(true);
    });

    it("becomes enabled once the user types text", async () => {
      await typeAndSettle(composer, "hello");
      expect(partsOf(composer).button.disabled).to.equal(false);
    });

    it("is disabled again when the user deletes the text", async () => {
      await typeAndSettle(composer, "hello");
      await typeAndSettle(composer, "");
      expect(partsOf(composer).button.disabled).to.equal(true);
    });
  });

  describe("sending with Enter", () => {
    it("emits a bubbling, composed chat-send with the typed text in detail.text", async () => {
      // Put the composer inside another shadow root: only a composed event reaches the document.
      const outer = await fixture<HTMLDivElement>(html`<div></div>`);
      const root = outer.attachShadow({ mode: "open" });
      const nested = document.createElement("chat-composer");
      root.append(nested);
      await nested.updateComplete;

      const seen: { text: string; bubbles: boolean; composed: boolean; cancelable: boolean; fromComposer: boolean }[] = [];
      const stop = new AbortController();
      document.addEventListener(
        "chat-send",
        (event) => {
          seen.push({
            text: event.detail.text,
            bubbles: event.bubbles,
            composed: event.composed,
            cancelable: event.cancelable,
            // composedPath() is only filled in during dispatch.
            fromComposer: event.composedPath()[0] === nested,
          });
        },
        { signal: stop.signal },
      );
      try {
        await typeAndSettle(nested, "hello world");
        pressEnter(partsOf(nested).input);
      } finally {
        stop.abort();
      }

      expect(seen).to.deep.equal([
        { text: "hello world", bubbles: true, composed: true, cancelable: true, fromComposer: true },
      ]);
    });

    it("clears the input after sending", async () => {
      await typeAndSettle(composer, "hello");
      pressEnter(partsOf(composer).input);
      await composer.updateComplete;

      const { input, button } = partsOf(composer);
      expect(input.value).to.equal("");
      expect(button.disabled).to.equal(true);
    });

    it("keeps the keyboard focus in the input after sending", async () => {
      await typeAndSettle(composer, "hello");
      pressEnter(partsOf(composer).input);
      await composer.updateComplete;
      expect(composer.shadowRoot!.activeElement === partsOf(composer).input).to.equal(true);
    });

    it("prevents the Enter key's default so no newline is inserted", async () => {
      await typeAndSettle(composer, "hello");
      const keydown = pressEnter(partsOf(composer).input);
      expect(keydown.defaultPrevented).to.equal(true);
    });

    it("sends nothing when Enter is pressed on whitespace-only text", async () => {
      const sends = recordSends(composer);
      await typeAndSettle(composer, "   ");
      pressEnter(partsOf(composer).input);
      expect(sends.length).to.equal(0);
    });

    it("does not send on Shift+Enter, leaving the newline to the textarea", async () => {
      const sends = recordSends(composer);
      await typeAndSettle(composer, "first line");
      const keydown = pressEnter(partsOf(composer).input, { shiftKey: true });
      await composer.updateComplete;

      expect(sends.length).to.equal(0);
      expect(keydown.defaultPrevented).to.equal(false);
      expect(partsOf(composer).input.value).to.equal("first line");
    });

    it("does not send on an Enter that confirms an IME composition", async () => {
      const sends = recordSends(composer);
      await typeAndSettle(composer, "にほんご");
      const keydown = pressEnter(partsOf(composer).input, { isComposing: true });
      await composer.updateComplete;

      expect(sends.length).to.equal(0);
      expect(keydown.defaultPrevented).to.equal(false);
      expect(partsOf(composer).input.value).to.equal("にほんご");
    });
  });

  describe("sending with the button", () => {
    it("emits chat-send and clears the input when the send button is clicked", async () => {
      const sends = recordSends(composer);
      await typeAndSettle(composer, "clicked");
      partsOf(composer).button.click();
      await composer.updateComplete;

      expect(sends.map((event) => event.detail.text)).to.deep.equal(["clicked"]);
      expect(partsOf(composer).input.value).to.equal("");
    });

    it("does not navigate or reload the page when the form submits", async () => {
      let submitPrevented: boolean | undefined;
      partsOf(composer).button.form!.addEventListener("submit", (event) => {
        // Runs after the composer's own handler, which is registered first.
        submitPrevented = event.defaultPrevented;
      });
      await typeAndSettle(composer, "no reload");
      partsOf(composer).button.click();
      expect(submitPrevented).to.equal(true);
    });
  });

  describe("a cancelled chat-send", () => {
    it("keeps the text in the input when a listener calls preventDefault", async () => {
      composer.addEventListener("chat-send", (event) => event.preventDefault());
      await typeAndSettle(composer, "keep me");
      pressEnter(partsOf(composer).input);
      await composer.updateComplete;

      const { input, button } = partsOf(composer);
      expect(input.value).to.equal("keep me");
      expect(button.disabled).to.equal(false);
    });
  });

  describe("disabled", () => {
    it("disables the input and the send button when the disabled attribute is set", async () => {
      const disabled = await fixture<ChatComposer>(html`<chat-composer disabled></chat-composer>`);
      const { input, button } = partsOf(disabled);
      expect(disabled.disabled).to.equal(true);
      expect(input.disabled).to.equal(true);
      expect(button.disabled).to.equal(true);
    });

    it("reflects the disabled property to the attribute and back", async () => {
      composer.disabled = true;
      await composer.updateComplete;
      expect(composer.hasAttribute("disabled")).to.equal(true);
      expect(partsOf(composer).input.disabled).to.equal(true);

      composer.disabled = false;
      await composer.updateComplete;
      expect(composer.hasAttribute("disabled")).to.equal(false);
      expect(partsOf(composer).input.disabled).to.equal(false);
    });

    it("does not send text that was typed before it was disabled", async () => {
      const sends = recordSends(composer);
      await typeAndSettle(composer, "too late");
      composer.disabled = true;
      await composer.updateComplete;

      pressEnter(partsOf(composer).input);
      partsOf(composer).button.click();
      expect(sends.length).to.equal(0);
      expect(partsOf(composer).button.disabled).to.equal(true);
    });
  });

  describe("accessibility and limits", () => {
    it('labels the textarea "Message"', () => {
      expect(partsOf(composer).input.getAttribute("aria-label")).to.equal("Message");
    });

    it("cuts nothing at LIMITS.messageTextLength characters: the limit is said, not enforced by the textarea", () => {
      const { input } = partsOf(composer);
      expect(input.hasAttribute("maxlength")).to.equal(false);
    });

    it("keeps a pasted text over the limit whole, counts it, and refuses to send it, saying why", async () => {
      const sends = recordSends(composer);
      const { input, button } = partsOf(composer);
      input.focus();
      // insertText is what a paste does: the browser applies maxlength to it, unlike setting value.
      document.execCommand("insertText", false, "x".repeat(LIMITS.messageTextLength + 100));
      await composer.updateComplete;

      expect(input.value.length).to.equal(LIMITS.messageTextLength + 100);
      expect(part(composer, "counter").textContent).to.equal("4,100 / 4,000");
      const reason = part(composer, "too-long");
      expect(reason.textContent).to.equal("Too long: at most 4,000 characters.");
      expect(button.disabled).to.equal(true);
      expect(button.getAttribute("aria-describedby")).to.equal(reason.id);
      expect(input.getAttribute("aria-describedby")).to.equal(reason.id);
      pressEnter(input);
      await composer.updateComplete;
      expect(sends.length).to.equal(0);

      await typeAndSettle(composer, "x".repeat(LIMITS.messageTextLength));
      expect(hasPart(composer, "too-long")).to.equal(false);
      expect(button.hasAttribute("aria-describedby")).to.equal(false);
      expect(part(composer, "counter").textContent).to.equal("4,000 / 4,000");
      pressEnter(input);
      expect(sends.map((event) => event.detail.text.length)).to.deep.equal([LIMITS.messageTextLength]);
    });

    it("counts only from 90% of the limit, and announces crossings rather than each keystroke", async () => {
      const live = () => composer.shadowRoot!.querySelector("[aria-live=polite]")!.textContent!.trim();
      await typeAndSettle(composer, "x".repeat(LIMITS.messageTextLength * 0.9 - 1));
      expect(hasPart(composer, "counter")).to.equal(false);
      expect(live()).to.equal("");

      await typeAndSettle(composer, "x".repeat(LIMITS.messageTextLength * 0.9));
      expect(part(composer, "counter").textContent).to.equal("3,600 / 4,000");
      expect(live()).to.equal("Limit: 4,000 characters");
      await typeAndSettle(composer, "x".repeat(LIMITS.messageTextLength * 0.9 + 50));
      expect(live()).to.equal("Limit: 4,000 characters");

      await typeAndSettle(composer, "x".repeat(LIMITS.messageTextLength + 1));
      expect(live()).to.equal("Too long: at most 4,000 characters.");
    });

    it("says why a text is too long in the composer's language", async () => {
      const german = await fixture<ChatComposer>(html`<chat-composer lang="de"></chat-composer>`);
      typeInto(partsOf(german).input, "x".repeat(LIMITS.messageTextLength + 100));
      await waitUntil(() => german.shadowRoot!.querySelector("[part=too-long]")?.textContent === de.tooLong("4.000"));
      expect(part(german, "counter").textContent).to.equal("4.100 / 4.000");
      expect(partsOf(german).button.disabled).to.equal(true);
    });

    it("shows the default placeholder and accepts a custom one", async () => {
      expect(partsOf(composer).input.placeholder).to.equal("Write a message…");
      composer.placeholder = "Say something";
      await composer.updateComplete;
      expect(partsOf(composer).input.placeholder).to.equal("Say something");
    });

    it("moves focus to the textarea when focus() is called", () => {
      composer.focus();
      expect(composer.shadowRoot!.activeElement === partsOf(composer).input).to.equal(true);
    });
  });
  describe("replying and editing", () => {
    it("shows who is being answered, with a labelled cancel button", async () => {
      composer.context = { kind: "reply", message: BOB_SAID };
      await composer.updateComplete;
      expect(part(composer, "context").textContent!.replace(/\s+/g, " ").trim()).to.match(/^Replying to Bob/);
      expect(part(composer, "context-cancel-button").getAttribute("aria-label")).to.equal("Cancel reply");
      expect(partsOf(composer).button.textContent).to.equal("Send");
      expect(partsOf(composer).input.value).to.equal("");
    });

    it("shows the replied-to sender's name as text, not markup", async () => {
      const hostile = `<img src=x onerror="window.__pwned=1">`;
      composer.context = { kind: "reply", message: { ...BOB_SAID, senderName: hostile } };
      await composer.updateComplete;
      expect(part(composer, "context").querySelector(".name")!.textContent).to.equal(hostile);
      expect(composer.shadowRoot!.querySelectorAll("img").length).to.equal(0);
    });

    it("pre-fills the message's text when editing, and says Save", async () => {
      composer.context = { kind: "edit", message: I_SAID };
      await composer.updateComplete;
      expect(part(composer, "context").textContent).to.contain("Editing your message");
      expect(part(composer, "context-cancel-button").getAttribute("aria-label")).to.equal("Cancel editing");
      expect(partsOf(composer).input.value).to.equal("See you tehre");
      expect(partsOf(composer).button.textContent).to.equal("Save");
      expect(partsOf(composer).button.disabled).to.equal(false);
    });

    it("moves focus to the input when a reply or edit starts", async () => {
      composer.context = { kind: "reply", message: BOB_SAID };
      await composer.updateComplete;
      expect(composer.shadowRoot!.activeElement === partsOf(composer).input).to.equal(true);
    });

    it("sends the edited text", async () => {
      const sends = recordSends(composer);
      composer.context = { kind: "edit", message: I_SAID };
      await composer.updateComplete;
      await typeAndSettle(composer, "See you there");
      pressEnter(partsOf(composer).input);
      expect(sends.map((event) => event.detail.text)).to.deep.equal(["See you there"]);
    });

    it("emits chat-cancel on Escape and on the cancel button", async () => {
      const cancels = record(composer, "chat-cancel");
      composer.context = { kind: "reply", message: BOB_SAID };
      await composer.updateComplete;
      const escape = pressKey(partsOf(composer).input, "Escape");
      expect(escape.defaultPrevented).to.equal(true);
      part<HTMLButtonElement>(composer, "context-cancel-button").click();
      expect(cancels.length).to.equal(2);
      expect(cancels.every((event) => event.bubbles && event.composed)).to.equal(true);
    });

    it("cancels with a real Escape key press", async () => {
      const cancels = record(composer, "chat-cancel");
      composer.context = { kind: "edit", message: I_SAID };
      await composer.updateComplete;
      await sendKeys({ press: "Escape" });
      expect(cancels.length).to.equal(1);
    });

    it("leaves Escape alone while there is nothing to cancel", async () => {
      const cancels = record(composer, "chat-cancel");
      const escape = pressKey(partsOf(composer).input, "Escape");
      expect(escape.defaultPrevented).to.equal(false);
      expect(cancels.length).to.equal(0);
    });

    it("empties the input when an edit is dropped, but keeps a reply's text", async () => {
      composer.context = { kind: "edit", message: I_SAID };
      await composer.updateComplete;
      composer.context = null;
      await composer.updateComplete;
      expect(partsOf(composer).input.value).to.equal("");
      expect(hasPart(composer, "context")).to.equal(false);
      expect(partsOf(composer).button.textContent).to.equal("Send");

      composer.context = { kind: "reply", message: BOB_SAID };
      await composer.updateComplete;
      await typeAndSettle(composer, "half a thought");
      composer.context = null;
      await composer.updateComplete;
      expect(partsOf(composer).input.value).to.equal("half a thought");
    });
  });

  describe("typing", () => {
    it("emits chat-typing true while there is text, false when it is emptied", async () => {
      const typing = record<ChatTypingDetail>(composer, "chat-typing");
      await typeAndSettle(composer, "h");
      await typeAndSettle(composer, "");
      expect(typing.map((event) => event.detail.typing)).to.deep.equal([true, false]);
      expect(typing.every((event) => event.bubbles && event.composed)).to.equal(true);
    });

    it("emits chat-typing false once a message or an edit is sent", async () => {
      const typing = record<ChatTypingDetail>(composer, "chat-typing");
      composer.context = { kind: "edit", message: BOB_SAID };
      await composer.updateComplete;
      await typeAndSettle(composer, "edited text");
      partsOf(composer).button.click();
      expect(typing.map((event) => event.detail.typing)).to.deep.equal([true, false]);
    });

    it("emits chat-typing false when the input loses focus", async () => {
      const typing = record<ChatTypingDetail>(composer, "chat-typing");
      composer.focus();
      await typeAndSettle(composer, "hello");
      partsOf(composer).input.blur();
      expect(typing.map((event) => event.detail.typing)).to.deep.equal([true, false]);
    });
  });
});
