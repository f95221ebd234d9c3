/**
 * Which requests the Worker lets through: who may connect (a valid `user`), where (a valid
 * conversation id, or one's own inbox), what an admitted socket to an unknown conversation is
 * told; plus plain HTTP and the health check.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CLOSE_CODES } from "../../src/protocol/index.js";
import {
  freshConversationId,
  freshUser,
  freshUserId,
  socketUrl,
  tryUpgrade,
  useTestServer,
  type Party,
} from "../support/server-clients.js";

describe("admission and health", () => {
  const { server, clients } = useTestServer();
  const url = (party: Party, room: string, query = "user=alice&name=Alice") => socketUrl(server().host, party, room, query);

  it("answers GET /health with ok", async () => {
    const response = await fetch(`${server().server.url}/health`);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), "ok");
  });

  it("lets a socket with a valid user into a conversation and into their own inbox", async () => {
    const alice = freshUser("alice", "Alice");
    const conversationId = await clients.group(alice, []);
    assert.deepEqual(await tryUpgrade(url("conversation", conversationId, `user=${alice.userId}`)), { opened: true });
    assert.deepEqual(await tryUpgrade(url("inbox", alice.userId, `user=${alice.userId}&name=Alice`)), { opened: true });
    assert.deepEqual(await tryUpgrade(url("inbox", "a.b_c-d@example", "user=a.b_c-d@example")), { opened: true });
  });

  it("admits a socket to a conversation nobody created, tells it not_found, and closes it with 4004 on its first frame", async () => {
    const conversationId = "c".repeat(64);
    const client = await clients.connect(conversationId, { userId: "a.b_c-d@example" });
    const told = await client.nextError();
    assert.equal(told.code, "not_found");
    client.send({ type: "hello" });
    const again = await client.nextError();
    assert.equal(again.code, "not_found");
    assert.equal((await client.expectClosed()).code, CLOSE_CODES.notFound);
    assert.deepEqual(client.frames.all((frame) => frame.type === "welcome"), []);
  });

  it("refuses a socket without a user query parameter with 401, to a conversation or an inbox", async () => {
    const outcome = await tryUpgrade(url("conversation", freshConversationId(), "name=Nobody"));
    assert.equal(outcome.opened, false);
    assert.equal(!outcome.opened && outcome.status, 401);
    assert.match(!outcome.opened ? outcome.body : "", /user/);

    const noQuery = await tryUpgrade(url("conversation", freshConversationId(), ""));
    assert.equal(!noQuery.opened && noQuery.status, 401);
    const inbox = await tryUpgrade(url("inbox", freshUserId("alice"), ""));
    assert.equal(!inbox.opened && inbox.status, 401);
  });

  it("refuses a socket with an invalid user id with 401", async () => {
    for (const user of ["", "has%20space", "slash%2Fuser", "u".repeat(65)]) {
      const outcome = await tryUpgrade(url("conversation", freshConversationId(), `user=${user}`));
      assert.equal(!outcome.opened && outcome.status, 401, `user=${user.slice(0, 20)}`);
    }
  });

  it("refuses a socket to an invalid conversation id or inbox id with 400", async () => {
    for (const conversationId of ["has%20space", "c".repeat(65), "dot.ted", "%C3%A9t%C3%A9"]) {
      const outcome = await tryUpgrade(url("conversation", conversationId));
      assert.equal(outcome.opened, false, conversationId);
      assert.equal(!outcome.opened && outcome.status, 400, conversationId);
    }
    for (const userId of ["has%20space", "u".repeat(65)]) {
      const outcome = await tryUpgrade(url("inbox", userId, `user=${userId}`));
      assert.equal(!outcome.opened && outcome.status, 400, userId.slice(0, 20));
    }
  });

  it("refuses a socket to another user's inbox with 403", async () => {
    const alice = freshUserId("alice");
    const outcome = await tryUpgrade(url("inbox", alice, `user=${freshUserId("mallory")}&name=${alice}`));
    assert.equal(outcome.opened, false);
    assert.equal(!outcome.opened && outcome.status, 403);
    assert.match(!outcome.opened ? outcome.body : "", /own user/);
  });

  it("answers plain HTTP to a conversation or an inbox with 426, unknown paths with 404 and unknown parties with 400", async () => {
    const base = server().server.url;
    const alice = freshUserId("alice");
    for (const path of [`/parties/conversation/${freshConversationId()}?user=${alice}`, `/parties/inbox/${alice}?user=${alice}`]) {
      const response = await fetch(`${base}${path}`);
      assert.equal(response.status, 426, path);
      await response.body?.cancel();
    }
    for (const path of ["/nowhere", "/parties/conversation"]) {
      const response = await fetch(`${base}${path}`);
      assert.equal(response.status, 404, path);
      await response.body?.cancel();
    }
    // A party with no Durable Object behind it: partyserver's own answer.
    const unknownParty = await fetch(`${base}/parties/elsewhere/${freshConversationId()}?user=${alice}`);
    assert.equal(unknownParty.status, 400);
    await unknownParty.body?.cancel();
  });
});
