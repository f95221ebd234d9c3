/**
 * Putting people into conversations, as someone hostile would (issue #15): a user who blocks
 * someone cannot be put in their groups, and one user may create only so many conversations
 * and add only so many people an hour (MAX_CONVERSATIONS_PER_HOUR, MAX_ADDS_PER_HOUR; small
 * here). The good members of the same rooms go on as before.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ErrorFrame } from "../../src/protocol/index.js";
import { TEST_VARS, freshRef, freshUser, isMessageEvent, useTestServer } from "../support/server-clients.js";

const CREATES = 3;
const ADDS = 5;

function assertRefused(answer: { type: string }, code: ErrorFrame["code"], message: RegExp): void {
  assert.equal(answer.type, "error", `expected ${code}, got ${JSON.stringify(answer)}`);
  assert.equal((answer as ErrorFrame).code, code);
  assert.match((answer as ErrorFrame).message, message);
}

describe("putting people into conversations", () => {
  const { clients } = useTestServer({ ...TEST_VARS, MAX_CONVERSATIONS_PER_HOUR: String(CREATES), MAX_ADDS_PER_HOUR: String(ADDS) });

  it("keeps a user out of the groups of someone they block, created or added, and lets the others in", async () => {
    const [victim, mallory, carol] = [freshUser("victim"), freshUser("mallory"), freshUser("carol")];
    const victimsList = await clients.inbox(victim);
    assert.equal((await victimsList.request({ type: "block", ref: freshRef(), userId: mallory.userId })).type, "done");

    const id = await clients.group(mallory, [victim, carol]);
    const atMallory = await clients.enter(id, mallory);
    assert.deepEqual(atMallory.welcome.members.map((member) => member.userId).sort(), [carol.userId, mallory.userId].sort());
    assertRefused(await atMallory.client.request({ type: "add", ref: freshRef(), userId: victim.userId }), "forbidden", /cannot be added/);
    await victimsList.frames.expectNone((frame) => frame.type === "summary", 200, "a row of mallory's group");
    assert.equal((await clients.refused("conversation", id, victim)).error.code, "not_member");

    // Carol is in, and hears mallory.
    const atCarol = await clients.enter(id, carol);
    const ack = await atMallory.client.say("welcome, carol");
    assert.equal((await atCarol.client.frames.next(isMessageEvent(ack.id), "mallory's message")).event.seq, ack.seq);
  });

  it(`lets one user create ${CREATES} conversations an hour, and others theirs`, async () => {
    const [mallory, alice, victim] = [freshUser("mallory"), freshUser("alice"), freshUser("victim")];
    const inbox = await clients.inbox(mallory);
    await clients.signIn(victim);
    for (let i = 0; i < CREATES; i++) assert.equal((await inbox.tryCreate({ conversationType: "group", members: [victim.userId] })).type, "done");
    assertRefused(await inbox.tryCreate({ conversationType: "group", members: [victim.userId] }), "rate_limited", /at most 3 conversations an hour/);
    assert.equal((await clients.inbox(victim)).listing.conversations.length, CREATES);
    assert.equal((await clients.inbox(alice).then((list) => list.tryCreate({ conversationType: "direct", members: [victim.userId] }))).type, "done");
  });

  it(`lets one user add ${ADDS} people an hour, creating or adding, and refuses a create over it whole`, async () => {
    const owner = freshUser("owner");
    const people = Array.from({ length: ADDS + 2 }, (_, i) => freshUser(`person${i}`));
    const inbox = await clients.inbox(owner);
    await clients.signIn(...people);
    assertRefused(await inbox.tryCreate({ conversationType: "group", members: people.map((person) => person.userId) }), "rate_limited", /at most 5 people an hour/);
    const id = await inbox.create({ conversationType: "group", members: people.slice(0, ADDS - 1).map((person) => person.userId) });
    const atOwner = await clients.enter(id, owner);
    assert.equal((await atOwner.client.request({ type: "add", ref: freshRef(), userId: people[ADDS - 1]!.userId })).type, "done");
    assertRefused(await atOwner.client.request({ type: "add", ref: freshRef(), userId: people[ADDS]!.userId }), "rate_limited", /at most 5 people an hour/);
    const { welcome } = await clients.enter(id, people[0]!);
    assert.equal(welcome.members.length, ADDS + 1, "the owner and the five added");
    await atOwner.client.say("still talking");
  });
});
