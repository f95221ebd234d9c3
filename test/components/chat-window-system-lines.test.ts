/** <chat-window> showing the conversation's own lines among its messages (#17): who joined, left, was added or removed. */
import { expect, waitUntil } from "@open-wc/testing";
import type { ChatMessageElement } from "../../src/components/chat-message/chat-message.js";
import "../../src/components/chat-window/chat-window.js";
import type { ChatWindow } from "../../src/components/chat-window/chat-window.js";
import type { Activity, ChatMessage } from "../../src/store/index.js";
import { makeMember, makeMessage, makeMeta } from "./fake-chat.js";
import { renderWindowOn } from "./window-fixture.js";

const MINUTE = 60_000;
const ME = makeMember("me", { name: "Alice", role: "owner", joinedAt: 1, lastReadSeq: Number.MAX_SAFE_INTEGER });
const BOB = makeMember("bob", { name: "Bob", joinedAt: 2 });
const CAROL = makeMember("carol", { name: "<img src=x onerror=alert(1)>", joinedAt: 3 });

const renderWindow = (messages: ChatMessage[], activity: Activity[], lang = "en") =>
  renderWindowOn({ conversation: { meta: makeMeta("c-1", { title: "Launch" }), members: [ME, BOB], messages, activity }, userName: "Alice", height: 480, lang });

/** The list's rows in order: a line's text, or a message's text. */
const rows = (element: ChatWindow) =>
  [...element.shadowRoot!.querySelectorAll<HTMLElement>('[part="system-line"], chat-message')].map((row) =>
    row.localName === "chat-message" ? `message: ${(row as ChatMessageElement).message!.text}` : `line: ${row.textContent}`,
  );

describe("<chat-window> system lines", () => {
  const start = Date.now() - 30 * MINUTE;
  const messages = () => [
    makeMessage({ seq: 10, text: "hi", createdAt: start }),
    makeMessage({ seq: 13, text: "welcome", createdAt: start + MINUTE }),
  ];
  const activity = (): Activity[] => [
    { kind: "member", seq: 11, op: "added", member: CAROL, actorId: "me", actorName: "Alice", at: start + 10_000 },
    { kind: "member", seq: 12, op: "kicked", member: CAROL, actorId: "me", actorName: "Alice", at: start + 20_000 },
    { kind: "meta", seq: 14, meta: makeMeta("c-1", { title: "Launch" }), actorId: "me", actorName: "Alice", changed: ["title"], at: start + 2 * MINUTE },
    { kind: "member", seq: 15, op: "updated", member: { ...BOB, name: "Robert" }, actorId: "bob", actorName: "Bob", changed: ["name"], at: start + 3 * MINUTE },
    { kind: "member", seq: 16, op: "left", member: BOB, actorId: "bob", actorName: "Bob", at: start + 4 * MINUTE },
  ];

  it("shows who did what in order with the messages, as plain text, and no line for a new name", async () => {
    const { element } = await renderWindow(messages(), activity());
    expect(rows(element)).to.deep.equal([
      "message: hi",
      "line: Alice added <img src=x onerror=alert(1)>",
      "line: Alice removed <img src=x onerror=alert(1)>",
      "message: welcome",
      "line: Alice renamed the group to “Launch”",
      "line: Bob left",
    ]);
    expect(element.shadowRoot!.querySelector('[part="messages"] img[src="x"]'), "a name is never markup").to.equal(null);
  });

  it("says the same in German", async () => {
    const { element } = await renderWindow(messages(), activity(), "de");
    await waitUntil(() => rows(element).includes("line: Bob hat die Gruppe verlassen"), "the German strings load");
    expect(rows(element).filter((row) => row.startsWith("line:"))).to.deep.equal([
      "line: Alice hat <img src=x onerror=alert(1)> hinzugefügt",
      "line: Alice hat <img src=x onerror=alert(1)> entfernt",
      "line: Alice hat die Gruppe in „Launch“ umbenannt",
      "line: Bob hat die Gruppe verlassen",
    ]);
  });

  it("starts a new group after a line, and shows a line that arrives live", async () => {
    const two = [makeMessage({ seq: 20, text: "one", createdAt: start }), makeMessage({ seq: 22, text: "two", createdAt: start + MINUTE })];
    const { element, handle } = await renderWindow(two, [{ kind: "member", seq: 21, op: "joined", member: CAROL, actorId: "carol", actorName: CAROL.name, at: start + 30_000 }]);
    const [first, second] = [...element.shadowRoot!.querySelectorAll<ChatMessageElement>("chat-message")];
    expect([first!.followed, second!.continued]).to.deep.equal([false, false]);
    handle.activity.set([...handle.activity.get(), { kind: "member", seq: 23, op: "left", member: BOB, actorId: "bob", actorName: "Bob", at: start + 2 * MINUTE }]);
    await element.updateComplete;
    expect(rows(element).at(-1)).to.equal("line: Bob left");
  });
});
