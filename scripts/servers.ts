/**
 * Starts the real Confab server (wrangler dev on workerd, SQLite storage on disk), the Vite
 * demo server and the built demo apps' servers as child processes, for `npm start`, the tests
 * and the benchmarks alike.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

export const projectRoot = fileURLToPath(new URL("..", import.meta.url));

export interface RunningProcess {
  port: number;
  /** `http://127.0.0.1:port` */
  url: string;
  /** The process id; its children (workerd, esbuild) share it as their process group. */
  pid: number;
  /** Ends the process and everything it started; resolves once it has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface WranglerOptions {
  port?: number;
  /** Folder for the Durable Objects' SQLite files; reuse it to keep data across restarts. */
  persistTo: string;
  /** Print wrangler's output (for `npm start`); tests keep it quiet unless it fails. */
  echo?: boolean;
  /** Another wrangler config than the project's, such as a benchmark's baseline room. */
  config?: string;
  /** Settings passed as `--var NAME:VALUE`, over wrangler.jsonc's `vars`. */
  vars?: Record<string, string>;
}

/**
 * Settings for local development and tests: guest mode on, a shared secret that
 * demo/host-backend.ts signs tokens with, and a key to the server API (`/api/v1`). Never use
 * these secrets in production.
 */
export const DEV_VARS = {
  GUEST_MODE: "on",
  // Everything local comes from 127.0.0.1: one address for every user of the demo and the tests.
  ADDRESS_LIMITS: "off",
  GUEST_SECRET: "local-dev-guest-secret",
  JWT_SECRET: "local-dev-jwt-secret",
  API_KEY: "local-dev-api-key",
  // Web Push in development (never deploy it: make your own, README's Notifications while away).
  VAPID_PRIVATE_KEY:
    '{"kty":"EC","crv":"P-256","x":"dnjHKhSd1AofCu9wgpi6BsQ-FjQZ0P7nTpOTBpzS9gM","y":"rWdO_k-egPltOCnE7qWsvOoXOtzDO6ByveCU00d_qH8","d":"OSg03XtFpPdUEGjc3-E7yJe2uUxFsP8psltGTpSl2b8"}',
  VAPID_SUBJECT: "mailto:dev@localhost",
} as const;

/** Signs webhooks in development: demo/webhook-receiver.ts checks with the same one. */
export const DEV_WEBHOOK_SECRET = "local-dev-webhook-secret";

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function bin(name: string): string {
  return fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));
}

function launch(command: string, args: string[], env: NodeJS.ProcessEnv, echo: boolean) {
  const child = spawn(command, args, {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    // Its own process group, so stop() also ends the workerd / esbuild children.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (echo) process.stdout.write(chunk);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  return { child, output };
}

function stopper(child: ChildProcess) {
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  return async (signal: NodeJS.Signals = "SIGTERM") => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // Already gone.
    }
    await exited;
  };
}

async function waitUntilReady(url: string, child: ChildProcess, output: string[], timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`server exited with ${child.exitCode} before it was ready:\n${output.join("")}`);
    }
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`server at ${url} not ready after ${timeoutMs} ms:\n${output.join("")}`);
}

/**
 * Starts `wrangler dev` on 127.0.0.1 and resolves once `/health` answers. Tried again when
 * workerd could not bind: freePort() probes with SO_REUSEADDR, so it may hand out a port that
 * still has TIME_WAIT connections from a server killed a moment ago.
 */
export async function startWrangler(options: WranglerOptions): Promise<RunningProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startWranglerOnce(options);
    } catch (error) {
      if (attempt >= 8 || !/Address already in use|EADDRINUSE/.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

async function startWranglerOnce(options: WranglerOptions): Promise<RunningProcess> {
  const port = options.port ?? (await freePort());
  const inspectorPort = await freePort();
  const { child, output } = launch(
    bin("wrangler"),
    [
      "dev",
      "--ip", "127.0.0.1",
      "--port", String(port),
      "--inspector-port", String(inspectorPort),
      "--persist-to", options.persistTo,
      "--show-interactive-dev-session=false",
      ...(options.config ? ["--config", options.config] : []),
      ...Object.entries(options.vars ?? {}).flatMap(([name, value]) => ["--var", `${name}:${value}`]),
    ],
    { WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" },
    options.echo ?? false,
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = stopper(child);
  try {
    await waitUntilReady(`${url}/health`, child, output, 60_000);
  } catch (error) {
    await stop("SIGKILL");
    throw error;
  }
  return { port, url, pid: child.pid!, stop };
}

/** Starts the Vite dev server for the demo pages, proxying sockets to `serverPort`. */
export async function startVite(options: { port?: number; serverPort: number; echo?: boolean }): Promise<RunningProcess> {
  const port = options.port ?? (await freePort());
  return startHttpServer(
    "vite",
    ["--host", "127.0.0.1", "--port", String(port), "--strictPort", "--clearScreen", "false"],
    { port, env: { CONFAB_SERVER_PORT: String(options.serverPort) }, echo: options.echo },
  );
}

/**
 * Starts a web server on 127.0.0.1:`port` (a built demo app's own, such as `next start`) and
 * resolves once `/` answers. `command` is a file in node_modules/.bin or a path.
 */
export async function startHttpServer(
  command: string,
  args: string[],
  options: { port: number; env?: NodeJS.ProcessEnv; echo?: boolean },
): Promise<RunningProcess> {
  const { child, output } = launch(command.includes("/") ? command : bin(command), args, options.env ?? {}, options.echo ?? false);
  const url = `http://127.0.0.1:${options.port}`;
  const stop = stopper(child);
  try {
    await waitUntilReady(`${url}/`, child, output, 60_000);
  } catch (error) {
    await stop("SIGKILL");
    throw error;
  }
  return { port: options.port, url, pid: child.pid!, stop };
}
