/**
 * The theming page: one conversation (seeded on first visit) shown in several windows that
 * differ only in `--chat-*` custom properties and `::part()` rules, plus the theme switch and
 * German and Arabic windows laid out right to left (the page sets `dir`, the elements follow).
 */
import { createChat, type ChatWindow } from "../src/index.js";

const CONVERSATION = "c_theming-demo";
const alice = createChat({ host: location.host, user: "alice", name: "Alice" });
const bob = createChat({ host: location.host, user: "bob", name: "Bob" });

/** Bob and Alice's conversation, made and filled once, whoever opens the page first. */
async function seed(): Promise<void> {
  await bob.create({ type: "group", id: CONVERSATION, members: [alice.user.userId], title: "Design review" }).catch(() => undefined);
  const room = bob.conversation(CONVERSATION);
  const page = await room.getMessages({ pageSize: 1 });
  if (page.data.length > 0) return;
  const aliceRoom = alice.conversation(CONVERSATION);
  for (const [room_, text] of [
    [room, "Morning! Did the **new look** ship?"],
    [aliceRoom, "It did: three themes, same markup."],
    [room, "Only custom properties and `::part()`?"],
    [aliceRoom, "Nothing else. Try the dark switch below 🌙"],
  ] as const) {
    room_.send(text);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

await seed();
for (const element of document.querySelectorAll<ChatWindow>("chat-window")) {
  element.chat = alice;
  element.conversation = CONVERSATION;
}

const themed = document.querySelector<ChatWindow>("#themed")!;
document.querySelector<HTMLSelectElement>("#theme")!.addEventListener("change", (event) => {
  themed.theme = (event.target as HTMLSelectElement).value as ChatWindow["theme"];
});
