import { css } from "lit";
import { avatarStyles, buttonStyles, panelStyles, srOnlyStyles } from "../shared.styles.js";

export const chatWindowStyles = [
  panelStyles,
  avatarStyles,
  buttonStyles,
  srOnlyStyles,
  css`
  :host {
    height: var(--chat-window-height, 100%);
  }
  .header {
    padding: 10px 14px;
    background: var(--chat-header-background, transparent);
  }
  .heading {
    flex: 1;
    min-width: 0;
    display: grid;
  }
  h2 {
    margin: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-size: 1rem;
    font-weight: 600;
  }
  .members-button {
    justify-self: start;
    padding: 0;
    color: var(--chat-muted-color, #5c6370);
    background: none;
    border: none;
    font-size: var(--chat-meta-font-size, 0.75rem);
    text-decoration: underline;
  }
  .members {
    max-height: 45%;
    overflow-y: auto;
    padding: 10px 14px;
    border-bottom: 1px solid var(--chat-border-color, #dde1e6);
  }
  .notice {
    flex: 1;
    margin: 0;
    padding: 24px;
    color: var(--chat-muted-color, #5c6370);
    text-align: center;
  }
  .status {
    font-size: var(--chat-meta-font-size, 0.75rem);
    color: var(--chat-muted-color, #5c6370);
  }
  .messages {
    flex: 1;
    min-height: 0;
    overflow-y: auto;
    display: flex;
    flex-direction: column;
    gap: var(--chat-message-gap, 10px);
    padding: 12px 14px;
    /* The window keeps the reader's place itself (see keepScrollPosition). */
    overflow-anchor: none;
  }
  .typing {
    min-height: 1.25em;
    padding: 0 14px;
    font-size: var(--chat-meta-font-size, 0.75rem);
    color: var(--chat-muted-color, #5c6370);
  }
  .error {
    margin: 0;
    padding: 4px 14px;
    color: var(--chat-danger-color, #c92a2a);
  }
  .messages:focus-visible {
    outline: 2px solid var(--chat-focus-color, var(--chat-accent-color, #3b5bdb));
    outline-offset: -2px;
  }
  .empty {
    margin: auto;
    color: var(--chat-muted-color, #5c6370);
  }
`,
];
