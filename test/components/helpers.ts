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

/** Every element in `host`'s shadow root whose `part` list contains `name`. */
export function parts<E extends Element = HTMLElement>(host: Element, name: string): E[] {
  return [...(host.shadowRoot?.querySelectorAll<E>(`[part~="${name}"]`) ?? [])];
}

/** Presses `key` on `target` as a keydown; returns the event so callers can check `defaultPrevented`. */
export function pressKey(target: Element, key: string): KeyboardEvent {
  const event = new KeyboardEvent("keydown", { key, bubbles: true, composed: true, cancelable: true });
  target.dispatchEvent(event);
  return event;
}

/** Sets an input's value the way the browser does when the user types. */
export function fill(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new InputEvent("input", { bubbles: true, composed: true }));
}

/** Records every `type` event that reaches `target` until the returned `stop` is called. */
export function record<Detail = unknown>(target: EventTarget, type: string): CustomEvent<Detail>[] & { stop(): void } {
  const events = [] as unknown as CustomEvent<Detail>[] & { stop(): void };
  const controller = new AbortController();
  target.addEventListener(type, (event) => events.push(event as CustomEvent<Detail>), { signal: controller.signal });
  events.stop = () => controller.abort();
  return events;
}

/** The element that has focus, looking through shadow roots. */
export function deepActiveElement(): Element | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Lets queued microtasks (such as a deferred markRead) and one macrotask run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Whether `host`'s shadow root has an element with part `name`. Assert on this boolean rather
 * than on the element: a failing `expect(element).to.equal(null)` makes the runner serialise
 * the element, which can stall the whole file.
 */
export function hasPart(host: Element, name: string): boolean {
  return maybePart(host, name) !== null;
}

/** A button's accessible name as these elements give it: its aria-label, else its text. */
export function buttonName(button: Element): string {
  return button.getAttribute("aria-label") ?? button.textContent!.trim();
}

/** The button with part `name` in `host`'s shadow root whose accessible name is `label`; fails if absent. */
export function buttonNamed(host: Element, name: string, label: string): HTMLButtonElement {
  const found = parts<HTMLButtonElement>(host, name).find((button) => buttonName(button) === label);
  if (!found) throw new Error(`<${host.localName}> has no [part~="${name}"] button named "${label}"`);
  return found;
}
