/**
 * One user's chat page: `?user=alice&name=Alice`. The list and the window share the user's
 * chat, so opening a conversation in the list shows it in the window; the open conversation is
 * kept in the URL's hash so a reload reopens it.
 */
import { createChat } from "../src/index.js";

const params = new URLSearchParams(location.search);
const user = params.get("user") ?? "alice";
const chat = createChat({ host: location.host, user, name: params.get("name") ?? user });

document.querySelector("chat-list")!.chat = chat;
document.querySelector("chat-window")!.chat = chat;
document.title = `${chat.user.name} · Confab`;

const remembered = decodeURIComponent(location.hash.slice(1));
if (remembered) chat.open(remembered);
chat.current.subscribe((conversationId) => {
  history.replaceState(null, "", conversationId ? `#${encodeURIComponent(conversationId)}` : location.pathname + location.search);
});
