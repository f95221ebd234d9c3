/**
 * Link previews, fetched by the server so the reader's browser never asks the linked site
 * anything: the page of a message's first link is fetched from the Durable Object with a
 * timeout, a size cap, HTML only, redirects followed by hand and each hop checked
 * (src/server/preview-address.ts), and read with HTMLRewriter for its Open Graph title,
 * description, picture and site name, or else its <title> and meta description. The page's
 * picture is fetched the same careful way (pictures only, at most MAX_PICTURE_BYTES), for the
 * Conversation to keep in R2 and serve to members like an attachment.
 */
import { LIMITS, clip, isInlineImage, plainLabel, type LinkPreview } from "../protocol/index.js";
import { previewRefusal } from "./preview-address.js";

/** The whole fetch, every redirect and the body included. */
const TIMEOUT_MS = 3_000;
/** Most of a page read: the head is near its start, and the rest is never needed. */
const MAX_PAGE_BYTES = 256 * 1024;
/** A card's picture is a thumbnail: a bigger one is left out rather than cut. */
const MAX_PICTURE_BYTES = 1024 * 1024;
const MAX_REDIRECTS = 3;

export interface PreviewSettings {
  /** LINK_PREVIEWS=off turns them off. */
  enabled: boolean;
  /** PREVIEW_ALLOW_HOSTS: `host:port`s fetched even though private (tests' local pages only). */
  allowHosts: ReadonlySet<string>;
}

export function previewSettingsOf(env: Cloudflare.Env): PreviewSettings {
  const allowHosts = (env.PREVIEW_ALLOW_HOSTS ?? "").split(",").map((host) => host.trim().toLowerCase()).filter(Boolean);
  return { enabled: env.LINK_PREVIEWS?.toLowerCase() !== "off", allowHosts: new Set(allowHosts) };
}

/** The preview of the page at `url`, or undefined when it cannot or must not be made. Never throws. */
export async function fetchLinkPreview(url: string, settings: PreviewSettings): Promise<LinkPreview | undefined> {
  const signal = AbortSignal.timeout(TIMEOUT_MS);
  try {
    const page = await fetchChecked(url, settings, signal, "text/html", (type) => /^text\/html\b/i.test(type));
    if (!page) return undefined;
    const { bytes } = await readCapped(page.body, signal, MAX_PAGE_BYTES);
    return await previewOf(url, bytes, page.headers.get("content-type")!);
  } catch (error) {
    console.warn(`link preview of ${url} failed:`, error instanceof Error ? error.message : error);
    return undefined;
  }
}

export interface PreviewPicture {
  bytes: Uint8Array;
  type: string;
}

/** The picture at `url` when it is one the widget shows inline and small enough, else undefined. Never throws. */
export async function fetchPreviewPicture(url: string, settings: PreviewSettings): Promise<PreviewPicture | undefined> {
  const signal = AbortSignal.timeout(TIMEOUT_MS);
  try {
    const response = await fetchChecked(url, settings, signal, "image/*", (type) => isInlineImage(pictureType(type)));
    if (!response) return undefined;
    const { bytes, cut } = await readCapped(response.body, signal, MAX_PICTURE_BYTES);
    return cut ? undefined : { bytes, type: pictureType(response.headers.get("content-type")!) };
  } catch (error) {
    console.warn(`link preview picture ${url} failed:`, error instanceof Error ? error.message : error);
    return undefined;
  }
}

const pictureType = (contentType: string) => contentType.split(";")[0]!.trim().toLowerCase();

/**
 * The response for `url` after at most MAX_REDIRECTS checked hops, when it succeeded with a
 * content type `acceptable` allows; else undefined.
 */
async function fetchChecked(
  url: string,
  settings: PreviewSettings,
  signal: AbortSignal,
  accept: string,
  acceptable: (contentType: string) => boolean,
): Promise<Response | undefined> {
  let target = new URL(url);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const refusal = previewRefusal(target, settings.allowHosts);
    if (refusal) {
      console.warn(`link preview of ${target.href} refused: ${refusal}`);
      return undefined;
    }
    const response = await fetch(target, {
      redirect: "manual",
      signal,
      headers: { accept, "user-agent": "ConfabLinkPreview/1.0" },
    });
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      target = new URL(location, target);
      continue;
    }
    if (response.ok && acceptable(response.headers.get("content-type") ?? "") && response.body) return response;
    await response.body?.cancel();
    return undefined;
  }
  return undefined;
}

/** At most `maxBytes` of `body`, and whether there was more; the rest is never downloaded. */
async function readCapped(body: ReadableStream<Uint8Array> | null, signal: AbortSignal, maxBytes: number): Promise<{ bytes: Uint8Array; cut: boolean }> {
  const reader = body!.getReader();
  signal.throwIfAborted();
  const aborted = new Promise<never>((_, reject) => {
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
  // Only raced against reads: the timeout still fires after a page was read in time.
  aborted.catch(() => {});
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    // One byte past the cap tells a body that is exactly maxBytes from a longer one.
    while (length <= maxBytes) {
      const { done, value } = await Promise.race([reader.read(), aborted]);
      if (done) break;
      chunks.push(value);
      length += value.byteLength;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(Math.min(length, maxBytes));
  let at = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.length - at);
    bytes.set(part, at);
    at += part.length;
  }
  return { bytes, cut: length > maxBytes };
}

/** Reads the page's tags with HTMLRewriter: Open Graph first, then <title> and meta description. */
async function previewOf(url: string, head: Uint8Array, contentType: string): Promise<LinkPreview | undefined> {
  const meta = new Map<string, string>();
  let title = "";
  await new HTMLRewriter()
    .on("meta", {
      element(element) {
        const key = (element.getAttribute("property") ?? element.getAttribute("name"))?.toLowerCase();
        const content = element.getAttribute("content");
        if (key && content !== null && !meta.has(key)) meta.set(key, decodeEntities(content));
      },
    })
    .on("title", {
      text(chunk) {
        title += chunk.text;
      },
    })
    .transform(new Response(head, { headers: { "content-type": contentType } }))
    .arrayBuffer();
  const preview: LinkPreview = {
    url,
    title: clean(meta.get("og:title") ?? decodeEntities(title), LIMITS.previewTitleLength),
    description: clean(meta.get("og:description") ?? meta.get("description"), LIMITS.previewDescriptionLength),
    image: absoluteImage(meta.get("og:image")),
    siteName: clean(meta.get("og:site_name"), LIMITS.previewSiteNameLength),
  };
  if (!preview.title && !preview.description) return undefined;
  return Object.fromEntries(Object.entries(preview).filter(([, value]) => value)) as LinkPreview;
}

/** Text as a plain label (control and direction-changing characters would garble the card or spoof its text), cut to `length` with an ellipsis; undefined when empty. */
function clean(text: string | undefined, length: number): string | undefined {
  const plain = text && plainLabel(text);
  if (!plain) return undefined;
  return plain.length > length ? `${clip(plain, length - 1)}…` : plain;
}

/** The picture's URL when it is an absolute http(s) one. */
function absoluteImage(image: string | undefined): string | undefined {
  const written = image?.trim();
  if (!written || !/^https?:\/\//i.test(written)) return undefined;
  try {
    const { href } = new URL(written);
    return href.length <= LIMITS.previewUrlLength ? href : undefined;
  } catch {
    return undefined;
  }
}

/** HTMLRewriter hands text and attribute values over as written, character references and all. */
function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name[0] !== "#") return named[name.toLowerCase()] ?? entity;
    const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
}
