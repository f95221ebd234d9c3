import { css } from "lit";
import { plainButtonStyles, themeStyles } from "../base.styles.js";

export const chatNotificationsStyles = [
  themeStyles,
  plainButtonStyles,
  css`
    :host {
      position: relative;
      display: inline-block;
      font-family: var(--_font);
      font-size: var(--_size);
      color: var(--_fg);
    }
    .icon {
      display: grid;
      place-items: center;
      width: 2rem;
      height: 2rem;
      padding: 0;
      color: inherit;
      background: none;
      border: none;
      border-radius: 50%;
    }
    svg {
      width: 1.25rem;
      height: 1.25rem;
      fill: none;
      stroke: currentColor;
      stroke-width: 2;
      stroke-linecap: round;
      stroke-linejoin: round;
    }
    fieldset {
      position: absolute;
      inset-block-start: calc(100% + 4px);
      inset-inline-end: 0;
      z-index: 2;
      display: grid;
      gap: 6px;
      min-width: 12rem;
      margin: 0;
      padding: var(--_space) 12px;
      background: var(--_bg);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      box-shadow: 0 4px 14px #0002;
    }
    fieldset[hidden] {
      display: none;
    }
    legend {
      float: left;
      margin-block-end: 2px;
      padding: 0;
      font-weight: 600;
    }
    label {
      display: flex;
      align-items: center;
      gap: 8px;
      cursor: pointer;
    }
    input {
      margin: 0;
      accent-color: var(--_accent);
    }
    [part="error"] {
      margin: 0;
      max-width: 16rem;
      color: var(--_danger);
      font-size: var(--_small);
    }
  `,
];
