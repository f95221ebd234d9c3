import { css } from "lit";
import { buttonStyles } from "../shared.styles.js";

export const chatNewConversationStyles = [
  buttonStyles,
  css`
    :host {
      display: block;
    }
    form {
      display: grid;
      gap: 8px;
      padding: 10px 12px;
      border-bottom: 1px solid var(--chat-border-color, #dde1e6);
    }
    fieldset {
      display: flex;
      flex-wrap: wrap;
      gap: 12px;
      margin: 0;
      padding: 0;
      border: none;
    }
    legend {
      padding: 0;
      margin-bottom: 4px;
      font-weight: 600;
    }
    label {
      display: grid;
      gap: 2px;
      font-size: 0.8125rem;
    }
    fieldset label,
    label.check {
      display: flex;
      align-items: center;
      gap: 4px;
      font-size: inherit;
    }
    input[type="text"] {
      padding: 6px 8px;
      font: inherit;
      color: inherit;
      background: var(--chat-input-background, #ffffff);
      border: 1px solid var(--chat-border-color, #dde1e6);
      border-radius: var(--chat-input-radius, 10px);
    }
    .actions {
      display: flex;
      justify-content: flex-end;
      gap: 8px;
    }
    .error {
      margin: 0;
      color: var(--chat-danger-color, #c92a2a);
      font-size: 0.8125rem;
    }
  `,
];
