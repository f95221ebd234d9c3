import { LitElement, html, nothing, type PropertyValues } from "lit";
import { createRef, ref } from "lit/directives/ref.js";
import { LIMITS } from "../../protocol/index.js";
import type { ChatMessage } from "../../store/index.js";
import { defineElement } from "../define.js";
import { emit } from "../events.js";
import { chatComposerStyles } from "./chat-composer.styles.js";

export interface ChatSendDetail {
  text: string;
}

export interface ChatTypingDetail {
  typing: boolean;
}

/** What the composer's text is for, besides a new message: answering one, or editing one's own. */
export interface ComposerContext {
  kind: "reply" | "edit";
  message: ChatMessage;
}

/**
 * Where the user writes. Enter sends, Shift+Enter starts a new line; the send button is
 * disabled while the text is blank. It does not send anything itself: it emits `chat-send`.
 *
 * @summary Message input with a send button.
 * @event chat-send - The user sent `detail.text`. Cancel it to keep the text in the input.
 * @event chat-typing - The user started (`detail.typing`) or stopped typing.
 * @event chat-cancel - The user dropped the reply or edit in progress (Escape or the cancel button).
 * @csspart context - The line naming the message being answered or edited.
 * @csspart cancel-button - Drops the reply or edit in progress.
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
    context: { attribute: false },
    text: { state: true },
  };

  placeholder = "Write a message…";
  disabled = false;
  /** The message being answered or edited, if any. */
  context: ComposerContext | null = null;
  private text = "";
  private readonly input = createRef<HTMLTextAreaElement>();

  /** Moves keyboard focus to the input. */
  override focus(): void {
    this.input.value?.focus();
  }

  private get canSend(): boolean {
    return !this.disabled && this.text.trim().length > 0;
  }

  protected willUpdate(changed: PropertyValues<this>): void {
    // Editing starts from the message's text; leaving an edit leaves an empty composer.
    if (!changed.has("context")) return;
    if (this.context?.kind === "edit") this.text = this.context.message.text;
    else if (changed.get("context")?.kind === "edit") this.text = "";
  }

  protected updated(changed: PropertyValues<this>): void {
    if (changed.has("context") && this.context) this.focus();
  }

  private handleInput(event: InputEvent): void {
    this.text = (event.target as HTMLTextAreaElement).value;
    emit<ChatTypingDetail>(this, "chat-typing", { typing: this.text.length > 0 });
  }

  private cancel(): void {
    emit(this, "chat-cancel", {});
  }

  private handleKeydown(event: KeyboardEvent): void {
    if (event.key === "Escape" && this.context) {
      event.preventDefault();
      this.cancel();
      return;
    }
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

  private renderContext(context: ComposerContext) {
    const editing = context.kind === "edit";
    return html`<div part="context" class="context">
      <span>${editing ? "Editing your message" : html`Replying to <b>${context.message.senderName}</b>`}</span>
      <button part="cancel-button" type="button" aria-label=${editing ? "Cancel editing" : "Cancel reply"} @click=${this.cancel}>
        ✕
      </button>
    </div>`;
  }

  render() {
    return html`
      ${this.context ? this.renderContext(this.context) : nothing}
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
          @blur=${() => emit<ChatTypingDetail>(this, "chat-typing", { typing: false })}
        ></textarea>
        <button part="send-button" type="submit" ?disabled=${!this.canSend}>${this.context?.kind === "edit" ? "Save" : "Send"}</button>
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
    "chat-typing": CustomEvent<ChatTypingDetail>;
  }
}
