/**
 * Confab: the embeddable chat widget. Importing this module registers `<chat-widget>`,
 * `<chat-list>`, `<chat-window>` and the elements they are built from (each once, so a page
 * may load it twice), and exposes the headless store API.
 */
export * from "./components/index.js";
export * from "./store/index.js";
