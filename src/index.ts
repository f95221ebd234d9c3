/**
 * Confab: the embeddable chat widget. Importing this module registers `<chat-window>`,
 * `<chat-composer>` and `<chat-message>` and exposes the headless store API.
 */
export * from "./components/index.js";
export * from "./store/index.js";
