import { css } from "lit";
import { plainButtonStyles, themeStyles } from "../base.styles.js";

export const chatWidgetStyles = [
  themeStyles,
  plainButtonStyles,
  css`
  :host {
    --_offset: var(--chat-widget-offset, 20px);
    --_launcher-size: var(--chat-launcher-size, 56px);
    position: fixed;
    inset-block-end: var(--_offset);
    inset-inline-end: var(--_offset);
    z-index: var(--chat-widget-z-index, 2147483000);
    font-family: var(--_font);
    font-size: var(--_size);
    color: var(--_fg);
  }
  :host([position="bottom-left"]) {
    inset-inline-end: auto;
    inset-inline-start: var(--_offset);
  }
  .launcher {
    position: relative;
    display: grid;
    place-items: center;
    width: var(--_launcher-size);
    height: var(--_launcher-size);
    padding: 0;
    border: none;
    border-radius: 50%;
    background: var(--chat-launcher-background, var(--_accent));
    color: var(--chat-launcher-color, var(--_on-accent));
    box-shadow: 0 4px 14px #0003;
  }
  .launcher svg {
    width: 50%;
    height: 50%;
    fill: currentColor;
  }
  .launcher:focus-visible {
    outline-offset: 3px;
  }
  .badge {
    position: absolute;
    inset-block-start: -4px;
    inset-inline-end: -4px;
    min-width: 1.25rem;
    padding: 1px 6px;
    box-sizing: border-box;
    border-radius: 999px;
    background: var(--chat-badge-background, var(--_danger));
    color: var(--chat-badge-color, light-dark(#fff, #10131a));
    font-size: 0.75rem;
    font-weight: 700;
  }
  .popup {
    position: absolute;
    inset-block-end: calc(100% + 12px);
    inset-inline-end: 0;
    display: flex;
    flex-direction: column;
    width: var(--chat-popup-width, min(380px, calc(100vw - 2 * var(--_offset))));
    height: var(--chat-popup-height, min(560px, calc(100vh - var(--_launcher-size) - 3 * var(--_offset))));
    box-sizing: border-box;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--chat-window-radius, 12px);
    box-shadow: 0 8px 30px #0003;
    overflow: hidden;
  }
  :host([position="bottom-left"]) .popup {
    inset-inline-end: auto;
    inset-inline-start: 0;
  }
  .popup[hidden] {
    display: none;
  }
  .popup:focus {
    outline: none;
  }
  /* Over the list, the close button sits at the end of the list's header, which makes room. */
  .list-close {
    position: absolute;
    inset-block-start: 6px;
    inset-inline-end: 8px;
    z-index: 1;
  }
  chat-list::part(header) {
    padding-inline-end: 48px;
  }
  .icon {
    width: 2rem;
    height: 2rem;
    padding: 0;
    color: inherit;
    background: none;
    border: none;
    border-radius: 50%;
    font-size: 1.375rem;
    line-height: 1;
  }
  chat-list,
  chat-window {
    flex: 1;
    min-height: 0;
    border: none;
    border-radius: 0;
  }
  chat-list[hidden] {
    display: none;
  }
  /* The back and close buttons sit in the window's header, at its ends. */
  chat-window > .icon {
    flex: none;
    margin-inline: -6px;
  }
  .icon svg {
    width: 1.25rem;
    height: 1.25rem;
    fill: none;
    stroke: currentColor;
    stroke-width: 2.25;
    stroke-linecap: round;
    stroke-linejoin: round;
    vertical-align: middle;
  }
  /* Small screens: the popup is the whole viewport. */
  @media (max-width: 480px) {
    .popup,
    :host([position]) .popup {
      position: fixed;
      inset: 0;
      width: auto;
      height: auto;
      border: none;
      border-radius: 0;
    }
  }
  .loading {
    display: grid;
    justify-items: center;
    gap: 8px;
    margin: auto;
    color: var(--_muted);
  }
  .loading button {
    padding: 4px 12px;
    color: var(--_fg);
    background: transparent;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
`,
];
