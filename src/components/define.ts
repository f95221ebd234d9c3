/** Registers an element once, so a page that loads Confab twice keeps working. */
export function defineElement(tag: string, element: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
