/** The unread count in the page's title, opt-in on `<chat-widget>` (`title-unread`). */

/** Prefixes `document.title` with "(N) " while there is something unread. */
export class TitleCount {
  /** The page's own title while the count shows; null when it does not. */
  #pageTitle: string | null = null;
  /** What this last wrote: a title that differs was set by the page since, and becomes its own. */
  #written = "";

  show(count: number): void {
    if (count <= 0) return this.clear();
    if (this.#pageTitle === null || document.title !== this.#written) this.#pageTitle = document.title;
    this.#written = document.title = `(${count}) ${this.#pageTitle}`;
  }

  /** Gives the page its own title back, unless the page has set another since. */
  clear(): void {
    if (this.#pageTitle === null) return;
    if (document.title === this.#written) document.title = this.#pageTitle;
    this.#pageTitle = null;
  }
}
