/**
 * Keeping each member's conversation list current: the Inbox updates a conversation owes,
 * coalesced into rounds. Each round sends every owed member one update computed when sent, so
 * an Inbox never sees an older state after a newer one and a busy room does not queue one call
 * per member per message. Only members whose list is open get rows; a member who is away gets
 * one `markStale` call, and their Inbox asks for the row (`inboxRow`) when it next needs it,
 * unless a message is news to push them (away-alerts.ts): that goes with every round.
 */
import type { ConversationSummary, StoredMessage } from "../../protocol/index.js";
import type { InboxWatch } from "../inbox/notifications.js";
import type { AwayNews } from "../push/away-news.js";
import { inboxOf } from "../stubs.js";
import { AwayAlerts } from "./away-alerts.js";
import type { ChatRoom } from "./chat-room.js";
import { listMembers, memberIds, setInboxStale, staleInboxes } from "./members-sql.js";

/**
 * What a member's Inbox is owed: their row ("put": only while their list is open, else it is
 * marked stale), the row even to a closed list ("scrub": the stored row previews a message
 * just deleted), or the conversation's removal.
 */
export type InboxUpdate = "put" | "scrub" | "remove";

/**
 * Inbox rounds this large count as busy: the next round waits in proportion to the last one's
 * size (10 inboxes: 100 ms; 100 or more: 1 s), so a busy room spends about the same effort on
 * its members' lists whatever its size, and each list is at most about a second behind.
 */
const BUSY_ROUND_SIZE = 10;
const PAUSE_PER_INBOX_MS = 10;
const MAX_ROUND_PAUSE_MS = 1_000;

export class InboxFanout {
  /** Inbox updates owed, by user, until the round that sends them. */
  readonly #owed = new Map<string, InboxUpdate>();
  /**
   * An update owed to every member, who are named when the round starts: a message in a busy
   * room costs no list of its members, only the round does.
   */
  #owedToMembers: Exclude<InboxUpdate, "remove"> | undefined;
  #round: Promise<void> | null = null;
  /**
   * Whether each member has their conversation list open, and what to push them while not, as
   * their Inbox last said. Kept in memory: after a restart every Inbox is asked again
   * (`askWhoseListIsOpen`).
   */
  readonly #watch = new Map<string, InboxWatch>();
  /** Messages that may be news to members who are away. */
  readonly #alerts: AwayAlerts;

  constructor(private readonly room: ChatRoom) {
    this.#alerts = new AwayAlerts(room, (userId) => this.#watch.get(userId)?.alerts ?? "none");
  }

  /** A message was logged: members away who want pushes hear of it with the next round. */
  noteMessage(message: StoredMessage, hiddenFrom?: string): void {
    this.#alerts.noted(message, hiddenFrom);
  }

  /** Schedules `update` for each of `userIds`: the first starts a round unless one is under way. */
  schedule(userIds: string[], update: InboxUpdate): void {
    for (const userId of userIds) this.owe(userId, update);
    if (userIds.length > 0) this.startRound();
  }

