import { LitElement, html, nothing } from "lit";
import type { ChatMessage } from "../../store/index.js";
import { AttachmentUrls, renderAttachments, type AttachmentLoader } from "../attachments/message-attachments.js";
import { messageAttachmentStyles } from "../attachments/message-attachments.styles.js";
import { defineElement } from "../define.js";
import { emit, type ChatRetryDetail } from "../events.js";
import { formatFullTime, formatTime } from "../format.js";
import { chatMessageStyles } from "./chat-message.styles.js";


const statusLabels = { pending: "Sending…", sent: "Sent", failed: "Not sent" } as const;

/**
 * One message: sender, time, text and delivery status. Text is rendered as text, never HTML.
 *
 * @summary A single chat message bubble.
 * @csspart meta - The line with sender and time.
 * @csspart sender - The sender's name.
 * @csspart timestamp - The time the message was sent.
 * @csspart bubble - The bubble holding the text.
 * @csspart bubble-own - Added to `bubble` on the current user's messages.
 * @csspart status - The delivery status of the current user's messages.
 * @csspart retry-button - Sends a message that could not be sent again.
 * @csspart attachments - The message's files.
 * @csspart attachment-image - An attached picture, shown inline.
 * @csspart attachment-file - The download link of any other attached file.
 * @cssproperty --chat-attachment-max-height - Tallest a picture is shown (default 20rem).
 * @event chat-retry - The user asked to send a failed message again: `detail.messageId`.
 * @cssproperty --chat-bubble-own-background - Bubble colour of the current user's messages.
 * @cssproperty --chat-bubble-own-color - Text colour of the current user's messages.
 * @cssproperty --chat-bubble-other-background - Bubble colour of others' messages.
 * @cssproperty --chat-bubble-other-color - Text colour of others' messages.
 * @cssproperty --chat-bubble-radius - Bubble corner radius.
 * @cssproperty --chat-bubble-padding - Space inside a bubble.
 * @cssproperty --chat-muted-color - Colour of the sender, time and status.
 * @cssproperty --chat-danger-color - Colour of a message that could not be sent.
 */
export class ChatMessageElement extends LitElement {
  static styles = [chatMessageStyles, messageAttachmentStyles];

  static properties = {
    message: { attribute: false },
    own: { type: Boolean, reflect: true },
    status: { reflect: true },
    loadAttachment: { attribute: false },
  };

  message: ChatMessage | null = null;
  /** Set on the current user's own messages. */
  own = false;
  /** Mirrors the message's delivery status for styling. */
  status: ChatMessage["status"] | undefined;
  /** Fetches an attachment's bytes as an object URL: the conversation's `attachmentUrl`. */
  loadAttachment: AttachmentLoader | null = null;
  private readonly attachmentUrls = new AttachmentUrls(this);

  private handleRetry(): void {
    if (this.message) emit<ChatRetryDetail>(this, "chat-retry", { messageId: this.message.id });
  }

  protected willUpdate(): void {
    this.status = this.message?.status;
  }

  render() {
    const message = this.message;
    if (!message) return nothing;
    const sentAt = new Date(message.createdAt);
    return html`
      <div part="meta" class="meta">
        <span part="sender" class="sender">${message.senderName}</span>
        <time part="timestamp" datetime=${sentAt.toISOString()} title=${formatFullTime(message.createdAt)}
          >${formatTime(message.createdAt)}</time
        >
      </div>
      <div part=${this.own ? "bubble bubble-own" : "bubble"} class="bubble">${message.text}</div>
      ${renderAttachments(message.attachments, this.attachmentUrls, this.loadAttachment)}
      ${this.own
        ? html`<span part="status" class="status" title=${message.error ?? nothing}
            >${statusLabels[message.status]}${message.status === "failed"
              ? html` <button part="retry-button" class="retry" type="button" @click=${this.handleRetry}>Retry</button>`
              : nothing}</span
          >`
        : nothing}
    `;
  }
}

defineElement("chat-message", ChatMessageElement);

declare global {
  interface HTMLElementTagNameMap {
    "chat-message": ChatMessageElement;
  }
}
