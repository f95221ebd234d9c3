/**
 * A conversation's attachments over HTTP, beside its socket. Uploads use XMLHttpRequest, the
 * one browser API that reports upload progress, and cancel through an AbortSignal. Downloads
 * are fetched with the user's token in a header and handed out as object URLs, so no
 * credential ever sits in a URL and the server checks membership on each fetch.
 */
import * as v from "valibot";
import { Attachment, isInlineImage } from "../protocol/index.js";
import { httpOrigin, type TokenSource } from "../transport/token-source.js";

export interface UploadOptions {
  /** Called as the file goes out: bytes sent so far, of `total`. */
  onProgress?: (sent: number, total: number) => void;
  /** Aborting it cancels the upload, which then rejects with an `AbortError`. */
  signal?: AbortSignal;
}

/** The server refused an upload or a download: `status` is the HTTP status, the message says why. */
export class AttachmentError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "AttachmentError";
  }
}

export interface ConversationAttachments {
  upload(file: Blob, options?: UploadOptions): Promise<Attachment>;
  /** An object URL of the attachment's bytes, fetched once and kept until `dispose`. */
  url(attachment: Attachment): Promise<string>;
  dispose(): void;
}

function send(url: string, token: string, file: Blob, options: UploadOptions): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const { signal, onProgress } = options;
    if (signal?.aborted) return reject(signal.reason);
    const request = new XMLHttpRequest();
    const cancel = () => request.abort();
    signal?.addEventListener("abort", cancel);
    request.open("POST", url);
    request.setRequestHeader("authorization", `Bearer ${token}`);
    if (onProgress) request.upload.onprogress = (event) => onProgress(event.loaded, event.total);
    request.onloadend = () => {
      signal?.removeEventListener("abort", cancel);
      const answer: unknown = request.status === 201 && JSON.parse(request.responseText);
      if (v.is(Attachment, answer)) resolve(answer);
      else reject(signal?.aborted ? signal.reason : new AttachmentError(request.status, request.responseText || "upload failed; check the connection"));
    };
    // The browser sends the file's own type as Content-Type; the server decides if it is allowed.
    request.send(file);
  });
}

export function conversationAttachments(host: string, conversationId: string, tokens: TokenSource): ConversationAttachments {
  const base = `${httpOrigin(host)}/attachments/${encodeURIComponent(conversationId)}`;
  const urls = new Map<string, Promise<string>>();

  return {
    async upload(file, options = {}) {
      // The server measures a picture from its own bytes: the attachment it answers carries the size.
      const query = new URLSearchParams({ name: (file as File).name || "file" });
      const attachment = await send(`${base}?${query}`, await tokens.get(), file, options);
      // The sender's own images show from the local file: no download, and no jump.
      if (isInlineImage(attachment.type)) urls.set(attachment.id, Promise.resolve(URL.createObjectURL(file)));
      return attachment;
    },
    url(attachment) {
      let url = urls.get(attachment.id);
      if (!url) {
        url = (async () => {
          const response = await fetch(`${base}/${attachment.id}`, { headers: { authorization: `Bearer ${await tokens.get()}` } });
          if (!response.ok) throw new AttachmentError(response.status, await response.text());
          const blob = await response.blob();
          // An object URL has the page's origin: anything but a picture is typed so that opening
          // it (a new tab) downloads it rather than rendering it there.
          return URL.createObjectURL(isInlineImage(blob.type) ? blob : new Blob([blob], { type: "application/octet-stream" }));
        })();
        // A failed download is tried again next time it is asked for.
        url.catch(() => urls.delete(attachment.id));
        urls.set(attachment.id, url);
      }
      return url;
    },
    dispose() {
      for (const url of urls.values()) url.then(URL.revokeObjectURL, () => {});
      urls.clear();
    },
  };
}
