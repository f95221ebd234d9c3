import { css } from "lit";
import { srOnlyStyles, themeStyles } from "../shared.styles.js";

export const chatComposerStyles = [
  themeStyles,
  srOnlyStyles,
  css`
  :host {
    display: block;
  }
  .context {
    display: flex;
    justify-content: space-between;
    align-items: center;
    padding: 4px 8px;
    font-size: var(--_small);
    color: var(--_muted);
    border-top: 1px solid var(--_border);
  }
  .context .name {
    font-weight: 600;
  }
  .context button {
    font: inherit;
    color: inherit;
    background: none;
    border: 0;
    cursor: pointer;
  }
  form {
    position: relative;
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: 8px;
    padding: var(--chat-composer-padding, var(--_space));
    border-top: 1px solid var(--_border);
    background: var(--chat-composer-background, transparent);
  }
  /* Above the form, over the last messages, so it never pushes the input around. */
  .suggestions {
    position: absolute;
    inset-inline: 8px;
    bottom: 100%;
    z-index: 1;
    margin: 0 0 4px;
    padding: 4px 0;
    list-style: none;
    max-height: 12rem;
    overflow-y: auto;
    background: var(--chat-background, #ffffff);
    border: 1px solid var(--chat-border-color, #dde1e6);
    border-radius: var(--chat-input-radius, 8px);
    box-shadow: 0 4px 12px #0002;
  }
  .suggestions li {
    padding: 4px 10px;
    cursor: pointer;
  }
  .suggestions li[aria-selected="true"] {
    background: var(--chat-item-selected-background, #e7ecf7);
  }
  .suggestions .name {
    font-weight: 600;
  }
  .suggestions .id {
    color: var(--chat-muted-color, #5c6370);
    font-size: 0.85em;
  }
  textarea {
    flex: 1;
    min-height: 2.5rem;
    max-height: 8rem;
    resize: none;
    box-sizing: border-box;
    padding: 8px 10px;
    font: inherit;
    color: inherit;
    background: var(--_input);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    field-sizing: content;
  }
  /*
   * What is typed, and the placeholder, take the direction of their own words (as dir="auto"
   * would): German in a right-to-left page keeps its "…" at its end. Plaintext aligns by that
   * direction, so the placeholder is put back on the field's own side.
   */
  textarea,
  textarea::placeholder {
    unicode-bidi: plaintext;
  }
  textarea:dir(ltr)::placeholder {
    text-align: left;
  }
  textarea:dir(rtl)::placeholder {
    text-align: right;
  }
  textarea:focus-visible,
  button:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 1px;
  }
  button {
    padding: 8px 16px;
    font: inherit;
    font-weight: 600;
    color: var(--chat-send-color, var(--_on-accent));
    background: var(--chat-send-background, var(--_accent));
    border: none;
    border-radius: var(--_radius);
    cursor: pointer;
  }
  .attach,
  .cancel {
    padding: 8px;
    color: inherit;
    background: none;
  }
  .uploads,
  .limit,
  .error {
    flex-basis: 100%;
    margin: 0;
  }
  .uploads {
    padding: 0;
    list-style: none;
  }
  .uploads li {
    display: flex;
    align-items: center;
    gap: 8px;
  }
  .name {
    flex: 1;
    overflow-wrap: anywhere;
  }
  .limit {
    font-size: var(--_small);
    color: var(--_muted);
  }
  .error {
    color: var(--_danger);
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
`,
];
