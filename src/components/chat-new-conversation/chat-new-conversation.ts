import { LitElement, html, nothing } from "lit";
import { live } from "lit/directives/live.js";
import type { Chat, ConversationType } from "../../store/index.js";
import { defineElement } from "../define.js";
import { emit, type ChatSelectDetail } from "../events.js";
import { chatNewConversationStyles } from "./chat-new-conversation.styles.js";

/**
 * A form to start a one-to-one conversation or a group.
 *
 * @summary Start a conversation.
 * @event chat-select - The conversation was created (or, one-to-one, found): `detail.conversationId`.
 * @event chat-cancel - The user closed the form without creating anything.
 * @csspart form - The form.
 * @csspart create-button - The submit button.
 * @csspart cancel-button - The cancel button.
 * @csspart error - Why the last attempt failed.
 */
export class ChatNewConversation extends LitElement {
  static styles = chatNewConversationStyles;

  static properties = {
    chat: { attribute: false },
    kind: { state: true },
    error: { state: true },
    busy: { state: true },
  };

  chat: Chat | null = null;
  private kind: ConversationType = "direct";
  private error = "";
  private busy = false;

  /** Moves focus to the first field. */
  override focus(): void {
    this.renderRoot.querySelector<HTMLInputElement>("input[name=members]")?.focus();
  }

  private async handleSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (!this.chat || this.busy) return;
    const form = event.target as HTMLFormElement;
    const fields = new FormData(form);
    const members = String(fields.get("members") ?? "")
      .split(/[\s,]+/)
      .filter(Boolean);
    if (this.kind === "direct" && members.length !== 1) {
      this.error = "Name exactly one person to chat with.";
      return;
    }
    const title = String(fields.get("title") ?? "").trim();
    this.busy = true;
    this.error = "";
    try {
      const conversation = await this.chat.create({
        type: this.kind,
        members,
        title: this.kind === "group" && title ? title : undefined,
      });
      form.reset();
      emit<ChatSelectDetail>(this, "chat-select", { conversationId: conversation.id });
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    } finally {
      this.busy = false;
    }
  }

  private handleCancel(): void {
    this.error = "";
    emit(this, "chat-cancel", {});
  }

  render() {
    return html`
      <form part="form" aria-label="New conversation" @submit=${this.handleSubmit}>
        <fieldset>
          <legend>New conversation</legend>
          <label
            ><input
              type="radio"
              name="kind"
              value="direct"
              .checked=${live(this.kind === "direct")}
              @change=${() => (this.kind = "direct")}
            />One-to-one</label
          >
          <label
            ><input
              type="radio"
              name="kind"
              value="group"
              .checked=${live(this.kind === "group")}
              @change=${() => (this.kind = "group")}
            />Group</label
          >
        </fieldset>
        <label>
          ${this.kind === "direct" ? "User id" : "Member user ids, separated by commas"}
          <input type="text" name="members" required autocomplete="off" />
        </label>
        ${this.kind === "group"
          ? html`<label>Title <input type="text" name="title" maxlength="120" autocomplete="off" /></label>`
          : nothing}
        ${this.error ? html`<p part="error" class="error" role="alert">${this.error}</p>` : nothing}
        <div class="actions">
          <button part="cancel-button" class="quiet" type="button" @click=${this.handleCancel}>Cancel</button>
          <button part="create-button" class="primary" type="submit" ?disabled=${this.busy}>Start</button>
        </div>
      </form>
    `;
  }
}

defineElement("chat-new-conversation", ChatNewConversation);

declare global {
  interface HTMLElementTagNameMap {
    "chat-new-conversation": ChatNewConversation;
  }
  interface GlobalEventHandlersEventMap {
    "chat-cancel": CustomEvent<Record<string, never>>;
  }
}
