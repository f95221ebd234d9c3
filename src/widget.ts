/**
 * The `<chat-widget>` embed as an ES module (dist/confab-widget.js): it registers the launcher,
 * which shows the live unread count at once and loads the list, the window and the store on
 * intent (see ChatWidget). Pages that show `<chat-list>` or `<chat-window>` themselves, or use
 * the headless API, load dist/confab.js (this package's main entry) instead or as well.
 */
export { ChatWidget } from "./components/chat-widget/chat-widget.js";
