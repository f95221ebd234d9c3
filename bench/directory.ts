/**
 * Directory search: `find_people` round trips over a real inbox socket (real token) against a
 * Confab whose directory holds 100,000 generated people, and against a baseline holding the
 * first 1,000 of the same people, per kind of query. Optionally a third server with
 * DIRECTORY_VISIBILITY=shared, whose searcher shares one conversation with 200 of the 100,000.
 * Each directory is seeded into D1 before its server starts (directory-seed.ts); the servers
 * take turns round by round, their order alternating (bench/rounds.ts).
 *
 *   npx tsx bench/directory.ts
 */
import { cp, mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type WebSocket from "ws";
import type { PeopleFrame } from "../src/protocol/index.js";
import { matches, queryOf, termsOf, wordsOf } from "../src/server/directory/terms.js";
import { startWrangler, type RunningProcess } from "../scripts/servers.js";
import { FIRST_NAMES, LAST_NAMES, people, personId, seedDirectory, type SeedPerson, type Seeded } from "./directory-seed.js";
import { timeQueries } from "./directory-sql.js";
import { BENCH_VARS, createGroup, inboxUrl, isMain, measuredOn, ms, open, percentile, sleep } from "./harness.js";
import { alternate, DEFAULT_ROUNDS, ratioSpread, showSpread, spreadOf } from "./rounds.js";

export interface DirectoryOptions {
  /** People in the large directory. */
  users: number;
  /** People in the baseline's: the first of the same generated people. */
  baselineUsers: number;
  /** Rounds, the servers' order alternating from one round to the next. */
  rounds: number;
  /** Timed round trips per query kind, per server, per run (after `warmup` untimed ones). */
  requests: number;
  warmup: number;
  /** Also measure DIRECTORY_VISIBILITY=shared with `users` people, `sharedWith` of them in a conversation with the searcher. */
  sharedWith: number;
}

export const defaultDirectoryOptions = (): DirectoryOptions => ({
  users: Number(process.env.BENCH_DIRECTORY_USERS ?? 100_000),
  baselineUsers: 1_000,
  rounds: DEFAULT_ROUNDS,
  requests: Number(process.env.BENCH_REQUESTS ?? 200),
  warmup: 10,
  sharedWith: 200,
});

/** One kind of search: its text, and whether the second page (from the first page's cursor) is asked. */
interface QueryKind {
  label: string;
  text: string;
  secondPage?: boolean;
}

/** The person the exact-id query looks for: in every directory, and in the shared conversation. */
const ID_TARGET = 500;

const QUERY_KINDS: readonly QueryKind[] = [
  { label: `one letter "m"`, text: "m" },
  { label: `three letters "mar"`, text: "mar" },
  { label: `first and last name "mar ga"`, text: "mar ga" },
  { label: `two words, nobody "mar xq"`, text: "mar xq" },
  { label: `exact id "${personId(ID_TARGET)}"`, text: personId(ID_TARGET) },
  { label: `accents folded "zoe" (Zoë, Zoé)`, text: "zoe" },
  { label: `"m", second page (cursor)`, text: "m", secondPage: true },
  { label: `nobody "xqz"`, text: "xqz" },
];

const SEARCHER = "searcher";

interface Directory {
  label: string;
  visibility: "everyone" | "shared";
  /** The people the searcher may find. */
  findable: SeedPerson[];
  server: RunningProcess;
  socket: WebSocket;
  ask(text: string, cursor?: string): Promise<PeopleFrame>;
  /** The second page's cursor of the one-letter query, once asked. */
  cursors: Map<string, string | undefined>;
}

/** One round of one query kind on one directory. */
export interface KindRun {
  directory: string;
  kind: string;
  p50: number;
  p99: number;
  found: number;
}

export interface DirectoryResult {
  /** Every directory's kinds, in round order. */
  runs: KindRun[];
  /** Per directory and kind (`${directory}\n${kind}`), from the generated people with terms.ts: the people matching. */
  matching: Map<string, number>;
  /** Terms starting with the query's rarest word: the most rows its search may read ("everyone" only). */
  inRange: Map<string, number>;
  /** The page's SQL alone on the seeded file (directory-sql.ts), median ms ("everyone" only). */
  sqlMs: Map<string, number>;
  seeded: Seeded;
  directories: string[];
  /** The machine's 1-minute load average after each kind's requests. */
  loads: number[];
}

/** Sends find_people with a fresh ref and resolves with the `people` answer to it. */
function asker(socket: WebSocket): (text: string, cursor?: string) => Promise<PeopleFrame> {
  const waiting = new Map<string, { resolve: (frame: PeopleFrame) => void; reject: (error: Error) => void }>();
  socket.on("message", (data) => {
    const frame = JSON.parse(String(data)) as { type: string; ref?: string; message?: string };
    const pending = frame.ref === undefined ? undefined : waiting.get(frame.ref);
    if (!pending) return;
    waiting.delete(frame.ref!);
    if (frame.type === "people") pending.resolve(frame as PeopleFrame);
    else pending.reject(new Error(`find_people refused: ${frame.type} ${frame.message ?? ""}`));
  });
  let refs = 0;
  return (text, cursor) =>
    new Promise((resolve, reject) => {
      const ref = `d${++refs}`;
      waiting.set(ref, { resolve, reject });
      socket.send(JSON.stringify({ type: "find_people", ref, text, ...(cursor === undefined ? {} : { cursor }) }));
    });
}

/** The searcher's inbox socket, once it has its listing: signed in, so in the directory too. */
async function signIn(port: number): Promise<WebSocket> {
  const socket = await open(await inboxUrl(port, SEARCHER));
  await new Promise<void>((resolve) => socket.once("message", () => resolve()));
  return socket;
}

async function startDirectory(
  label: string,
  persistTo: string,
  visibility: Directory["visibility"],
  findable: SeedPerson[],
): Promise<Directory> {
  const server = await startWrangler({ persistTo, vars: { ...BENCH_VARS, DIRECTORY_VISIBILITY: visibility } });
  try {
    const socket = await signIn(server.port);
    const ask = asker(socket);
    if (visibility === "shared") {
      // The host's backend puts the searcher and the findable people in one group.
      await createGroup(server.port, "bench-shared", SEARCHER, findable.map(({ id }) => id));
      // Memberships reach the directory off the reply path: wait until the searcher finds one.
      const target = personId(ID_TARGET);
      for (let tries = 0; !(await ask(target)).people.some((person) => person.id === target); tries++) {
        if (tries > 100) throw new Error("the shared group's memberships never reached the directory");
        await sleep(100);
      }
    }
    return { label, visibility, findable, server, socket, ask, cursors: new Map() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** Checks an answer against the generated people: each found person matches, and the count is right. */
function check(directory: Directory, kind: QueryKind, answer: PeopleFrame, matching: number): void {
  const query = queryOf(kind.text)!;
  const byId = new Map(directory.findable.map((person) => [person.id, person]));
  for (const person of answer.people) {
    const seeded = byId.get(person.id);
    if (!seeded || !matches(termsOf(seeded.id, seeded.name), query)) throw new Error(`"${kind.text}" on ${directory.label} found ${person.id} (${person.name})`);
  }
  const expected = kind.secondPage ? Math.min(20, Math.max(0, matching - 20)) : Math.min(20, matching);
  if (answer.people.length !== expected) throw new Error(`"${kind.text}" on ${directory.label} found ${answer.people.length}, expected ${expected}`);
  if (kind.text === "zoe" && expected > 0 && !answer.people.some((person) => /Zo[ëé]/.test(person.name))) throw new Error("zoe found no Zoë or Zoé");
}

async function measureKind(directory: Directory, kind: QueryKind, options: DirectoryOptions, matching: number): Promise<KindRun> {
  let cursor: string | undefined;
  if (kind.secondPage) {
    if (!directory.cursors.has(kind.text)) directory.cursors.set(kind.text, (await directory.ask(kind.text)).next);
    cursor = directory.cursors.get(kind.text);
    if (cursor === undefined) return { directory: directory.label, kind: kind.label, p50: NaN, p99: NaN, found: 0 };
  }
  for (let n = 0; n < options.warmup; n++) await directory.ask(kind.text, cursor);
  const answer = await directory.ask(kind.text, cursor);
  check(directory, kind, answer, matching);
  const latencies: number[] = [];
  for (let n = 0; n < options.requests; n++) {
    const started = performance.now();
    await directory.ask(kind.text, cursor);
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  return { directory: directory.label, kind: kind.label, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), found: answer.people.length };
}

const countMatching = (findable: readonly SeedPerson[], text: string) => {
  const query = queryOf(text)!;
  return findable.filter((person) => matches(termsOf(person.id, person.name), query)).length;
};

/** Terms of `findable` starting with the word the server reads the range of: the rarest (search-sql.ts). */
const countInRange = (findable: readonly SeedPerson[], text: string) => {
  const termsStarting = (word: string) => findable.reduce((sum, person) => sum + termsOf(person.id, person.name).filter((term) => term.startsWith(word)).length, 0);
  return Math.min(...wordsOf(text).map(termsStarting));
};

const keyOf = (directory: string, kind: QueryKind) => `${directory}\n${kind.label}`;

export async function runDirectory(options: DirectoryOptions = defaultDirectoryOptions()): Promise<DirectoryResult> {
  const root = await mkdtemp(join(tmpdir(), "confab-bench-directory-"));
  const directories: Directory[] = [];
  try {
    const large = join(root, "large");
    const seeded = await seedDirectory(large, options.users);
    const baselineSeeded = await seedDirectory(join(root, "baseline"), options.baselineUsers);
    // The shared server holds the same 100,000: a copy of the seeded folder, before either starts.
    if (options.sharedWith > 0) await cp(large, join(root, "shared"), { recursive: true });
    console.log(`seeded ${options.users} users in ${ms(seeded.seedMs)} ms, ${(seeded.fileBytes / 2 ** 20).toFixed(1)} MiB`);

    const everyone = people(options.users);
    const labels = {
      large: `${options.users.toLocaleString("en")} users`,
      baseline: `${options.baselineUsers.toLocaleString("en")} users (baseline)`,
      shared: `${options.users.toLocaleString("en")} users, "shared": ${options.sharedWith} findable`,
    };
    // The SQL alone, before any server runs, on the files as seeded.
    const sqlMs = new Map<string, number>();
    for (const [label, file] of [
      [labels.large, seeded.file],
      [labels.baseline, baselineSeeded.file],
    ] as const) {
      const times = await timeQueries(file, SEARCHER, QUERY_KINDS);
      QUERY_KINDS.forEach((kind, index) => sqlMs.set(keyOf(label, kind), times[index]!));
    }
    // The shared conversation: people spread evenly through the directory, the exact id's among them.
    const stride = Math.floor(options.users / options.sharedWith);
    const sharedIndexes = new Set([ID_TARGET, ...Array.from({ length: options.sharedWith }, (_, n) => n * stride)]);
    const sharedPeople = [...sharedIndexes].slice(0, options.sharedWith).map((index) => everyone[index]!);
    const started = await Promise.allSettled([
      startDirectory(labels.large, large, "everyone", everyone),
      startDirectory(labels.baseline, join(root, "baseline"), "everyone", everyone.slice(0, options.baselineUsers)),
      ...(options.sharedWith > 0 ? [startDirectory(labels.shared, join(root, "shared"), "shared", sharedPeople)] : []),
    ]);
    // Every server that started is stopped below, even when another did not start.
    for (const outcome of started) if (outcome.status === "fulfilled") directories.push(outcome.value);
    const failed = started.find((outcome) => outcome.status === "rejected");
    if (failed) throw failed.reason;

    const matching = new Map<string, number>();
    const inRange = new Map<string, number>();
    for (const directory of directories) {
      for (const kind of QUERY_KINDS) {
        matching.set(keyOf(directory.label, kind), countMatching(directory.findable, kind.text));
        if (directory.visibility === "everyone") inRange.set(keyOf(directory.label, kind), countInRange(directory.findable, kind.text));
      }
    }
    const loads: number[] = [];
    const rounds = await alternate(
      directories.map((directory) => ({
        name: directory.label,
        async run(round: number) {
          const kinds: KindRun[] = [];
          for (const kind of QUERY_KINDS) {
            const measured = await measureKind(directory, kind, options, matching.get(keyOf(directory.label, kind))!);
            kinds.push(measured);
            loads.push(loadavg()[0]!);
            console.log(`round ${round + 1}, ${directory.label}, ${kind.label}: p50 ${ms(measured.p50)} ms, p99 ${ms(measured.p99)} ms, ${measured.found} found`);
          }
          return kinds;
        },
      })),
      options.rounds,
    );
    const runs = [...rounds.values()].flat(2);
    return { runs, matching, inRange, sqlMs, seeded, directories: directories.map((directory) => directory.label), loads };
  } finally {
    for (const directory of directories) directory.socket.terminate();
    await Promise.all(directories.map((directory) => directory.server.stop()));
    await rm(root, { recursive: true, force: true });
  }
}

/** One directory's p50 or p99 for one kind, round by round. */
function roundsOf(result: DirectoryResult, directory: string, kind: QueryKind, figure: "p50" | "p99"): number[] {
  return result.runs.filter((run) => run.directory === directory && run.kind === kind.label).map((run) => run[figure]);
}

const spreadOfRounds = (result: DirectoryResult, directory: string, kind: QueryKind, figure: "p50" | "p99") => spreadOf(roundsOf(result, directory, kind, figure));

/** One directory's p50 over the baseline's, for one kind, taken round by round. */
const ratioToBaseline = (result: DirectoryResult, directory: string, kind: QueryKind) =>
  ratioSpread(roundsOf(result, directory, kind, "p50"), roundsOf(result, result.directories[1]!, kind, "p50"));

/** What the figures say: the kinds whose p50 grows with size, and how far the tails are the query's. */
function reading(result: DirectoryResult): string {
  const [large, baseline] = result.directories as [string, string];
  const sqlOf = (directory: string, kind: QueryKind) => result.sqlMs.get(keyOf(directory, kind)) ?? NaN;
  // Grows with size: slower by half at least, and its SQL alone explains it (a millisecond or more longer).
  const rows = QUERY_KINDS.map((kind) => ({
    kind,
    large: spreadOfRounds(result, large, kind, "p50").median,
    baseline: spreadOfRounds(result, baseline, kind, "p50").median,
    ratio: ratioToBaseline(result, large, kind).median,
  }));
  const growing = rows.filter((row) => row.ratio > 1.5 && sqlOf(large, row.kind) - sqlOf(baseline, row.kind) >= 1);
  const others = rows.filter((row) => !growing.includes(row)).map((row) => sqlOf(large, row.kind));
  const nobody = QUERY_KINDS.find((kind) => kind.text === "xqz")!;
  const sizeCost =
    growing.length === 0
      ? `No kind's p50 at ${large} is over 1.5× the baseline's (median of the rounds' ratios) with its SQL the reason.`
      : `What grows with size (p50 over 1.5× the baseline's, median of the rounds' ratios, its SQL alone the reason): ${growing
          .map(
            ({ kind, large: big, baseline: small, ratio }) =>
              `${kind.label}, ${ms(big)} ms against ${ms(small)} ms (${ratio.toFixed(2)}×), its SQL alone ${result.sqlMs.get(keyOf(large, kind))?.toFixed(1)} ms reading up to ${result.inRange.get(keyOf(large, kind))} terms`,
          )
          .join("; ")}.`;
  return `${sizeCost} The other kinds' SQL takes at most ${Math.max(...others).toFixed(2)} ms at ${large}: their differences between sizes are noise. The tails are mostly the machine's, not the queries': "${nobody.text}" runs its SQL in ${result.sqlMs.get(keyOf(large, nobody))?.toFixed(2)} ms, yet its p99 at ${large} is ${showSpread(spreadOfRounds(result, large, nobody, "p99"))} ms; the 1-minute load average was ${Math.min(...result.loads).toFixed(1)}–${Math.max(...result.loads).toFixed(1)} on 2 cores during the rounds.`;
}

export function directorySection(result: DirectoryResult, options: DirectoryOptions): string {
  const [first, second] = result.directories;
  const rows = QUERY_KINDS.flatMap((kind) =>
    result.directories.map((directory) => {
      const key = keyOf(directory, kind);
      const found = result.runs.find((run) => run.directory === directory && run.kind === kind.label)?.found;
      const sql = result.sqlMs.get(key);
      const ratio = directory === second ? "–" : showSpread(ratioToBaseline(result, directory, kind), 2);
      return `| ${kind.label} | ${directory} | ${result.matching.get(key)} | ${found ?? "–"} | ${result.inRange.get(key) ?? "–"} | ${sql === undefined ? "–" : sql.toFixed(2)} | ${showSpread(spreadOfRounds(result, directory, kind, "p50"))} | ${showSpread(spreadOfRounds(result, directory, kind, "p99"))} | ${ratio} |`;
    }),
  );
  const shared =
    options.sharedWith > 0
      ? `
The "shared" rows hold the same ${options.users.toLocaleString("en")} people with DIRECTORY_VISIBILITY=shared: the searcher
shares one conversation (made through the server API) with ${options.sharedWith} of them, the only people it
finds; that search reads those people's memberships and terms, not a range of the directory.`
      : "";
  return `## Directory search

${measuredOn()}

\`find_people\` round trips on one real inbox socket (a real token; the searcher signed in), one
at a time, from sending the frame to its \`people\` answer: a page of 20, each person's presence
asked of their Inbox. ${options.warmup} untimed then ${options.requests} timed requests per kind, per directory, per round;
${options.rounds} rounds in one process, the directories' order alternating (round 1: ${first} first;
round 2: ${result.directories.at(-1)} first; …). Each latency cell is the median of the rounds' p50 (or
p99), with the spread (lowest–highest) across rounds; the ratio is the p50 over the baseline's
(${second}), taken round by round.

Each directory is seeded before its server starts with the directory's own code (its CREATE
statements, terms and sort keys) through \`wrangler d1 execute --local\`: people "First Last"
drawn from ${FIRST_NAMES.length} first and ${LAST_NAMES.length} last names of many languages (some accented, hyphenated or with
an apostrophe), ids \`u000000\` on; the baseline holds the first ${options.baselineUsers.toLocaleString("en")} of the same people.
Visibility is "everyone".${shared}

- matching: the people the query matches there (every word the start of one of their terms).
- terms in range: terms starting with the query's rarest word (the server counts each word's
  terms first, up to 10,000, and reads the rarest's range), the most rows its search may read.
  A one-word query stops after a page (21 rows), however long the range; a query of several
  words reads the range until 21 people match the other words too: when two common words are
  rarely together ("mar ga") it reads much of the rarer's range, the part that grows with size.
- SQL alone: the page's query by itself on the seeded file, opened with sql.js (SQLite in
  WebAssembly, slower than workerd's native SQLite), median of 21 (\`bench/directory-sql.ts\`).

| query | directory | matching | found (page) | terms in range | SQL alone ms | p50 ms | p99 ms | p50 ÷ baseline |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join("\n")}

${reading(result)}

Seeding ${result.seeded.users.toLocaleString("en")} users (generating the SQL and running it): ${(result.seeded.seedMs / 1000).toFixed(1)} s; the directory's D1
database then holds ${(result.seeded.fileBytes / 2 ** 20).toFixed(1)} MiB (informational). Run alone: \`npx tsx bench/directory.ts\`.
`;
}

if (isMain(import.meta.url)) {
  const options = defaultDirectoryOptions();
  console.log(directorySection(await runDirectory(options), options));
}
