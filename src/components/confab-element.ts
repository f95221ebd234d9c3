/**
 * Base of every Confab element: its language, the strings it shows, and its colour theme.
 * The language is the `lang` attribute, or else the nearest ancestor's; elements pass theirs
 * and their `strings` on to the elements they hold.
 */
import { LitElement } from "lit";
import { stringsFor, type Strings } from "./strings.js";

export type Theme = "light" | "dark" | "auto";

export class ConfabElement extends LitElement {
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

  /** The strings in use: the language's table with `strings` over it. */
  protected get t(): Strings {
    return stringsFor(this.locale, this.strings, () => this.requestUpdate());
  }
}
