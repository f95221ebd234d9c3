import { css } from "lit";
import { buttonStyles, themeStyles } from "../shared.styles.js";

export const chatNewConversationStyles = [
  themeStyles,
  buttonStyles,
  css`
    :host {
      display: block;
    }
    form {
      display: grid;
      grid-template-columns: minmax(0, 1fr);
      gap: 8px;
      padding: 10px 12px;
      border-bottom: 1px solid var(--_border);
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
      background: var(--_input);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    .actions {
      display: flex;
      justify-content: flex-end;
      gap: 8px;
    }
    .error {
      margin: 0;
      color: var(--_danger);
      font-size: 0.8125rem;
    }
  `,
];
