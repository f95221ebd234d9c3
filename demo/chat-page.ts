/** Takes the demo user from the page's query string: `?user=alice&name=Alice&conversation=lobby`. */
const params = new URLSearchParams(location.search);
const chatWindow = document.querySelector("chat-window")!;
const user = params.get("user") ?? "alice";
chatWindow.user = user;
chatWindow.name = params.get("name") ?? user;
chatWindow.heading = `${chatWindow.name} in #${params.get("conversation") ?? "lobby"}`;
chatWindow.conversation = params.get("conversation") ?? "lobby";
document.title = `${chatWindow.name} · Confab`;
