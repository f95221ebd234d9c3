/**
 * A page rendered on the server for every request: the chat server's host comes from the
 * environment (CONFAB_HOST), the user from the address. `<chat-widget>` is in the server's HTML
 * and comes alive once its definition loads in the browser; the unread count next to it is the
 * headless API's store.
 */
import { ChatWidget } from "./chat-widget.jsx";
import { UnreadCount } from "./unread-count.jsx";

export default async function Page({ searchParams }) {
  const { user = "nina" } = await searchParams;
  const name = user[0].toUpperCase() + user.slice(1);
  const host = process.env.CONFAB_HOST ?? "127.0.0.1:8787";
  return (
    <main>
      <h1>A Next.js app</h1>
      <p>
        Unread messages: <UnreadCount host={host} user={user} name={name} />
      </p>
      <ChatWidget host={host} user={user} name={name} />
    </main>
  );
}
