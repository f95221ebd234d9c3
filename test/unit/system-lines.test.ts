/** System lines (src/components/chat-window/system-lines.ts) and how they break groups (message-groups.ts): pure. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { placements } from "../../src/components/chat-window/message-groups.js";
import { placeLines, systemLineText, type NameOf } from "../../src/components/chat-window/system-lines.js";
import { de } from "../../src/components/strings-de.js";
import { en } from "../../src/components/strings.js";
import type { Activity, ChatMessage, ConversationMeta, Member } from "../../src/store/index.js";

const meta: ConversationMeta = { id: "c_room", type: "group", title: "Room", joinable: false, createdAt: 100 };
const person = (userId: string, name: string, role: Member["role"] = "member"): Member => ({ userId, name, role, lastReadSeq: 0, joinedAt: 1 });
const alice = person("alice", "Alice", "owner");
const bob = person("bob", "Bob");
const carol = person("carol", "Carol");
/** Current members are named by their label; Carol has left, so her events name her. */
const nameOf: NameOf = (userId, fallback) => ({ alice: "Alice", bob: "Bob" })[userId] ?? fallback;
const memberEvent = (op: "added" | "joined" | "left" | "kicked" | "updated", member: Member, actorId: string, extra: Partial<Activity> = {}): Activity =>
  ({ kind: "member", seq: 1, op, member, actorId, actorName: nameOf(actorId, undefined) ?? "Carol", at: 200, ...extra }) as Activity;
const metaEvent = (changes: Partial<ConversationMeta>, changed: string[] | undefined, actorId = "alice", at = 200): Activity => ({
  kind: "meta",
  seq: 1,
  meta: { ...meta, ...changes },
  actorId,
  actorName: "Alice",
  ...(changed ? { changed } : {}),
  at,
});
const line = (item: Activity, direct = false, t = en) => systemLineText(item, t, nameOf, direct);

describe("system line texts", () => {
  it("says who added, removed and left, in English and German", () => {
    assert.equal(line(memberEvent("added", bob, "alice")), "Alice added Bob");
    assert.equal(line(memberEvent("kicked", carol, "alice")), "Alice removed Carol");
    assert.equal(line(memberEvent("left", bob, "bob")), "Bob left");
    assert.equal(line(memberEvent("joined", { ...person("dana", "Dana") }, "dana", { actorName: "Dana" })), "Dana joined");
    assert.equal(line(memberEvent("added", bob, "alice"), false, de), "Alice hat Bob hinzugefügt");
    assert.equal(line(memberEvent("left", bob, "bob"), false, de), "Bob hat die Gruppe verlassen");
  });

  it("names nobody for the host's backend, which has no name: its additions read as joining", () => {
    assert.equal(line(memberEvent("added", bob, "confab:api", { actorName: undefined })), "Bob joined");
    assert.equal(line(memberEvent("kicked", bob, "confab:api", { actorName: undefined })), "Bob was removed");
    assert.equal(line(memberEvent("kicked", bob, "confab:api", { actorName: undefined }), false, de), "Bob wurde entfernt");
    assert.equal(line({ ...metaEvent({ title: "Launch" }, ["title"], "confab:api"), actorName: undefined }), "");
  });

  it("says a new role, but nothing for a new name or avatar, or an update of an older server", () => {
    assert.equal(line(memberEvent("updated", { ...bob, role: "admin" }, "api", { changed: ["role"] })), "Bob is now an admin");
    assert.equal(line(memberEvent("updated", { ...bob, role: "admin" }, "api", { changed: ["role"] }), false, de), "Bob ist jetzt Admin");
    assert.equal(line(memberEvent("updated", { ...bob, name: "Robert" }, "bob", { changed: ["name"] })), "");
    assert.equal(line(memberEvent("updated", bob, "bob")), "");
  });

  it("says who renamed the group and changed its picture, and nothing for metadata", () => {
    assert.equal(line(metaEvent({ title: "Launch" }, ["title"])), "Alice renamed the group to “Launch”");
    assert.equal(line(metaEvent({ title: "Launch" }, ["title"]), false, de), "Alice hat die Gruppe in „Launch“ umbenannt");
    assert.equal(line(metaEvent({ avatar: "https://example.com/a.png" }, ["avatar"])), "Alice changed the group picture");
    assert.equal(line(metaEvent({ metadata: { a: 1 } }, ["metadata"])), "");
  });

  it("leaves the making of a conversation unsaid: its meta, the creator's arrival, a one-to-one's members", () => {
    assert.equal(line(metaEvent({ title: "Launch" }, undefined, "alice", meta.createdAt)), "");
    assert.equal(line(memberEvent("added", bob, "alice"), true), "");
    assert.equal(line(memberEvent("added", alice, "alice")), "");
  });

  it("keeps a name as the text it is, markup and all", () => {
    assert.equal(line(memberEvent("kicked", { ...carol, name: "<b>Carol</b>" }, "alice")), "Alice removed <b>Carol</b>");
  });
});

const message = (id: string, seq: number | null, createdAt = 1_000): ChatMessage =>
  ({ id, seq, senderId: "bob", senderName: "Bob", text: id, createdAt, status: seq === null ? "pending" : "sent" }) as ChatMessage;

describe("system line places", () => {
  it("puts each line before the first message stored after it, and later ones after all", () => {
    const messages = [message("m1", 1), message("m3", 3), message("m6", 6)];
    const lines = [2, 4, 5, 7].map((seq) => ({ seq, text: `line ${seq}`, at: 0 }));
    const { before, after } = placeLines(messages, lines);
    assert.deepEqual([...before].map(([id, items]) => [id, items.map((item) => item.seq)]), [["m3", [2]], ["m6", [4, 5]]]);
    assert.deepEqual(after.map((item) => item.seq), [7]);
  });

  it("puts lines newer than every stored message before the first unsent one", () => {
    const { before, after } = placeLines([message("m1", 1), message("p1", null)], [{ seq: 2, text: "line", at: 0 }]);
    assert.deepEqual([...before.keys()], ["p1"]);
    assert.deepEqual(after, []);
  });

  it("ends a group where a line sits between two messages of one sender", () => {
    const messages = [message("m1", 1, 1_000), message("m3", 3, 2_000), message("m4", 4, 3_000)];
    const layout = placements(messages, 0, 3, null, new Set(["m3"]));
    assert.deepEqual(layout.map((place) => place.continued), [false, false, true]);
    assert.deepEqual(layout.map((place) => place.followed), [false, true, false]);
  });
});
