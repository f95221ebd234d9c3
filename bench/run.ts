/**
 * `npm run bench`: runs every benchmark on this machine and writes BENCHMARKS.md. Figures
 * only: nothing here passes or fails, and each baseline is measured in the same run. Each
 * benchmark also runs alone (`npx tsx bench/<name>.ts`) and prints its own section.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { projectRoot } from "../scripts/servers.js";
import { BUDGET_GZIP_BYTES, BUNDLE_FILES, TARGET_GZIP_BYTES, measureBundle, measureParts } from "./bundle-size.js";
import { connectionsSection, defaultConnectionOptions, runConnections } from "./connections.js";
import { defaultDirectoryOptions, directorySection, runDirectory } from "./directory.js";
import { defaultFanoutOptions, fanoutSection, runFanout } from "./fanout.js";
import { machine, measuredOn, today } from "./harness.js";
import { defaultLongHistoryOptions, longHistorySection, runLongHistory } from "./long-history.js";
import { defaultResyncOptions, resyncSection, runResync } from "./resync.js";
import { defaultSyncOptions, runSync, syncSection } from "./sync.js";
import { defaultThroughputOptions, runThroughput, throughputSection } from "./throughput.js";
import { defaultWarmStartOptions, runWarmStart, warmStartSection } from "./warm-start.js";

const bundles = await Promise.all(BUNDLE_FILES.map((file) => measureBundle(file)));
const bundle = bundles[0]!;
const parts = await measureParts();
for (const { file, gzipBytes } of bundles) console.log(`${file}: ${gzipBytes} bytes gzip`);
const bundleSection = `## Embed bundle size

${measuredOn()}

| file | minified | gzip -9 | budget |
| --- | ---: | ---: | ---: |
${bundles.map(({ file, bytes, gzipBytes }) => `| \`${file}\` | ${bytes} B | ${gzipBytes} B | ${BUDGET_GZIP_BYTES[file as keyof typeof BUDGET_GZIP_BYTES]} B gzip (target ${TARGET_GZIP_BYTES} B) |`).join("\n")}

How: \`vite build\`, then gzip level 9 of each output (the ES module, and the classic script for pages without modules). The budget is enforced by \`npm test\`
(test/size). Target (issue 10): ${TARGET_GZIP_BYTES} B gzip — ${
  bundle.gzipBytes <= TARGET_GZIP_BYTES
    ? "met."
    : `not met. Our own elements are the largest part (the window, messages, composer, list, widget, mentions, link-preview cards, the strings table and two palettes); the libraries (Lit, partysocket, valibot, nanostores, idb-keyval) take under a third. What would get there: loading the seldom-used panels (members, search, new conversation) and the widget's attention code as separate chunks, which only the ES output can do (and which "everything included" would still count), or checking server frames by hand instead of with valibot (about 3 KB gzip).`
}

What each part adds (minified bytes, esbuild, before gzip):

| part | bytes |
| --- | ---: |
${parts.map(({ part, bytes }) => `| ${part} | ${bytes} |`).join("\n")}
`;

const fanoutOptions = defaultFanoutOptions();
const fanout = fanoutSection(await runFanout(fanoutOptions), fanoutOptions);
const throughputOptions = defaultThroughputOptions();
const throughput = throughputSection(await runThroughput(throughputOptions), throughputOptions);
const connectionOptions = defaultConnectionOptions();
const connections = connectionsSection(await runConnections(connectionOptions), connectionOptions);
const resyncOptions = defaultResyncOptions();
const resync = resyncSection(await runResync(resyncOptions), resyncOptions);
const warmStartOptions = defaultWarmStartOptions();
const warmStart = warmStartSection(await runWarmStart(warmStartOptions), warmStartOptions);
const longHistoryOptions = defaultLongHistoryOptions();
const longHistory = longHistorySection(await runLongHistory(longHistoryOptions), longHistoryOptions);
const directoryOptions = defaultDirectoryOptions();
const directory = directorySection(await runDirectory(directoryOptions), directoryOptions);
const syncOptions = defaultSyncOptions();
const sync = syncSection(await runSync(syncOptions), syncOptions);

const report = `# Benchmarks

Written by \`npm run bench\` on ${today()}. Machine: ${machine()}.
Each figure is compared with a baseline measured in the same run; the machine is shared and
noisy, so read differences under ~20% as noise.

${[bundleSection, fanout, throughput, connections, resync, warmStart, longHistory, directory, sync].join("\n")}`;
await writeFile(join(projectRoot, "BENCHMARKS.md"), report);
console.log("wrote BENCHMARKS.md");
