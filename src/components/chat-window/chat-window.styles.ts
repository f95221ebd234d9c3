import { css } from "lit";
import { avatarStyles, buttonStyles, panelStyles, themeStyles, srOnlyStyles } from "../shared.styles.js";

export const chatWindowStyles = [
  themeStyles,
  panelStyles,
  avatarStyles,
  buttonStyles,
  srOnlyStyles,
  css`
  :host {
    position: relative;
    height: var(--chat-window-height, 100%);
  }
  /* A person's card floats over the top of the messages, under the header. */
  .person-card {
    position: absolute;
    z-index: 3;
    inset-block-start: 3.75rem;
    inset-inline-end: 12px;
    width: min(20rem, calc(100% - 24px));
  }
  .header {
    flex-wrap: wrap;
    row-gap: 0;
    padding: var(--_space) 14px;
    background: var(--chat-header-background, transparent);
  }
  .heading {
    flex: 1;
    min-width: 0;
    display: grid;
  }
  /*
   * The title and the member count take the direction of their own words (as dir="auto"
   * would), so an English title in a right-to-left window loses its end, not its start, and
   * "2 Mitglieder" keeps its number in front; the box itself stays at the window's start.
   */
  h2,
  .members-button {
    unicode-bidi: plaintext;
  }
  h2 {
    justify-self: start;
    max-width: 100%;
    margin: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-size: 1rem;
    font-weight: 600;
  }
  .members-button {
    justify-self: start;
    max-width: 100%;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    padding: 0;
    color: var(--_muted);
    background: none;
    border: none;
    font-size: var(--_small);
    text-decoration: underline;
  }
  .members {
    max-height: 45%;
    overflow-y: auto;
    padding: 10px 14px;
    border-bottom: 1px solid var(--_border);
  }
  .notice {
    flex: 1;
    margin: 0;
    padding: 24px;
    color: var(--_muted);
    text-align: center;
  }
  /* A line of its own under the header's row, empty (no height) while connected. */
  .status {
    flex-basis: 100%;
    order: 1;
    text-align: center;
    font-size: var(--_small);
    color: var(--_muted);
  }
  .status:not(:empty) {
    padding-block-start: 4px;
  }
  .messages {
    flex: 1;
    min-height: 0;
    overflow-y: auto;
    display: flex;
    flex-direction: column;
    gap: var(--chat-message-gap, var(--_space));
    padding: var(--_space) 14px;
    /* The window keeps the reader's place itself (see keepScrollPosition). */
    overflow-anchor: none;
  }
  .typing {
    min-height: 1.25em;
    padding: 0 14px;
    font-size: var(--_small);
    color: var(--_muted);
  }
  .error {
    margin: 0;
    padding: 4px 14px;
    color: var(--_danger);
  }
  /* A short conversation sits at the bottom, by the composer, as chats do; a long one scrolls as usual. */
  .messages > :first-child {
    margin-block-start: auto;
  }
  .messages:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: -2px;
  }
  .empty {
    margin: auto;
    color: var(--_muted);
  }
  /* A day's name or "New messages", centred between two rules. */
  .separator {
    display: flex;
    align-items: center;
    gap: 10px;
    margin-block: 6px 2px;
    font-size: var(--_small);
    color: var(--_muted);
  }
  .separator::before,
  .separator::after {
    content: "";
    flex: 1;
    border-block-start: 1px solid var(--_border);
  }
  .unread {
    color: var(--_danger);
    font-weight: 600;
  }
  .unread::before,
  .unread::after {
    border-color: currentColor;
  }
  /* Takes no room: the button floats over the bottom of the list. */
  .jump {
    position: relative;
    height: 0;
  }
  .jump-button {
    position: absolute;
    inset-block-end: 10px;
    inset-inline-start: 50%;
    translate: -50%;
    z-index: 1;
    padding: 4px 12px;
    font-size: var(--_small);
    color: var(--_on-accent);
    background: var(--_accent);
    border: none;
    border-radius: 999px;
    box-shadow: 0 2px 6px rgb(0 0 0 / 0.2);
    white-space: nowrap;
  }
  :host(:dir(rtl)) .jump-button {
    translate: 50%;
  }
  /* System lines: centred, muted, plain text in the log between messages. */
  .system-line {
    margin: 6px 16px;
    text-align: center;
    font-size: var(--_small);
    color: var(--_muted);
    overflow-wrap: anywhere;
  }
`,
];
