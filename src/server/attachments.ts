/**
 * Attachments: files a member uploads to a conversation over HTTP, kept in R2 under
 * `${conversationId}/${attachmentId}` with the uploader in customMetadata, referenced from
 * messages by id, and served back to members only (checked on every request) with headers
 * that keep a file from ever running as a page on this origin.
 *
 *   POST /attachments/:conversationId?name=   body: the file; Content-Type: its type
 *   GET  /attachments/:conversationId/:attachmentId
 *
 * Both take the same token as the sockets (Authorization: Bearer). See README "Attachments".
 */
import { CONVERSATION_ID_PATTERN, LIMITS, asUuid, clippedLabel, isInlineImage, toHex, failure, type Attachment, type Failure } from "../protocol/index.js";
import { AuthError } from "./auth.js";
import { resolveIdentity } from "./identity.js";
import { serverLimits } from "./limits.js";
import { corsHeaders } from "./origins.js";
import { pictureSize } from "./picture-size.js";
import { conversationOf } from "./stubs.js";

const ATTACHMENT_PATH = /^\/attachments\/([^/]+)(?:\/([^/]+))?$/;
const ATTACHMENT_ID_PATTERN = /^[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}$/;

/** What the served bytes may do if opened as a page: nothing (no script, no subresources, sandboxed). */
const DOWNLOAD_CSP = "default-src 'none'; sandbox";

export const attachmentKey = (conversationId: string, attachmentId: string) => `${conversationId}/${attachmentId}`;

/** A refusal the widget can read: the status, the reason as text, and CORS headers. */
const refusal = (status: number, reason: string, cors: Record<string, string>) => new Response(reason, { status, headers: cors });

/** `1.5 MB`, `820 KB`: for messages people read. */
function describeBytes(bytes: number): string {
  const megabytes = bytes / (1024 * 1024);
  return megabytes >= 1 ? `${+megabytes.toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

function typeAllowed(type: string, allowed: string[]): boolean {
  return allowed.some((entry) => entry === type || (entry.endsWith("/*") && type.startsWith(entry.slice(0, -1))));
}

/** A file name safe to store and to echo in a header: a plain label without path separators. */
function cleanName(raw: string | null): string {
  const name = clippedLabel((raw ?? "").replace(/[/\\]/g, "_"), LIMITS.attachmentNameLength);
  return name || "file";
}

/** An image's width or height as the uploader measured it: a hint for layout, not trusted for more. */
function pixels(raw: string | null): number | undefined {
  const value = Number(raw);
  return Number.isInteger(value) && value >= 1 && value <= 65535 ? value : undefined;
}

/** The attachment an R2 object holds. */
function attachmentOf(object: R2Object, id: string): Attachment {
  const meta = object.customMetadata ?? {};
  const attachment: Attachment = { id, name: meta.name ?? "file", size: object.size, type: object.httpMetadata?.contentType ?? "" };
  const width = pixels(meta.width ?? null);
  const height = pixels(meta.height ?? null);
  if (width && height) Object.assign(attachment, { width, height });
  return attachment;
}

/** The attachments HTTP API; every answer carries CORS headers so the widget can read refusals. */
export async function handleAttachmentRequest(request: Request, env: Cloudflare.Env): Promise<Response> {
  const cors = corsHeaders(request);
  const fail = (status: number, reason: string) => refusal(status, reason, cors);
  const [, conversationId = "", attachmentId] = new URL(request.url).pathname.match(ATTACHMENT_PATH) ?? [];
  if (!CONVERSATION_ID_PATTERN.test(conversationId) || (attachmentId !== undefined && !ATTACHMENT_ID_PATTERN.test(attachmentId))) {
    return fail(404, "expected POST /attachments/:conversationId or GET /attachments/:conversationId/:attachmentId");
  }
  const method = attachmentId ? "GET" : "POST";
  if (request.method !== method) return fail(405, `use ${method} here`);
  let userId: string;
  try {
    userId = (await resolveIdentity(request, env)).userId;
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    return fail(401, error.message);
  }
  if (attachmentId) {
    // Membership is asked for every download: someone removed from the conversation loses its files at once.
    if (!(await conversationOf(env, conversationId).isMember(userId))) return fail(403, "not a member of this conversation");
    return download(env, conversationId, attachmentId, cors);
  }
  return upload(request, env, conversationId, userId, cors);
}

async function upload(
  request: Request,
  env: Cloudflare.Env,
  conversationId: string,
  userId: string,
  cors: Record<string, string>,
): Promise<Response> {
  const fail = (status: number, reason: string) => refusal(status, reason, cors);
  const limits = serverLimits(env);
  // Type and size are judged from the headers, before a byte of the body is read or stored.
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!type) return fail(415, "the file has no type (Content-Type); files of unknown type are not allowed here");
  if (!typeAllowed(type, limits.attachmentTypes)) return fail(415, `files of type ${type} are not allowed here`);
  const size = Number(request.headers.get("content-length"));
  if (!request.headers.has("content-length") || !Number.isInteger(size)) return fail(411, "send the file with a Content-Length");
  if (size > limits.attachmentBytes) {
    return fail(413, `the file is ${describeBytes(size)}; files may be at most ${describeBytes(limits.attachmentBytes)} here`);
  }
  if (size === 0 || !request.body) return fail(400, "the file is empty");
  if (!(await conversationOf(env, conversationId).isMember(userId))) return fail(403, "not a member of this conversation");

  const url = new URL(request.url);
  const id = crypto.randomUUID();
  const uploader = env.Inbox.get(env.Inbox.idFromName(userId));
  const reserved = await uploader.reserveUpload(conversationId, id, size);
  if (!reserved.ok) return fail(429, reserved.message);
  const customMetadata: Record<string, string> = { uploader: userId, name: cleanName(url.searchParams.get("name")) };
  const refuse = async (status: number, reason: string) => {
    await uploader.releaseUploads(conversationId, [id]);
    return fail(status, reason);
  };
  try {
    let body: ReadableStream | Uint8Array = request.body;
    if (isInlineImage(type)) {
      // A picture shown inline is read whole (at most attachmentBytes) to measure it from its own bytes.
      const bytes = new Uint8Array(await request.arrayBuffer());
      const measured = pictureSize(bytes, type, limits.picturePixels);
      if (!measured.ok) return await refuse(415, measured.reason);
      Object.assign(customMetadata, { width: String(measured.width), height: String(measured.height) });
      body = bytes;
    }
    const stored = await env.Attachments.put(attachmentKey(conversationId, id), body, { httpMetadata: { contentType: type }, customMetadata });
    return Response.json(attachmentOf(stored, id), { status: 201, headers: cors });
  } catch {
    // The body ended before its Content-Length (a cancelled upload): R2 keeps nothing.
    return refuse(400, "the file did not arrive whole; try again");
  }
}

async function download(env: Cloudflare.Env, conversationId: string, attachmentId: string, cors: Record<string, string>): Promise<Response> {
  const object = await env.Attachments.get(attachmentKey(conversationId, attachmentId));
  if (!object) return refusal(404, "no such attachment in this conversation", cors);
  const { name, type } = attachmentOf(object, attachmentId);
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return new Response(object.body, {
    headers: {
      ...cors,
      "content-type": type || "application/octet-stream",
      "content-length": String(object.size),
      "content-disposition": `${isInlineImage(type) ? "inline" : "attachment"}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      "x-content-type-options": "nosniff",
      "content-security-policy": DOWNLOAD_CSP,
      "cross-origin-resource-policy": "same-origin",
      "cache-control": "private, no-store",
    },
  });
}

