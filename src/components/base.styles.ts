/**
 * What every element starts with: the theme and plain buttons. Apart from shared.styles.ts so
 * the launcher's first load (chat-widget) carries only these.
 */
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

/** Plain buttons, and the focus ring of everything focusable. */
export const plainButtonStyles = css`
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
`;
