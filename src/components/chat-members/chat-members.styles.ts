import { css } from "lit";
import { avatarStyles, buttonStyles } from "../shared.styles.js";

export const chatMembersStyles = [
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
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .role {
      font-size: var(--chat-meta-font-size, 0.75rem);
      color: var(--chat-muted-color, #5c6370);
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
      background: var(--chat-input-background, #ffffff);
      border: 1px solid var(--chat-border-color, #dde1e6);
      border-radius: var(--chat-input-radius, 10px);
    }
    .footer {
      display: flex;
      justify-content: flex-end;
      margin-top: 10px;
    }
    .error {
      margin: 8px 0 0;
      color: var(--chat-danger-color, #c92a2a);
      font-size: 0.8125rem;
    }
  `,
];
