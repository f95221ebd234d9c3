/**
 * The chat window's header as a Lit template: the conversation's avatar and title, the line under
 * it (a one-to-one's presence or a group's member count, opening the members panel), the search
 * toggle, slots for the holder's buttons, and this user's own connection while it is down.
 */
import { html, nothing } from "lit";
import type { ConnectionStatus } from "../../store/index.js";
import { renderAvatar } from "../avatar.js";
import type { Strings } from "../strings.js";

/** What the header is drawn from. */
export interface WindowHeader {
  t: Strings;
  /** Whether a conversation is shown (not only its id). */
  ready: boolean;
  title: string;
  avatarName: string;
  avatar: string | undefined;
  /** Whether a one-to-one's other person is online; undefined for groups and while offline oneself. */
  peerOnline: boolean | undefined;
  memberCount: number;
  /** A one-to-one's presence line ("Online", "Active 5 min ago"); undefined for groups. */
  presence: string | undefined;
  direct: boolean;
  status: ConnectionStatus;
  showMembers: boolean;
  showSearch: boolean;
  toggleMembers(): void;
  toggleSearch(): void;
}

export function windowHeader(header: WindowHeader) {
  const { t, ready, title, status } = header;
  // No empty heading: screen readers would still list it among the page's headings.
  // The status region stays in place while empty, so a change of connection is announced.
  return html`<div part="header" class="header">
    <slot name="header-start"></slot>
    ${ready ? renderAvatar(t, header.avatarName, header.avatar, header.peerOnline) : nothing}
    <div class="heading">
      <h2 part="title" id="title" ?hidden=${!title}>${title}</h2>
      ${subtitle(header)}
    </div>
    ${ready
      ? html`<button
          part="search-toggle"
          class="quiet"
          type="button"
          aria-expanded=${header.showSearch ? "true" : "false"}
          aria-controls="search"
          @click=${header.toggleSearch}
        >
          ${t.search}
        </button>`
      : nothing}
    <slot name="header-actions"></slot>
    <span part="connection-status" class="status" role="status" data-status=${status}>${connectionText(t, ready, status)}</span>
    <slot name="header-end"></slot>
  </div>`;
}

/** Under the title, the members panel's button: a one-to-one's presence, a group's member count. */
function subtitle({ t, memberCount, direct, presence, showMembers, toggleMembers }: WindowHeader) {
  if (memberCount === 0 || (direct && presence === undefined)) return nothing;
  const label = direct ? presence! : t.members(memberCount);
  // A button named only "Online" would not say what it opens.
  const name = direct ? `${label}, ${t.memberList}` : undefined;
  return html`<button
    part=${name ? "members-button peer-status" : "members-button"}
    class="members-button"
    type="button"
    aria-label=${name ?? nothing}
    aria-expanded=${showMembers ? "true" : "false"}
    aria-controls="members"
    @click=${toggleMembers}
  >${label}</button>`;
}

/** This user's own connection, worded apart from anyone's presence; empty while connected. */
function connectionText(t: Strings, ready: boolean, status: ConnectionStatus): string {
  if (!ready || status === "online") return "";
  return status === "offline" ? t.youAreOffline : t[status];
}
