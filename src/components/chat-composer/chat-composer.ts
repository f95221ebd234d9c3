import { html, nothing, type PropertyValues } from "lit";
import { createRef, ref } from "lit/directives/ref.js";
import { LIMITS, mentionedIn, type MentionTarget } from "../../protocol/index.js";
import type { Attachment, ChatMessage, ConversationHandle } from "../../store/index.js";
import { ConfabElement } from "../confab-element.js";
import { defineElement } from "../define.js";
import { emit } from "../events.js";
import { chatComposerStyles } from "./chat-composer.styles.js";
import { mentionQuery, renderSuggestions, suggestMembers, suggestionId } from "./mention-suggestions.js";
import { renderUploads, startUpload, type Upload } from "./uploads.js";

/** From this share of the length limit on, the composer counts the text's characters. */
const COUNT_FROM = 0.9;

export interface ChatSendDetail {
  text: string;
  /** Files uploaded for this message (empty when none). */
  attachments: Attachment[];
  /** Ids of the `members` the text names as "@Name" or "@id" (empty when none). */
  mentions: string[];
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
 * explained, and sending waits until every upload is done. Given `members`, typing "@" offers
 * them in a list (arrow keys, Enter or Tab to pick, Escape to close); a picked member is
 * written "@Name", and every member the text names is sent in `detail.mentions`.
 * Near the length limit it counts the characters; a text over it is kept whole (nothing is cut
 * on paste) but not sent, and the composer says why.
 *
 * @tag chat-composer
 * @summary Message input with a send button.
 * @attr theme - `light`, `dark` or `auto`; inside another element, follows that one's.
 * @attr lang - The language of its texts; the holding element passes its own.
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
 * @csspart limit - The line shown near the length limit: its `counter` ("3,950 / 4,000") and,
 *   over the limit, `too-long` saying why the text is not sent.
 * @csspart mention-suggestions - The list of members offered after "@"; each a
 *   `mention-suggestion`, the highlighted one also `mention-suggestion-active`.
 * @cssproperty --chat-accent-color - Colour of the send button and focus ring.
 * @cssproperty --chat-border-color - Border of the input and the row.
 * @cssproperty --chat-input-background - Background of the input.
 * @cssproperty --chat-input-radius - Corner radius of input and button.
 */
export class ChatComposer extends ConfabElement {
  static styles = chatComposerStyles;

  static properties = {
    ...ConfabElement.properties,
    placeholder: {},
    disabled: { type: Boolean, reflect: true },
    context: { attribute: false },
    conversation: { attribute: false },
    members: { attribute: false },
    text: { state: true },
    suggestions: { state: true },
    activeSuggestion: { state: true },
    uploads: { state: true },
    error: { state: true },
  };

  /** The input's placeholder; the language's "Write a message…" when empty. */
  placeholder = "";
  disabled = false;
  /** The message being answered or edited, if any. */
  context: ComposerContext | null = null;
  /** Where attached files are uploaded; without one, the composer attaches nothing. */
  conversation: ConversationHandle | null = null;
  /** Who may be mentioned: offered after "@". */
  members: readonly MentionTarget[] = [];
  private text = "";
  private suggestions: MentionTarget[] = [];
  private activeSuggestion = 0;
  /** Where the "@" being completed starts in the text. */
  private mentionStart = 0;
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
    return (
      !this.disabled &&
      !this.tooLong &&
      uploads.every((upload) => upload.attachment) &&
      (uploads.length > 0 || this.text.trim().length > 0)
    );
  }

  private get tooLong(): boolean {
    return this.text.length > LIMITS.messageTextLength;
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
        this.error = this.t.tooManyFiles(LIMITS.attachmentsPerMessage);
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
    const input = event.target as HTMLTextAreaElement;
    this.text = input.value;
    const typed = mentionQuery(this.text, input.selectionStart);
    this.suggestions = typed ? suggestMembers(this.members, typed.query) : [];
    this.activeSuggestion = 0;
    this.mentionStart = typed?.start ?? 0;
    emit<ChatTypingDetail>(this, "chat-typing", { typing: this.text.length > 0 });
  }

  /** Replaces the "@…" being typed by "@Name " and puts the caret after it. */
  private async pickMention(member: MentionTarget): Promise<void> {
    const input = this.input.value!;
    const inserted = `@${member.name} `;
    this.text = this.text.slice(0, this.mentionStart) + inserted + this.text.slice(input.selectionStart);
    this.suggestions = [];
    await this.updateComplete;
    const caret = this.mentionStart + inserted.length;
    input.setSelectionRange(caret, caret);
    input.focus();
  }

