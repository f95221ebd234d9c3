/**
 * Files a user uploaded and has not sent yet, kept by their Inbox: each upload reserves its
 * bytes against the user's quota (UPLOAD_QUOTA_BYTES, src/server/limits.ts), sending it in a
 * message releases them, and a file still unsent after UNSENT_UPLOAD_SECONDS is deleted from R2
 * when the Inbox's alarm runs. At most
 * MAX_UNSENT_FILES wait at once, however small. So a user cannot fill the bucket with files that
 * no message will ever show.
 */
import { failure, type Outcome } from "../../protocol/index.js";
import { alarmNoLaterThan } from "../alarms.js";
import { attachmentKey } from "../attachments.js";
import type { ServerLimits } from "../limits.js";

/** Most files one user may have waiting, however small: each is an R2 object and a row. */
const MAX_UNSENT_FILES = 100;
/** R2 deletes at most this many keys in one call; an alarm deletes one batch and comes back. */
const DELETE_BATCH = 1000;

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

export class UnsentUploads {
  readonly #quotaBytes: number;
  readonly #keepMs: number;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: Cloudflare.Env,
    limits: ServerLimits,
  ) {
    this.#quotaBytes = limits.uploadQuotaBytes;
    this.#keepMs = limits.unsentUploadMs;
  }

  private get sql(): SqlStorage {
    return this.ctx.storage.sql;
  }

  /** Reserves `bytes` for an upload about to be stored, or says why the user may not upload now. */
  reserve(conversationId: string, attachmentId: string, bytes: number): Outcome {
    const { total, files } = this.sql.exec<{ total: number | null; files: number }>("SELECT SUM(bytes) AS total, COUNT(*) AS files FROM unsent_uploads").one();
    const held = total ?? 0;
    if (files >= MAX_UNSENT_FILES) {
      return failure("rate_limited", `you have ${files} files uploaded and not sent; send or remove some first`);
    }
    if (held + bytes > this.#quotaBytes) {
      return failure("rate_limited", `you have ${megabytes(held)} of files uploaded and not sent; at most ${megabytes(this.#quotaBytes)} may wait: send or remove some first`);
    }
    const now = Date.now();
    this.sql.exec("INSERT OR REPLACE INTO unsent_uploads (conversation_id, attachment_id, bytes, at) VALUES (?, ?, ?, ?)", conversationId, attachmentId, bytes, now);
    void alarmNoLaterThan(this.ctx.storage, now + this.#keepMs);
    return { ok: true };
  }

  /** These uploads are in a message now (or never arrived): they no longer count or expire. */
  release(conversationId: string, attachmentIds: readonly string[]): void {
    for (const attachmentId of attachmentIds) {
      this.sql.exec("DELETE FROM unsent_uploads WHERE conversation_id = ? AND attachment_id = ?", conversationId, attachmentId);
    }
  }

  /** Deletes every unsent upload from R2, a batch at a time: their user is being deleted. */
  async deleteAll(): Promise<void> {
    for (;;) {
      const batch = this.sql
        .exec<{ conversation_id: string; attachment_id: string }>("SELECT conversation_id, attachment_id FROM unsent_uploads LIMIT ?", DELETE_BATCH)
        .toArray();
      if (batch.length === 0) return;
      await this.env.Attachments.delete(batch.map((row) => attachmentKey(row.conversation_id, row.attachment_id)));
      for (const row of batch) this.release(row.conversation_id, [row.attachment_id]);
    }
  }

  /** Deletes the uploads left unsent too long; the Inbox sets its alarm for `nextDueAt` after. */
  async deleteExpired(): Promise<void> {
    const expiredBefore = Date.now() - this.#keepMs;
    const expired = this.sql
      .exec<{ conversation_id: string; attachment_id: string }>(
        "SELECT conversation_id, attachment_id FROM unsent_uploads WHERE at <= ? ORDER BY at LIMIT ?",
        expiredBefore,
        DELETE_BATCH,
      )
      .toArray();
    if (expired.length > 0) {
      await this.env.Attachments.delete(expired.map((row) => attachmentKey(row.conversation_id, row.attachment_id)));
      for (const row of expired) {
        this.sql.exec("DELETE FROM unsent_uploads WHERE conversation_id = ? AND attachment_id = ?", row.conversation_id, row.attachment_id);
      }
    }
  }

  /** When the next upload expires (milliseconds since the epoch), or undefined when none waits. */
  nextDueAt(): number | undefined {
    const oldest = this.sql.exec<{ at: number | null }>("SELECT MIN(at) AS at FROM unsent_uploads").one().at;
    return oldest === null ? undefined : oldest + this.#keepMs;
  }
}
