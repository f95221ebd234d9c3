/**
 * Nothing waits forever (issue #15): a message to a conversation that does not exist, or
 * where the user may not post, fails within seconds with the server's reason instead of
 * staying "Sending…"; and a network whose WebSocket handshake takes 4.5 s still connects.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { freshConversationId, useTestServer } from "../support/server-clients.js";
import { useChats } from "../support/headless-chats.js";
import { until } from "../support/stores.js";
import { SlowLink } from "../support/tcp.js";

const HANDSHAKE_DELAY_MS = 4_500;

describe("nothing waits forever", () => {
  const { server } = useTestServer();
  const { chatAs, signedIn } = useChats(server);


  it("fails a message sent to a conversation that does not exist, with the reason, within seconds", async () => {
    const alice = chatAs("alice");
    const nowhere = alice.conversation(freshConversationId("nowhere"));
    const id = nowhere.send("hello?");
    const [failed] = await until(nowhere.messages, (messages) => messages.some((m) => m.id === id && m.status === "failed"), "failed", 5_000);
    assert.equal(failed!.error, "no such conversation");
    assert.equal(nowhere.status.get(), "refused");
  });

  it("fails a message and undoes a change in a conversation the user is not in, while its members talk on", async () => {
    const [alice, bob, mallory] = await signedIn(chatAs("alice"), chatAs("bob"), chatAs("mallory"));
    const group = await alice.create({ type: "group", members: [bob.user.userId], title: "Members" });
    const atMallory = mallory.conversation(group.id);
    const id = atMallory.send("let me in");
    const deleting = atMallory.delete("not-a-message").then(
      () => "done",
      (error: Error) => error.message,
    );
    const [failed] = await until(atMallory.messages, (messages) => messages.some((m) => m.id === id && m.status === "failed"), "failed", 5_000);
    assert.equal(failed!.error, "not a member of this conversation");
    assert.equal(await deleting, "not a member of this conversation");

    const atBob = bob.conversation(group.id);
    const bobHolds = atBob.messages.listen(() => {});
    const sent = group.send("only members hear this");
    await until(atBob.messages, (messages) => messages.some((m) => m.id === sent), "bob receives");
    bobHolds();
  });

  it(`connects through a network whose handshake takes ${HANDSHAKE_DELAY_MS / 1000} s, and sends`, { timeout: 60_000 }, async () => {
    const link = await SlowLink.open(server().server.port, HANDSHAKE_DELAY_MS);
    try {
      const [alice, bob] = [chatAs("alice", { host: `127.0.0.1:${link.port}` }), chatAs("bob")];
      const direct = await alice.create({ type: "direct", members: [bob.user.userId] });
      await until(direct.status, (status) => status === "online", "online through the slow link", 30_000);
      const id = direct.send("slow but sure");
      await until(direct.messages, (messages) => messages.some((m) => m.id === id && m.status === "sent"), "acked", 30_000);
    } finally {
      await link.close();
    }
  });
});
