import { css } from "lit";
import { buttonStyles, themeStyles } from "../shared.styles.js";

export const chatSearchStyles = [
  themeStyles,
  buttonStyles,
  css`
    :host {
      display: block;
    }
    form {
      display: flex;
      gap: 6px;
    }
    /*
     * The query, its placeholder, each result and the count found take the direction of their
     * own words (as dir="auto" would): an English result in a right-to-left window is cut at its
     * end, and "3 Nachrichten gefunden" keeps its number in front.
     */
    input,
    input::placeholder,
    [part~="result"],
    p {
      unicode-bidi: plaintext;
    }
    /* "3 Nachrichten gefunden" at the window's start, though laid out left to right. */
    p {
      width: fit-content;
    }
    input:dir(ltr)::placeholder {
      text-align: left;
    }
    input:dir(rtl)::placeholder {
      text-align: right;
    }
    input {
      flex: 1;
      min-width: 0;
      padding: 4px 8px;
      font: inherit;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    p {
      margin: 4px 0;
      font-size: var(--_small);
      color: var(--_muted);
    }
    ul {
      margin: 0;
      padding: 0;
      list-style: none;
      max-height: 12rem;
      overflow-y: auto;
    }
    [part~="result"] {
      width: 100%;
      padding: 4px;
      text-align: start;
      color: inherit;
      background: none;
      border: 0;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .name {
      font-weight: 600;
    }
  `,
];
