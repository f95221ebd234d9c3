/**
 * Which requests the Worker lets through to a conversation: who may connect (a valid `user`)
 * and where (a valid conversation id); plus the health check.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  freshConversationId,
  startTestServer,
  stopTestServer,
  tryUpgrade,
  type TestServer,
} from "../support/server-clients.js";

describe("admission and health", () => {
  let test: TestServer;
  const socketUrl = (conversationId: string, query = "user=alice&name=Alice") =>
    `ws://${test.host}/parties/conversation/${conversationId}${query ? `?${query}` : ""}`;

  before(async () => {
    test = await startTestServer();
  });

  after(async () => {
    await stopTestServer(test);
  });

  it("answers GET /health with ok", async () => {
    const response = await fetch(`${test.server.url}/health`);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), "ok");
  });

  it("lets a socket with a valid user into a valid conversation", async () => {
    assert.deepEqual(await tryUpgrade(socketUrl(freshConversationId())), { opened: true });
    assert.deepEqual(await tryUpgrade(socketUrl("c".repeat(64), "user=a.b_c-d@example")), { opened: true });
  });

  it("refuses a socket without a user query parameter with 401", async () => {
    const outcome = await tryUpgrade(socketUrl(freshConversationId(), "name=Nobody"));
    assert.equal(outcome.opened, false);
    assert.equal(!outcome.opened && outcome.status, 401);
    assert.match(!outcome.opened ? outcome.body : "", /user/);

    const noQuery = await tryUpgrade(socketUrl(freshConversationId(), ""));
    assert.equal(!noQuery.opened && noQuery.status, 401);
  });

  it("refuses a socket with an invalid user id with 401", async () => {
    for (const user of ["", "has%20space", "slash%2Fuser", "u".repeat(65)]) {
      const outcome = await tryUpgrade(socketUrl(freshConversationId(), `user=${user}`));
      assert.equal(!outcome.opened && outcome.status, 401, `user=${user.slice(0, 20)}`);
    }
  });

  it("refuses a socket to an invalid conversation id with 400", async () => {
    for (const conversationId of ["has%20space", "c".repeat(65), "dot.ted", "%C3%A9t%C3%A9"]) {
      const outcome = await tryUpgrade(socketUrl(conversationId));
      assert.equal(outcome.opened, false, conversationId);
      assert.equal(!outcome.opened && outcome.status, 400, conversationId);
    }
  });

  it("answers plain HTTP to a conversation with 426 and unknown paths with 404", async () => {
    const conversation = await fetch(`${test.server.url}/parties/conversation/${freshConversationId()}?user=alice`);
    assert.equal(conversation.status, 426);
    await conversation.body?.cancel();
    const unknown = await fetch(`${test.server.url}/nowhere`);
    assert.equal(unknown.status, 404);
    await unknown.body?.cancel();
  });
});
