/**
 * A deploy that is checked: `wrangler deploy --dry-run` bundles the Worker for production from
 * the project's wrangler.jsonc (offline, no account), and the bundle and that config carry
 * nothing of development, the bundle stays within its budget, and the config binds, exports and
 * migrates the same Durable Object classes.
 */
import { after, before, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { WORKER_BUDGET_GZIP_BYTES, bundleWorker, type WorkerBundle } from "../../bench/worker-size.js";
import { DEV_VARS, DEV_WEBHOOK_SECRET, projectRoot } from "../../scripts/servers.js";
import { migrationProblems, type DurableObjectConfig } from "../support/durable-object-migrations.js";

const WORKER_ENTRY = "src/server/index.ts";

/** Switches for the tests and benchmarks that DEV_VARS does not set (src/server/env.d.ts): never in production. */
const DEVELOPMENT_SWITCHES = ["BENCH_SKIP", "PREVIEW_ALLOW_HOSTS"];

/** Set with `wrangler secret put`, never as vars: vars are plain text in wrangler.jsonc, and in git. */
const SECRETS = ["JWT_SECRET", "GUEST_SECRET", "API_KEY", "WEBHOOK_SECRET", "VAPID_PRIVATE_KEY"];

/**
 * The development values a bundle must not hold: DEV_VARS's secrets and addresses, and the
 * webhook secret; a JSON key by its parts, as a bundle would hold it escaped. Its "on"/"off"
 * switches are judged in the config instead: an "on" in the bundle is no leak.
 */
const developmentValues = Object.entries({ ...DEV_VARS, DEV_WEBHOOK_SECRET })
  .filter(([, value]) => value !== "on" && value !== "off")
  .flatMap(([name, value]) =>
    (value.startsWith("{") ? Object.values(JSON.parse(value) as Record<string, unknown>).filter((part): part is string => typeof part === "string" && part.length >= 16) : [value]).map((part) => ({ name, part })),
  );

interface WranglerConfig extends DurableObjectConfig {
  vars?: Record<string, string>;
  env?: Record<string, { vars?: Record<string, string> }>;
}

/** wrangler.jsonc, read with TypeScript's JSON-with-comments parser (the one tsconfig files use). */
function readWranglerConfig(): WranglerConfig {
  const { config, error } = ts.readConfigFile(join(projectRoot, "wrangler.jsonc"), ts.sys.readFile);
  if (error) throw new Error(`wrangler.jsonc: ${ts.flattenDiagnosticMessageText(error.messageText, "\n")}`);
  return config as WranglerConfig;
}

/** The classes the Worker's entry exports that are Durable Objects (extend `DurableObject`, through partyserver's `Server`). */
function exportedDurableObjectClasses(): string[] {
  const { config } = ts.readConfigFile(join(projectRoot, "src/server/tsconfig.json"), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, join(projectRoot, "src/server"));
  const program = ts.createProgram([join(projectRoot, WORKER_ENTRY)], options);
  const checker = program.getTypeChecker();
  const entry = checker.getSymbolAtLocation(program.getSourceFile(join(projectRoot, WORKER_ENTRY))!)!;
  const extendsDurableObject = (type: ts.Type): boolean =>
    (checker.getBaseTypes(type as ts.InterfaceType) ?? []).some((base) => base.symbol?.name === "DurableObject" || extendsDurableObject(base));
  return checker
    .getExportsOfModule(entry)
    .filter((exported) => {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      return (symbol.flags & ts.SymbolFlags.Class) !== 0 && extendsDurableObject(checker.getDeclaredTypeOfSymbol(symbol));
    })
    .map(({ name }) => name);
}

const config = readWranglerConfig();
let outdir: string;
let worker: WorkerBundle;

before(async () => {
  outdir = await mkdtemp(join(tmpdir(), "confab-deploy-"));
  worker = await bundleWorker(outdir);
});

after(() => rm(outdir, { recursive: true, force: true }));

it(`the Worker bundles for production within ${WORKER_BUDGET_GZIP_BYTES} bytes gzipped`, () => {
  console.log(`the Worker: ${worker.bytes} bytes, ${worker.gzipBytes} bytes gzip (budget ${WORKER_BUDGET_GZIP_BYTES})`);
  assert.match(worker.output, /--dry-run: exiting now/);
  assert.doesNotMatch(worker.output, /\[WARNING\]|\[ERROR\]/, worker.output);
  assert.ok(worker.gzipBytes <= WORKER_BUDGET_GZIP_BYTES, `${worker.gzipBytes} bytes gzip is over the ${WORKER_BUDGET_GZIP_BYTES}-byte budget (bench/worker-size.ts)`);
});

it("bundles the server's code, none of the scripts, tests, benchmarks or demos", () => {
  const files = worker.sources.map((source) => relative(projectRoot, resolve(dirname(worker.modules[0]!), source)));
  assert.ok(files.includes(WORKER_ENTRY), `the bundle's sources: ${files.join(", ")}`);
  const foreign = files.filter((file) => /^(scripts|test|bench|demo)\//.test(file));
  assert.deepEqual(foreign, [], "development code in the production bundle");
});

it("holds none of the development secrets", async () => {
  const bundle = (await Promise.all(worker.modules.map((module) => readFile(module, "utf8")))).join("\n");
  for (const { name, part } of developmentValues) assert.ok(!bundle.includes(part), `the bundle holds ${name}'s development value`);
});

it("deploys with guest mode off, no development setting and no secret in wrangler.jsonc", () => {
  assert.equal(config.vars?.GUEST_MODE, "off");
  assert.match(worker.output, /env\.GUEST_MODE \("off"\)/, "wrangler would deploy another GUEST_MODE");
  for (const [where, vars = {}] of [["vars", config.vars], ...Object.entries(config.env ?? {}).map(([name, env]) => [`env.${name}.vars`, env.vars] as const)] as const) {
    for (const [name, value] of Object.entries(DEV_VARS)) assert.notEqual(vars[name], value, `${where}.${name} is the development value`);
    for (const name of [...DEVELOPMENT_SWITCHES, ...SECRETS]) assert.ok(!(name in vars), `${where}.${name} is set: ${SECRETS.includes(name) ? "put it with `wrangler secret put`" : "it is for the tests only"}`);
    for (const { name, part } of developmentValues) assert.ok(!Object.values(vars).some((value) => value.includes(part)), `${where} holds ${name}'s development value`);
  }
});

it("creates, binds and exports the same Durable Object classes", () => {
  const exported = exportedDurableObjectClasses();
  assert.ok(exported.length > 0, `${WORKER_ENTRY} exports no Durable Object class`);
  assert.deepEqual(migrationProblems(config, exported), []);
});
