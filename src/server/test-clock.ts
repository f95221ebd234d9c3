/**
 * The Inbox's clock for unread digests: the real time, or, on a development server with
 * TEST_CLOCK=on, the real time plus an offset a test moves forward through the server API
 * (`POST /api/v1/users/:id/clock`), so it sees a digest's delay pass without waiting it out.
 * Only a development server (GUEST_MODE on, as every test's) may have one: set by mistake on a
 * deployment, it would let the API key hurry every user's digests, so the Inbox refuses to run.
 */

/** Whether TEST_CLOCK is on; throws when it is set outside a development server. */
export function testClockOn(env: { TEST_CLOCK?: string; GUEST_MODE?: string }): boolean {
  if (env.TEST_CLOCK !== "on") return false;
  if (env.GUEST_MODE !== "on") throw new Error("TEST_CLOCK is for tests on a development server (GUEST_MODE on) only");
  return true;
}

/** Where an Inbox keeps how far its test clock was moved: a restart keeps it. */
const OFFSET_KEY = "test_clock_offset_ms";

export class InboxClock {
  readonly #movable: boolean;

  constructor(
    private readonly storage: { kv: { get<T>(key: string): T | undefined; put<T>(key: string, value: T): void } },
    env: { TEST_CLOCK?: string; GUEST_MODE?: string },
  ) {
    this.#movable = testClockOn(env);
  }

  /** Milliseconds since the epoch, as this Inbox's digests see it. */
  now(): number {
    return this.#movable ? Date.now() + this.#offset() : Date.now();
  }

  /** Moves the clock `ms` forward; only a test clock moves. */
  advance(ms: number): void {
    if (!this.#movable) throw new Error("this server's clock does not move: TEST_CLOCK is off");
    this.storage.kv.put(OFFSET_KEY, this.#offset() + ms);
  }

  #offset(): number {
    return this.storage.kv.get<number>(OFFSET_KEY) ?? 0;
  }
}
