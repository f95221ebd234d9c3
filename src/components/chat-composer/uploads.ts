/** The composer's files in flight: each upload's progress and outcome, and how they show. */
import { html, nothing } from "lit";
import type { Attachment, ConversationHandle } from "../../store/index.js";
import { formatBytes } from "../format.js";
import type { Strings } from "../strings.js";

export interface Upload {
  file: File;
  /** Percent sent, 0-100. */
  progress: number;
  /** Set once the server stored the file. */
  attachment?: Attachment;
  readonly cancel: AbortController;
}

/**
 * Starts uploading `file`: `changed` runs as it progresses and when it is done, `refused` with
 * the server's reason when it failed (not when it was cancelled).
 */
export function startUpload(conversation: ConversationHandle, file: File, changed: () => void, refused: (reason: string) => void): Upload {
  const upload: Upload = { file, progress: 0, cancel: new AbortController() };
  conversation
    .upload(file, {
      signal: upload.cancel.signal,
      onProgress: (sent, total) => {
        upload.progress = Math.floor((sent * 100) / (total || 1));
        changed();
      },
    })
    .then(
      (attachment) => {
        upload.attachment = attachment;
        changed();
      },
      (error: unknown) => {
        if (!upload.cancel.signal.aborted) refused((error as Error).message);
      },
    );
  return upload;
}

export function renderUploads(t: Strings, uploads: Upload[], remove: (upload: Upload) => void) {
  if (uploads.length === 0) return nothing;
  return html`<ul part="uploads" class="uploads" aria-label=${t.attachments}>
    ${uploads.map((upload) => {
      const { file, progress, attachment } = upload;
      return html`<li part="upload">
        <span class="name">${file.name}</span>
        ${attachment
          ? html`<span class="size">${formatBytes(attachment.size)}</span>`
          : html`<progress
              part="progress"
              role="progressbar"
              max="100"
              .value=${progress}
              aria-valuenow=${progress}
              aria-label=${t.uploading(file.name)}
            ></progress>`}
        <button
          part="cancel-button"
          class="cancel"
          type="button"
          aria-label=${(attachment ? t.remove : t.cancelUpload)(file.name)}
          @click=${() => remove(upload)}
        >
          ✕
        </button>
      </li>`;
    })}
  </ul>`;
}
