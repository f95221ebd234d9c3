/**
 * Where a message's time goes: the fan-out benchmark's room with one piece of a message's path
 * taken out at a time (validation, the row in the log, the search entry, unread counts,
 * mentions, members' list updates), each on a Confab server of its own started with BENCH_SKIP
 * (src/server/bench-skips.ts), all alternating with the whole path and the bare partyserver
 * room in one process. A piece's cost is how much lower p50 and p99 go without it, round by round.
 *
 *   npx tsx bench/message-pieces.ts
 */
import type { RunningProcess } from "../scripts/servers.js";
import { BENCH_PIECES, type BenchPiece } from "../src/server/bench-skips.js";
import { defaultFanoutOptions, latencyRows, latencyTable, type FanoutOptions, type LatencyRow } from "./fanout.js";
import { isMain, measuredOn, startBenchServers, startConfab } from "./harness.js";
import { showSpread, spreadOf } from "./rounds.js";
import { bareRoomTarget, confabListsOpenTarget, confabTarget, servedBy, type Target } from "./targets.js";

const PIECES = Object.keys(BENCH_PIECES) as BenchPiece[];

/** Each knock-out: its row's name and the pieces it takes out. */
const KNOCK_OUTS: { name: string; skip: BenchPiece[]; listsOpen?: boolean }[] = [
  ...PIECES.map((piece) => ({ name: `without ${piece}`, skip: [piece] })),
  { name: "without every piece above", skip: PIECES },
  { name: "every list open, without inboxes", skip: ["inboxes"], listsOpen: true },
];

const WHOLE = "whole path";
const WHOLE_LISTS_OPEN = "whole path, every list open";

export const defaultPiecesOptions = (): FanoutOptions => ({
  ...defaultFanoutOptions(),
  // Shorter than the fan-out benchmark's runs: ten rows a round.
  seconds: Number(process.env.BENCH_PIECES_SECONDS ?? 5),
});

/** Rows: the whole path, each knock-out, the whole path with every list open, the bare room. */
export async function runMessagePieces(options: FanoutOptions = defaultPiecesOptions()): Promise<LatencyRow[]> {
  const servers = await startBenchServers();
  const knockOuts: RunningProcess[] = [];
  try {
    for (const { skip } of KNOCK_OUTS) knockOuts.push(await startConfab({ BENCH_SKIP: skip.join(",") }));
    const room = `pieces-${Date.now()}`;
    const named = (target: Target, name: string): Target => ({ ...target, name });
    return await latencyRows(
      (round) => [
        named(servedBy(confabTarget(servers.confab.port, `${room}-${round}`), servers.confab), WHOLE),
        ...KNOCK_OUTS.map(({ name, listsOpen }, index) =>
          named(servedBy((listsOpen ? confabListsOpenTarget : confabTarget)(knockOuts[index]!.port, `${room}-${round}`), knockOuts[index]!), name),
        ),
        named(servedBy(confabListsOpenTarget(servers.confab.port, `${room}-lists-${round}`), servers.confab), WHOLE_LISTS_OPEN),
        servedBy(bareRoomTarget(servers.bare.port, `${room}-${round}`), servers.bare),
      ],
      options,
    );
  } finally {
    await Promise.all([servers.stop(), ...knockOuts.map((server) => server.stop())]);
  }
}

/** What taking a piece out saves: `whole`'s figure minus the knock-out's, round by round. */
const saving = (whole: LatencyRow, without: LatencyRow, figure: "p50" | "p99" | "cpuMsPerMessage") =>
  spreadOf(whole.runs.map((run, round) => run[figure] - without.runs[round]![figure]));

export function messagePiecesSection(rows: LatencyRow[], options: FanoutOptions): string {
  const row = (name: string) => rows.find((candidate) => candidate.target === name)!;
  const whole = row(WHOLE);
  const bare = rows.at(-1)!;
  const costs = KNOCK_OUTS.map(({ name, listsOpen }) => {
    const base = listsOpen ? row(WHOLE_LISTS_OPEN) : whole;
    const without = row(name);
    return `| ${name} | ${showSpread(saving(base, without, "p50"))} | ${showSpread(saving(base, without, "p99"))} | ${showSpread(saving(base, without, "cpuMsPerMessage"), 2)} |`;
  });
  return `## Where a message's time goes

${measuredOn()}

The fan-out benchmark's room (${options.clients} clients, ${options.messagesPerSecond} messages/s, ${options.seconds} s a run: shorter runs
than its own, as there are ${rows.length} rows) with one piece of a message's path taken out at a time,
each on a Confab server of its own started with \`BENCH_SKIP\` (a benchmark-only setting,
src/server/bench-skips.ts; no client can reach it). The pieces:

${PIECES.map((piece) => `- ${piece}: ${BENCH_PIECES[piece]}`).join("\n")}

Webhooks are off here (no \`WEBHOOK_URLS\`), so they cost nothing; with endpoints set, each
message queues one row per endpoint in the same step. Every row ran ${options.rounds} times, alternating
in one process; figures are medians with the lowest and highest run in brackets. Run alone:
\`npx tsx bench/message-pieces.ts\`.

${latencyTable(rows, bare)}

What each piece costs: the whole path's figure minus the figure without it, round by round
(negative, or within the spread, means lost in the noise). Latency moves with whatever else
the machine runs; the server's CPU time per message (the workerd process's, from the first
send until every copy arrived) much less so.

| taken out | p50 saved, ms | p99 saved, ms | server CPU saved, ms / message |
| --- | ---: | ---: | ---: |
${costs.join("\n")}

${summary(whole, row("without every piece above"), bare)}
`;
}

/** What the pieces come to against what Confab's server spends beyond the bare room's, in CPU per message. */
function summary(whole: LatencyRow, withoutAll: LatencyRow, bare: LatencyRow): string {
  const cpu = (row: LatencyRow) => row.runs.map((run) => run.cpuMsPerMessage);
  const beyondBare = spreadOf(cpu(whole).map((value, round) => value - cpu(bare)[round]!));
  const pieces = saving(whole, withoutAll, "cpuMsPerMessage");
  const rest = spreadOf(cpu(withoutAll).map((value, round) => value - cpu(bare)[round]!));
  return `Confab's server spends ${showSpread(beyondBare, 2)} ms of CPU per message beyond the bare room's; the
pieces above, all taken out, ${showSpread(pieces, 2)} ms of it. The rest (${showSpread(rest, 2)} ms) is what no
piece names: admitting and dispatching the frame, reading the member, the message id and the
seq, the event's larger frame to every member, and the sender's ack.`;
}

if (isMain(import.meta.url)) {
  const options = defaultPiecesOptions();
  console.log(messagePiecesSection(await runMessagePieces(options), options));
}
