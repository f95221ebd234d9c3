/**
 * One user's chat page: `?user=alice&name=Alice`. The list and the window share the user's
 * chat; the open conversation is kept in the URL's hash so a reload reopens it.
 */
import { createChat } from "../src/index.js";

const params = new URLSearchParams(location.search);
const user = params.get("user") ?? "alice";
const chat = createChat({ host: location.host, user, name: params.get("name") ?? user });

const list = document.querySelector("chat-list")!;
const chatWindow = document.querySelector("chat-window")!;
list.chat = chat;
chatWindow.chat = chat;
document.title = `${chat.user.name} · Confab`;

function open(conversationId: string): void {
  list.selected = conversationId;
  chatWindow.heading = "";
  chatWindow.conversation = conversationId;
  history.replaceState(null, "", `#${encodeURIComponent(conversationId)}`);
}

list.addEventListener("chat-select", (event) => open(event.detail.conversationId));
const remembered = decodeURIComponent(location.hash.slice(1));
if (remembered) open(remembered);
