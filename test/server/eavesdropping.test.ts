/**
 * Attacks on who hears a room (issue #15): a socket naming its own connection id (`_pk`) to
 * equal a tag the room broadcasts by, a user whose id is such a tag, a kicked member coming
 * back, a one-to-one's derivable id, and sockets piled on a room to lock its user out or to
 * wake objects. Each refused socket must be told why and closed at once, having heard nothing;
 * each case also checks that a good member in the same room is undisturbed.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CLOSE_CODES } from "../../src/protocol/index.js";
import { directConversationId } from "../../src/server/direct-id.js";
import {
  RawSocket,
  TEST_VARS,
  freshConversationId,
  freshRef,
  freshUser,
  isMessageEvent,
  socketUrl,
  tokenFor,
  useTestServer,
  type ConversationClient,
  type User,
} from "../support/server-clients.js";

const CAP = 3;

describe("listening to a conversation one is not in", () => {
  const { server, clients } = useTestServer({ ...TEST_VARS, MAX_CONNECTIONS_PER_USER: String(CAP) });

  /** Alice's message reaches bob; resolves with its seq. */
  async function stillTalking(atAlice: ConversationClient, atBob: ConversationClient, text: string): Promise<number> {
    const ack = await atAlice.say(text);
    const heard = await atBob.frames.next(isMessageEvent(), `bob hearing "${text}"`);
    assert.equal(heard.event.seq, ack.seq);
    return ack.seq;
  }

  for (const pk of ["member", "user:alice", "confab:member"]) {
    it(`refuses an outsider's socket with _pk=${pk} at once, and it hears nothing the members say`, async () => {
      const [alice, bob, mallory] = [freshUser("alice", "Alice"), freshUser("bob", "Bob"), freshUser("mallory")];
      const id = await clients.group(alice, [bob]);
      const atAlice = await clients.enter(id, alice);
      const atBob = await clients.enter(id, bob);
      const listener = new RawSocket(socketUrl(server().host, "conversation", id, `token=${await tokenFor(mallory)}&_pk=${encodeURIComponent(pk)}`));
      await listener.opened;
      await stillTalking(atAlice.client, atBob.client, "members only");
      const close = await listener.expectClosed(1_000);
      assert.equal(close.code, CLOSE_CODES.forbidden);
      assert.deepEqual(listener.frames.received.map((frame) => frame.type), ["error"], "nothing but the refusal");
    });
  }

  it("refuses a user whose token sub is 'member' at once, without any _pk", async () => {
    const [alice, bob] = [freshUser("alice", "Alice"), freshUser("bob", "Bob")];
    const member: User = { userId: "member" };
    const id = await clients.group(alice, [bob]);
    const atAlice = await clients.enter(id, alice);
    const atBob = await clients.enter(id, bob);
    const refusal = await clients.refused("conversation", id, member);
    assert.equal(refusal.error.code, "not_member");
    await stillTalking(atAlice.client, atBob.client, "still private");
  });

  it("refuses a kicked member coming back with _pk=member at once", async () => {
    const [alice, bob, carol] = [freshUser("alice", "Alice"), freshUser("bob", "Bob"), freshUser("carol")];
    const id = await clients.group(alice, [bob, carol]);
    const atAlice = await clients.enter(id, alice);
    const atBob = await clients.enter(id, bob);
    const atCarol = await clients.enter(id, carol);
    assert.equal((await atAlice.client.request({ type: "kick", ref: freshRef(), userId: carol.userId })).type, "done");
    assert.equal((await atCarol.client.expectClosed()).code, CLOSE_CODES.removed);
    const refusal = await clients.refused("conversation", id, carol, "_pk=member");
    assert.equal(refusal.error.code, "not_member");
    assert.equal(refusal.close.code, CLOSE_CODES.forbidden);
    await stillTalking(atAlice.client, atBob.client, "after carol");
  });

  it("refuses a socket to someone else's one-to-one, before and after its first message", async () => {
    const [alice, bob, mallory] = [freshUser("alice", "Alice"), freshUser("bob", "Bob"), freshUser("mallory")];
    const id = await directConversationId(alice.userId, bob.userId);
    const early = await clients.refused("conversation", id, mallory, "_pk=member");
    assert.equal(early.error.code, "not_found", "the pair has not started it: nothing to join");

    assert.equal(await clients.create(alice, { conversationType: "direct", members: [bob.userId] }), id);
    const atAlice = await clients.enter(id, alice);
    const atBob = await clients.enter(id, bob);
    const late = await clients.refused("conversation", id, mallory, "_pk=member");
    assert.equal(late.error.code, "not_member");
    await stillTalking(atAlice.client, atBob.client, "just us");
  });

  it("names every connection itself: a member's _pk set to another member's id locks nobody out", async () => {
    const [alice, bob, mallory] = [freshUser("alice", "Alice"), freshUser("bob", "Bob"), freshUser("mallory")];
    const id = await clients.group(alice, [bob, mallory]);
    const atAlice = await clients.enter(id, alice);
    const token = await tokenFor(mallory);
    const posing: RawSocket[] = [];
    for (let i = 0; i < CAP; i++) {
      const socket = new RawSocket(socketUrl(server().host, "conversation", id, `token=${token}&_pk=${bob.userId}`));
      await socket.opened;
      posing.push(socket);
    }
    try {
      // Mallory's sockets count as hers: bob still gets all of his.
      const tabs = [];
      for (let i = 0; i < CAP; i++) tabs.push(await clients.enter(id, bob));
      await stillTalking(atAlice.client, tabs[CAP - 1]!.client, "bob is here");
      // And hers are full: one more is refused at once.
      const over = await clients.refused("conversation", id, mallory);
      assert.equal(over.error.code, "too_many_connections");
      assert.equal(over.close.code, CLOSE_CODES.tooManyConnections);
    } finally {
      for (const socket of posing) socket.close();
    }
  });

  it("caps a user's sockets to their inbox at connect: the ones over the cap are closed at once", async () => {
    const alice = freshUser("alice", "Alice");
    const token = await tokenFor(alice);
    const sockets = Array.from({ length: CAP * 4 }, () => new RawSocket(socketUrl(server().host, "inbox", alice.userId, `token=${token}`)));
    try {
      await Promise.all(sockets.map((socket) => socket.opened));
      const closed = await Promise.all(sockets.map((socket) => Promise.race([socket.closed, new Promise((resolve) => setTimeout(() => resolve(undefined), 1_000))])));
      const stillOpen = closed.filter((close) => close === undefined).length;
      assert.equal(stillOpen, CAP, `${stillOpen} of ${sockets.length} sockets stayed open`);
      for (const close of closed) if (close) assert.equal((close as { code: number }).code, CLOSE_CODES.tooManyConnections);
    } finally {
      for (const socket of sockets) socket.close();
    }
  });

  it("closes sockets to conversation ids that do not exist at once, however many", async () => {
    const mallory = freshUser("mallory");
    const token = await tokenFor(mallory);
    const sockets = Array.from({ length: 30 }, () => new RawSocket(socketUrl(server().host, "conversation", freshConversationId("nobody"), `token=${token}`)));
    try {
      const closes = await Promise.all(sockets.map((socket) => socket.expectClosed(2_000)));
      assert.ok(closes.every((close) => close.code === CLOSE_CODES.notFound));
    } finally {
      for (const socket of sockets) socket.close();
    }
  });
});

