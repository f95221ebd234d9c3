/**
 * Registers an element once, so a page that loads Confab twice keeps working; where there is no
 * registry (a server render importing Confab) it registers nothing.
 */
export function defineElement(tag: string, element: CustomElementConstructor): void {
  if (globalThis.customElements && !customElements.get(tag)) customElements.define(tag, element);
}
