/**
 * `npm start`: the Confab server (wrangler dev, data kept under .wrangler/state) and the demo
 * page (Vite) together. Ctrl-C stops both. The server API takes DEV_VARS.API_KEY; webhooks go
 * to CONFAB_WEBHOOK_URLS when it is set (e.g. demo/webhook-receiver.ts's address). The first
 * start seeds the demo's conversations (scripts/seed.ts), so the pages open onto a live chat.
 */
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { seedDemo } from "./seed.js";
import { DEV_VARS, DEV_WEBHOOK_SECRET, projectRoot, startVite, startWrangler } from "./servers.js";

const serverPort = Number(process.env.CONFAB_SERVER_PORT ?? 8787);
const demoPort = Number(process.env.CONFAB_DEMO_PORT ?? 5173);

const server = await startWrangler({
  port: serverPort,
  persistTo: join(projectRoot, ".wrangler/state"),
  vars: {
    ...DEV_VARS,
    // The demo's picker shows everyone who signed in; hosts choose (README, DIRECTORY_VISIBILITY).
    DIRECTORY_VISIBILITY: "everyone",
    ...(process.env.CONFAB_WEBHOOK_URLS ? { WEBHOOK_URLS: process.env.CONFAB_WEBHOOK_URLS, WEBHOOK_SECRET: DEV_WEBHOOK_SECRET } : {}),
  },
  echo: true,
});
// A seed that fails (say, a server changed by hand) leaves the demo empty but running.
const seed = await seedDemo(server.url, DEV_VARS.API_KEY).catch((error: unknown) => {
  console.warn(`The demo starts without its seeded conversations: ${error instanceof Error ? error.message : error}`);
  return { created: [] };
});
// The server runs in a process group of its own: stop it when the demo cannot start.
const demo = await startVite({ port: demoPort, serverPort }).catch(async (error: unknown) => {
  await server.stop();
  throw error;
});

console.log(`\nConfab server: ${server.url}${seed.created.length > 0 ? "  (seeded: alice and bob's chat, and a group with carol)" : ""}`);
console.log(`Confab demo:   ${demo.url}/  (ready in ${(performance.now() / 1000).toFixed(1)} s; Ctrl-C stops both)`);
// The embed pages load the built bundle, which `npm start` builds before this script runs.
console.log(`Embed demo:    ${demo.url}/demo/plain.html  (the two-line embed)`);
console.log(`Push demo:     ${demo.url}/demo/push.html  (pushes while the page is closed)\n`);

let stopping = false;
async function stopAll(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all([demo.stop(), server.stop()]);
  process.exit(0);
}
process.on("SIGINT", stopAll);
process.on("SIGTERM", stopAll);
