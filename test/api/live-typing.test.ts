/**
 * Live typing text (ChatKitty's keystrokes) from the headless API against the real server: off
 * unless the conversation turns it on, shown only to members with it open, never stored,
 * cleared when the message is sent, and rate-limited per typist.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { LIMITS, type ServerFrame } from "../../src/protocol/index.js";
import type { ConversationHandle } from "../../src/store/index.js";
import { freshRef, freshUser, tokenFor, useTestServer, type User } from "../support/server-clients.js";
import { objectFiles, rawBytes } from "../support/sqlite-files.js";
import { useChats } from "../support/headless-chats.js";
import { until } from "../support/stores.js";

const isKeystrokes = (frame: ServerFrame) => frame.type === "keystrokes_by";

describe("live typing text", () => {
  const { server, clients } = useTestServer();
  const { chatOf, hold } = useChats(server);

  /** `user`'s handle on conversation `id`, kept open for the rest of the file. */
  async function opened(user: User, id: string): Promise<ConversationHandle> {
    const chat = chatOf(user.userId, { tokenProvider: () => tokenFor(user) });
    const handle = chat.conversation(id);
    hold(handle.keystrokes.listen(() => {}));
    await until(handle.meta, (meta) => meta !== null, `${user.userId} loaded ${id}`);
    return handle;
  }

  /** A group of Alice (owner), Bob and Cy; with `liveTyping`, turned on by Alice. */
  async function group(liveTyping: boolean) {
    const [alice, bob, cy] = [freshUser("alice", "Alice"), freshUser("bob", "Bob"), freshUser("cy", "Cy")];
    const id = await clients.group(alice, [bob, cy]);
    const atAlice = (await clients.enter(id, alice)).client;
    if (liveTyping) await atAlice.expectDone({ type: "update", ref: freshRef(), liveTyping: true });
    return { alice, bob, cy, id, atAlice };
  }

  it("is off by default: the frame is refused with a clear error and sendKeystrokes throws", async () => {
    const { bob, id, atAlice } = await group(false);
    const atBob = (await clients.enter(id, bob)).client;
    atBob.send({ type: "keystrokes", text: "secret draft" });
    const refusal = await atBob.nextError();
    assert.equal(refusal.code, "forbidden");
    assert.match(refusal.message, /live typing is off in this conversation.*liveTyping: true/);
    await atAlice.frames.expectNone(isKeystrokes, 300, "keystrokes");

    const bobs = await opened(bob, id);
    assert.throws(() => bobs.sendKeystrokes("hello"), /liveTyping is off/);
  });

  it("is turned on by a group's owners and admins, and by either member of a one-to-one, who may change nothing else", async () => {
    const { bob, id } = await group(false);
    const atBob = (await clients.enter(id, bob)).client;
    const refused = await atBob.request({ type: "update", ref: freshRef(), liveTyping: true });
    assert.equal(refused.type === "error" && refused.code, "forbidden");

    const [ada, ben] = [freshUser("ada"), freshUser("ben")];
    await clients.signIn(ben);
    const direct = await clients.create(ada, { conversationType: "direct", members: [ben.userId] });
    const atBen = (await clients.enter(direct, ben)).client;
    await atBen.expectDone({ type: "update", ref: freshRef(), liveTyping: true });
    const meta = await atBen.frames.next((frame) => frame.type === "event" && frame.event.kind === "meta", "the meta event");
    assert.equal(meta.type === "event" && meta.event.kind === "meta" && meta.event.meta.liveTyping, true);
    const titled = await atBen.request({ type: "update", ref: freshRef(), title: "Ours", liveTyping: false });
    assert.equal(titled.type === "error" && titled.code, "forbidden");
  });

  it("turned on, reaches a member with the conversation open, not the typist nor a member with only their list open", async () => {
    const { alice, bob, cy, id, atAlice } = await group(true);
    const cysList = await clients.inbox(cy);
    const bobs = await opened(bob, id);
    assert.equal(bobs.meta.get()!.liveTyping, true);
    const heard: { userId: string; text: string }[] = [];
    const alices = await opened(alice, id);
    hold(alices.on("keystrokes", (item) => heard.push(item)));

    bobs.sendKeystrokes("hello wor");
    const shown = await until(alices.keystrokes, (drafts) => drafts[bob.userId] === "hello wor", "alice sees bob's draft");
    assert.deepEqual(Object.keys(shown), [bob.userId]);
    assert.deepEqual(heard.at(-1), { userId: bob.userId, text: "hello wor" });
    await atAlice.frames.next((frame) => frame.type === "keystrokes_by" && frame.text === "hello wor", "alice's raw socket gets it too");
    assert.deepEqual(bobs.keystrokes.get(), {}, "the typist is not shown their own draft");
    const raw = JSON.stringify([cysList.frames.received, cysList.frames.invalid]);
    assert.ok(!raw.includes("hello wor"), "cy's list socket carried the draft");
  });

  it("drops the typist's draft when their message arrives or they stop typing", async () => {
    const { alice, bob, id } = await group(true);
    const bobs = await opened(bob, id);
    const alices = await opened(alice, id);

    bobs.sendKeystrokes("see you at");
    await until(alices.keystrokes, (drafts) => drafts[bob.userId] === "see you at", "draft shown");
    bobs.send("see you at noon");
    await until(alices.messages, (messages) => messages.some((m) => m.text === "see you at noon"), "message arrives");
    assert.deepEqual(alices.keystrokes.get(), {});

    bobs.sendKeystrokes("one more");
    await until(alices.keystrokes, (drafts) => drafts[bob.userId] === "one more", "second draft shown");
    bobs.setTyping(false);
    await until(alices.keystrokes, (drafts) => !(bob.userId in drafts), "draft dropped when bob stops typing");
  });

  it("stores nothing: no row, no history, no byte on disk", async () => {
    const { bob, id, atAlice } = await group(true);
    const atBob = (await clients.enter(id, bob)).client;
    const draft = `draft-${freshRef()}`;
    atBob.send({ type: "keystrokes", text: draft });
    await atAlice.frames.next((frame) => frame.type === "keystrokes_by" && frame.text === draft, "alice gets the draft");
    // A message after it proves the files hold what was written since.
    const marker = `sent-${freshRef()}`;
    await atBob.say(marker);
    const files = [...(await objectFiles(server().persistTo, "Conversation")), ...(await objectFiles(server().persistTo, "Inbox"))];
    let bytes = "";
    for (let attempt = 0; attempt < 50 && !bytes.includes(marker); attempt++) {
      bytes = (await Promise.all(files.map(rawBytes))).map((buffer) => buffer.toString("latin1")).join("\n");
      if (!bytes.includes(marker)) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(bytes.includes(marker), "the message after the draft reached the files");
    assert.ok(!bytes.includes(draft), "the draft is in a SQLite file");
    const ref = freshRef();
    atAlice.send({ type: "history", ref, limit: 100 });
    const page = await atAlice.frames.nextOfType("page", (answer) => answer.ref === ref);
    assert.ok(page.events.length > 0 && !JSON.stringify(page).includes(draft), "the draft is in history");
  });

  it("limits each typist's rate, and a flooder leaves a good member's drafts and messages through", async () => {
    const { bob, cy, id, atAlice } = await group(true);
    const atBob = (await clients.enter(id, bob)).client;
    const atCy = (await clients.enter(id, cy)).client;
    for (let n = 0; n < 30; n++) atBob.send({ type: "keystrokes", text: `flood ${n}` });
    const refused = await atBob.frames.next((frame) => frame.type === "error" && frame.code === "rate_limited", "a rate_limited error");
    assert.match((refused as { message: string }).message, new RegExp(`once every ${LIMITS.keystrokesIntervalMs} ms`));

    atCy.send({ type: "keystrokes", text: "good draft" });
    await atAlice.frames.next((frame) => frame.type === "keystrokes_by" && frame.userId === cy.userId && frame.text === "good draft", "cy's draft");
    await atCy.say("good message");
    await atAlice.frames.next((frame) => frame.type === "event" && frame.event.kind === "message" && frame.event.message.text === "good message", "cy's message");
    // Every one of Bob's frames is either relayed or refused, and most are refused.
    const relayed = () => atAlice.frames.all((frame) => frame.type === "keystrokes_by" && frame.userId === bob.userId).length;
    const refusals = () => atBob.frames.all((frame) => frame.type === "error" && frame.code === "rate_limited").length;
    for (let wait = 0; wait < 50 && relayed() + refusals() < 30; wait++) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(relayed() + refusals(), 30, `${refusals()} refused and ${relayed()} relayed of 30`);
    assert.ok(relayed() > 0 && relayed() <= 4, `alice got ${relayed()} of bob's 30 drafts`);
  });
});