describe("what partyserver would have shown of itself", () => {
  const { server, clients } = useTestServer();

  it("admits a member whose _pk is overlong or whose x-partykit-props header is malformed, with no stack trace", async () => {
    const [alice, bob] = [freshUser("alice", "Alice"), freshUser("bob", "Bob")];
    const id = await clients.group(alice, [bob]);
    const atBob = await clients.enter(id, bob);
    const token = await tokenFor(alice);
    for (const [query, headers] of [
      [`token=${token}&_pk=${"x".repeat(300)}`, {}],
      [`token=${token}`, { "x-partykit-props": "%%% not base64 %%%", "x-partykit-room": "elsewhere" }],
    ] as const) {
      const socket = new RawSocket(socketUrl(server().host, "conversation", id, query), { headers });
      try {
        await socket.opened;
        socket.send({ type: "hello" });
        const welcome = await socket.frames.nextOfType("welcome");
        assert.equal(welcome.conversationId, id);
        assert.ok(!socket.frames.received.some((frame) => JSON.stringify(frame).includes("    at ")), "no stack trace");
      } finally {
        socket.close();
      }
    }
    const ack = await clients.enter(id, alice).then(({ client }) => client.say("after the odd sockets"));
    assert.equal((await atBob.client.frames.next(isMessageEvent(), "alice's message")).event.seq, ack.seq);
  });

  it("answers a malformed %-escape in a server API path with 400, not 500", async () => {
    const response = await fetch(`${server().server.url}/api/v1/users/%E0%A4%A`, {
      headers: { authorization: `Bearer ${TEST_VARS.API_KEY}` },
    });
    assert.equal(response.status, 400);
    assert.match(await response.text(), /malformed/);
  });
});
