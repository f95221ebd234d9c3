import { css } from "lit";
import { avatarStyles, buttonStyles, themeStyles } from "../shared.styles.js";

export const personCardStyles = [
  themeStyles,
  avatarStyles,
  buttonStyles,
  css`
    :host {
      display: block;
      --chat-avatar-size: 3rem;
    }
    .card {
      display: grid;
      grid-template-columns: auto 1fr;
      align-items: center;
      gap: 8px 12px;
      padding: 12px;
      color: var(--_fg);
      background: var(--_bg);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      box-shadow: 0 4px 16px #0003;
    }
    h3,
    p {
      margin: 0;
      overflow-wrap: anywhere;
    }
    h3 {
      font-size: 1rem;
    }
    .state,
    .id {
      font-size: var(--_small);
      color: var(--_muted);
    }
    .state::before {
      content: "";
      display: inline-block;
      width: 0.5rem;
      height: 0.5rem;
      margin-inline-end: 4px;
      border-radius: 50%;
      background: var(--chat-offline-color, light-dark(#adb5bd, #5c636e));
    }
    .state.online::before {
      background: var(--chat-online-color, light-dark(#2b8a3e, #51cf66));
    }
    .error {
      grid-column: 1 / -1;
      color: var(--_danger);
      font-size: 0.8125rem;
    }
    .actions {
      grid-column: 1 / -1;
      display: flex;
      justify-content: flex-end;
      gap: 8px;
    }
  `,
];
