import { html, nothing, svg, type PropertyValues } from "lit";
import { live } from "lit/directives/live.js";
import type { NotificationSettings, NotifyLevel, PushOptions } from "../../store/index.js";
import { ChatElement } from "../chat-element.js";
import { defineElement } from "../define.js";
import { errorText } from "../error-text.js";
import { StoreBinding } from "../controllers/store-binding.js";
import { chatNotificationsStyles } from "./chat-notifications.styles.js";

const bellIcon = svg`<path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" /><path d="M13.7 21a2 2 0 0 1-3.4 0" />`;

const LEVELS: NotifyLevel[] = ["all", "mentions", "none"];

/**
 * What reaches the user while they are away (pushes and the host's digests): a bell button
 * that shows the choice of every message, mentions only, or nothing (`chat.setNotifications`).
 * With `push`, choosing one of the first two also subscribes this browser to pushes
 * (`chat.enablePush`, in the same click, as browsers ask for permission only then). Shown once
 * the server has said the user's level. Escape closes the choice and focus returns to the bell.
 *
 * @tag chat-notifications
 * @summary The user's notification level, and pushes for this browser.
 * @attr host - Server host; defaults to the page's host.
 * @attr token - A JWT your backend signed for the current user (or the `tokenProvider` property).
 * @attr user - The current user's id, when no `chat` property is given.
 * @attr name - The current user's display name.
 * @attr theme - `light` (default), `dark`, or `auto`.
 * @attr lang - The language of its texts; defaults to the nearest ancestor's.
 * @attr push - Whether turning notifications on subscribes this browser to pushes: the site hosts dist/confab-sw.js.
 * @csspart button - The bell that shows and hides the choice.
 * @csspart panel - The choice of levels.
 * @csspart option - Each level's radio button and label.
 * @csspart error - Why the choice failed (the browser blocks notifications, say).
 */
export class ChatNotifications extends ChatElement {
  static styles = chatNotificationsStyles;

  static properties = {
    ...ChatElement.properties,
    push: { type: Boolean },
    expanded: { state: true },
    error: { state: true },
  };

  push = false;
  /** Where the service worker is and which page it opens, for `chat.enablePush`. */
  pushOptions: PushOptions = {};
  private expanded = false;
  private error = "";
  private readonly settings = new StoreBinding<NotificationSettings | undefined>(this);

  protected willUpdate(changed: PropertyValues<this>): void {
    if (this.chatChanged(changed)) this.settings.bind(this.activeChat?.notifications ?? null);
  }

  override focus(): void {
    this.renderRoot.querySelector<HTMLElement>("button")?.focus();
  }

  private async toggle(): Promise<void> {
    this.expanded = !this.expanded;
    this.error = "";
    await this.updateComplete;
    if (this.expanded) this.renderRoot.querySelector<HTMLInputElement>("input:checked")?.focus();
  }

  private async choose(event: Event): Promise<void> {
    const chat = this.activeChat;
    const level = (event.target as HTMLInputElement).value as NotifyLevel;
    if (!chat) return;
    this.error = "";
    // Before any await: the browser asks for permission only within the user's gesture.
    const pushing = this.push && level !== "none" ? chat.enablePush(this.pushOptions) : undefined;
    try {
      await Promise.all([chat.setNotifications(level), pushing]);
    } catch (error) {
      this.error = errorText(this.t, error);
    }
  }

  private handleKeydown(event: KeyboardEvent): void {
    if (event.key !== "Escape") return;
    // The popup holding it closes on Escape unless it is used here.
    event.preventDefault();
    this.expanded = false;
    this.focus();
  }

  private handleFocusOut(event: FocusEvent): void {
    const next = event.relatedTarget as Node | null;
    if (next && !this.renderRoot.contains(next) && !this.contains(next)) this.expanded = false;
  }

  render() {
    const level = this.settings.value?.level;
    if (!level) return nothing;
    const t = this.t;
    const labels: Record<NotifyLevel, string> = { all: t.notifyAll, mentions: t.notifyMentions, none: t.notifyNone };
    return html`<button
        part="button"
        class="icon"
        type="button"
        aria-label=${t.notifications}
        aria-expanded=${this.expanded ? "true" : "false"}
        aria-controls="panel"
        @click=${this.toggle}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true">${bellIcon}</svg>
      </button>
      <fieldset part="panel" id="panel" ?hidden=${!this.expanded} @change=${this.choose} @keydown=${this.handleKeydown} @focusout=${this.handleFocusOut}>
        <legend>${t.notifications}</legend>
        ${LEVELS.map(
          (option) =>
            html`<label part="option"><input type="radio" name="level" value=${option} .checked=${live(option === level)} />${labels[option]}</label>`,
        )}
        ${this.error ? html`<p part="error" role="alert">${this.error}</p>` : nothing}
      </fieldset>`;
  }
}

defineElement("chat-notifications", ChatNotifications);

declare global {
  interface HTMLElementTagNameMap {
    "chat-notifications": ChatNotifications;
  }
}
