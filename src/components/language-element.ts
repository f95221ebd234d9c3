/**
 * Base of every Confab element: its language, the strings given over its own, and its colour
 * theme. The language is the `lang` attribute, or else the nearest ancestor's; elements pass
 * theirs and their `strings` on to the elements they hold. The table of texts comes with
 * ConfabElement (or, for the launcher, strings-launcher.ts).
 */
import { LitElement } from "lit";
import type { Strings } from "./strings.js";

export type Theme = "light" | "dark" | "auto";

export class LanguageElement extends LitElement {
  static properties = {
    language: { attribute: "lang" },
    strings: { attribute: false },
    theme: { reflect: true },
  };

  /** Mirrors the `lang` attribute, so that changing it re-renders. */
  protected language?: string;
  /** Texts to use instead of the built-in ones for the language, by key (see src/components/strings.ts). */
  strings: Partial<Strings> | null = null;
  /**
   * `light`, `dark`, or `auto` (follows the reader's system setting). `<chat-list>` and
   * `<chat-window>` are light without it; the elements inside them follow theirs.
   */
  theme?: Theme;

  /** The language tag in use, "" when the page names none. */
  protected get locale(): string {
    return this.language || this.closest<HTMLElement>("[lang]")?.lang || "";
  }
}
