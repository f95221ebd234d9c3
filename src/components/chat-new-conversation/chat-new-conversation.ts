import { html, nothing } from "lit";
import { live } from "lit/directives/live.js";
import type { Chat, ConversationHandle, ConversationType, Person } from "../../store/index.js";
import { ConfabElement } from "../confab-element.js";
import { defineElement } from "../define.js";
import { errorText } from "../error-text.js";
import { emit, type ChatSelectDetail } from "../events.js";
import { pickerParts } from "../parts.js";
import "../people-picker/people-picker.js";
import type { ChatPeoplePicker, ChatPickDetail } from "../people-picker/people-picker.js";
import { chatNewConversationStyles } from "./chat-new-conversation.styles.js";

/** What the form does: start a conversation of a type, or join a group by its id. */
type FormKind = ConversationType | "join";

const kinds = { direct: "direct", group: "group", join: "joinById" } as const;

/**
 * A form to start a one-to-one conversation or a group with people found by name or id, or to
 * join an open group by its id. Picking a person starts a one-to-one at once (there is only
 * one choice to make); a group's people gather as chips until Create.
 *
 * @tag chat-new-conversation
 * @summary Start a conversation.
 * @attr theme - `light`, `dark` or `auto`; inside another element, follows that one's.
 * @attr lang - The language of its texts; the holding element passes its own.
 * @event chat-select - The conversation was created (or, one-to-one, found): `detail.conversationId`.
 * @event chat-cancel - The user closed the form without creating anything.
 * @csspart form - The form.
 * @csspart picker - The people picker: `picker-input`, `picker-list`, `picker-person` (`picker-person-active`,
 *   `picker-person-typed` for "Use id"), `picker-avatar`, `picker-presence`, `picker-status`,
 *   `picker-more-button`, `picker-chips`, `picker-chip`.
 * @csspart create-button - The submit button (a group's Create, Join).
 * @csspart cancel-button - The cancel button.
 * @csspart error - Why the last attempt failed.
 */
export class ChatNewConversation extends ConfabElement {
  static styles = chatNewConversationStyles;

  static properties = {
    ...ConfabElement.properties,
    chat: { attribute: false },
    kind: { state: true },
    error: { state: true },
    busy: { state: true },
  };

  chat: Chat | null = null;
  private kind: FormKind = "direct";
  private error = "";
  private busy = false;

  /** Moves focus to the first field. */
  override focus(): void {
    (this.picker ?? this.renderRoot.querySelector<HTMLInputElement>("input[type=text]"))?.focus();
  }

  private get picker(): ChatPeoplePicker | null {
    return this.renderRoot.querySelector("chat-people-picker");
  }

  /** One-to-one, a pick starts the conversation; in a group it only clears an earlier error. */
  private handlePick(event: CustomEvent<ChatPickDetail>): void {
    this.error = "";
    if (this.kind === "direct") void this.attempt((chat) => chat.create({ type: "direct", members: [event.detail.person.id] }));
  }

  private handleSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const fields = new FormData(event.target as HTMLFormElement);
    if (this.kind === "join") {
      const ids = String(fields.get("ids") ?? "").split(/[\s,]+/).filter(Boolean);
      if (ids.length !== 1) this.error = this.t.giveOneId;
      else void this.attempt((chat) => chat.join(ids[0]!));
      return;
    }
    const people: Person[] = this.picker?.picked ?? [];
    if (!people.length) {
      this.error = this.t.pickSomeone;
      this.focus();
      return;
    }
    const title = String(fields.get("title") ?? "").trim();
    void this.attempt((chat) =>
      chat.create({ type: "group", members: people.map((person) => person.id), title: title || undefined, joinable: fields.has("joinable") }),
    );
  }

  /** Creates or joins; on success resets and selects the conversation, else says why and keeps focus on the field to fix. */
  private async attempt(action: (chat: Chat) => Promise<ConversationHandle>): Promise<void> {
    if (!this.chat || this.busy) return;
    this.busy = true;
    this.error = "";
    try {
      const conversation = await action(this.chat);
      this.renderRoot.querySelector("form")?.reset();
      this.picker?.clear();
      emit<ChatSelectDetail>(this, "chat-select", { conversationId: conversation.id });
    } catch (error) {
      this.error = errorText(this.t, error);
      this.focus();
    } finally {
      this.busy = false;
    }
  }

  private handleCancel(): void {
    this.error = "";
    emit(this, "chat-cancel", {});
  }

  render() {
    const t = this.t;
    const kind = this.kind;
    return html`
      <form part="form" aria-label=${t.newConversation} @submit=${this.handleSubmit}>
        <fieldset>
          <legend>${t.newConversation}</legend>
          ${(Object.keys(kinds) as FormKind[]).map(
            (each) => html`<label
              ><input type="radio" name="kind" value=${each} .checked=${live(kind === each)} @change=${() => (this.kind = each)} />${t[
                kinds[each]
              ]}</label
            >`,
          )}
        </fieldset>
        ${kind === "join"
          ? html`<label>${t.conversationId} <input type="text" name="ids" required autocomplete="off" /></label>`
          : html`<chat-people-picker
              part="picker"
              exportparts=${pickerParts}
              lang=${this.locale || nothing}
              .strings=${this.strings}
              .chat=${this.chat}
              ?multiple=${kind === "group"}
              label=${t.personOrId}
              @chat-pick=${this.handlePick}
            ></chat-people-picker>`}
        ${kind === "group"
          ? html`<label>${t.title} <input type="text" name="title" maxlength="120" autocomplete="off" /></label>
              <label class="check"><input type="checkbox" name="joinable" />${t.joinable}</label>`
          : nothing}
        ${this.error ? html`<p part="error" class="error" role="alert">${this.error}</p>` : nothing}
        <div class="actions">
          <button part="cancel-button" class="quiet" type="button" @click=${this.handleCancel}>${t.cancel}</button>
          ${kind === "direct"
            ? nothing
            : html`<button part="create-button" class="primary" type="submit" ?disabled=${this.busy}>${kind === "join" ? t.join : t.create}</button>`}
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
