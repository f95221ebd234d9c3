import { LitElement, html, nothing, type PropertyValues } from "lit";
import { createRef, ref } from "lit/directives/ref.js";
import { LIMITS } from "../../protocol/index.js";
import type { Attachment, ChatMessage, ConversationHandle } from "../../store/index.js";
import { defineElement } from "../define.js";
import { emit } from "../events.js";
import { chatComposerStyles } from "./chat-composer.styles.js";
import { renderUploads, startUpload, type Upload } from "./uploads.js";

export interface ChatSendDetail {
  text: string;
  /** Files uploaded for this message (empty when none). */
  attachments: Attachment[];
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
 * Given a `conversation`, it also attaches files (the attach button, or dropping or pasting
 * them): each uploads at once with a progress bar and a cancel button, a refused one is
 * explained, and sending waits until every upload is done.
 *
 * @tag chat-composer
 * @summary Message input with a send button.
 * @attr placeholder - The text area's placeholder.
 * @attr disabled - Nothing can be written or sent.
 * @event chat-send - The user sent `detail.text` with `detail.attachments`. Cancel it to keep both.
 * @event chat-typing - The user started (`detail.typing`) or stopped typing.
 * @event chat-cancel - The user dropped the reply or edit in progress (Escape or the cancel button).
 * @csspart context - The line naming the message being answered or edited.
 * @csspart context-cancel-button - Drops the reply or edit in progress.
 * @csspart form - The row holding input and button.
 * @csspart input - The text area.
 * @csspart send-button - The send button.
 * @csspart attach-button - Picks files to attach.
 * @csspart uploads - The files being attached; each an `upload`, with its `progress` while it
 *   uploads and a `cancel-button`.
 * @csspart error - Why a file could not be attached.
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
    conversation: { attribute: false },
    text: { state: true },
    uploads: { state: true },
    error: { state: true },
  };

  placeholder = "Write a message…";
  disabled = false;
  /** The message being answered or edited, if any. */
  context: ComposerContext | null = null;
  /** Where attached files are uploaded; without one, the composer attaches nothing. */
  conversation: ConversationHandle | null = null;
  private text = "";
  private uploads: Upload[] = [];
  private error = "";
  private readonly input = createRef<HTMLTextAreaElement>();
  private readonly filePicker = createRef<HTMLInputElement>();

  /** Moves keyboard focus to the input. */
  override focus(): void {
    this.input.value?.focus();
  }

  private get canSend(): boolean {
    const { uploads } = this;
    return !this.disabled && uploads.every((upload) => upload.attachment) && (uploads.length > 0 || this.text.trim().length > 0);
  }

  protected willUpdate(changed: PropertyValues<this>): void {
    // Files uploaded to one conversation cannot be sent in another.
    if (changed.has("conversation")) {
      this.cancel(...this.uploads);
      this.error = "";
    }
    // Editing starts from the message's text; leaving an edit leaves an empty composer.
    if (!changed.has("context")) return;
    if (this.context?.kind === "edit") this.text = this.context.message.text;
    else if (changed.get("context")?.kind === "edit") this.text = "";
  }

  /** Uploads each file at once; a refused one is dropped and the refusal shown. */
  private attach(files: Iterable<File>): void {
    const conversation = this.conversation;
    if (!conversation || this.disabled) return;
    this.error = "";
    for (const file of files) {
      if (this.uploads.length >= LIMITS.attachmentsPerMessage) {
        this.error = `At most ${LIMITS.attachmentsPerMessage} files per message.`;
        return;
      }
      const upload = startUpload(conversation, file, () => this.requestUpdate(), (reason) => {
        this.cancel(upload);
        this.error = `${file.name}: ${reason}`;
      });
      this.uploads = [...this.uploads, upload];
    }
  }

  private cancel(...uploads: Upload[]): void {
    for (const upload of uploads) upload.cancel.abort();
    this.uploads = this.uploads.filter((upload) => !uploads.includes(upload));
  }

  private handlePaste(event: ClipboardEvent): void {
    const files = event.clipboardData?.files;
    if (!files?.length || !this.conversation) return;
    event.preventDefault();
    this.attach(files);
  }

  private handleDragOver(event: DragEvent): void {
    // Accepting the drag is what makes the browser deliver the drop here.
    if (this.conversation) event.preventDefault();
  }

  private handleDrop(event: DragEvent): void {
    event.preventDefault();
    this.attach(event.dataTransfer?.files ?? []);
  }

  private handlePick(event: Event): void {
    const picker = event.target as HTMLInputElement;
    this.attach(picker.files ?? []);
    picker.value = "";
  }

  protected updated(changed: PropertyValues<this>): void {
    if (changed.has("context") && this.context) this.focus();
  }

  private handleInput(event: InputEvent): void {
    this.text = (event.target as HTMLTextAreaElement).value;
    emit<ChatTypingDetail>(this, "chat-typing", { typing: this.text.length > 0 });
  }

  private dropContext(): void {
    emit(this, "chat-cancel", {});
  }

  private handleKeydown(event: KeyboardEvent): void {
    if (event.key === "Escape" && this.context) {
      event.preventDefault();
      this.dropContext();
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
        detail: { text: this.text, attachments: this.uploads.map((upload) => upload.attachment!) },
        bubbles: true,
        composed: true,
        cancelable: true,
      }),
    );
    if (!sent) return;
    this.text = "";
    this.uploads = [];
    this.error = "";
    emit<ChatTypingDetail>(this, "chat-typing", { typing: false });
    this.focus();
  }

  private renderContext(context: ComposerContext) {
    const editing = context.kind === "edit";
    return html`<div part="context" class="context">
      <span>${editing ? "Editing your message" : html`Replying to <span class="name">${context.message.senderName}</span>`}</span>
      <button part="context-cancel-button" type="button" aria-label=${editing ? "Cancel editing" : "Cancel reply"} @click=${this.dropContext}>
        ✕
      </button>
    </div>`;
  }

  render() {
    return html`
      ${this.context ? this.renderContext(this.context) : nothing}
      <form part="form" @submit=${this.handleSubmit} @dragover=${this.handleDragOver} @drop=${this.handleDrop}>
        ${renderUploads(this.uploads, (upload) => this.cancel(upload))}
        ${this.error ? html`<p part="error" class="error" role="alert">${this.error}</p>` : nothing}
        ${this.conversation
          ? html`<input ${ref(this.filePicker)} type="file" multiple hidden @change=${this.handlePick} />
              <button
                part="attach-button"
                class="attach"
                type="button"
                aria-label="Attach files"
                ?disabled=${this.disabled}
                @click=${() => this.filePicker.value?.click()}
              >
                +
              </button>`
          : nothing}
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
          @paste=${this.handlePaste}
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
