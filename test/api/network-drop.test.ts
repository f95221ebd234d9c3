/**
 * The network-drop proof: one member's connection to the server is cut (its TCP connections
 * reset, new ones refused) while the others keep sending. Once the network is back, its
 * client must hold exactly the server's history: each missed message once, none twice, no
 * gap, and what it wrote while cut off stored once.
 */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Server, Socket } from "node:net";
import WebSocket from "ws";
import { createChat, type Chat, type ConversationHandle } from "../../src/store/index.js";
import { freshUserId, useTestServer } from "../support/server-clients.js";
import { until } from "../support/stores.js";
import { connectUpstream, listenLocally } from "../support/tcp.js";

const MISSED_EACH = 20;
const SENDERS = 3;
const WRITTEN_OFFLINE = 3;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A TCP proxy on 127.0.0.1 in front of the server, standing for one client's network. */
class CuttableLink {
  readonly #connections = new Set<Socket>();
  #cut = false;
  /** Connection attempts refused while cut. */
  refused = 0;

  private constructor(
    readonly server: Server,
    readonly port: number,
  ) {}

  /** Opens the link on a port the system picks, forwarding to `targetPort`. */
  static async open(targetPort: number): Promise<CuttableLink> {
    let link: CuttableLink | undefined;
    const { server, port } = await listenLocally((client) => link!.#forward(client, targetPort));
    link = new CuttableLink(server, port);
    return link;
  }

  #forward(client: Socket, targetPort: number): void {
    // A dead network: the attempt fails at once, as a reset.
    if (this.#cut) {
      this.refused++;
      return void client.resetAndDestroy();
    }
    const upstream = connectUpstream(client, targetPort, this.#connections);
    client.pipe(upstream);
    upstream.pipe(client);
  }

  /** Resets every connection through the link and refuses new ones until `restore()`. */
  cut(): void {
    this.#cut = true;
    for (const socket of this.#connections) socket.resetAndDestroy();
  }

  restore(): void {
    this.#cut = false;
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe("a dropped network", () => {
  const { server } = useTestServer();
  const chats: Chat[] = [];
  let link: CuttableLink | undefined;

  after(async () => {
    await Promise.all(chats.map((chat) => chat.end()));
    await link?.close();
  });

  function chatAt(host: string, prefix: string): Chat {
    const chat = createChat({ host, user: freshUserId(prefix), WebSocket });
    chats.push(chat);
    return chat;
  }

  const allSent = (room: ConversationHandle) => room.messages.get().every((message) => message.status === "sent");

  it("gives a client cut off for a while exactly the events it missed once it is back", { timeout: 60_000 }, async () => {
    link = await CuttableLink.open(server().server.port);
    const roamer = chatAt(`127.0.0.1:${link.port}`, "roamer");
    const senders = Array.from({ length: SENDERS }, (_, index) => chatAt(server().host, `sender${index}`));
    // Only people who have signed in may be added (unknown_user otherwise).
    for (const chat of [roamer, ...senders]) await until(chat.loaded, Boolean, `${chat.user.userId} signed in`);
    const group = await senders[0]!.create({ type: "group", members: [roamer.user.userId, ...senders.slice(1).map((chat) => chat.user.userId)] });
    const sendingRooms = senders.map((chat) => chat.conversation(group.id));
    const stops = sendingRooms.map((room) => room.messages.listen(() => {}));

    const atRoamer = roamer.conversation(group.id);
    const statuses: string[] = [];
    stops.push(atRoamer.status.listen((status) => statuses.push(status)));
    const added: string[] = [];
    stops.push(atRoamer.on("message", (message, op) => op === 1 && message.senderId !== roamer.user.userId && added.push(message.id)));
    await until(atRoamer.status, (status) => status === "online", "the roamer online");

    sendingRooms.forEach((room, index) => room.send(`sender ${index}: before the cut`));
    await until(atRoamer.messages, (messages) => messages.length === SENDERS, "the roamer has the first messages");

    link.cut();
    await until(atRoamer.status, (status) => status !== "online", "the roamer to notice the cut");
    const heldAtCut = added.length;
    for (let n = 0; n < MISSED_EACH; n++) {
      sendingRooms.forEach((room, index) => room.send(`sender ${index}: missed ${n}`));
      await sleep(20);
    }
    const writtenOffline = Array.from({ length: WRITTEN_OFFLINE }, (_, n) => atRoamer.send(`roamer: written offline ${n}`));
    await Promise.all(sendingRooms.map((room, index) => until(room.messages, () => allSent(room), `sender ${index} acknowledged`, 15_000)));
    // Cut off for a while: until the roamer's attempts to reconnect have failed more than once.
    for (const deadline = Date.now() + 20_000; link.refused < 2; await sleep(100)) {
      assert.ok(Date.now() < deadline, "the roamer tried to reconnect");
    }
    assert.equal(added.length, heldAtCut, "nothing reached the roamer while cut off");
    assert.notEqual(atRoamer.status.get(), "online", "still cut off");

    link.restore();
    const missed = SENDERS * MISSED_EACH;
    await until(
      atRoamer.messages,
      (messages) => messages.length === SENDERS + missed + WRITTEN_OFFLINE && allSent(atRoamer),
      "the roamer caught up, its outbox empty",
      20_000,
    );
    assert.equal(added.length - heldAtCut, missed, "each missed message reported once on resume");

    const reader = createChat({ host: server().host, user: senders[0]!.user.userId, WebSocket });
    const history = reader.conversation(group.id);
    const stopReader = history.messages.listen(() => {});
    await until(history.status, (status) => status === "online", "the reader online");
    for (let more = true; more; ) ({ hasMore: more } = await history.fetchMessages({ limit: 100 }));
    const serverIds = history.messages.get().map((message) => message.id);
    stopReader();
    await reader.end();

    const roamerIds = atRoamer.messages.get().map((message) => message.id);
    assert.deepEqual(roamerIds, serverIds, "the roamer holds the server's history: no gap, no duplicate, same order");
    assert.equal(new Set(added).size, added.length, "no message reported as new twice");
    for (const id of writtenOffline) assert.equal(serverIds.filter((stored) => stored === id).length, 1, `${id} stored once`);
    assert.ok(statuses.includes("connecting"), "the roamer went through a reconnect");
    stops.forEach((stop) => stop());
  });
});
