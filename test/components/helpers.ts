/** Shared helpers for the component tests: shadow-DOM lookups and simulated user input. */

/** The element in `host`'s shadow root whose `part` list contains `name`; fails if absent. */
export function part<E extends Element = HTMLElement>(host: Element, name: string): E {
  const found = host.shadowRoot?.querySelector<E>(`[part~="${name}"]`);
  if (!found) throw new Error(`<${host.localName}> has no [part~="${name}"] in its shadow root`);
  return found;
}

/** Like `part`, but null when absent. */
export function maybePart(host: Element, name: string): Element | null {
  return host.shadowRoot?.querySelector(`[part~="${name}"]`) ?? null;
}

/** Types `text` the way the browser reports it: a new value, then an `input` event. */
export function typeInto(textarea: HTMLTextAreaElement, text: string): void {
  textarea.value = text;
  textarea.dispatchEvent(new InputEvent("input", { bubbles: true, composed: true }));
}

export interface EnterOptions {
  shiftKey?: boolean;
  isComposing?: boolean;
}

/** Presses Enter on `target`; returns the event so callers can check `defaultPrevented`. */
export function pressEnter(target: Element, options: EnterOptions = {}): KeyboardEvent {
  const event = new KeyboardEvent("keydown", {
    key: "Enter",
    code: "Enter",
    shiftKey: options.shiftKey ?? false,
    isComposing: options.isComposing ?? false,
    bubbles: true,
    composed: true,
    cancelable: true,
  });
  target.dispatchEvent(event);
  return event;
}
