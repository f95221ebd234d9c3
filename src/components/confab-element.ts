/** Base of the elements that show texts from the full table (all but the widget's launcher). */
import { LanguageElement } from "./language-element.js";
import { stringsFor, type Strings } from "./strings.js";

export type { Theme } from "./language-element.js";

export class ConfabElement extends LanguageElement {
  /** The strings in use: the language's table with `strings` over it. */
  protected get t(): Strings {
    return stringsFor(this.locale, this.strings, () => this.requestUpdate());
  }
}
