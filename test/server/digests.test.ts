/**
 * Unread digests (issue #21): a member away from a conversation with news gets one
 * `unread.digest` webhook per user once DIGEST_DELAY_SECONDS (5 minutes) have passed by their
 * Inbox's clock, batching every conversation and message since their last digest. The clock is
 * the test clock (TEST_CLOCK=on, development servers only), moved on through the server API:
 * the test sees the delay pass without waiting it out. A real receiver gets the webhooks.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { freePort } from "../../scripts/servers.js";
import { verifyWebhookSignature } from "../../demo/webhook-receiver.js";
import { FRAME_TIMEOUT_MS } from "../support/frame-inbox.js";
import { TEST_VARS, freshUser, useTestServer, type User } from "../support/server-clients.js";
import { apiOf } from "../support/server-api.js";
import { useReceiver } from "../support/webhook-endpoint.js";

const SECRET = "test-digest-secret";
const DELAY_SECONDS = 300;

/** A digest as the host receives it. */
interface Digest {
  userId: string;
  name: string;
  conversations: {
    conversationId: string;
    title: string;
    type: string;
    unread: number;
    messages: { id: string; senderId: string; senderName: string; text: string; createdAt: number }[];
  }[];
}

/** What a step of an Inbox's test clock did: the digest it queued, and the conversations still waiting for one. */
interface ClockStep {
  digest?: string;
  pending: string[];
}

const receiverPort = await freePort();

