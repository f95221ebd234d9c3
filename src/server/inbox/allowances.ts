/**
 * What a user may do only so often an hour through their widget (create conversations, add
 * people), kept by their Inbox: each use is a row of `spent`, and rows older than an hour go.
 */
import { failure, type Outcome } from "../../protocol/index.js";
import type { ServerLimits } from "../limits.js";

const HOUR_MS = 60 * 60 * 1000;

export type Allowance = "create" | "add";

const overAllowance = (kind: Allowance, allowance: number): Outcome =>
  failure("rate_limited", `you may ${kind === "create" ? `create at most ${allowance} conversations` : `add at most ${allowance} people`} an hour; try again later`);

export class Allowances {
  constructor(
    private readonly sql: SqlStorage,
    private readonly limits: ServerLimits,
  ) {}

  /** Takes each of `costs` from the allowances, all or none, or says which one is spent. */
  spend(costs: [Allowance, number][]): Outcome {
    const now = Date.now();
    for (const [kind, count] of costs) {
      const allowance = kind === "create" ? this.limits.conversationsPerHour : this.limits.addsPerHour;
      if (count > 0 && this.spentSince(kind, now - HOUR_MS) + count > allowance) return overAllowance(kind, allowance);
    }
    for (const [kind, count] of costs) {
      if (count > 0) this.sql.exec("INSERT INTO spent (kind, at, count) VALUES (?, ?, ?)", kind, now, count);
    }
    return { ok: true };
  }

  /** What was spent of `kind` since `since`, forgetting what came before. */
  private spentSince(kind: Allowance, since: number): number {
    this.sql.exec("DELETE FROM spent WHERE at <= ?", since);
    return this.sql.exec<{ total: number | null }>("SELECT SUM(count) AS total FROM spent WHERE kind = ?", kind).one().total ?? 0;
  }
}
