/**
 * Attachments against the real server (R2 emulated on disk by wrangler dev): members upload
 * over HTTP and download with safe headers; limits, types, tokens, origins and membership are
 * checked on every request and a refused upload stores nothing; a send may only name the
 * sender's own uploads to that very conversation.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import * as v from "valibot";
import { Attachment, LIMITS, type ErrorFrame } from "../../src/protocol/index.js";
import {
  TEST_VARS,
  epochSeconds,
  freshRef,
  freshUser,
  isMessageEvent,
  messageId,
  signToken,
  tokenFor,
  useTestServer,
  type ConversationClient,
  type User,
} from "../support/server-clients.js";
import { jpegOf, pngOf } from "../support/pictures.js";

const MAX_BYTES = 64 * 1024;
const ALLOWED_ORIGIN = "http://site.example";

/** Some bytes of a given length; the server never looks inside a file. */
const bytesOf = (length: number, fill = 0x61): Uint8Array<ArrayBuffer> => new Uint8Array(length).fill(fill);

describe("attachments", () => {
  const { server, clients } = useTestServer({ ...TEST_VARS, MAX_ATTACHMENT_BYTES: String(MAX_BYTES), ALLOWED_ORIGINS: ALLOWED_ORIGIN });
  const base = () => `http://${server().host}/attachments`;

  interface UploadOptions {
    type?: string;
    name?: string;
    width?: number;
    height?: number;
    token?: string;
    origin?: string;
  }

  async function post(user: User, conversationId: string, body: Uint8Array<ArrayBuffer> | string, options: UploadOptions = {}): Promise<Response> {
    const query = new URLSearchParams();
    for (const key of ["name", "width", "height"] as const) if (options[key] !== undefined) query.set(key, String(options[key]));
    const headers: Record<string, string> = { authorization: `Bearer ${options.token ?? (await tokenFor(user))}` };
    if (options.type !== undefined) headers["content-type"] = options.type;
    if (options.origin) headers.origin = options.origin;
    return fetch(`${base()}/${conversationId}?${query}`, { method: "POST", headers, body });
  }

  /** Uploads and returns the attachment, failing the test unless the server stored it. */
  async function upload(user: User, conversationId: string, body: Uint8Array<ArrayBuffer> | string, options: UploadOptions = {}): Promise<Attachment> {
    const response = await post(user, conversationId, body, { type: "text/plain", name: "notes.txt", ...options });
    assert.equal(response.status, 201, await response.clone().text());
    return v.parse(Attachment, await response.json());
  }

  async function get(user: User, conversationId: string, attachmentId: string, token?: string): Promise<Response> {
    return fetch(`${base()}/${conversationId}/${attachmentId}`, { headers: { authorization: `Bearer ${token ?? (await tokenFor(user))}` } });
  }

  /** The files the emulated bucket holds on disk. */
  async function storedFiles(): Promise<number> {
    const blobs = join(server().persistTo, "v3", "r2", "confab-attachments", "blobs");
    return (await readdir(blobs).catch(() => [])).length;
  }

  /** Sends a message naming `attachments` and resolves with the server's answer to it. */
  async function sendWith(client: ConversationClient, attachments: Attachment[], text = "") {
    const id = messageId();
    client.send({ type: "send", id, text, attachments });
    return client.frames.next((frame) => (frame.type === "ack" || frame.type === "error") && (frame.type === "ack" ? frame.id : frame.ref) === id, "answer to the send");
  }

  function assertRefused(answer: { type: string }, code: ErrorFrame["code"], message: RegExp): void {
    assert.equal(answer.type, "error", `expected ${code}, got ${JSON.stringify(answer)}`);
    assert.equal((answer as ErrorFrame).code, code);
    assert.match((answer as ErrorFrame).message, message);
  }

  it("stores a member's upload and returns it as an attachment, with an image's measured size", async () => {
    const [alice, bob] = [freshUser("alice"), freshUser("bob")];
    const id = await clients.group(alice, [bob]);
    const png = pngOf(640, 480);
    // The size the client claims is not taken: the picture's own header says 640×480.
    const attachment = await upload(alice, id, png, { type: "image/png", name: "holiday photo.png", width: 1, height: 1 });
    assert.match(attachment.id, /^[0-9a-f-]{36}$/);
    assert.deepEqual({ ...attachment, id: "" }, { id: "", name: "holiday photo.png", size: png.length, type: "image/png", width: 640, height: 480 });

    const pdf = await upload(alice, id, bytesOf(10), { type: "application/pdf", name: "../../etc/pass\u0000wd.pdf", width: 5, height: 5 });
    assert.equal(pdf.name, ".._.._etc_passwd.pdf", "path separators are replaced and control characters dropped");
    assert.equal(pdf.width, undefined, "only images keep a size in pixels");
  });

  it("serves a download to members only, with its type, nosniff, a sandboxing CSP, and inline only for images", async () => {
    const [alice, bob] = [freshUser("alice"), freshUser("bob")];
    const id = await clients.group(alice, [bob]);
    const image = await upload(alice, id, pngOf(1, 1), { type: "image/png", name: "dot.png" });
    const response = await get(bob, id, image.id);
    assert.equal(response.status, 200);
    assert.deepEqual(new Uint8Array(await response.arrayBuffer()), pngOf(1, 1));
    assert.equal(response.headers.get("content-type"), "image/png");
    assert.equal(response.headers.get("x-content-type-options"), "nosniff");
    assert.match(response.headers.get("content-security-policy") ?? "", /default-src 'none'.*sandbox/);
    assert.match(response.headers.get("cache-control") ?? "", /no-store/);
    assert.equal(response.headers.get("content-disposition"), `inline; filename="dot.png"; filename*=UTF-8''dot.png`);

    for (const [type, name] of [["application/pdf", "Résumé \"final\".pdf"], ["text/plain", "notes.txt"]] as const) {
      const file = await upload(alice, id, "hello", { type, name });
      const served = await get(bob, id, file.id);
      assert.equal(served.status, 200);
      assert.equal(served.headers.get("content-type"), type);
      assert.equal(
        served.headers.get("content-disposition"),
        `attachment; filename="${name.replace(/[^\x20-\x7e]|"/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      );
      assert.equal(served.headers.get("x-content-type-options"), "nosniff");
      assert.equal(await served.text(), "hello");
    }
    assert.equal((await get(alice, id, "00000000-0000-4000-8000-000000000000")).status, 404);
  });

  it("refuses a picture that is a pixel bomb or no picture at all with 415, stores nothing, and takes a good one", async () => {
    const [alice, bob] = [freshUser("alice"), freshUser("bob")];
    const id = await clients.group(alice, [bob]);
    const before = await storedFiles();
    const bomb = await post(alice, id, pngOf(8000, 8000), { type: "image/png", name: "bomb.png", width: 1, height: 1 });
    assert.equal(bomb.status, 415);
    assert.match(await bomb.text(), /8000×8000 pixels; pictures may have at most 40,000,000/);
    const fake = await post(alice, id, bytesOf(500), { type: "image/jpeg", name: "fake.jpg" });
    assert.equal(fake.status, 415);
    assert.match(await fake.text(), /not a readable image\/jpeg picture/);
    assert.equal(await storedFiles(), before);
    const good = await upload(bob, id, pngOf(1200, 800), { type: "image/png", name: "fine.png" });
    assert.deepEqual([good.width, good.height], [1200, 800]);
  });

  it(`refuses a file over MAX_ATTACHMENT_BYTES with 413 and a message, and stores nothing`, async () => {
    const [alice, bob] = [freshUser("alice"), freshUser("bob")];
    const id = await clients.group(alice, [bob]);
    await upload(alice, id, bytesOf(MAX_BYTES), { name: "just-fits.txt" });
    const before = await storedFiles();
    for (const size of [MAX_BYTES + 1, 11 * 1024 * 1024]) {
      const response = await post(alice, id, bytesOf(size), { type: "text/plain", name: "big.txt" });
      assert.equal(response.status, 413);
      assert.match(await response.text(), /files may be at most 64 KB here/);
    }
    const empty = await post(alice, id, "", { type: "text/plain" });
    assert.equal(empty.status, 400);
    assert.equal(await storedFiles(), before);
  });

  it("refuses types outside the allowed list (SVG, HTML, scripts, none at all) with 415, and stores nothing", async () => {
    const [alice, bob] = [freshUser("alice"), freshUser("bob")];
    const id = await clients.group(alice, [bob]);
    const before = await storedFiles();
    for (const type of ["image/svg+xml", "text/html", "text/html; charset=utf-8", "application/javascript", "application/x-msdownload", ""]) {
      const response = await post(alice, id, "<svg onload=alert(1)>", { type, name: "x.svg" });
      assert.equal(response.status, 415, `type ${JSON.stringify(type)}`);
      assert.match(await response.text(), type ? /files of type .+ are not allowed here/ : /no type/);
    }
    assert.equal(await storedFiles(), before);
    // Parameters and case do not matter for an allowed type.
    assert.equal((await upload(alice, id, "ok", { type: "Text/Plain; charset=utf-8" })).type, "text/plain");
  });

  it("refuses uploads and downloads by non-members with 403, and stores nothing", async () => {
    const [alice, bob, mallory] = [freshUser("alice"), freshUser("bob"), freshUser("mallory")];
    const id = await clients.group(alice, [bob]);
    const secret = await upload(alice, id, "secret");
    const before = await storedFiles();
    const uploaded = await post(mallory, id, "spam", { type: "text/plain" });
    assert.equal(uploaded.status, 403);
    assert.match(await uploaded.text(), /not a member/);
    assert.equal((await post(mallory, "no-such-conversation", "spam", { type: "text/plain" })).status, 403);
    assert.equal(await storedFiles(), before);

    const downloaded = await get(mallory, id, secret.id);
    assert.equal(downloaded.status, 403);
    assert.doesNotMatch(await downloaded.text(), /secret/);
  });

  it("refuses downloads to a member as soon as they are removed", async () => {
    const [alice, bob, carol] = [freshUser("alice"), freshUser("bob"), freshUser("carol")];
    const id = await clients.group(alice, [bob, carol]);
    const file = await upload(alice, id, "minutes");
    assert.equal((await get(carol, id, file.id)).status, 200);
    const atAlice = await clients.enter(id, alice);
    assert.equal((await atAlice.client.request({ type: "kick", ref: freshRef(), userId: carol.userId })).type, "done");
    assert.equal((await get(carol, id, file.id)).status, 403);
    assert.equal((await post(carol, id, "again", { type: "text/plain" })).status, 403);
    assert.equal((await get(bob, id, file.id)).status, 200, "the others still may");
  });

  it("refuses a missing, forged or expired token with 401 and the reason", async () => {
    const [alice, bob] = [freshUser("alice"), freshUser("bob")];
    const id = await clients.group(alice, [bob]);
    const file = await upload(alice, id, "hello");
    const before = await storedFiles();
    const badTokens: [string, string, RegExp][] = [
      ["missing", "", /missing token/],
      ["forged", await signToken({ sub: bob.userId, exp: epochSeconds(3600) }, new TextEncoder().encode("not-the-secret")), /signature/],
      ["expired", await signToken({ sub: bob.userId, exp: epochSeconds(-60) }), /expired/],
    ];
    for (const [what, token, reason] of badTokens) {
      const headers = token ? { authorization: `Bearer ${token}` } : undefined;
      const download = await fetch(`${base()}/${id}/${file.id}`, { headers });
      assert.equal(download.status, 401, `download with a ${what} token`);
      assert.match(await download.text(), reason);
      const uploaded = await fetch(`${base()}/${id}?name=x.txt`, { method: "POST", headers: { ...headers, "content-type": "text/plain" }, body: "x" });
      assert.equal(uploaded.status, 401, `upload with a ${what} token`);
    }
    assert.equal(await storedFiles(), before);
  });

  it("refuses a token in the URL (?token=) with 401, and serves the same member with the header", async () => {
    const [alice, bob] = [freshUser("alice"), freshUser("bob")];
    const id = await clients.group(alice, [bob]);
    const file = await upload(alice, id, "hello");
    const before = await storedFiles();
    const token = await tokenFor(bob);
    const download = await fetch(`${base()}/${id}/${file.id}?token=${token}`);
    assert.equal(download.status, 401);
    assert.match(await download.text(), /Authorization: Bearer/);
    const uploaded = await fetch(`${base()}/${id}?name=x.txt&token=${token}`, { method: "POST", headers: { "content-type": "text/plain" }, body: "x" });
    assert.equal(uploaded.status, 401);
    assert.equal(await storedFiles(), before);
    assert.equal((await get(bob, id, file.id)).status, 200);
  });

  it("checks the page's origin like the sockets do, and lets allowed pages read refusals (CORS)", async () => {
    const [alice, bob] = [freshUser("alice"), freshUser("bob")];
    const id = await clients.group(alice, [bob]);
    const refused = await post(alice, id, "x", { type: "text/plain", origin: "http://evil.example" });
    assert.equal(refused.status, 403);
    const tooBig = await post(alice, id, bytesOf(MAX_BYTES + 1), { type: "text/plain", origin: ALLOWED_ORIGIN });
    assert.equal(tooBig.status, 413);
    assert.equal(tooBig.headers.get("access-control-allow-origin"), ALLOWED_ORIGIN);
    const preflight = await fetch(`${base()}/${id}`, { method: "OPTIONS", headers: { origin: ALLOWED_ORIGIN } });
    assert.equal(preflight.status, 204);
    assert.match(preflight.headers.get("access-control-allow-headers") ?? "", /authorization/);
  });

  it("delivers a message whose attachments the sender uploaded here, empty text allowed, with what R2 holds", async () => {
    const [alice, bob] = [freshUser("alice"), freshUser("bob")];
    const id = await clients.group(alice, [bob]);
    const photo = await upload(alice, id, jpegOf(300, 200), { type: "image/jpeg", name: "cat.jpg" });
    const notes = await upload(alice, id, "notes");
    const atAlice = await clients.enter(id, alice);
    const atBob = await clients.enter(id, bob);
    const bobInbox = await clients.inbox(bob);

    // Whatever the client claims about a file, the stored message says what was uploaded.
    const answer = await sendWith(atAlice.client, [{ ...photo, name: "dog.exe", size: 1, type: "text/html" }, notes]);
    assert.equal(answer.type, "ack");
    const received = await atBob.client.frames.next(isMessageEvent(), "the message at bob");
    assert.equal(received.event.message.text, "");
    assert.deepEqual(received.event.message.attachments, [photo, notes]);
    assert.equal((await bobInbox.summary(id, (summary) => summary.lastMessage !== undefined)).lastMessage?.text, "cat.jpg and 1 more file");
    const { welcome } = await clients.enter(id, bob);
    const stored = welcome.events.flatMap((event) => (event.kind === "message" ? [event.message] : []));
    assert.deepEqual(stored.at(-1)?.attachments, [photo, notes]);
  });

  it("refuses a send naming another conversation's, someone else's, a never-uploaded or a repeated attachment", async () => {
    const [alice, bob] = [freshUser("alice"), freshUser("bob")];
    const id = await clients.group(alice, [bob]);
    const elsewhere = await clients.group(alice, [bob]);
    const fromElsewhere = await upload(alice, elsewhere, "other room");
    const bobs = await upload(bob, id, "bob's file");
    const mine = await upload(alice, id, "mine");
    const never: Attachment = { id: "00000000-0000-4000-8000-00000000abcd", name: "ghost.txt", size: 5, type: "text/plain" };
    const atAlice = await clients.enter(id, alice);
    const atBob = await clients.enter(id, bob);

    assertRefused(await sendWith(atAlice.client, [fromElsewhere], "look"), "not_found", /not uploaded to this conversation/);
    assertRefused(await sendWith(atAlice.client, [never]), "not_found", /ghost\.txt .*not uploaded to this conversation/);
    assertRefused(await sendWith(atAlice.client, [mine, bobs]), "forbidden", /uploaded by someone else/);
    assertRefused(await sendWith(atAlice.client, [mine, mine]), "bad_frame", /once/);
    const tooMany = Array.from({ length: LIMITS.attachmentsPerMessage + 1 }, () => mine);
    assertRefused(await sendWith(atAlice.client, tooMany), "bad_frame", /at most 10 attachments/);
    assertRefused(await sendWith(atAlice.client, []), "bad_frame", /must not be empty/);

    await atBob.client.frames.expectNone((frame) => frame.type === "event", 200, "event");
    assert.equal((await atAlice.client.hello()).lastSeq, atAlice.welcome.lastSeq, "nothing was logged");
    assert.equal((await sendWith(atBob.client, [bobs], "mine to send")).type, "ack");
  });
});
