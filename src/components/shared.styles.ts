/** Styles several elements share: the theme, the panel frame, the avatar, plain buttons, screen-reader-only text. */
import { css } from "lit";

/**
 * The theme every element starts with. Public `--chat-*` tokens (set on the element or any
 * ancestor: custom properties inherit into shadow roots) are read into private `--_*` values
 * with their defaults, once, here. Colours default to `light-dark(light, dark)`, which follows
 * the inherited `color-scheme`: the `theme` attribute sets it, and elements inside another
 * follow the outer one's.
 */
export const themeStyles = css`
  :host([theme="light"]) {
    color-scheme: light;
  }
  :host([theme="dark"]) {
    color-scheme: dark;
  }
  :host([theme="auto"]) {
    color-scheme: light dark;
  }
  :host {
    --_font: var(--chat-font-family, system-ui, -apple-system, "Segoe UI", sans-serif);
    --_size: var(--chat-font-size, 0.9375rem);
    --_small: var(--chat-meta-font-size, 0.75rem);
    --_fg: var(--chat-text-color, light-dark(#14171c, #e9ecef));
    --_bg: var(--chat-background, light-dark(#fff, #1a1b1e));
    --_border: var(--chat-border-color, light-dark(#dde1e6, #3a3f47));
    --_accent: var(--chat-accent-color, light-dark(#3b5bdb, #91a7ff));
    --_on-accent: var(--chat-accent-text-color, light-dark(#fff, #10131a));
    --_focus: var(--chat-focus-color, var(--_accent));
    --_muted: var(--chat-muted-color, light-dark(#5c6370, #a6adb8));
    --_danger: var(--chat-danger-color, light-dark(#c92a2a, #ff8787));
    --_selected: var(--chat-item-selected-background, light-dark(#e7ecfb, #2b3350));
    --_input: var(--chat-input-background, var(--_bg));
    --_radius: var(--chat-input-radius, 10px);
    /* Density: 1 is the default spacing; 0.75 compact, 1.25 roomy. */
    --_space: calc(var(--chat-density, 1) * 8px);
  }
  /* Browsers before light-dark() (Safari before 17.5) would drop these colours: they get the light palette. */
  @supports not (color: light-dark(#000, #fff)) {
    :host {
      --_fg: var(--chat-text-color, #14171c);
      --_bg: var(--chat-background, #fff);
      --_border: var(--chat-border-color, #dde1e6);
      --_accent: var(--chat-accent-color, #3b5bdb);
      --_on-accent: var(--chat-accent-text-color, #fff);
      --_muted: var(--chat-muted-color, #5c6370);
      --_danger: var(--chat-danger-color, #c92a2a);
      --_selected: var(--chat-item-selected-background, #e7ecfb);
    }
  }
`;

/** The framed, themed box of a standalone element such as the list or the window. */
export const panelStyles = css`
  :host {
    color-scheme: light;
    display: flex;
    flex-direction: column;
    min-height: 0;
    box-sizing: border-box;
    font-family: var(--_font);
    font-size: var(--_size);
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--chat-window-radius, 12px);
    overflow: hidden;
  }
  .header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
    border-bottom: 1px solid var(--_border);
  }
`;

export const avatarStyles = css`
  .avatar {
    flex: none;
    display: inline-grid;
    place-items: center;
    width: var(--chat-avatar-size, 2.25rem);
    height: var(--chat-avatar-size, 2.25rem);
    border-radius: var(--chat-avatar-radius, 50%);
    background: var(--chat-avatar-background, light-dark(#d0d7e2, #3a4150));
    color: var(--chat-avatar-color, light-dark(#1f2a3d, #e9ecef));
    font-size: 0.8125rem;
    font-weight: 600;
    object-fit: cover;
  }
  .avatar-frame {
    position: relative;
    display: inline-flex;
    flex: none;
  }
  .presence {
    position: absolute;
    inset-block-end: 0;
    inset-inline-end: 0;
    width: 0.625rem;
    height: 0.625rem;
    box-sizing: border-box;
    border: 2px solid var(--_bg);
    border-radius: 50%;
    background: var(--chat-offline-color, light-dark(#adb5bd, #5c636e));
  }
  .presence[part~="presence-online"] {
    background: var(--chat-online-color, light-dark(#2b8a3e, #51cf66));
  }
`;

export const buttonStyles = css`
  button {
    font: inherit;
    cursor: pointer;
  }
  button:focus-visible,
  input:focus-visible,
  [tabindex]:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 1px;
  }
  .primary {
    padding: 6px 14px;
    font-weight: 600;
    color: var(--_on-accent);
    background: var(--_accent);
    border: none;
    border-radius: var(--_radius);
  }
  .quiet {
    padding: 4px 10px;
    color: inherit;
    background: transparent;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .danger {
    color: var(--_danger);
  }
`;

/** Text for screen readers only: announcements, and names that the layout shows otherwise. */
export const srOnlyStyles = css`
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
  }
`;
