/**
 * `npm run bench`: runs every benchmark on this machine and writes BENCHMARKS.md. Figures
 * only: nothing here passes or fails, and each baseline is measured in the same run.
 */
import { writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { projectRoot } from "../scripts/servers.js";
import { BUDGET_GZIP_BYTES, TARGET_GZIP_BYTES, measureBundle } from "./bundle-size.js";
import { runFanout, type FanoutOptions } from "./fanout.js";

const fanoutOptions: FanoutOptions = {
  clients: Number(process.env.BENCH_CLIENTS ?? 100),
  messagesPerSecond: Number(process.env.BENCH_RATE ?? 50),
  seconds: Number(process.env.BENCH_SECONDS ?? 10),
};

const ms = (value: number) => (Number.isNaN(value) ? "–" : value.toFixed(1));

const bundle = await measureBundle();
console.log(`bundle: ${bundle.gzipBytes} bytes gzip`);
const fanout = await runFanout(fanoutOptions);
for (const row of fanout) console.log(`${row.target}: p50 ${ms(row.p50)} p95 ${ms(row.p95)} p99 ${ms(row.p99)} ms`);

const bareRoom = fanout[1]!;
const machine = `${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const report = `# Benchmarks

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}. Machine: ${machine}.
Each figure is compared with a baseline measured in the same run; the machine is shared and
noisy, so read differences under ~20% as noise.

## Embed bundle size

| file | minified | gzip -9 | budget |
| --- | ---: | ---: | ---: |
| \`${bundle.file}\` | ${bundle.bytes} B | ${bundle.gzipBytes} B | ${BUDGET_GZIP_BYTES} B gzip (target ${TARGET_GZIP_BYTES} B) |

How: \`vite build\`, then gzip level 9 of the output. The budget is enforced by \`npm test\`
(test/size).

## Fan-out latency

${fanoutOptions.clients} clients in one room on loopback; one sends ${fanoutOptions.messagesPerSecond} messages/s for
${fanoutOptions.seconds} s; latency from send to receipt at each of the other ${fanoutOptions.clients - 1} clients (one Node process
holds every client, using \`ws\`).

| target | received / expected | p50 ms | p95 ms | p99 ms | p99 vs bare room |
| --- | ---: | ---: | ---: | ---: | ---: |
${fanout
  .map(
    (row) =>
      `| ${row.target} | ${row.received} / ${row.expected} | ${ms(row.p50)} | ${ms(row.p95)} | ${ms(row.p99)} | ${(row.p99 / bareRoom.p99).toFixed(2)}× |`,
  )
  .join("\n")}

Target (issue 10): Confab p99 ≤ 1.3 × the bare partyserver room.
`;
await writeFile(join(projectRoot, "BENCHMARKS.md"), report);
console.log("wrote BENCHMARKS.md");
