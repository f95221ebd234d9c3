/**
 * Link previews of one conversation, made one at a time in the order messages came: a burst of
 * links costs one outgoing fetch at a time, and a repeated link finds the first one's card in
 * the cache. The card comes as a `previewed` change, like an edit, so live sockets, replays and
 * pages all get it.
 */
import { LIMITS, attachPreview, firstLink, type LinkPreview, type Member, type StoredMessage } from "../../protocol/index.js";
import { storePreviewPicture } from "../attachments.js";
import { fetchLinkPreview, fetchPreviewPicture, previewSettingsOf } from "../link-preview.js";
import type { ChatRoom } from "./chat-room.js";
import { cachePreview, cachedPreview, findMessage } from "./events-sql.js";

/**
 * Most link previews waiting in one conversation. Each may take a few seconds (a page, then its
 * picture); links sent faster than that, past this many, get no card rather than a queue that
 * keeps the object fetching long after.
 */
const MAX_QUEUED_PREVIEWS = 20;
/** Link previews are attached by the conversation itself (actorId ""). */
const PREVIEWER: Member = { userId: "", name: "", role: "member", lastReadSeq: 0, joinedAt: 0 };

export class PreviewQueue {
  /** LINK_PREVIEWS and PREVIEW_ALLOW_HOSTS (src/server/link-preview.ts). */
  private readonly settings: ReturnType<typeof previewSettingsOf>;
  #tail: Promise<void> = Promise.resolve();
  /** Previews queued and not yet made: past MAX_QUEUED_PREVIEWS, a message's link gets no card. */
  #queued = 0;

  constructor(private readonly room: ChatRoom) {
    this.settings = previewSettingsOf(room.env);
  }

  /**
   * Queues the preview of `message`'s first link, unless it shows that card already: after the
   * message is stored, acked and broadcast, so fetching delays nothing.
   */
  queue(message: StoredMessage): void {
    if (!this.settings.enabled) return;
    const url = firstLink(message.text);
    if (!url || url.length > LIMITS.previewUrlLength || message.preview?.url === url) return;
    if (this.#queued >= MAX_QUEUED_PREVIEWS) return;
    this.#queued++;
    this.#tail = this.#tail
      .then(async () => {
        const preview = await this.previewOf(url, message.id);
        if (preview) this.room.changeMessage(PREVIEWER, message.id, "previewed", (current) => attachPreview(current, preview));
      })
      // One failed preview must not stop the ones queued after it.
      .catch((error) => console.error(`conversation ${this.room.name}: link preview failed`, error))
      .finally(() => this.#queued--);
    this.room.ctx.waitUntil(this.#tail);
  }

  /**
   * The card of `url`, from this conversation's cache or fetched (and cached, even when there is
   * none), unless the message `messageId` that links it was deleted while fetching.
   */
  private async previewOf(url: string, messageId: string): Promise<LinkPreview | undefined> {
    const { db } = this.room;
    const cached = cachedPreview(db, url, Date.now());
    if (cached) return cached.preview;
    const preview = await this.withPicture(await fetchLinkPreview(url, this.settings));
    if (findMessage(db, messageId)?.deletedAt) return undefined;
    cachePreview(db, url, preview, Date.now());
    return preview;
  }

  /** `preview` with its page's picture kept in R2 as `picture`, when the picture could be had. */
  private async withPicture(preview: LinkPreview | undefined): Promise<LinkPreview | undefined> {
    if (!preview?.image) return preview;
    const picture = await fetchPreviewPicture(preview.image, this.settings);
    if (!picture) return preview;
    const stored = await storePreviewPicture(this.room.env, this.room.name, preview.image, picture.bytes, picture.type);
    return stored ? { ...preview, picture: stored } : preview;
  }
}
