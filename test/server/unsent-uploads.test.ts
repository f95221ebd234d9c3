/**
 * Files uploaded and never sent (issue #15): they count against the uploader's quota
 * (UPLOAD_QUOTA_BYTES; 100 KB here) until a message carries them, and are deleted once they
 * have waited UNSENT_UPLOAD_SECONDS (2 s here). Sent files stay, for every member.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as v from "valibot";
import { Attachment } from "../../src/protocol/index.js";
import { TEST_VARS, freshUser, messageId, tokenFor, useTestServer, type User } from "../support/server-clients.js";

const QUOTA = 100_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("uploads never sent", () => {
  const { server, clients } = useTestServer({ ...TEST_VARS, UPLOAD_QUOTA_BYTES: String(QUOTA), UNSENT_UPLOAD_SECONDS: "2" });
  const base = () => `http://${server().host}/attachments`;

  async function post(user: User, conversationId: string, bytes: number): Promise<Response> {
    return fetch(`${base()}/${conversationId}?name=notes.txt`, {
      method: "POST",
      headers: { authorization: `Bearer ${await tokenFor(user)}`, "content-type": "text/plain" },
      body: new Uint8Array(bytes).fill(0x61),
    });
  }

  async function get(user: User, conversationId: string, attachmentId: string): Promise<number> {
    const response = await fetch(`${base()}/${conversationId}/${attachmentId}`, { headers: { authorization: `Bearer ${await tokenFor(user)}` } });
    await response.body?.cancel();
    return response.status;
  }

  it("counts unsent files against the uploader's quota, frees it when they are sent, and deletes the rest after a while", { timeout: 30_000 }, async () => {
    const [alice, bob] = [freshUser("alice"), freshUser("bob")];
    const id = await clients.group(alice, [bob]);
    const atAlice = (await clients.enter(id, alice)).client;

    const first = v.parse(Attachment, await (await post(alice, id, 60_000)).json());
    const over = await post(alice, id, 60_000);
    assert.equal(over.status, 429);
    assert.match(await over.text(), /not sent; at most 0\.1 MB may wait/);
    // Bob's quota is his own.
    assert.equal((await post(bob, id, 60_000)).status, 201);

    const sendId = messageId();
    atAlice.send({ type: "send", id: sendId, text: "", attachments: [first] });
    await atAlice.frames.nextOfType("ack", (ack) => ack.id === sendId);
    await sleep(200);
    const unsentResponse = await post(alice, id, 60_000);
    assert.equal(unsentResponse.status, 201, "sending freed the quota");
    const unsent = v.parse(Attachment, await unsentResponse.json());

    const deadline = Date.now() + 15_000;
    while ((await get(alice, id, unsent.id)) !== 404) {
      assert.ok(Date.now() < deadline, "the unsent file is still there");
      await sleep(500);
    }
    assert.equal(await get(bob, id, first.id), 200, "the sent file stays");
    assert.equal((await post(alice, id, 60_000)).status, 201, "the deleted file no longer counts");
  });
});
