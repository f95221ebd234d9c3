/**
 * `npm run bench`: runs every benchmark on this machine and writes BENCHMARKS.md. Figures
 * only: nothing here passes or fails, and each baseline is measured in the same run. Each
 * benchmark also runs alone (`npx tsx bench/<name>.ts`) and prints its own section.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { projectRoot } from "../scripts/servers.js";
import { bundleSection, measureLoads, measureParts } from "./bundle-size.js";
import { connectionsSection, defaultConnectionOptions, runConnections } from "./connections.js";
import { defaultDirectoryOptions, directorySection, runDirectory } from "./directory.js";
import { defaultFanoutOptions, fanoutSection, runFanout } from "./fanout.js";
import { machine, today } from "./harness.js";
import { defaultHostPageOptions, hostPageSection, runHostPage } from "./host-page.js";
import { defaultLongHistoryOptions, longHistorySection, runLongHistory } from "./long-history.js";
import { defaultPiecesOptions, messagePiecesSection, runMessagePieces } from "./message-pieces.js";
import { defaultResyncOptions, resyncSection, runResync } from "./resync.js";
import { DEFAULT_ROUNDS } from "./rounds.js";
import { defaultSyncOptions, runSync, syncSection } from "./sync.js";
import { defaultThroughputOptions, runThroughput, throughputSection } from "./throughput.js";
import { defaultWarmStartOptions, runWarmStart, warmStartSection } from "./warm-start.js";
import { measureWorker, workerSection } from "./worker-size.js";

const bundle = bundleSection(await measureLoads(), await measureParts());
const worker = workerSection(await measureWorker());

const fanoutOptions = defaultFanoutOptions();
const fanout = fanoutSection(await runFanout(fanoutOptions), fanoutOptions);
const piecesOptions = defaultPiecesOptions();
const pieces = messagePiecesSection(await runMessagePieces(piecesOptions), piecesOptions);
const throughputOptions = defaultThroughputOptions();
const throughput = throughputSection(await runThroughput(throughputOptions), throughputOptions);
const connectionOptions = defaultConnectionOptions();
const connections = connectionsSection(await runConnections(connectionOptions), connectionOptions);
const resyncOptions = defaultResyncOptions();
const resync = resyncSection(await runResync(resyncOptions), resyncOptions);
const warmStartOptions = defaultWarmStartOptions();
const warmStart = warmStartSection(await runWarmStart(warmStartOptions), warmStartOptions);
const hostPageOptions = defaultHostPageOptions();
const hostPage = hostPageSection(await runHostPage(hostPageOptions), hostPageOptions);
const longHistoryOptions = defaultLongHistoryOptions();
const longHistory = longHistorySection(await runLongHistory(longHistoryOptions), longHistoryOptions);
const directoryOptions = defaultDirectoryOptions();
const directory = directorySection(await runDirectory(directoryOptions), directoryOptions);
const syncOptions = defaultSyncOptions();
const sync = syncSection(await runSync(syncOptions), syncOptions);

const report = `# Benchmarks

Written by \`npm run bench\` on ${today()}. Machine: ${machine()}.
Each figure is compared with a baseline measured in the same run. Every row is the median of
${DEFAULT_ROUNDS} rounds (or more where a section says so), Confab and its baseline alternating which goes
first in one process, with the spread (lowest–highest) of the rounds in brackets; ratios are
taken round by round. Bundle sizes are deterministic: one build, measured once.

${[bundle, worker, hostPage, fanout, pieces, throughput, connections, resync, warmStart, longHistory, directory, sync].join("\n")}`;
await writeFile(join(projectRoot, "BENCHMARKS.md"), report);
console.log("wrote BENCHMARKS.md");
