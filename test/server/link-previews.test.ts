/**
 * Link previews (issue #9) through the real server (wrangler dev on workerd): the Conversation
 * DO fetches the first link of a message from local pages (node:http on 127.0.0.1, the one
 * host PREVIEW_ALLOW_HOSTS lets through) and attaches the card as a `previewed` change. A second
 * local server, not allowed, serves a perfect page too: loopback, private and local addresses
 * reach it never. Previews are made one at a time in message order, so once a later message's
 * card arrives, every earlier link has been dealt with.
 */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { ConversationEvent, EventFrame, LinkPreview, ServerFrame } from "../../src/protocol/index.js";
import { freePort } from "../../scripts/servers.js";
import { TEST_VARS, freshRef, freshUser, messagesIn, tokenFor, useTestServer, type ConversationClient, type User } from "../support/server-clients.js";

type ChangeEvent = Extract<ConversationEvent, { kind: "change" }>;

const OG_PAGE = `<!doctype html><html><head>
  <meta property="og:title" content="Tea &amp; Biscuits">
  <meta property="og:description" content="A guide&#10;to\u0007 dunking">
  <meta property="og:image" content="https://192.0.2.10/tea.png"><!-- a documentation address: refused, so the test sends nothing off this machine -->
  <meta property="og:site_name" content="Tea Times">
  <title>Ignored when og:title is there</title>
</head><body>hello</body></html>`;

/** A local web server that answers with `routes` by path and counts every request it gets. */
class PageServer {
  readonly requests: string[] = [];
  #server: Server | undefined;
  port = 0;

  constructor(private readonly routes: Record<string, (request: IncomingMessage, response: ServerResponse) => void>) {}

  async start(): Promise<void> {
    this.port = await freePort();
    this.#server = createServer((request, response) => {
      this.requests.push(request.url!);
      const route = this.routes[request.url!.split("?")[0]!] ?? this.routes["*"];
      if (route) route(request, response);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => this.#server!.listen(this.port, "127.0.0.1", () => resolve()));
  }

  count(path: string): number {
    return this.requests.filter((url) => url === path).length;
  }

