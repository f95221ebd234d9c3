/**
 * An HTTP endpoint for server tests (node:http on 127.0.0.1): it answers each request as told,
 * keeps what came, and wakes whoever waits for something to come.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";

/** One request as it came. */
export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export class RecordingServer<T> {
  readonly received: T[] = [];
  #server: Server | undefined;
  #waiters: (() => void)[] = [];

  constructor(
    readonly port: number,
    /** What to keep of a request, and the status to answer it with. */
    private readonly take: (request: Received) => { kept: T; status: number },
  ) {}

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  start(): Promise<void> {
    this.#server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const { kept, status } = this.take({ path: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks) });
        this.received.push(kept);
        response.writeHead(status).end();
        for (const wake of this.#waiters.splice(0)) wake();
      });
    });
    return new Promise((resolve) => this.#server!.listen(this.port, "127.0.0.1", () => resolve()));
  }

  /** Resolves with what `find` finds among what came, once it does; rejects with `missing()` after `timeoutMs`. */
  async until<R>(find: () => R | undefined, missing: () => string, timeoutMs: number): Promise<R> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(missing());
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 500));
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }
}
