/**
 * A message's attachments. Pictures show inline, their box sized from the width and height
 * measured at upload, so the list does not jump when they load; any other file (or a picture
 * that would not load) is a download link with its name, size and kind. The bytes come from
 * the conversation's `attachmentUrl`, which fetches them with the user's token.
 */
import { html, nothing, type ReactiveControllerHost } from "lit";
import { isInlineImage } from "../../protocol/attachment-types.js";
import type { Attachment } from "../../store/index.js";
import { formatBytes } from "../format.js";
import type { Strings } from "../strings.js";

export type AttachmentLoader = (attachment: Attachment) => Promise<string>;

/** An element's attachment URLs as they arrive, re-rendering it each time. */
export class AttachmentUrls {
  /** By attachment id: "" while loading, null when it could not be had. */
  readonly #urls = new Map<string, string | null>();

  constructor(private readonly host: ReactiveControllerHost) {}

  /** The URL so far; given `load`, fetches it the first time. */
  peek(attachment: Attachment, load?: AttachmentLoader | null): string | null {
    const { id } = attachment;
    if (load && !this.#urls.has(id)) void this.fetch(attachment, load);
    return this.#urls.has(id) ? this.#urls.get(id)! : "";
  }

  async fetch(attachment: Attachment, load: AttachmentLoader): Promise<string | null> {
    this.#urls.set(attachment.id, this.#urls.get(attachment.id) ?? "");
    const url = await load(attachment).catch(() => null);
    this.#urls.set(attachment.id, url);
    this.host.requestUpdate();
    return url;
  }
}

/** Saves the file a link names, fetching it first. */
async function download(event: Event, attachment: Attachment, urls: AttachmentUrls, load: AttachmentLoader | null) {
  event.preventDefault();
  const url = load && (await urls.fetch(attachment, load));
  if (url) Object.assign(document.createElement("a"), { href: url, download: attachment.name }).click();
}

export function renderAttachments(t: Strings, attachments: Attachment[] | undefined, urls: AttachmentUrls, load: AttachmentLoader | null) {
  if (!attachments?.length) return nothing;
  return html`<div part="attachments" class="attachments">
    ${attachments.map((attachment) => {
      const { name, type } = attachment;
      const image = isInlineImage(type);
      const url = urls.peek(attachment, image ? load : null);
      if (image && url !== null) {
        return html`<img part="attachment-image" src=${url || nothing} alt=${name} width=${attachment.width ?? nothing} height=${attachment.height ?? nothing} />`;
      }
      const details = `${formatBytes(attachment.size)} · ${name.match(/\.(\w{1,8})$/)?.[1]?.toUpperCase() ?? type}`;
      return html`<a part="attachment-file" href="#" aria-label=${t.download(name, details)} @click=${(event: Event) => download(event, attachment, urls, load)}
        ><span class="name">${name}</span> ${details}</a
      >`;
    })}
  </div>`;
}