  /** Schedules `update` for everyone who is a member when the round starts. */
  scheduleMembers(update: Exclude<InboxUpdate, "remove">): void {
    // A row owed even to a closed list stays owed so.
    if (this.#owedToMembers !== "scrub") this.#owedToMembers = update;
    this.startRound();
  }

  private owe(userId: string, update: InboxUpdate): void {
    // A row owed even to a closed list stays owed so.
    if (!(update === "put" && this.#owed.get(userId) === "scrub")) this.#owed.set(userId, update);
  }

  private startRound(): void {
    if (this.#round) return;
    this.#round = this.deliver().finally(() => {
      this.#round = null;
    });
    this.room.ctx.waitUntil(this.#round);
  }

  /** Names the members an update to every member is owed to, as they are now. */
  private nameMembers(): void {
    const update = this.#owedToMembers;
    if (!update) return;
    this.#owedToMembers = undefined;
    // A deleted conversation has no members left to update.
    if (this.room.meta()) for (const userId of memberIds(this.room.db)) this.owe(userId, update);
  }

  /**
   * The user's Inbox saying they opened (or closed) their conversation list, or changed what to
   * push them: whether their list opened or closed (or was not known), which the others see.
   */
  watched(userId: string, watch: InboxWatch): boolean {
    const was = this.#watch.get(userId);
    this.#watch.set(userId, watch);
    return was?.open !== watch.open;
  }

  listIsOpen(userId: string): boolean {
    return this.#watch.get(userId)?.open === true;
  }

  /** Asks the Inbox of each member (or of `userIds`) not heard from yet whether their list is open. */
  async askWhoseListIsOpen(userIds = listMembers(this.room.db).map((member) => member.userId)): Promise<void> {
    const unknown = userIds.filter((userId) => !this.#watch.has(userId));
    if (unknown.length === 0) return;
    const closed: InboxWatch = { open: false, alerts: "none" };
    const answers = await Promise.all(unknown.map((userId) => inboxOf(this.room.env, userId).watch().catch(() => closed)));
    // A push that came in while asking is newer than the answer.
    unknown.forEach((userId, index) => {
      if (!this.#watch.has(userId)) this.#watch.set(userId, answers[index]!);
    });
  }

  /** The news of the messages since the last round for each member owed a row who is away and wants it pushed. */
  private newsForAway(isAway: (userId: string, update: InboxUpdate) => boolean): Map<string, AwayNews> {
    const newsFor = this.#alerts.take();
    const newsTo = new Map<string, AwayNews>();
    if (!newsFor) return newsTo;
    for (const [userId, update] of this.#owed) {
      const news = isAway(userId, update) ? newsFor(userId) : undefined;
      if (news) newsTo.set(userId, news);
    }
    return newsTo;
  }

  /** Sends what is owed, round after round, until nothing is. */
  private async deliver(): Promise<void> {
    const { room } = this;
    while (this.#owed.size > 0 || this.#owedToMembers) {
      this.nameMembers();
      // Whose list is open decides who gets a row; a one-to-one row also shows whether the peer is online.
      await this.askWhoseListIsOpen(room.meta()?.type === "direct" ? undefined : [...this.#owed.keys()]);
      const stale = staleInboxes(room.db);
      const isAway = (userId: string, update: InboxUpdate) => update === "put" && this.#watch.get(userId)?.open === false;
      const newsTo = this.newsForAway(isAway);
      // Inboxes already told their row is stale need nothing more but news, and no row is computed for them.
      const owed = [...this.#owed].filter(([userId, update]) => !(isAway(userId, update) && stale.has(userId) && !newsTo.has(userId)));
      this.#owed.clear();
      if (owed.length === 0) continue;
      // A deleted conversation owes only removals.
      const summaries = room.meta() ? room.summaries() : new Map<string, ConversationSummary>();
      // A member may have no row yet (a one-to-one nobody wrote in): one who is away is told
      // once, as for a row, and their Inbox finds there is none when it asks.
      const members = new Set(room.meta() ? listMembers(room.db).map((member) => member.userId) : []);
      await Promise.all(
        owed.map(async ([userId, update]) => {
          const summary = summaries.get(userId);
          const inbox = inboxOf(room.env, userId);
          const away = isAway(userId, update) && members.has(userId);
          // Marked before the call: the Inbox may ask for the row (which unmarks it) before the call returns.
          setInboxStale(room.db, userId, away);
          try {
            if (away) await inbox.markStale(room.name, newsTo.get(userId));
            else if (update === "remove" || !members.has(userId)) await inbox.removeConversation(room.name);
            else if (!summary) await inbox.unlistConversation(room.name);
            else await inbox.putConversation(summary);
          } catch (error) {
            if (away) setInboxStale(room.db, userId, false);
            console.error(`conversation ${room.name}: inbox update for ${userId} failed`, error);
          }
        }),
      );
      // A busy, large conversation pauses between rounds, so many changes share one update.
      if (owed.length >= BUSY_ROUND_SIZE && (this.#owed.size > 0 || this.#owedToMembers)) {
        const pause = Math.min(MAX_ROUND_PAUSE_MS, owed.length * PAUSE_PER_INBOX_MS);
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }
}
