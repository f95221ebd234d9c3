/**
 * `handle.updateMetadata({ set, remove })` from Node against the real server: changes merged
 * into the conversation's metadata as it stands on the server, so two admins changing
 * different keys at once both keep theirs; a merge over the size limit refused, nothing changed.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { LIMITS } from "../../src/protocol/index.js";
import { TEST_VARS, useTestServer } from "../support/server-clients.js";
import { useChats } from "../support/headless-chats.js";
import { until } from "../support/stores.js";

describe("merging conversation metadata through the headless API", () => {
  const { server } = useTestServer();
  const { chatAs, online, signedIn } = useChats(server);

  /** A group of Alice (owner) and Bob, made an admin through the server API, both online. */
  async function twoAdmins(metadata: Record<string, string | number | boolean>) {
    const [alice, bob] = await signedIn(chatAs("alice"), chatAs("bob"));
    const atAlice = await online(await alice.create({ type: "group", members: [bob.user.userId], metadata }));
    const promoted = await fetch(`${server().server.url}/api/v1/conversations/${atAlice.id}/members/${bob.user.userId}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${TEST_VARS.API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ role: "admin" }),
    });
    assert.ok(promoted.ok, await promoted.text());
    const atBob = await online(bob.conversation(atAlice.id));
    await until(atBob.members, (members) => members.some((m) => m.userId === bob.user.userId && m.role === "admin"), "bob an admin");
    return { atAlice, atBob };
  }

  it("keeps both admins' keys when they merge different keys at once", async () => {
    const { atAlice, atBob } = await twoAdmins({ topic: "trip", stale: true });
    await Promise.all([atAlice.updateMetadata({ set: { budget: 400 } }), atBob.updateMetadata({ set: { city: "Lyon" }, remove: ["stale"] })]);
    const expected = { topic: "trip", budget: 400, city: "Lyon" };
    for (const handle of [atAlice, atBob]) {
      const meta = await until(handle.meta, (meta) => meta?.metadata?.city === "Lyon" && meta.metadata.budget === 400, "both merges");
      assert.deepEqual(meta!.metadata, expected);
    }
  });

  it("refuses a merge that would pass the metadata limit, changing nothing, while a small merge still lands", async () => {
    const { atAlice, atBob } = await twoAdmins({ big: "x".repeat(LIMITS.metadataBytes - 100) });
    await assert.rejects(atBob.updateMetadata({ set: { more: "y".repeat(200) } }), /metadata would be \d+ bytes.*at most 2048/);
    await atAlice.updateMetadata({ set: { n: 1 }, remove: ["absent"] });
    const meta = await until(atBob.meta, (meta) => meta?.metadata?.n === 1, "alice's small merge");
    assert.equal(meta!.metadata!.more, undefined, "the refused merge left nothing");
    assert.equal(meta!.metadata!.big, "x".repeat(LIMITS.metadataBytes - 100));
  });

  it("refuses metadata and metadataChanges together, and a merge by a plain member", async () => {
    const [alice, carol] = await signedIn(chatAs("alice"), chatAs("carol"));
    const atAlice = await online(await alice.create({ type: "group", members: [carol.user.userId], metadata: { a: 1 } }));
    const atCarol = await online(carol.conversation(atAlice.id));
    await assert.rejects(atCarol.updateMetadata({ remove: ["a"] }), /only owners and admins/);
    await assert.rejects(atAlice.update({ metadata: { b: 2 }, metadataChanges: { remove: ["a"] } } as never), /not both/);
    assert.deepEqual(atCarol.meta.get()?.metadata, { a: 1 });
  });
});