describe("unread digests", () => {
  const receiver = useReceiver(receiverPort);
  const { server, clients } = useTestServer({
    ...TEST_VARS,
    WEBHOOK_URLS: receiver.url,
    WEBHOOK_SECRET: SECRET,
    TEST_CLOCK: "on",
  });

  const api = apiOf(server);

  /** A user the host registered, named: away until they connect. */
  async function registered(prefix: string, name: string): Promise<User> {
    const user = freshUser(prefix, name);
    assert.equal((await api("PUT", `/users/${user.userId}`, { name })).status, 200);
    return user;
  }

  async function group(title: string, owner: User, members: User[]): Promise<string> {
    const created = await api("POST", "/conversations", {
      type: "group",
      title,
      members: [{ userId: owner.userId, role: "owner" }, ...members.map((member) => ({ userId: member.userId }))],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return created.body.conversation.id;
  }

  /** Posts as `sender` through the server API and resolves with the stored message. */
  async function post(conversationId: string, sender: User, text: string, mentions?: string[]): Promise<{ id: string; seq: number; createdAt: number }> {
    const posted = await api("POST", `/conversations/${conversationId}/messages`, { userId: sender.userId, text, ...(mentions ? { mentions } : {}) });
    assert.equal(posted.status, 201, JSON.stringify(posted.body));
    return posted.body.message;
  }

  /** Moves `user`'s Inbox clock `seconds` on, and runs what is then due. */
  async function advance(user: User, seconds: number): Promise<ClockStep> {
    const step = await api("POST", `/users/${user.userId}/clock`, { advanceSeconds: seconds });
    assert.equal(step.status, 200, JSON.stringify(step.body));
    return step.body;
  }

  /**
   * Resolves once each of `conversationIds` waits for `user`'s next digest: a conversation
   * tells an away member's Inbox a moment after the message, not before the API answers.
   */
  async function pending(user: User, conversationIds: string[]): Promise<void> {
    const deadline = Date.now() + FRAME_TIMEOUT_MS;
    for (;;) {
      const { pending: waiting } = await advance(user, 0);
      if (conversationIds.every((id) => waiting.includes(id))) return;
      if (Date.now() > deadline) throw new Error(`${user.userId}: waiting for ${conversationIds.join(", ")}, pending ${waiting.join(", ") || "nothing"}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The digest queued as `eventId`, once the receiver has it. */
  async function received(eventId: string): Promise<Digest> {
    const [delivery] = await receiver.waitFor((candidate) => candidate.event.id === eventId);
    assert.equal(delivery!.event.type, "unread.digest");
    assert.equal(delivery!.headers["confab-event-type"], "unread.digest");
    assert.ok(verifyWebhookSignature(SECRET, String(delivery!.headers["confab-signature"]), delivery!.body), "signed like every webhook");
    return delivery!.event.data as Digest;
  }

  /** The ids of every digest the receiver got for `user`. */
  const digestsOf = (user: User) =>
    new Set(receiver.deliveries.filter((delivery) => delivery.event.type === "unread.digest" && delivery.event.data.userId === user.userId).map((delivery) => delivery.event.id));

  it("batches every conversation with news into one digest, after the delay and not before", async () => {
    const [alice, bob] = [await registered("alice", "Alice"), await registered("bob", "Bob")];
    const support = await group("Support", alice, [bob]);
    const sales = await group("Sales", alice, [bob]);
    const hello = await post(support, alice, "**Hello** Bob, see _the guide_");
    const second = await post(support, alice, "Second one");
    const quote = await post(sales, alice, "Your quote is ready");
    await pending(bob, [support, sales]);

    const early = await advance(bob, DELAY_SECONDS - 60);
    assert.equal(early.digest, undefined, "nothing before the delay");
    assert.deepEqual(early.pending.sort(), [support, sales].sort());
    const due = await advance(bob, 60);
    assert.ok(due.digest, "one digest once the delay has passed");
    assert.deepEqual(due.pending, []);

    const digest = await received(due.digest);
    assert.equal(digest.userId, bob.userId);
    assert.equal(digest.name, "Bob");
    // The conversation with the newest message first.
    assert.deepEqual(
      digest.conversations.map((conversation) => conversation.conversationId),
      [sales, support],
    );
    const [inSales, inSupport] = digest.conversations;
    assert.deepEqual(
      { title: inSupport!.title, type: inSupport!.type, unread: inSupport!.unread },
      { title: "Support", type: "group", unread: 2 },
    );
    assert.deepEqual(inSupport!.messages, [
      { id: hello.id, senderId: alice.userId, senderName: "Alice", text: "Hello Bob, see the guide", createdAt: hello.createdAt },
      { id: second.id, senderId: alice.userId, senderName: "Alice", text: "Second one", createdAt: second.createdAt },
    ]);
    assert.deepEqual(
      { title: inSales!.title, unread: inSales!.unread, ids: inSales!.messages.map((message) => message.id) },
      { title: "Sales", unread: 1, ids: [quote.id] },
    );

    // Alice wrote them all: nothing is unread for her.
    assert.equal((await advance(alice, DELAY_SECONDS)).digest, undefined);
    assert.equal(digestsOf(bob).size, 1);
  });

  it("never sends the same messages twice: the next digest holds only what came after, and not what was deleted", async () => {
    const [alice, bob] = [await registered("alice", "Alice"), await registered("bob", "Bob")];
    const id = await group("Team", alice, [bob]);
    const first = await post(id, alice, "first");
    await pending(bob, [id]);
    const one = await received((await advance(bob, DELAY_SECONDS)).digest!);
    assert.deepEqual(one.conversations[0]!.messages.map((message) => message.id), [first.id]);

    assert.equal((await advance(bob, DELAY_SECONDS)).digest, undefined, "nothing new, nothing sent");
    const regretted = await post(id, alice, "regretted");
    assert.equal((await api("DELETE", `/conversations/${id}/messages/${regretted.id}`)).status, 200);
    const next = await post(id, alice, "next");
    await pending(bob, [id]);
    const two = await received((await advance(bob, DELAY_SECONDS)).digest!);
    assert.deepEqual(two.conversations[0]!.messages.map((message) => message.id), [next.id]);
    assert.equal(two.conversations[0]!.unread, 1);
    assert.equal(digestsOf(bob).size, 2);
  });

  it("sends nothing once the user has read, while another member still gets theirs", async () => {
    const [alice, bob, carol] = [await registered("alice", "Alice"), await registered("bob", "Bob"), await registered("carol", "Carol")];
    const id = await group("Ops", alice, [bob, carol]);
    const message = await post(id, alice, "read me");
    await pending(bob, [id]);
    await pending(carol, [id]);

    // Bob reads it in the conversation (his list stays closed: he is still away); Alice sees he did.
    const atAlice = (await clients.enter(id, alice)).client;
    const { client } = await clients.enter(id, bob);
    client.send({ type: "read", seq: message.seq });
    await atAlice.frames.nextOfType("read_by", (frame) => frame.userId === bob.userId && frame.seq === message.seq);
    client.close();

    const atBob = await advance(bob, DELAY_SECONDS);
    assert.equal(atBob.digest, undefined, "read before it was due");
    assert.deepEqual(atBob.pending, []);
    const atCarol = await received((await advance(carol, DELAY_SECONDS)).digest!);
    assert.deepEqual(atCarol.conversations[0]!.messages.map((sent) => sent.id), [message.id]);
    assert.equal(digestsOf(bob).size, 0);
  });

  it("sends nothing to a user online when it is due, nor later for the same news", async () => {
    const [alice, bob] = [await registered("alice", "Alice"), await registered("bob", "Bob")];
    const id = await group("Desk", alice, [bob]);
    await post(id, alice, "while you were away");
    await pending(bob, [id]);

    const list = await clients.inbox(bob);
    const online = await advance(bob, DELAY_SECONDS);
    assert.equal(online.digest, undefined);
    assert.deepEqual(online.pending, []);
    // News while their list is open reaches the list, not a digest.
    const shown = await post(id, alice, "you are here");
    await list.summary(id, (summary) => summary.lastMessage?.text === "you are here");
    assert.deepEqual((await advance(bob, DELAY_SECONDS)).pending, []);
    list.close();

    assert.equal((await advance(bob, DELAY_SECONDS)).digest, undefined);
    assert.ok(shown.id);
    assert.equal(digestsOf(bob).size, 0);
  });

  it("holds only mentions at the mentions level, and nothing at none, while others in the room get theirs", async () => {
    const [alice, bob, carol, dave] = [
      await registered("alice", "Alice"),
      await registered("bob", "Bob"),
      await registered("carol", "Carol"),
      await registered("dave", "Dave"),
    ];
    assert.equal((await api("PUT", `/users/${bob.userId}/notifications`, { level: "mentions" })).status, 200);
    assert.equal((await api("PUT", `/users/${carol.userId}/notifications`, { level: "none" })).status, 200);
    const id = await group("Plans", alice, [bob, carol, dave]);
    const chat = await post(id, alice, "lunch?");
    const mention = await post(id, alice, "@Bob and @Carol, a word", [bob.userId, carol.userId]);
    await Promise.all([bob, carol, dave].map((user) => pending(user, [id])));

    const atBob = await received((await advance(bob, DELAY_SECONDS)).digest!);
    assert.deepEqual(atBob.conversations[0]!.messages.map((message) => message.id), [mention.id]);
    assert.equal(atBob.conversations[0]!.unread, 1);
    const atCarol = await advance(carol, DELAY_SECONDS);
    assert.equal(atCarol.digest, undefined, "level none: no digest");
    assert.deepEqual(atCarol.pending, []);
    const atDave = await received((await advance(dave, DELAY_SECONDS)).digest!);
    assert.deepEqual(atDave.conversations[0]!.messages.map((message) => message.id), [chat.id, mention.id]);
  });

  it("holds only the mentions of a conversation the user muted", async () => {
    const [alice, bob] = [await registered("alice", "Alice"), await registered("bob", "Bob")];
    const id = await group("Chatter", alice, [bob]);
    assert.equal((await api("PUT", `/conversations/${id}/members/${bob.userId}/mute`)).status, 200);
    await post(id, alice, "chit chat");
    const mention = await post(id, alice, "@Bob a word", [bob.userId]);
    await post(id, alice, "more chat");
    await pending(bob, [id]);

    const digest = await received((await advance(bob, DELAY_SECONDS)).digest!);
    assert.equal(digest.conversations[0]!.unread, 1);
    assert.deepEqual(digest.conversations[0]!.messages.map((message) => [message.id, message.text]), [[mention.id, "@Bob a word"]]);
  });

  it("leaves out what is hidden from the user: a sender they block", async () => {
    const [mallory, bob] = [await registered("mallory", "Mallory"), await registered("bob", "Bob")];
    const created = await api("POST", "/conversations", { type: "direct", members: [{ userId: mallory.userId }, { userId: bob.userId }] });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id: string = created.body.conversation.id;
    const before = await post(id, mallory, "before the block");
    await pending(bob, [id]);
    assert.equal((await api("PUT", `/users/${bob.userId}/blocks/${mallory.userId}`)).status, 200);
    await post(id, mallory, "after the block");

    const digest = await received((await advance(bob, DELAY_SECONDS)).digest!);
    assert.deepEqual(digest.conversations, [
      {
        conversationId: id,
        title: "Mallory",
        type: "direct",
        unread: 1,
        messages: [{ id: before.id, senderId: mallory.userId, senderName: "Mallory", text: "before the block", createdAt: before.createdAt }],
      },
    ]);
  });
});

describe("unread digests, without the test clock", () => {
  const { server } = useTestServer(TEST_VARS);

  it("refuses to move an Inbox's clock unless the server was started with TEST_CLOCK=on", async () => {
    assert.equal(TEST_VARS.TEST_CLOCK, undefined);
    const response = await fetch(`${server().server.url}/api/v1/users/bob/clock`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_VARS.API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ advanceSeconds: DELAY_SECONDS }),
    });
    assert.equal(response.status, 404);
    assert.match((await response.json()).error.message, /TEST_CLOCK=on/);
  });
});
