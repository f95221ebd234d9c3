/**
 * The pieces of a message's path the message-pieces benchmark takes out one at a time, to
 * measure what each costs (bench/message-pieces.ts). Read from the BENCH_SKIP var, which only
 * that benchmark sets (bench/harness.ts `startConfab`); no client can reach it, and without it
 * (everywhere else) nothing is skipped. A server with pieces out stores incomplete state: it
 * serves a benchmark run and is thrown away.
 */
export const BENCH_PIECES = {
  validation: "checking the frame against its schema (a plain JSON.parse instead)",
  insert: "the message's row in the log, and its search entry with it (an entry is keyed by the row's seq)",
  search: "the message's search entry (written a moment behind the message, batched)",
  unread: "members' unread counts and the sender's read position",
  mentions: "the message's rows in the mentions table",
  inboxes: "scheduling every member's list update (InboxFanout)",
} as const;

export type BenchPiece = keyof typeof BENCH_PIECES;

/**
 * The pieces BENCH_SKIP (comma-separated) names; an unknown name is an error, so a typo cannot
 * measure nothing. Only a development server (GUEST_MODE on, as every benchmark's) may take
 * pieces out: set by mistake on a deployment, it would store incomplete state, so it refuses to
 * start instead.
 */
export function benchSkipsOf(env: { BENCH_SKIP?: string; GUEST_MODE?: string }): ReadonlySet<BenchPiece> {
  const names = (env.BENCH_SKIP ?? "").split(",").map((name) => name.trim()).filter(Boolean);
  if (names.length > 0 && env.GUEST_MODE !== "on") throw new Error("BENCH_SKIP is for benchmarks on a development server (GUEST_MODE on) only");
  for (const name of names) if (!(name in BENCH_PIECES)) throw new Error(`BENCH_SKIP names an unknown piece: ${name}`);
  return new Set(names as BenchPiece[]);
}
