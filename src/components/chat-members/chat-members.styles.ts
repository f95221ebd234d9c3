import { css } from "lit";
import { avatarStyles, buttonStyles, themeStyles } from "../shared.styles.js";

export const chatMembersStyles = [
  themeStyles,
  avatarStyles,
  buttonStyles,
  css`
    :host {
      display: block;
      --chat-avatar-size: 1.75rem;
    }
    ul {
      margin: 0;
      padding: 0;
      list-style: none;
      display: grid;
      gap: 6px;
    }
    li {
      display: flex;
      align-items: center;
      gap: 8px;
    }
    .name {
      flex: 1;
      min-width: 0;
      padding: 0;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      text-align: start;
      color: inherit;
      background: none;
      border: none;
    }
    .name:hover {
      text-decoration: underline;
    }
    .role {
      font-size: var(--_small);
      color: var(--_muted);
    }
    form {
      display: flex;
      gap: 6px;
      margin-top: 10px;
    }
    input {
      flex: 1;
      min-width: 0;
      padding: 4px 8px;
      font: inherit;
      color: inherit;
      background: var(--_input);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    .footer {
      display: flex;
      justify-content: flex-end;
      margin-top: 10px;
    }
    .error {
      margin: 8px 0 0;
      color: var(--_danger);
      font-size: 0.8125rem;
    }
  `,
];