  /** Arrow keys move through the suggestions, Enter or Tab picks, Escape closes; true when the key was theirs. */
  private handleSuggestionKey(event: KeyboardEvent): boolean {
    const count = this.suggestions.length;
    if (count === 0) return false;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      this.activeSuggestion = (this.activeSuggestion + (event.key === "ArrowDown" ? 1 : count - 1)) % count;
    } else if (event.key === "Enter" || event.key === "Tab") {
      void this.pickMention(this.suggestions[this.activeSuggestion]!);
    } else if (event.key === "Escape") {
      this.suggestions = [];
    } else {
      return false;
    }
    event.preventDefault();
    return true;
  }

  private dropContext(): void {
    emit(this, "chat-cancel", {});
  }

  private handleKeydown(event: KeyboardEvent): void {
    if (!event.isComposing && this.handleSuggestionKey(event)) return;
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
        detail: {
          text: this.text,
          attachments: this.uploads.map((upload) => upload.attachment!),
          mentions: mentionedIn(this.text, this.members.map((member) => member.userId), this.members),
        },
        bubbles: true,
        composed: true,
        cancelable: true,
      }),
    );
    if (!sent) return;
    this.text = "";
    this.uploads = [];
    this.error = "";
    this.suggestions = [];
    emit<ChatTypingDetail>(this, "chat-typing", { typing: false });
    this.focus();
  }

  /**
   * The count near the limit and, over it, why the text is not sent. Screen readers hear only
   * the crossings (near, over), not every keystroke's count.
   */
  private renderLimit() {
    const t = this.t;
    const format = (count: number) => count.toLocaleString(this.locale || undefined);
    const limit = format(LIMITS.messageTextLength);
    const near = this.text.length >= LIMITS.messageTextLength * COUNT_FROM;
    return html`${near
        ? html`<p part="limit" class="limit">
            <span part="counter">${format(this.text.length)} / ${limit}</span>
            ${this.tooLong ? html`<span part="too-long" id="too-long" class="error">${t.tooLong(limit)}</span>` : nothing}
          </p>`
        : nothing}
      <span class="sr-only" aria-live="polite">${this.tooLong ? t.tooLong(limit) : near ? t.nearLimit(limit) : ""}</span>`;
  }

  private renderContext(context: ComposerContext) {
    const editing = context.kind === "edit";
    const t = this.t;
    return html`<div part="context" class="context">
      <span>${editing ? t.editing : html`${t.replyingTo} <span class="name">${context.message.senderName}</span>`}</span>
      <button part="context-cancel-button" type="button" aria-label=${editing ? t.cancelEdit : t.cancelReply} @click=${this.dropContext}>
        ✕
      </button>
    </div>`;
  }

  private handleBlur(): void {
    this.suggestions = [];
    emit<ChatTypingDetail>(this, "chat-typing", { typing: false });
  }

  render() {
    const open = this.suggestions.length > 0;
    const t = this.t;
    return html`
      ${this.context ? this.renderContext(this.context) : nothing}
      <form part="form" @submit=${this.handleSubmit} @dragover=${this.handleDragOver} @drop=${this.handleDrop}>
        ${renderUploads(t, this.uploads, (upload) => this.cancel(upload))}
        ${this.error ? html`<p part="error" class="error" role="alert">${this.error}</p>` : nothing}
        ${this.renderLimit()}
        ${this.conversation
          ? html`<input ${ref(this.filePicker)} type="file" multiple hidden @change=${this.handlePick} />
              <button
                part="attach-button"
                class="attach"
                type="button"
                aria-label=${t.attach}
                ?disabled=${this.disabled}
                @click=${() => this.filePicker.value?.click()}
              >
                +
              </button>`
          : nothing}
        ${renderSuggestions(t.mentionMember, this.suggestions, this.activeSuggestion, (member) => this.pickMention(member))}
        <textarea
          ${ref(this.input)}
          part="input"
          rows="1"
          aria-label=${t.message}
          aria-autocomplete="list"
          aria-controls=${open ? "mention-suggestions" : nothing}
          aria-activedescendant=${open ? suggestionId(this.activeSuggestion) : nothing}
          placeholder=${this.placeholder || t.placeholder}
          aria-describedby=${this.tooLong ? "too-long" : nothing}
          .value=${this.text}
          ?disabled=${this.disabled}
          @input=${this.handleInput}
          @keydown=${this.handleKeydown}
          @blur=${this.handleBlur}
          @paste=${this.handlePaste}
        ></textarea>
        <button part="send-button" type="submit" aria-describedby=${this.tooLong ? "too-long" : nothing} ?disabled=${!this.canSend}>${this.context?.kind === "edit" ? t.save : t.send}</button>
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
