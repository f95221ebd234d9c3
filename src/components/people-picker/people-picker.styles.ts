import { css } from "lit";
import { avatarStyles, buttonStyles, themeStyles } from "../shared.styles.js";

export const peoplePickerStyles = [
  themeStyles,
  avatarStyles,
  buttonStyles,
  css`
    :host {
      display: grid;
      grid-template-columns: minmax(0, 1fr);
      gap: 4px;
      font-size: 0.8125rem;
      --chat-avatar-size: 1.75rem;
    }
    input {
      padding: 6px 8px;
      font: inherit;
      font-size: var(--_size);
      color: inherit;
      background: var(--_input);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    .chips,
    .people {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .chips {
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
    }
    .chips li,
    .chip {
      max-width: 100%;
    }
    .chip {
      display: inline-flex;
      gap: 6px;
      padding: 2px 8px;
      color: inherit;
      background: var(--_selected);
      border: none;
      border-radius: 999px;
    }
    .people {
      max-height: 13rem;
      overflow-y: auto;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    [role="option"] {
      display: flex;
      align-items: center;
      gap: 8px;
      padding: 4px 8px;
      cursor: pointer;
    }
    [role="option"] .avatar-frame,
    [role="option"] > .avatar {
      order: -1;
    }
    [aria-selected="true"] {
      background: var(--_selected);
    }
    .text {
      display: grid;
      min-width: 0;
    }
    .chip bdi,
    .name,
    .id {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .id,
    .status {
      color: var(--_muted);
    }
    .status:empty {
      display: none;
    }
    .more {
      justify-self: start;
    }
  `,
];
