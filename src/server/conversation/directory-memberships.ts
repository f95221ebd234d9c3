/**
 * Tells the directory (src/server/directory/) who is in this conversation, for "shared"
 * visibility. Every member event passes through `ChatRoom.append`, which notes it here; the
 * changes of one turn (a group created with its members) go in one batch, off the reply path
 * (`waitUntil`). Each carries the event's seq, so a late write never undoes a newer one. A
 * failure is logged: the membership is missing from the directory until the member's next event.
 *
 * A conversation made before the directory existed logged its member events unheard: the first
 * time it wakes, it writes its present members once (`backfill`), then marks itself synced.
 */
import type { ConversationMeta } from "../../protocol/index.js";
import { saveMemberships, type MembershipChange } from "../directory/memberships-sql.js";
import { memberSince } from "./members-sql.js";

export class DirectoryMemberships {
  #pending: MembershipChange[] = [];
  /** The write under way, if any. */
  #writing: Promise<void> = Promise.resolve();
  #backfilling = false;

  constructor(
    private readonly env: Cloudflare.Env,
    private readonly ctx: DurableObjectState,
    private readonly conversationId: () => string,
  ) {}

  /** `userId` is in the conversation (or not) as of member event `seq` of `generation`. */
  note(userId: string, generation: number, seq: number, present: boolean): void {
    this.#pending.push({ conversationId: this.conversationId(), userId, generation, seq, present });
    // Written once the handler's synchronous steps are done: the turn's changes in one batch.
    if (this.#pending.length === 1) {
      this.#writing = Promise.resolve().then(() => this.#flush());
      this.ctx.waitUntil(this.#writing);
    }
  }

  /** Resolves once what was noted so far is written (or its failure logged). */
  async settled(): Promise<void> {
    await this.#writing;
  }

  /**
   * Writes every present member of `meta`'s conversation once, unless done already (the
   * `directory_synced` row, schema.ts), off the caller's path. Each row carries the seq its
   * member joined with, so it never undoes a member event written meanwhile.
   */
  backfill(sql: SqlStorage, meta: ConversationMeta): void {
    if (this.#backfilling || sql.exec("SELECT 1 FROM directory_synced").toArray().length > 0) return;
    this.#backfilling = true;
    const write = Promise.resolve()
      .then(() => {
        const conversationId = this.conversationId();
        const changes = memberSince(sql).map(({ userId, seq }) => ({ conversationId, userId, generation: meta.createdAt, seq, present: true }));
        return saveMemberships(this.env.DIRECTORY, changes);
      })
      .then(
        () => void sql.exec("INSERT OR IGNORE INTO directory_synced (singleton) VALUES (1)"),
        (error: unknown) => console.error(`conversation: writing its members to the directory failed; tried again when it next wakes`, error),
      )
      .finally(() => {
        this.#backfilling = false;
      });
    this.ctx.waitUntil(write);
  }

  async #flush(): Promise<void> {
    const changes = this.#pending;
    this.#pending = [];
    try {
      await saveMemberships(this.env.DIRECTORY, changes);
    } catch (error) {
      console.error(`conversation ${this.conversationId()}: writing ${changes.length} memberships to the directory failed`, error);
    }
  }
}
