/**
 * A webhook endpoint for server tests: node:http on 127.0.0.1 recording every delivery as it
 * came (headers, raw body, parsed event, what it answered), able to fail chosen event types.
 */
import { after, before } from "node:test";
import { RecordingServer } from "./recording-server.js";

export interface Delivery {
  headers: Record<string, string | string[] | undefined>;
  body: string;
  event: { id: string; type: string; createdAt: number; data: Record<string, any> };
  /** What the receiver answered. */
  status: number;
}

/** A webhook endpoint that records every delivery and fails the first `failures` of a chosen event type. */
export class Receiver {
  readonly #failures = new Map<string, number>();
  readonly #server: RecordingServer<Delivery>;

  constructor(readonly port: number) {
    this.#server = new RecordingServer(port, ({ headers, body }) => {
      const text = body.toString("utf8");
      const event = JSON.parse(text) as Delivery["event"];
      const failuresLeft = this.#failures.get(event.type) ?? 0;
      const status = failuresLeft > 0 ? 503 : 204;
      if (failuresLeft > 0) this.#failures.set(event.type, failuresLeft - 1);
      return { kept: { headers, body: text, event, status }, status };
    });
  }

  get deliveries(): Delivery[] {
    return this.#server.received;
  }

  /** Where a server's WEBHOOK_URLS sends to reach this receiver. */
  get url(): string {
    return `${this.#server.origin}/webhooks`;
  }

  start(): Promise<void> {
    return this.#server.start();
  }

  /** Answers the next `count` deliveries of `type` with 503. */
  fail(type: string, count: number): void {
    this.#failures.set(type, count);
  }

  /** Resolves with the deliveries matching `predicate` once there are at least `count` of them. */
  waitFor(predicate: (delivery: Delivery) => boolean, count = 1, timeoutMs = 20_000): Promise<Delivery[]> {
    const matching = () => this.deliveries.filter(predicate);
    return this.#server.until(
      () => (matching().length >= count ? matching() : undefined),
      () => `expected ${count} matching deliveries, got ${matching().length}: ${this.deliveries.map((d) => d.event.type).join(", ")}`,
      timeoutMs,
    );
  }

  stop(): Promise<void> {
    return this.#server.stop();
  }
}

/** A receiver on `port` for the calling suite: started before its tests, stopped after them. */
export function useReceiver(port: number): Receiver {
  const receiver = new Receiver(port);
  before(() => receiver.start());
  after(() => receiver.stop());
  return receiver;
}
