/** Styles several elements share: the panel frame, the avatar, plain buttons, screen-reader-only text. */
import { css } from "lit";

/** The framed, themed box of a standalone element such as the list or the window. */
export const panelStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 0;
    box-sizing: border-box;
    font-family: var(--chat-font-family, system-ui, -apple-system, "Segoe UI", sans-serif);
    font-size: var(--chat-font-size, 0.9375rem);
    color: var(--chat-text-color, #14171c);
    background: var(--chat-background, #ffffff);
    border: 1px solid var(--chat-border-color, #dde1e6);
    border-radius: var(--chat-window-radius, 12px);
    overflow: hidden;
  }
  .header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
    border-bottom: 1px solid var(--chat-border-color, #dde1e6);
  }
`;

export const avatarStyles = css`
  .avatar {
    flex: none;
    display: inline-grid;
    place-items: center;
    width: var(--chat-avatar-size, 2.25rem);
    height: var(--chat-avatar-size, 2.25rem);
    border-radius: var(--chat-avatar-radius, 50%);
    background: var(--chat-avatar-background, #d0d7e2);
    color: var(--chat-avatar-color, #1f2a3d);
    font-size: 0.8125rem;
    font-weight: 600;
    object-fit: cover;
  }
  .avatar-frame {
    position: relative;
    display: inline-flex;
    flex: none;
  }
  .presence {
    position: absolute;
    inset-block-end: 0;
    inset-inline-end: 0;
    width: 0.625rem;
    height: 0.625rem;
    box-sizing: border-box;
    border: 2px solid var(--chat-background, #ffffff);
    border-radius: 50%;
    background: var(--chat-offline-color, #adb5bd);
  }
  .presence[part~="presence-online"] {
    background: var(--chat-online-color, #2b8a3e);
  }
`;

export const buttonStyles = css`
  button {
    font: inherit;
    cursor: pointer;
  }
  button:focus-visible,
  input:focus-visible,
  [tabindex]:focus-visible {
    outline: 2px solid var(--chat-focus-color, var(--chat-accent-color, #3b5bdb));
    outline-offset: 1px;
  }
  .primary {
    padding: 6px 14px;
    font-weight: 600;
    color: var(--chat-send-color, #ffffff);
    background: var(--chat-accent-color, #3b5bdb);
    border: none;
    border-radius: var(--chat-input-radius, 10px);
  }
  .quiet {
    padding: 4px 10px;
    color: inherit;
    background: transparent;
    border: 1px solid var(--chat-border-color, #dde1e6);
    border-radius: var(--chat-input-radius, 10px);
  }
  .danger {
    color: var(--chat-danger-color, #c92a2a);
  }
`;

/** Text for screen readers only: announcements, and names that the layout shows otherwise. */
export const srOnlyStyles = css`
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
  }
`;
