import { html, nothing, type PropertyValues } from "lit";
import { namedBy } from "../../protocol/limits.js";
import { canModerate, canRemove } from "../../protocol/permissions.js";
import type { ConversationHandle, ConversationMeta, Member } from "../../store/index.js";
import { renderAvatar } from "../avatar.js";
import { ConfabElement } from "../confab-element.js";
import { defineElement } from "../define.js";
import { errorText } from "../error-text.js";
import { emit, type ChatPersonDetail } from "../events.js";
import { memberLabels } from "../member-labels.js";
import { StoreBinding } from "../controllers/store-binding.js";
import { chatMembersStyles } from "./chat-members.styles.js";

/**
 * The members of a conversation, with add and remove for owners and admins, and leave.
 *
 * @tag chat-members
 * @summary Members panel.
 * @attr theme - `light`, `dark` or `auto`; inside another element, follows that one's.
 * @attr lang - The language of its texts; the holding element passes its own.
 * @csspart members - The member list.
 * @csspart member - Each member.
 * @csspart avatar - A member's initials.
 * @csspart presence - The dot on an avatar saying whether the person is online (`presence-online` when they are).
 * @csspart member-name - A member's name: a button opening their card.
 * @event chat-person - A member's name was pressed: their card should open (`<chat-window>` opens it).
 * @csspart role - A member's role.
 * @csspart kick-button - Removes a member.
 * @csspart add-form - The form to add a member.
 * @csspart add-button - Adds the member named in the form.
 * @csspart leave-button - Leaves the conversation.
 * @csspart error - Why the last action failed.
 */
export class ChatMembers extends ConfabElement {
  static styles = chatMembersStyles;

  static properties = {
    ...ConfabElement.properties,
    conversation: { attribute: false },
    userId: { attribute: false },
    error: { state: true },
  };

  conversation: ConversationHandle | null = null;
  /** The current user, whose rights decide which actions show. */
  userId = "";
  private error = "";
  private readonly members = new StoreBinding<Member[]>(this);
  private readonly meta = new StoreBinding<ConversationMeta | null>(this);
  private readonly online = new StoreBinding<string[]>(this);

  protected willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("conversation")) {
      this.members.bind(this.conversation?.members ?? null);
      this.meta.bind(this.conversation?.meta ?? null);
      this.online.bind(this.conversation?.online ?? null);
      this.error = "";
    }
  }

  private async attempt(action: () => Promise<void>): Promise<void> {
    this.error = "";
    try {
      await action();
    } catch (error) {
      this.error = errorText(this.t, error);
    }
  }

  private handleAdd(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const userId = String(new FormData(form).get("userId") ?? "").trim();
    if (!userId || !this.conversation) return;
    void this.attempt(async () => {
      // In guest mode a person types a guest's id as they picked it ("bob" is the guest ~bob).
      await this.conversation!.add(namedBy(this.userId, userId));
      form.reset();
    });
  }

  /** Asks the holder (`<chat-window>`) to show the member's card, with what this panel knows of them. */
  private showPerson(button: EventTarget, member: Member): void {
    const { userId, name, avatar } = member;
    // From the button itself, so the card gives focus back to it.
    emit<ChatPersonDetail>(button, "chat-person", { userId, name, avatar, online: (this.online.value ?? []).includes(userId) });
  }

  render() {
    const members = this.members.value ?? [];
    const me = members.find((member) => member.userId === this.userId);
    const isGroup = this.meta.value?.type === "group";
    const manages = isGroup && canModerate(me?.role);
    const canKick = (member: Member) => canRemove(this.meta.value?.type, me, member);
    const t = this.t;
    const labels = memberLabels(members);
    return html`
      <ul part="members" aria-label=${t.memberList}>
        ${members.map(
          (member) => html`<li part="member">
            ${renderAvatar(t, member.name, member.avatar, (this.online.value ?? []).includes(member.userId))}
            <button part="member-name" class="name" type="button" aria-haspopup="dialog" @click=${(event: Event) => this.showPerson(event.currentTarget!, member)}
              >${labels.get(member.userId)}${member.userId === this.userId ? t.itsYou : ""}</button
            >
            ${member.role !== "member" ? html`<span part="role" class="role">${t[member.role]}</span>` : nothing}
            ${canKick(member)
              ? html`<button
                  part="kick-button"
                  class="quiet danger"
                  type="button"
                  aria-label=${t.remove(labels.get(member.userId)!)}
                  @click=${() => this.attempt(() => this.conversation!.kick(member.userId))}
                >
                  ${t.removeButton}
                </button>`
              : nothing}
          </li>`,
        )}
      </ul>
      ${manages
        ? html`<form part="add-form" @submit=${this.handleAdd}>
            <input name="userId" aria-label=${t.userIdToAdd} placeholder=${t.userId} autocomplete="off" required />
            <button part="add-button" class="quiet" type="submit">${t.add}</button>
          </form>`
        : nothing}
      ${isGroup && me
        ? html`<div class="footer">
            <button part="leave-button" class="quiet danger" type="button" @click=${() => this.attempt(() => this.conversation!.leave())}>
              ${t.leave}
            </button>
          </div>`
        : nothing}
      ${this.error ? html`<p part="error" class="error" role="alert">${this.error}</p>` : nothing}
    `;
  }
}

defineElement("chat-members", ChatMembers);

declare global {
  interface HTMLElementTagNameMap {
    "chat-members": ChatMembers;
  }
}
