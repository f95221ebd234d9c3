/**
 * Which pages may use the server (ALLOWED_ORIGINS) and guest sign-in (POST /auth/guest, guest
 * mode on), against a server that allows two origins. A socket from another page's origin is
 * accepted, told `forbidden` and closed with 4403, whatever its token; requests without an
 * Origin (servers, not pages) are judged by their token alone; /health is always open.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import { CLOSE_CODES } from "../../src/protocol/index.js";
import {
  RawSocket,
  TEST_VARS,
  epochSeconds,
  freshUser,
  freshUserId,
  refusedSocket,
  socketUrl,
  tokenFor,
  useTestServer,
  type Party,
  type User,
} from "../support/server-clients.js";

const GOOD = "http://good.example";
const ALSO_GOOD = "http://also-good.example:8080";
const BAD_ORIGINS = [
  "http://evil.example",
  "https://good.example",
  "http://good.example:8080",
  "http://good.example.evil.example",
  "http://also-good.example",
  "null",
];

interface GuestAnswer {
  token: string;
  expiresAt: number;
  userId: string;
  name: string;
}

describe("allowed origins and guest sign-in", () => {
  // A space after the comma: entries are trimmed.
  const { server, clients } = useTestServer({ ...TEST_VARS, ALLOWED_ORIGINS: `${GOOD}, ${ALSO_GOOD}` });
  const base = () => server().server.url;
  const url = async (party: Party, room: string, user: User) => socketUrl(server().host, party, room, `token=${await tokenFor(user)}`);

  function postGuest(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${base()}/auth/guest`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  }

  it("answers /health from any origin", async () => {
    const response = await fetch(`${base()}/health`, { headers: { origin: "http://evil.example" } });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), "ok");
  });

  it("refuses sockets from other origins with forbidden and 4403, with a good token or none, to conversations and inboxes", async () => {
    const alice = freshUser("alice", "Alice");
    const id = await clients.group(alice, []);
    for (const origin of BAD_ORIGINS) {
      for (const target of [await url("conversation", id, alice), await url("inbox", alice.userId, alice), socketUrl(server().host, "inbox", alice.userId)]) {
        const refusal = await refusedSocket(target, { origin });
        assert.equal(refusal.error.code, "forbidden", `${origin} → ${target.slice(0, 60)}`);
        assert.match(refusal.error.message, /origin is not allowed/);
        assert.equal(refusal.close.code, CLOSE_CODES.forbiddenOrigin, origin);
        assert.equal(refusal.frames.length, 1, "nothing but the error");
      }
    }
  });

  it("admits sockets from each allowed origin and sockets without an Origin", async () => {
    const alice = freshUser("alice", "Alice");
    const id = await clients.group(alice, []);
    for (const origin of [GOOD, ALSO_GOOD, undefined]) {
      const inbox = new RawSocket(await url("inbox", alice.userId, alice), origin ? { origin } : {});
      await inbox.opened;
      const listing = await inbox.frames.nextOfType("inbox");
      assert.deepEqual(listing.conversations.map((row) => row.id), [id], String(origin));
      inbox.close();

      const conversation = new RawSocket(await url("conversation", id, alice), origin ? { origin } : {});
      await conversation.opened;
      conversation.send({ type: "hello" });
      assert.equal((await conversation.frames.nextOfType("welcome")).userId, alice.userId, String(origin));
      conversation.close();
    }
  });

  it("still checks the token of a socket from an allowed origin", async () => {
    const alice = freshUser("alice");
    const refusal = await refusedSocket(socketUrl(server().host, "inbox", alice.userId, "token=forged"), { origin: GOOD });
    assert.equal(refusal.error.code, "unauthorized");
    assert.equal(refusal.close.code, CLOSE_CODES.unauthorized);
  });

  it("refuses plain HTTP from other origins with 403 and without CORS headers", async () => {
    const alice = freshUser("alice");
    for (const path of ["/auth/guest", `/parties/inbox/${alice.userId}`, "/nowhere"]) {
      const response = await fetch(`${base()}${path}`, { headers: { origin: "http://evil.example" } });
      assert.equal(response.status, 403, path);
      assert.equal(response.headers.get("access-control-allow-origin"), null, path);
      await response.body?.cancel();
    }
    const guest = await postGuest({ user: freshUserId("guest"), name: "Guest" }, { origin: "http://evil.example" });
    assert.equal(guest.status, 403);
    assert.doesNotMatch(await guest.text(), /token/, "no token handed out");
  });

  it("answers a preflight from an allowed origin with CORS headers, and one from another origin with 403", async () => {
    const preflight = (origin: string) =>
      fetch(`${base()}/auth/guest`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
      });
    for (const origin of [GOOD, ALSO_GOOD]) {
      const response = await preflight(origin);
      assert.equal(response.status, 204, origin);
      assert.equal(response.headers.get("access-control-allow-origin"), origin);
      assert.match(response.headers.get("access-control-allow-methods") ?? "", /\bPOST\b/);
      assert.match(response.headers.get("access-control-allow-headers") ?? "", /content-type/i);
      assert.match(response.headers.get("access-control-allow-headers") ?? "", /authorization/i);
      assert.match(response.headers.get("vary") ?? "", /origin/i);
    }
    const refused = await preflight("http://evil.example");
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.get("access-control-allow-origin"), null);
    await refused.body?.cancel();
  });

  it("hands a guest a token for the guest id of the user it chose and its name, which opens its inbox and conversations", async () => {
    const chosen = freshUserId("guest");
    const user = `~${chosen}`;
    const response = await postGuest({ user: chosen, name: "  Guest Gina  " }, { origin: GOOD });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("access-control-allow-origin"), GOOD, "readable by the page");
    const answer = (await response.json()) as GuestAnswer;
    assert.equal(answer.userId, user, "a guest's id of its own");
    assert.equal(answer.name, "Guest Gina", "trimmed");
    const claims = decodeJwt(answer.token);
    assert.equal(claims.sub, user);
    assert.equal(claims.name, "Guest Gina");
    assert.equal(claims.iss, "confab-guest");
    assert.ok(Math.abs(claims.exp! - epochSeconds(3600)) < 60, `expires in about an hour: ${claims.exp}`);
    assert.equal(answer.expiresAt, claims.exp! * 1000);

    const guest: User = { userId: user, token: async () => answer.token };
    const inbox = await clients.inbox(guest);
    assert.deepEqual(inbox.listing.conversations, []);
    const id = await inbox.create({ conversationType: "group", members: [] });
    const { welcome } = await clients.enter(id, guest);
    assert.equal(welcome.userId, user);
    assert.deepEqual(welcome.members.map((member) => [member.userId, member.name, member.role]), [[user, "Guest Gina", "owner"]]);
  });

  it("never lets a guest be a signed-in user of the same name, nor a signed token claim a guest's id", async () => {
    const alice = freshUser("alice", "Alice");
    const signedId = await clients.group(alice, []);
    const answer = (await (await postGuest({ user: alice.userId, name: "Alice" })).json()) as GuestAnswer;
    assert.equal(answer.userId, `~${alice.userId}`);
    const refusal = await clients.refused("inbox", alice.userId, { ...alice, token: async () => answer.token });
    assert.equal(refusal.error.code, "forbidden", "the guest cannot open the signed alice's inbox");
    const guestsOwn = await clients.inbox({ userId: answer.userId, token: async () => answer.token });
    assert.deepEqual(guestsOwn.listing.conversations, [], "the guest's inbox is its own, empty");
    const forged = await clients.refused("inbox", answer.userId, { userId: answer.userId });
    assert.equal(forged.error.code, "unauthorized");
    assert.match(forged.error.message, /may not start with ~/);
    // The signed alice is undisturbed.
    assert.equal((await clients.inbox(alice)).listing.conversations[0]?.id, signedId);
  });

  it("names a guest who gave no name (or a blank one) by their user id", async () => {
    for (const body of [{}, { name: "   " }]) {
      const user = freshUserId("guest");
      const response = await postGuest({ user, ...body });
      assert.equal(response.status, 200, JSON.stringify(body));
      const answer = (await response.json()) as GuestAnswer;
      assert.equal(answer.name, user);
      assert.equal(decodeJwt(answer.token).name, user);
    }
  });

  it("refuses a guest with an invalid user id, a name too long or a body that is not JSON with 400", async () => {
    const bodies: unknown[] = [
      { user: "has space", name: "Guest" },
      { user: "", name: "Guest" },
      { user: "u".repeat(65) },
      { user: "../inbox" },
      { user: 42 },
      { name: "No user" },
      { user: freshUserId("guest"), name: "n".repeat(121) },
      { user: freshUserId("guest"), name: 7 },
      "not json",
      "",
      "null",
      "[]",
    ];
    for (const body of bodies) {
      const response = await postGuest(body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.match(await response.text(), /expected JSON \{user, name\}/);
    }
  });

  it("answers other methods on /auth/guest with 405", async () => {
    for (const method of ["GET", "PUT", "DELETE"]) {
      const response = await fetch(`${base()}/auth/guest`, { method });
      assert.equal(response.status, 405, method);
      assert.match(await response.text(), /POST/);
    }
  });
});