export type AttachmentCheck = { ok: true; attachments: Attachment[] } | Failure;

/**
 * The attachments a send names, as stored: each must have been uploaded to this conversation
 * by the sender. What the client claimed about them (name, size, type) is replaced by what R2
 * holds.
 */
export async function checkAttachments(
  env: Cloudflare.Env,
  conversationId: string,
  senderId: string,
  claimed: Attachment[],
): Promise<AttachmentCheck> {
  const ids = claimed.map((attachment) => attachment.id);
  if (new Set(ids).size !== ids.length) return failure("bad_frame", "each attachment may be named once per message");
  const objects = await Promise.all(ids.map((id) => env.Attachments.head(attachmentKey(conversationId, id))));
  const attachments: Attachment[] = [];
  for (const [index, object] of objects.entries()) {
    const { id, name } = claimed[index]!;
    if (!object) {
      return failure("not_found", `attachment ${name} (${id}) was not uploaded to this conversation; upload it here first`);
    }
    if (object.customMetadata?.uploader !== senderId) {
      return failure("forbidden", `attachment ${name} (${id}) was uploaded by someone else; upload your own copy`);
    }
    attachments.push(attachmentOf(object, id));
  }
  return { ok: true, attachments };
}

/**
 * Keeps a link preview's picture as a file of the conversation, so members' widgets load it
 * from here like any attachment, never from the linked site. Its uploader is nobody, so no
 * message can name it as an attachment. Its id comes from the picture's address, so fetching
 * the same picture again (another message, or after the cache expired) replaces one file
 * rather than adding another; messages share it, so deleting one leaves it.
 */
export async function storePreviewPicture(
  env: Cloudflare.Env,
  conversationId: string,
  pictureUrl: string,
  bytes: Uint8Array,
  type: string,
): Promise<Attachment | undefined> {
  // Measured like an upload: a page's picture can be a pixel bomb too.
  const measured = pictureSize(bytes, type, serverLimits(env).picturePixels);
  if (!measured.ok) return undefined;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(pictureUrl)));
  const id = asUuid(toHex(digest.subarray(0, 16)));
  const stored = await env.Attachments.put(attachmentKey(conversationId, id), bytes, {
    httpMetadata: { contentType: type },
    customMetadata: { uploader: "", name: "preview", width: String(measured.width), height: String(measured.height) },
  });
  return attachmentOf(stored, id);
}

/** Deletes a deleted message's files from R2. */
export async function deleteAttachments(env: Cloudflare.Env, conversationId: string, attachments: Attachment[]): Promise<void> {
  await env.Attachments.delete(attachments.map((attachment) => attachmentKey(conversationId, attachment.id)));
}

/** Deletes every file uploaded to a deleted conversation. */
export async function deleteConversationAttachments(env: Cloudflare.Env, conversationId: string): Promise<void> {
  let cursor: string | undefined;
  do {
    const listing = await env.Attachments.list({ prefix: `${conversationId}/`, cursor });
    if (listing.objects.length > 0) await env.Attachments.delete(listing.objects.map((object) => object.key));
    cursor = listing.truncated ? listing.cursor : undefined;
  } while (cursor);
}

/** What a conversation list shows for a message without text: its files. */
export function attachmentsPreview(attachments: Attachment[] | undefined): string {
  const [first, ...others] = attachments ?? [];
  if (!first) return "";
  return others.length === 0 ? first.name : `${first.name} and ${others.length} more ${others.length === 1 ? "file" : "files"}`;
}
