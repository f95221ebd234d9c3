/**
 * A webhook endpoint for server tests: node:http on 127.0.0.1 recording every delivery as it
 * came (headers, raw body, parsed event, what it answered), able to fail chosen event types.
 */
import { after, before } from "node:test";
import { createServer, type Server } from "node:http";

export interface Delivery {
  headers: Record<string, string | string[] | undefined>;
  body: string;
  event: { id: string; type: string; createdAt: number; data: Record<string, any> };
  /** What the receiver answered. */
  status: number;
}

/** A webhook endpoint that records every delivery and fails the first `failures` of a chosen event type. */
export class Receiver {
  readonly deliveries: Delivery[] = [];
  readonly #failures = new Map<string, number>();
  #server: Server | undefined;
  #waiters: (() => void)[] = [];

  constructor(readonly port: number) {}

  /** Where a server's WEBHOOK_URLS sends to reach this receiver. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/webhooks`;
  }

  start(): Promise<void> {
    this.#server = createServer((request, response) => {
      let body = "";
      request.setEncoding("utf8");
      request.on("data", (chunk: string) => (body += chunk));
      request.on("end", () => {
        const event = JSON.parse(body) as Delivery["event"];
        const failuresLeft = this.#failures.get(event.type) ?? 0;
        const status = failuresLeft > 0 ? 503 : 204;
        if (failuresLeft > 0) this.#failures.set(event.type, failuresLeft - 1);
        this.deliveries.push({ headers: request.headers, body, event, status });
        response.writeHead(status).end();
        for (const wake of this.#waiters.splice(0)) wake();
      });
    });
    return new Promise((resolve) => this.#server!.listen(this.port, "127.0.0.1", () => resolve()));
  }

  /** Answers the next `count` deliveries of `type` with 503. */
  fail(type: string, count: number): void {
    this.#failures.set(type, count);
  }

  /** Resolves with the deliveries matching `predicate` once there are at least `count` of them. */
  async waitFor(predicate: (delivery: Delivery) => boolean, count = 1, timeoutMs = 20_000): Promise<Delivery[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matching = this.deliveries.filter(predicate);
      if (matching.length >= count) return matching;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} matching deliveries, got ${matching.length}: ${this.deliveries.map((d) => d.event.type).join(", ")}`);
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

/** A receiver on `port` for the calling suite: started before its tests, stopped after them. */
export function useReceiver(port: number): Receiver {
  const receiver = new Receiver(port);
  before(() => receiver.start());
  after(() => receiver.stop());
  return receiver;
}
