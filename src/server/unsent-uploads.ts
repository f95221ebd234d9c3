/**
 * Files a user uploaded and has not sent yet, kept by their Inbox: each upload reserves its
 * bytes against the user's quota (UPLOAD_QUOTA_BYTES, default 100 MB: room for one message of
 * ten of the largest files), sending it in a message releases them, and a file still unsent
 * after UNSENT_UPLOAD_SECONDS (default a day) is deleted from R2 by the Inbox's alarm. So a
 * user cannot fill the bucket with files that no message will ever show.
 */
import type { Outcome } from "./conversation.js";
import { attachmentKey } from "./attachments.js";

const DAY_SECONDS = 24 * 60 * 60;
const DEFAULT_QUOTA_BYTES = 100 * 1024 * 1024;

export function createUnsentUploadTables(sql: SqlStorage): void {
  sql.exec(`
    CREATE TABLE IF NOT EXISTS unsent_uploads (
      conversation_id TEXT NOT NULL,
      attachment_id TEXT NOT NULL,
      bytes INTEGER NOT NULL,
      at INTEGER NOT NULL,
      PRIMARY KEY (conversation_id, attachment_id)
    );
  `);
}

function positive(value: string | undefined, fallback: number): number {
  const number = Number(value);
  return Number.isFinite(number) && number > 0 ? number : fallback;
}

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

export class UnsentUploads {
  readonly #quotaBytes: number;
  readonly #keepMs: number;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: Cloudflare.Env,
  ) {
    this.#quotaBytes = positive(env.UPLOAD_QUOTA_BYTES, DEFAULT_QUOTA_BYTES);
    this.#keepMs = positive(env.UNSENT_UPLOAD_SECONDS, DAY_SECONDS) * 1000;
  }

  private get sql(): SqlStorage {
    return this.ctx.storage.sql;
  }

  /** Reserves `bytes` for an upload about to be stored, or says why the user may not upload now. */
  reserve(conversationId: string, attachmentId: string, bytes: number): Outcome {
    const held = this.sql.exec<{ total: number | null }>("SELECT SUM(bytes) AS total FROM unsent_uploads").one().total ?? 0;
    if (held + bytes > this.#quotaBytes) {
      return {
        ok: false,
        code: "rate_limited",
        message: `you have ${megabytes(held)} of files uploaded and not sent; at most ${megabytes(this.#quotaBytes)} may wait: send or remove some first`,
      };
    }
    const now = Date.now();
    this.sql.exec("INSERT OR REPLACE INTO unsent_uploads (conversation_id, attachment_id, bytes, at) VALUES (?, ?, ?, ?)", conversationId, attachmentId, bytes, now);
    void this.ctx.storage.getAlarm().then((alarm) => {
      if (alarm === null) return this.ctx.storage.setAlarm(now + this.#keepMs);
    });
    return { ok: true };
  }

  /** These uploads are in a message now (or never arrived): they no longer count or expire. */
  release(conversationId: string, attachmentIds: readonly string[]): void {
    for (const attachmentId of attachmentIds) {
      this.sql.exec("DELETE FROM unsent_uploads WHERE conversation_id = ? AND attachment_id = ?", conversationId, attachmentId);
    }
  }

  /** Deletes the uploads left unsent too long, and sets the alarm for the next to expire. */
  async deleteExpired(): Promise<void> {
    const expiredBefore = Date.now() - this.#keepMs;
    const expired = this.sql
      .exec<{ conversation_id: string; attachment_id: string }>("SELECT conversation_id, attachment_id FROM unsent_uploads WHERE at <= ?", expiredBefore)
      .toArray();
    if (expired.length > 0) {
      await this.env.Attachments.delete(expired.map((row) => attachmentKey(row.conversation_id, row.attachment_id)));
      this.sql.exec("DELETE FROM unsent_uploads WHERE at <= ?", expiredBefore);
    }
    const next = this.sql.exec<{ at: number | null }>("SELECT MIN(at) AS at FROM unsent_uploads").one().at;
    if (next !== null) await this.ctx.storage.setAlarm(next + this.#keepMs);
  }
}
