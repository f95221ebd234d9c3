/**
 * Which requests the Worker lets through: a socket carrying a verified token (in `?token=` or
 * `Authorization: Bearer`), to a valid conversation id or to its own user's inbox; what an
 * socket to an unknown conversation is told; plain HTTP and the health check. Every
 * refused socket is accepted, told why in an `error` frame and closed with a 4xxx code.
 * The token matrix itself is in auth-tokens.test.ts.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CLOSE_CODES } from "../../src/protocol/index.js";
import {
  RawSocket,
  freshConversationId,
  freshUser,
  refusedSocket,
  socketUrl,
  tokenFor,
  useTestServer,
  type Party,
  type User,
} from "../support/server-clients.js";

describe("admission and health", () => {
  const { server, clients } = useTestServer();
  const url = (party: Party, room: string, query = "") => socketUrl(server().host, party, room, query);
  const withToken = async (party: Party, room: string, user: User) => url(party, room, `token=${await tokenFor(user)}`);

  it("answers GET /health with ok, without a token", async () => {
    const response = await fetch(`${server().server.url}/health`);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), "ok");
  });

  it("lets a socket with a valid token in ?token= into a conversation it belongs to and into its own inbox", async () => {
    const alice = freshUser("alice", "Alice");
    const conversationId = await clients.group(alice, []);

    const conversation = new RawSocket(await withToken("conversation", conversationId, alice));
    await conversation.opened;
    conversation.send({ type: "hello" });
    const welcome = await conversation.frames.nextOfType("welcome");
    assert.equal(welcome.userId, alice.userId, "the user is the token's sub");
    assert.equal(welcome.members.find((member) => member.userId === alice.userId)?.name, "Alice", "named by the token");
    conversation.close();

    for (const user of [alice, { userId: "a.b_c-d@example" }]) {
      const inbox = new RawSocket(await withToken("inbox", user.userId, user));
      await inbox.opened;
      await inbox.frames.nextOfType("inbox");
      inbox.close();
    }
  });

  it("takes the token from an Authorization: Bearer header too", async () => {
    const alice = freshUser("alice", "Alice");
    const inbox = new RawSocket(url("inbox", alice.userId), { headers: { authorization: `Bearer ${await tokenFor(alice)}` } });
    await inbox.opened;
    await inbox.frames.nextOfType("inbox");
    inbox.close();

    const forged = await refusedSocket(url("inbox", alice.userId), { headers: { authorization: "Bearer not.a.token" } });
    assert.equal(forged.error.code, "unauthorized");
    assert.equal(forged.close.code, CLOSE_CODES.unauthorized);
  });

  it("refuses a socket to a conversation nobody created with not_found and closes it with 4004 at once", async () => {
    const refusal = await refusedSocket(await withToken("conversation", "c".repeat(64), { userId: "a.b_c-d@example" }));
    assert.equal(refusal.error.code, "not_found");
    assert.equal(refusal.close.code, CLOSE_CODES.notFound);
    assert.deepEqual(refusal.frames.map((frame) => frame.type), ["error"]);
  });

  it("refuses a socket without a token with unauthorized and 4401, to a conversation or an inbox", async () => {
    const alice = freshUser("alice");
    const conversationId = await clients.group(alice, []);
    for (const target of [url("conversation", conversationId), url("inbox", alice.userId), url("conversation", conversationId, "user=" + alice.userId)]) {
      const refusal = await refusedSocket(target);
      assert.equal(refusal.error.code, "unauthorized", target);
      assert.match(refusal.error.message, /missing token/, target);
      assert.equal(refusal.close.code, CLOSE_CODES.unauthorized, target);
      assert.equal(refusal.frames.length, 1, "nothing but the error");
    }
  });

  it("refuses a socket to an invalid conversation id or inbox id with bad_frame and 4400, before looking at the token", async () => {
    const alice = freshUser("alice");
    for (const conversationId of ["has%20space", "c".repeat(65), "dot.ted", "%C3%A9t%C3%A9", "at@sign"]) {
      for (const query of [`token=${await tokenFor(alice)}`, ""]) {
        const refusal = await refusedSocket(url("conversation", conversationId, query));
        assert.equal(refusal.error.code, "bad_frame", conversationId);
        assert.match(refusal.error.message, /conversation ids/);
        assert.equal(refusal.close.code, CLOSE_CODES.badRequest, conversationId);
      }
    }
    for (const userId of ["has%20space", "u".repeat(65), "slash%2Fuser"]) {
      const refusal = await refusedSocket(await withToken("inbox", userId, alice));
      assert.equal(refusal.error.code, "bad_frame", userId.slice(0, 20));
      assert.match(refusal.error.message, /inbox ids/);
      assert.equal(refusal.close.code, CLOSE_CODES.badRequest, userId.slice(0, 20));
    }
  });

  it("refuses a socket to another user's inbox with forbidden and 4003, and that inbox learns nothing of it", async () => {
    const [alice, mallory] = [freshUser("alice", "Alice"), freshUser("mallory", "Mallory")];
    const refusal = await refusedSocket(await withToken("inbox", alice.userId, mallory));
    assert.equal(refusal.error.code, "forbidden");
    assert.match(refusal.error.message, /own user/);
    assert.equal(refusal.close.code, CLOSE_CODES.forbidden);
    assert.deepEqual(refusal.frames.map((frame) => frame.type), ["error"], "no listing of alice's conversations");
  });

  it("answers plain HTTP to a conversation or an inbox with 426 whatever the token, unknown paths with 404 and unknown parties with 400", async () => {
    const base = server().server.url;
    const alice = freshUser("alice");
    const token = await tokenFor(alice);
    const conversationId = await clients.group(alice, []);
    for (const path of [`/parties/conversation/${conversationId}`, `/parties/inbox/${alice.userId}`]) {
      for (const headers of [{}, { authorization: `Bearer ${token}` }, { authorization: "Bearer forged" }] as Record<string, string>[]) {
        const response = await fetch(`${base}${path}`, { headers });
        assert.equal(response.status, 426, `${path} ${JSON.stringify(headers)}`);
        await response.body?.cancel();
      }
      const withQuery = await fetch(`${base}${path}?token=${token}`);
      assert.equal(withQuery.status, 426, path);
      await withQuery.body?.cancel();
    }
    for (const path of ["/nowhere", "/parties/conversation", "/auth", "/"]) {
      const response = await fetch(`${base}${path}`);
      assert.equal(response.status, 404, path);
      await response.body?.cancel();
    }
    // A party with no Durable Object behind it: partyserver's own answer.
    const unknownParty = await fetch(`${base}/parties/elsewhere/${freshConversationId()}?token=${token}`);
    assert.equal(unknownParty.status, 400);
    await unknownParty.body?.cancel();
  });

  it("never lets a ?user= parameter choose who connects: the token's sub does", async () => {
    const [alice, bob] = [freshUser("alice", "Alice"), freshUser("bob", "Bob")];
    const conversationId = await clients.group(alice, []);
    // Bob's token, asking to be alice: shut out of alice's conversation and her inbox.
    const asBob = `token=${await tokenFor(bob)}&user=${alice.userId}&name=Alice`;
    const conversation = new RawSocket(url("conversation", conversationId, asBob));
    await conversation.opened;
    assert.equal((await conversation.nextError()).code, "not_member");
    conversation.send({ type: "hello" });
    assert.equal((await conversation.expectClosed()).code, CLOSE_CODES.forbidden);
    assert.deepEqual(conversation.frames.all((frame) => frame.type === "welcome"), []);

    const inbox = await refusedSocket(url("inbox", alice.userId, asBob));
    assert.equal(inbox.close.code, CLOSE_CODES.forbidden);
  });
});
