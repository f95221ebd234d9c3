/**
 * Limits per client address at the Worker (issue #15): sockets opened and guest tokens minted
 * per minute, before any user is known (wrangler.jsonc `ratelimits`: 120 sockets and 20 guest
 * tokens a minute). Over the limit, a socket is told `rate_limited` and closed with 1013 (try
 * again later, so the widget reconnects with its backoff) and a guest sign-in gets 429; a
 * client at another address is served all along.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CLOSE_CODES } from "../../src/protocol/index.js";
import { RawSocket, TEST_VARS, freshUser, socketUrl, tokenFor, useTestServer } from "../support/server-clients.js";

const CONNECTS_PER_MINUTE = 120;
const GUESTS_PER_MINUTE = 20;

/**
 * Waits, if need be, until the limiter's window (a fixed minute, as miniflare counts it) has
 * at least 15 s left: a count that restarts halfway would let a burst through.
 */
async function roomInTheWindow(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 15_000) await new Promise((resolve) => setTimeout(resolve, left + 100));
}

describe("limits per client address", () => {
  const { server, clients } = useTestServer({ ...TEST_VARS, ADDRESS_LIMITS: "on" });

  it("closes sockets past the address's limit with rate_limited and 1013, and serves another address", { timeout: 60_000 }, async () => {
    const [alice, bob] = [freshUser("alice", "Alice"), freshUser("bob", "Bob")];
    const id = await clients.group(alice, [bob], {});
    const url = socketUrl(server().host, "inbox", alice.userId, `token=${await tokenFor(alice)}`);
    const flooding = { headers: { "cf-connecting-ip": "203.0.113.7" } };
    await roomInTheWindow();
    let refusedAt: number | undefined;
    for (let i = 0; i < CONNECTS_PER_MINUTE + 5 && refusedAt === undefined; i++) {
      const socket = new RawSocket(url, flooding);
      await socket.opened;
      const first = await socket.frames.next(() => true, "inbox or refusal");
      if (first.type === "error") {
        assert.equal(first.code, "rate_limited");
        assert.equal((await socket.expectClosed()).code, CLOSE_CODES.tryAgainLater);
        refusedAt = i;
      }
      socket.close();
    }
    assert.ok(refusedAt !== undefined && refusedAt <= CONNECTS_PER_MINUTE, `refused after ${refusedAt} sockets`);

    // Bob, at his own address, talks with alice as ever.
    const atBob = await clients.enter(id, bob);
    assert.equal(atBob.welcome.userId, bob.userId);
    const good = new RawSocket(socketUrl(server().host, "conversation", id, `token=${await tokenFor(alice)}`), { headers: { "cf-connecting-ip": "198.51.100.2" } });
    await good.opened;
    good.send({ type: "hello" });
    await good.frames.nextOfType("welcome");
    good.close();
  });

  it("refuses guest tokens past the address's limit with 429, and serves another address", async () => {
    const guest = (user: string, address: string) =>
      fetch(`http://${server().host}/auth/guest`, {
        method: "POST",
        headers: { "content-type": "application/json", "cf-connecting-ip": address },
        body: JSON.stringify({ user, name: user }),
      });
    const statuses: number[] = [];
    await roomInTheWindow();
    for (let i = 0; i < GUESTS_PER_MINUTE + 3; i++) statuses.push((await guest(`guest-${i}`, "203.0.113.9")).status);
    assert.deepEqual([...new Set(statuses)], [200, 429]);
    assert.equal(statuses.filter((status) => status === 200).length, GUESTS_PER_MINUTE);
    const refused = await guest("one-more", "203.0.113.9");
    assert.match(await refused.text(), /too many guest sign-ins/);
    assert.equal((await guest("elsewhere", "198.51.100.3")).status, 200);
  });
});
