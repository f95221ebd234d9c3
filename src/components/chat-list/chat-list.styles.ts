import { css } from "lit";
import { avatarStyles, buttonStyles, panelStyles, themeStyles } from "../shared.styles.js";

export const chatListStyles = [
  themeStyles,
  panelStyles,
  avatarStyles,
  buttonStyles,
  css`
    :host {
      height: var(--chat-list-height, 100%);
    }
    .header {
      padding: var(--_space) 12px;
    }
    /* A short list (a phone's) scrolls the form rather than cutting it off. */
    chat-new-conversation {
      min-height: 0;
      overflow-y: auto;
    }
    h2 {
      flex: 1;
      margin: 0;
      font-size: 1rem;
    }
    ul {
      flex: 1;
      min-height: 0;
      overflow-y: auto;
      margin: 0;
      padding: 4px;
      list-style: none;
    }
    li {
      display: flex;
      align-items: center;
      gap: 10px;
      padding: var(--_space);
      border-radius: 8px;
      cursor: pointer;
    }
    li:hover {
      background: var(--chat-item-hover-background, light-dark(#f1f3f5, #25262b));
    }
    li[aria-selected="true"] {
      background: var(--_selected);
    }
    li:focus-visible {
      outline: 2px solid var(--_focus);
      outline-offset: -2px;
    }
    .text {
      flex: 1;
      min-width: 0;
      display: grid;
      grid-template-columns: minmax(0, 1fr);
      gap: 2px;
    }
    .top {
      display: flex;
      justify-content: space-between;
      gap: 6px;
    }
    .title {
      min-width: 0;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      font-weight: 600;
    }
    .time {
      flex: none;
      white-space: nowrap;
    }
    .time,
    .preview {
      font-size: var(--_small);
      color: var(--_muted);
    }
    /* dir="auto" in a right-to-left list: a left-to-right preview still starts at the list's start. */
    .preview {
      justify-self: start;
      max-width: 100%;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .badge {
      min-width: 1.25rem;
      padding: 1px 6px;
      box-sizing: border-box;
      border-radius: 999px;
      background: var(--chat-badge-background, var(--_accent));
      color: var(--chat-badge-color, var(--_on-accent));
      font-size: 0.75rem;
      font-weight: 700;
      text-align: center;
    }
    .empty {
      margin: auto;
      padding: 24px;
      display: grid;
      gap: 10px;
      justify-items: center;
      color: var(--_muted);
      text-align: center;
    }
  `,
];
