import { LitElement, html } from "lit";
import { createRef, ref } from "lit/directives/ref.js";
import { LIMITS } from "../../protocol/index.js";
import { defineElement } from "../define.js";
import { chatComposerStyles } from "./chat-composer.styles.js";

export interface ChatSendDetail {
  text: string;
}

/**
 * Where the user writes. Enter sends, Shift+Enter starts a new line; the send button is
 * disabled while the text is blank. It does not send anything itself: it emits `chat-send`.
 *
 * @summary Message input with a send button.
 * @event chat-send - The user sent `detail.text`. Cancel it to keep the text in the input.
 * @csspart form - The row holding input and button.
 * @csspart input - The text area.
 * @csspart send-button - The send button.
 * @cssproperty --chat-accent-color - Colour of the send button and focus ring.
 * @cssproperty --chat-border-color - Border of the input and the row.
 * @cssproperty --chat-input-background - Background of the input.
 * @cssproperty --chat-input-radius - Corner radius of input and button.
 */
export class ChatComposer extends LitElement {
  static styles = chatComposerStyles;

  static properties = {
    placeholder: {},
    disabled: { type: Boolean, reflect: true },
    text: { state: true },
  };

  placeholder = "Write a message…";
  disabled = false;
  private text = "";
  private readonly input = createRef<HTMLTextAreaElement>();

  /** Moves keyboard focus to the input. */
  override focus(): void {
    this.input.value?.focus();
  }

  private get canSend(): boolean {
    return !this.disabled && this.text.trim().length > 0;
  }

  private handleInput(event: InputEvent): void {
    this.text = (event.target as HTMLTextAreaElement).value;
  }

  private handleKeydown(event: KeyboardEvent): void {
    // Safari reports the Enter that confirms an IME candidate as keyCode 229, not isComposing.
    if (event.key !== "Enter" || event.shiftKey || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    this.send();
  }

  private handleSubmit(event: SubmitEvent): void {
    event.preventDefault();
    this.send();
  }

  private send(): void {
    if (!this.canSend) return;
    const sent = this.dispatchEvent(
      new CustomEvent<ChatSendDetail>("chat-send", {
        detail: { text: this.text },
        bubbles: true,
        composed: true,
        cancelable: true,
      }),
    );
    if (!sent) return;
    this.text = "";
    this.focus();
  }

  render() {
    return html`
      <form part="form" @submit=${this.handleSubmit}>
        <textarea
          ${ref(this.input)}
          part="input"
          rows="1"
          aria-label="Message"
          placeholder=${this.placeholder}
          maxlength=${LIMITS.messageTextLength}
          .value=${this.text}
          ?disabled=${this.disabled}
          @input=${this.handleInput}
          @keydown=${this.handleKeydown}
        ></textarea>
        <button part="send-button" type="submit" ?disabled=${!this.canSend}>Send</button>
      </form>
    `;
  }
}

defineElement("chat-composer", ChatComposer);

declare global {
  interface HTMLElementTagNameMap {
    "chat-composer": ChatComposer;
  }
  interface GlobalEventHandlersEventMap {
    "chat-send": CustomEvent<ChatSendDetail>;
  }
}
