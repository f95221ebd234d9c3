/**
 * The picker of more reactions that `<chat-message>`'s "More reactions" button opens: a
 * listbox of emoji, 8 a row, each group (a multiple of 8) starting a row, drawn in the message's
 * shadow root. Only its emoji (./emoji-data.ts, data with no imports) are loaded when it first
 * opens; this code is in the main bundle, so the ES build splits nothing shared into a chunk of
 * its own.
 *
 * One Tab stop: arrow keys move (up and down by a row), Home and End go to the first and last
 * emoji, Enter, Space or a click picks, Escape closes and gives focus back to the button. The
 * message closes it when focus leaves the message (a click outside, Tab).
 */
import { html, nothing, type LitElement } from "lit";
import type { Strings } from "../strings.js";

/** Which way ArrowRight moves along a row in `element`: 1, or -1 right to left. */
export const inlineStep = (element: Element): number => (getComputedStyle(element).direction === "rtl" ? -1 : 1);

export class ReactionPicker {
  /** Whether the picker is open (its emoji loaded). */
  open = false;
  #groups: string[][] = [];

  /** `pick` reacts with the emoji; `button` is the one that opens the picker and gets focus back. */
  constructor(
    private readonly host: LitElement,
    private readonly pick: (emoji: string) => void,
    private readonly button: () => HTMLElement,
  ) {}

  /** Opens the picker (loading its emoji the first time) with focus on the first, or closes it. */
  async toggle(): Promise<void> {
    if (this.open) return this.close(true);
    this.#groups = (await import("./emoji-data.js")).emojiGroups;
    this.open = true;
    this.host.requestUpdate();
    await this.host.updateComplete;
    this.host.renderRoot.querySelector<HTMLElement>('[role="option"]')!.focus();
  }

  /** Closes the picker; with `refocus`, focus goes back to the button. */
  close(refocus: boolean): void {
    this.open = false;
    this.host.requestUpdate();
    if (refocus) this.button().focus();
  }

  #choose(emoji: string): void {
    this.close(true);
    this.pick(emoji);
  }

  readonly #handleKey = (event: KeyboardEvent): void => {
    const options = [...this.host.renderRoot.querySelectorAll<HTMLElement>('[role="option"]')];
    const at = options.indexOf(event.target as HTMLElement);
    const step = inlineStep(this.host);
    const next = { ArrowRight: at + step, ArrowLeft: at - step, ArrowDown: at + 8, ArrowUp: at - 8, Home: 0, End: options.length - 1 }[event.key];
    if (event.key === "Escape") this.close(true);
    else if (event.key === "Enter" || event.key === " ") this.#choose(options[at]!.textContent!);
    else if (next === undefined) return;
    else {
      const target = options[next] ?? options[at]!;
      for (const option of options) {
        option.tabIndex = option === target ? 0 : -1;
        option.ariaSelected = String(option === target);
      }
      target.focus();
    }
    event.preventDefault();
  };

  render(t: Strings) {
    if (!this.open) return nothing;
    return html`<div part="reaction-picker" role="listbox" aria-label=${t.moreReactions} @keydown=${this.#handleKey}>
      ${this.#groups.flat().map(
        (emoji, index) =>
          html`<div role="option" aria-selected=${!index} tabindex=${index ? -1 : 0} @click=${() => this.#choose(emoji)}>${emoji}</div>`,
      )}
    </div>`;
  }
}