  stop(): Promise<void> {
    this.#server?.closeAllConnections();
    return new Promise((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }
}

const html = (body: string) => (_request: IncomingMessage, response: ServerResponse) =>
  response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(body);

/** A page whose og:image is `picture` on the same server. */
const pictured = (picture: string) => html(`<meta property="og:title" content="With a picture"><meta property="og:image" content="${picture}">`);
const PNG_BYTES = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a1f1f9ba0000000049454e44ae426082", "hex");
const png = (bytes: Buffer) => (_request: IncomingMessage, response: ServerResponse) => response.writeHead(200, { "content-type": "image/png" }).end(bytes);

const pages = new PageServer({
  "/og": html(OG_PAGE),
  "/pictured": (request, response) => pictured(pageUrl("/tea.png"))(request, response),
  "/pictured-again": (request, response) => pictured(pageUrl("/tea.png"))(request, response),
  "/pictured-big": (request, response) => pictured(pageUrl("/big.png"))(request, response),
  "/pictured-svg": (request, response) => pictured(pageUrl("/drawing.svg"))(request, response),
  "/pictured-private": (request, response) => pictured(`http://localhost:${forbidden.port}/tea.png`)(request, response),
  "/tea.png": png(PNG_BYTES),
  "/big.png": png(Buffer.concat([PNG_BYTES, Buffer.alloc(1024 * 1024)])),
  "/drawing.svg": (_request, response) => response.writeHead(200, { "content-type": "image/svg+xml" }).end("<svg xmlns='http://www.w3.org/2000/svg'/>"),
  "/og-again": html(OG_PAGE),
  "/cached": html("<title>Cached once</title>"),
  "/first": html("<title>First link</title>"),
  "/second": html("<title>Second link</title>"),
  "/barrier": html("<title>Barrier</title>"),
  "/title-only": html(`<html><head><title>  Plain &amp;\n simple  </title><meta name="description" content="From the meta tag"></head></html>`),
  // The title is at the start; the description only after 300 KB, past what the server reads.
  "/huge": (_request, response) => {
    response.writeHead(200, { "content-type": "text/html" });
    response.write("<html><head><title>Huge page</title>");
    response.write(`<!-- ${"x".repeat(300 * 1024)} -->`);
    response.end(`<meta name="description" content="too far"></head>${"<p>more</p>".repeat(100_000)}</html>`);
  },
  // Starts a page and never finishes it.
  "/never-ends": (_request, response) => {
    response.writeHead(200, { "content-type": "text/html" });
    response.write("<html><head><title>Never ends");
  },
  "/data.json": (_request, response) => response.writeHead(200, { "content-type": "application/json" }).end('{"title":"<title>Not HTML</title>"}'),
  "/hop": (_request, response) => response.writeHead(301, { location: "/og-again" }).end(),
  // A redirect from an allowed page to the forbidden server, by a local name.
  "/to-private": (_request, response) => response.writeHead(302, { location: `http://localhost:${forbidden.port}/og` }).end(),
});
/** Not in PREVIEW_ALLOW_HOSTS: a perfect page nobody may fetch. */
const forbidden = new PageServer({ "*": html(OG_PAGE) });

await Promise.all([pages.start(), forbidden.start()]);
const pageUrl = (path: string) => `http://127.0.0.1:${pages.port}${path}`;

/** Matches a live `previewed` change of message `id`. */
const isPreviewed =
  (id: string) =>
  (frame: ServerFrame): frame is EventFrame & { event: ChangeEvent } =>
    frame.type === "event" && frame.event.kind === "change" && frame.event.op === "previewed" && frame.event.message.id === id;

describe("link previews", () => {
  const { server, clients } = useTestServer({ ...TEST_VARS, PREVIEW_ALLOW_HOSTS: `127.0.0.1:${pages.port}` });

  after(() => Promise.all([pages.stop(), forbidden.stop()]));

  /** A fresh group of two, Alice's socket in it (hello said) and Bob's. */
  async function room() {
    const [alice, bob] = [freshUser("alice", "Alice"), freshUser("bob", "Bob")];
    const id = await clients.group(alice, [bob]);
    const atAlice = (await clients.enter(id, alice)).client;
    const atBob = (await clients.enter(id, bob)).client;
    return { id, alice, bob, atAlice, atBob };
  }

  /** Sends `text` and resolves with the card that `watcher` then sees attached. */
  async function sendAndPreview(sender: ConversationClient, text: string, watcher = sender, timeoutMs?: number): Promise<{ id: string; preview: LinkPreview | undefined }> {
    const { id } = await sender.say(text);
    const frame = await watcher.frames.next(isPreviewed(id), `the preview of "${text}"`, timeoutMs);
    return { id, preview: frame.event.message.preview };
  }

  const previewedIds = (client: ConversationClient) =>
    client.frames.received.flatMap((frame) => (frame.type === "event" && frame.event.kind === "change" && frame.event.op === "previewed" ? [frame.event.message.id] : []));

  it("attaches the Open Graph card of the first link as a change every member gets, after the ack", async () => {
    const { atAlice, atBob } = await room();
    const { id, preview } = await sendAndPreview(atAlice, `look: ${pageUrl("/og")}, and also ${pageUrl("/title-only")}`, atBob);
    assert.deepEqual(preview, {
      url: pageUrl("/og"),
      title: "Tea & Biscuits",
      description: "A guide to dunking",
      image: "https://192.0.2.10/tea.png",
      siteName: "Tea Times",
    });
    // Bob's copy came first to the test; alice's may be a moment behind.
    const change = await atAlice.frames.next(isPreviewed(id), "alice's copy of the card");
    assert.equal(change.event.actorId, "", "the conversation itself attached it");
    assert.ok(atAlice.frames.received.findIndex((frame) => frame.type === "ack" && frame.id === id) < atAlice.frames.received.indexOf(change));
  });

  it("keeps the card in the stored message: a replay and a history page show it", async () => {
    const { id: conversationId, alice, atAlice } = await room();
    const { id } = await sendAndPreview(atAlice, pageUrl("/og"));
    const { client, welcome } = await clients.enter(conversationId, alice);
    assert.equal(messagesIn(welcome.events).find((message) => message.id === id)?.preview?.title, "Tea & Biscuits");
    const ref = freshRef();
    client.send({ type: "history", ref, limit: 10 });
    const page = await client.frames.nextOfType("page", (frame) => frame.ref === ref);
    assert.equal(messagesIn(page.events).find((message) => message.id === id)?.preview?.siteName, "Tea Times");
  });

  it("falls back to <title> and the meta description, cleaned of entities and white space", async () => {
    const { atAlice } = await room();
    const { preview } = await sendAndPreview(atAlice, `www-less: ${pageUrl("/title-only")}`);
    assert.deepEqual(preview, { url: pageUrl("/title-only"), title: "Plain & simple", description: "From the meta tag" });
  });

  it("follows a redirect to a public page, checking each hop", async () => {
    const { atAlice } = await room();
    const { preview } = await sendAndPreview(atAlice, pageUrl("/hop"));
    assert.equal(preview?.url, pageUrl("/hop"), "the card is the link's, as the text has it");
    assert.equal(preview?.title, "Tea & Biscuits");
  });

  it("reads only the start of a huge page, a page that never ends until the timeout, and no other type than HTML", async () => {
    const { atAlice } = await room();
    const huge = await sendAndPreview(atAlice, pageUrl("/huge"));
    assert.deepEqual(huge.preview, { url: pageUrl("/huge"), title: "Huge page" }, "the description lies past the cap");
    const never = await atAlice.say(pageUrl("/never-ends"));
    const json = await atAlice.say(pageUrl("/data.json"));
    // Made in order: once this card comes, the two before it were given up on.
    await sendAndPreview(atAlice, pageUrl("/barrier"), atAlice, 15_000);
    assert.equal(pages.count("/never-ends"), 1);
    assert.equal(pages.count("/data.json"), 1);
    assert.ok(!previewedIds(atAlice).includes(never.id), "no card for a page that never ended");
    assert.ok(!previewedIds(atAlice).includes(json.id), "no card for JSON");
  });

  /** The conversation file `attachmentId` as `user` downloads it from the server. */
  async function download(user: User, conversationId: string, attachmentId: string): Promise<Response> {
    const headers = { authorization: `Bearer ${await tokenFor(user)}` };
    return fetch(`http://${server().host}/attachments/${conversationId}/${attachmentId}`, { headers });
  }

  it("keeps the page's picture as a file of the conversation, served to members only", async () => {
    const { id: conversationId, bob, atAlice, atBob } = await room();
    const { preview } = await sendAndPreview(atAlice, pageUrl("/pictured"), atBob);
    assert.equal(preview?.image, pageUrl("/tea.png"));
    assert.equal(preview?.picture?.type, "image/png");
    const served = await download(bob, conversationId, preview!.picture!.id);
    assert.equal(served.status, 200);
    assert.deepEqual(Buffer.from(await served.arrayBuffer()), PNG_BYTES);
    const outsider = await download(freshUser("mallory"), conversationId, preview!.picture!.id);
    assert.equal(outsider.status, 403);
    atAlice.send({ type: "send", id: crypto.randomUUID(), text: "mine now", attachments: [preview!.picture!] });
    const refusal = await atAlice.frames.nextOfType("error", (frame) => frame.code === "forbidden");
    assert.match(refusal.message, /uploaded by someone else/, "no message can claim a preview's picture");
    const again = await sendAndPreview(atAlice, pageUrl("/pictured-again"), atBob);
    assert.equal(again.preview?.picture?.id, preview!.picture!.id, "the same picture is kept once, however many pages show it");
  });

  it("leaves the picture out when it is too big, not a picture shown inline, or at a private address", async () => {
    const { atAlice } = await room();
    for (const path of ["/pictured-big", "/pictured-svg", "/pictured-private"]) {
      const { preview } = await sendAndPreview(atAlice, pageUrl(path));
      assert.equal(preview?.title, "With a picture", path);
      assert.equal(preview?.picture, undefined, `no picture for ${path}`);
    }
    assert.deepEqual(forbidden.requests, [], "the private picture was never asked for");
  });

  it("refuses loopback, private and local addresses, and redirects to them, without asking them anything", async () => {
    const { atAlice } = await room();
    const port = forbidden.port;
    const refused = [
      `http://127.0.0.1:${port}/og`,
      `http://localhost:${port}/og`,
      `http://app.localhost:${port}/og`,
      `http://[::1]:${port}/og`,
      `http://[::ffff:127.0.0.1]:${port}/og`,
      `http://2130706433:${port}/og`,
      `http://10.0.0.1:${port}/og`,
      `http://192.168.1.1:${port}/og`,
      `http://169.254.169.254/latest/meta-data/`,
      `http://[fc00::1]:${port}/og`,
      `http://metadata.google.internal/`,
      pageUrl("/to-private"),
    ];
    const sent = await Promise.all(refused.map((url) => atAlice.say(`see ${url}`)));
    await sendAndPreview(atAlice, pageUrl("/barrier"));
    assert.deepEqual(forbidden.requests, [], "nothing reached the server that is not allowed");
    assert.equal(pages.count("/to-private"), 1, "the allowed page was asked, its redirect not followed");
    const previewed = previewedIds(atAlice);
    for (const [index, ack] of sent.entries()) assert.ok(!previewed.includes(ack.id), `no card for ${refused[index]}`);
  });

  it("fetches a link once: the next message with it gets the cached card", async () => {
    const { atAlice } = await room();
    const first = await sendAndPreview(atAlice, pageUrl("/cached"));
    const second = await sendAndPreview(atAlice, `again ${pageUrl("/cached")}`);
    assert.deepEqual(second.preview, first.preview);
    assert.equal(pages.count("/cached"), 1);
  });

  it("keeps the card through an edit that keeps the link, fetches anew when the link changes, drops it on delete", async () => {
    const { atAlice } = await room();
    const { id } = await sendAndPreview(atAlice, pageUrl("/first"));
    const edit = (text: string) => atAlice.expectDone({ type: "edit", ref: freshRef(), messageId: id, text });
    const isChange = (op: string) => (frame: ServerFrame) => frame.type === "event" && frame.event.kind === "change" && frame.event.op === op;

    await edit(`still ${pageUrl("/first")}`);
    const kept = await atAlice.frames.next(isChange("edited"), "the first edit");
    assert.equal(kept.type === "event" && kept.event.kind === "change" && kept.event.message.preview?.title, "First link");

    await edit(`now ${pageUrl("/second")}`);
    const changed = await atAlice.frames.next(isChange("edited"), "the second edit");
    assert.equal(changed.type === "event" && changed.event.kind === "change" && changed.event.message.preview, undefined, "the old card goes with its link");
    const again = await atAlice.frames.next(isPreviewed(id), "the new link's card");
    assert.equal(again.event.message.preview?.title, "Second link");

    await atAlice.expectDone({ type: "delete", ref: freshRef(), messageId: id });
    const deleted = await atAlice.frames.next(isChange("deleted"), "the deletion");
    assert.equal(deleted.type === "event" && deleted.event.kind === "change" && deleted.event.message.preview, undefined);
  });
});
