/** Styles several elements share: the panel frame, the avatar, screen-reader-only text (and base.styles.ts's theme and buttons). */
import { css } from "lit";

import { plainButtonStyles } from "./base.styles.js";

export { themeStyles } from "./base.styles.js";

/** The framed, themed box of a standalone element such as the list or the window. */
export const panelStyles = css`
  :host {
    color-scheme: light;
    display: flex;
    flex-direction: column;
    min-height: 0;
    box-sizing: border-box;
    font-family: var(--_font);
    font-size: var(--_size);
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--chat-window-radius, 12px);
    overflow: hidden;
  }
  .header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
    border-bottom: 1px solid var(--_border);
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
    background: var(--chat-avatar-background, light-dark(#d0d7e2, #3a4150));
    color: var(--chat-avatar-color, light-dark(#1f2a3d, #e9ecef));
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
    border: 2px solid var(--_bg);
    border-radius: 50%;
    background: var(--chat-offline-color, light-dark(#adb5bd, #5c636e));
  }
  .presence[part~="presence-online"] {
    background: var(--chat-online-color, light-dark(#2b8a3e, #51cf66));
  }
`;

/** Buttons: plain ones and the focus ring (base.styles.ts), and the primary, quiet and danger kinds. */
export const buttonStyles = [
  plainButtonStyles,
  css`
    .primary {
      padding: 6px 14px;
      font-weight: 600;
      color: var(--_on-accent);
      background: var(--_accent);
      border: none;
      border-radius: var(--_radius);
    }
    .quiet {
      padding: 4px 10px;
      color: inherit;
      background: transparent;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    .danger {
      color: var(--_danger);
    }
  `,
];

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
