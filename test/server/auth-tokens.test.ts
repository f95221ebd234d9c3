/**
 * The token matrix: every way a token can fail to prove who is connecting gets the socket an
 * `unauthorized` error naming the reason and close 4401, on conversations and inboxes alike,
 * while a good token with the same claims gets in (so each refusal is the token's doing).
 * Then the servers whose settings change what counts: guest mode off with GUEST_SECRET equal
 * to JWT_SECRET, and JWT_ISSUER / JWT_AUDIENCE; and the headless API getting a fresh token
 * from its tokenProvider after a refusal.
 */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { SignJWT, decodeJwt, generateKeyPair, type JWTPayload } from "jose";
import WebSocket from "ws";
import { DEV_VARS } from "../../scripts/servers.js";
import { CLOSE_CODES } from "../../src/protocol/index.js";
import { createChat, type Chat } from "../../src/store/index.js";
import {
  RawSocket,
  TEST_VARS,
  epochSeconds,
  freshUser,
  refusedSocket,
  signToken,
  socketUrl,
  unsignedToken,
  useTestServer,
  type ClientPool,
  type Party,
  type User,
} from "../support/server-clients.js";
import { until } from "../support/stores.js";

const encode = (secret: string) => new TextEncoder().encode(secret);
const rsa = await generateKeyPair("RS256");

/** Claims a host backend would sign for `user`, valid for an hour. */
const goodClaims = (user: User, extra: JWTPayload = {}): JWTPayload => ({ sub: user.userId, name: user.name ?? user.userId, iat: epochSeconds(), exp: epochSeconds(3600), ...extra });

/** A bad token and the reason the server must give for refusing it. */
interface BadToken {
  what: string;
  token: (user: User) => Promise<string | undefined>;
  reason: RegExp;
  /** Send it in an Authorization header rather than ?token=. */
  header?: boolean;
}

/** identityFrom() tests `sub` with a regex, which coerces numbers and arrays to strings. */

const withoutClaim = (claims: JWTPayload, claim: keyof JWTPayload) => {
  const { [claim]: _dropped, ...rest } = claims;
  return rest;
};

const BAD_TOKENS: BadToken[] = [
  { what: "no token", token: async () => undefined, reason: /missing token/ },
  { what: "an empty token", token: async () => "", reason: /missing token/ },
  { what: "a malformed token", token: async () => "not-a-jwt", reason: /malformed/ },
  { what: "three parts of garbage", token: async () => "aaa.bbb.ccc", reason: /malformed/ },
  { what: "a malformed bearer header", token: async () => "not-a-jwt", reason: /malformed/, header: true },
  {
    what: "a forged signature (another secret)",
    token: (user) => signToken(goodClaims(user), encode("not-the-server-secret")),
    reason: /signature is invalid/,
  },
  {
    what: "a forged signature in a bearer header",
    token: (user) => signToken(goodClaims(user), encode("not-the-server-secret")),
    reason: /signature is invalid/,
    header: true,
  },
  {
    what: "a good token's claims with its signature cut off",
    token: async (user) => (await signToken(goodClaims(user))).replace(/\.[^.]+$/, "."),
    reason: /signature is invalid|token is invalid/,
  },
  {
    what: "claims swapped under a good signature",
    token: async (user) => {
      const [header, , signature] = (await signToken(goodClaims({ userId: "someone-else" }))).split(".");
      return `${header}.${Buffer.from(JSON.stringify(goodClaims(user))).toString("base64url")}.${signature}`;
    },
    reason: /signature is invalid/,
  },
  { what: "alg: none (unsigned)", token: async (user) => unsignedToken(goodClaims(user)), reason: /algorithm is not accepted/ },
  {
    what: "RS256 on a server that takes HS256 only",
    token: (user) => signToken(goodClaims(user), rsa.privateKey, "RS256"),
    reason: /algorithm is not accepted/,
  },
  {
    what: "HS512 with the right secret",
    token: (user) => signToken(goodClaims(user), encode(DEV_VARS.JWT_SECRET), "HS512"),
    reason: /algorithm is not accepted/,
  },
  { what: "an expired token", token: (user) => signToken(goodClaims(user, { iat: epochSeconds(-7200), exp: epochSeconds(-60) })), reason: /expired/ },
  { what: "a token without exp", token: (user) => signToken(withoutClaim(goodClaims(user), "exp")), reason: /claim exp/ },
  { what: "a token not valid yet (nbf)", token: (user) => signToken(goodClaims(user, { nbf: epochSeconds(600) })), reason: /claim nbf/ },
  { what: "a token without sub", token: (user) => signToken(withoutClaim(goodClaims(user), "sub")), reason: /claim sub/ },
  { what: "an empty sub", token: (user) => signToken(goodClaims(user, { sub: "" })), reason: /sub must be a user id/ },
  { what: "a sub with a space", token: (user) => signToken(goodClaims(user, { sub: "alice smith" })), reason: /sub must be a user id/ },
  { what: "a sub with a slash", token: (user) => signToken(goodClaims(user, { sub: "../alice" })), reason: /sub must be a user id/ },
  { what: "a sub of 65 characters", token: (user) => signToken(goodClaims(user, { sub: "u".repeat(65) })), reason: /sub must be a user id/ },
  {
    what: "a numeric sub",
    token: (user) => signToken({ ...goodClaims(user), sub: 42 as unknown as string }),
    reason: /sub must be a user id|claim sub/,
  },
  {
    what: "a sub that is an array of a user id",
    token: (user) => signToken({ ...goodClaims(user), sub: [user.userId] as unknown as string }),
    reason: /sub must be a user id|claim sub/,
  },
];

/** The socket url for `party` with `token` in the query, or the ws options carrying it as a header. */
function target(host: string, party: Party, room: string, token: string | undefined, header = false): [string, WebSocket.ClientOptions] {
  if (header) return [socketUrl(host, party, room), { headers: { authorization: `Bearer ${token}` } }];
  return [socketUrl(host, party, room, token === undefined ? "" : `token=${token}`), {}];
}

/** A group `user` owns, so that only the token can keep them out of it. */
async function memberWithGroup(clients: ClientPool, user: User): Promise<string> {
  return clients.group(user, []);
}

/** Checks that a socket with `token` is refused by the Worker with `reason`, on both parties. */
async function assertRefusedEverywhere(host: string, user: User, conversationId: string, token: string | undefined, reason: RegExp, header = false) {
  for (const [party, room] of [["conversation", conversationId], ["inbox", user.userId]] as const) {
    const refusal = await refusedSocket(...target(host, party, room, token, header));
    assert.equal(refusal.error.code, "unauthorized", `${party}: ${refusal.error.message}`);
    assert.match(refusal.error.message, reason, party);
    assert.equal(refusal.close.code, CLOSE_CODES.unauthorized, party);
    assert.equal(refusal.frames.length, 1, `${party}: nothing but the error`);
  }
}

/** Checks that a socket with `token` gets into `user`'s inbox and their group `conversationId`. */
async function assertAdmitted(host: string, user: User, conversationId: string, token: string, header = false) {
  const inbox = new RawSocket(...target(host, "inbox", user.userId, token, header));
  try {
    await inbox.opened;
    const listing = await inbox.frames.nextOfType("inbox");
    assert.ok(listing.conversations.some((row) => row.id === conversationId), "the inbox lists the group");
  } finally {
    inbox.close();
  }
  const conversation = new RawSocket(...target(host, "conversation", conversationId, token, header));
  try {
    await conversation.opened;
    conversation.send({ type: "hello" });
    const welcome = await conversation.frames.nextOfType("welcome");
    assert.equal(welcome.userId, user.userId);
  } finally {
    conversation.close();
  }
}


describe("tokens on an HS256 server", () => {
  const { server, clients } = useTestServer();

  it("admits a good token, in ?token= and in a bearer header (the control for every refusal below)", async () => {
    const alice = freshUser("alice", "Alice");
    const id = await memberWithGroup(clients, alice);
    const token = await signToken(goodClaims(alice));
    await assertAdmitted(server().host, alice, id, token);
    await assertAdmitted(server().host, alice, id, token, true);
  });

  for (const bad of BAD_TOKENS) {
    it(`refuses ${bad.what} with unauthorized and 4401, on conversations and inboxes`, async () => {
      const alice = freshUser("alice", "Alice");
      const id = await memberWithGroup(clients, alice);
      await assertRefusedEverywhere(server().host, alice, id, await bad.token(alice), bad.reason, bad.header);
    });
  }

  it("keeps a refused user's conversation untouched: no member renamed, no event logged", async () => {
    const alice = freshUser("alice", "Alice");
    const id = await memberWithGroup(clients, alice);
    const { client, welcome } = await clients.enter(id, alice);
    const forged = await signToken(goodClaims(alice, { name: "Mallory" }), encode("not-the-server-secret"));
    await refusedSocket(socketUrl(server().host, "conversation", id, `token=${forged}`));
    const again = await client.hello();
    assert.equal(again.lastSeq, welcome.lastSeq);
    assert.equal(again.members[0]?.name, "Alice");
    assert.deepEqual(client.frames.all((frame) => frame.type === "event"), []);
  });

  it("refuses a guest-issuer token signed with JWT_SECRET: guest tokens are checked with GUEST_SECRET only", async () => {
    const alice = freshUser("alice", "Alice");
    const id = await memberWithGroup(clients, alice);
    const token = await signToken(goodClaims(alice, { iss: "confab-guest" }));
    await assertRefusedEverywhere(server().host, alice, id, token, /signature is invalid/);
  });

  describe("the headless API's tokenProvider", () => {
    const chats: Chat[] = [];
    after(() => chats.forEach((chat) => chat.end()));

    /** A chat whose provider hands out `tokens` in turn (the last one again and again), counting calls. */
    function chatWith(user: User, tokens: ((user: User) => Promise<string>)[]) {
      const calls: string[] = [];
      const chat = createChat({
        host: server().host,
        user: user.userId,
        WebSocket,
        tokenProvider: async () => {
          const token = await tokens[Math.min(calls.length, tokens.length - 1)]!(user);
          calls.push(token);
          return token;
        },
      });
      chats.push(chat);
      const statuses: string[] = [];
      chat.connection.subscribe((status) => void statuses.push(status));
      return { chat, calls, statuses };
    }

    it("asks the provider again after the server refuses its token with 4401, and ends online", async () => {
      const alice = freshUser("alice", "Alice");
      // Good for an hour as far as the client can tell, but signed with the wrong secret.
      const forged = (user: User) => signToken(goodClaims(user), encode("not-the-server-secret"));
      const fresh = (user: User) => signToken(goodClaims(user));
      const { chat, calls, statuses } = chatWith(alice, [forged, fresh]);
      await until(chat.connection, (status) => status === "online", "online");
      assert.equal(calls.length, 2, "one refused token, one fresh one");
      assert.equal(decodeJwt(calls[1]!).sub, alice.userId);
      assert.ok(!statuses.includes("refused"), `never gave up: ${statuses.join(" → ")}`);
    });

    it("replaces an already expired first token and ends online", async () => {
      const alice = freshUser("alice", "Alice");
      const expired = (user: User) => signToken(goodClaims(user, { iat: epochSeconds(-7200), exp: epochSeconds(-5) }));
      const fresh = (user: User) => signToken(goodClaims(user));
      const { chat, calls } = chatWith(alice, [expired, fresh]);
      await until(chat.connection, (status) => status === "online", "online");
      assert.ok(calls.length >= 2, `provider called ${calls.length} times`);
      assert.ok(decodeJwt(calls.at(-1)!).exp! > epochSeconds(), "the last token handed out is the fresh one");
    });

    it("settles on a provider that keeps handing out refused tokens: refused, not a reconnect loop", async () => {
      const alice = freshUser("alice", "Alice");
      const forged = (user: User) => signToken(goodClaims(user), encode("not-the-server-secret"));
      const { chat, calls } = chatWith(alice, [forged]);
      await until(chat.connection, (status) => status === "refused", "refused");
      await new Promise((resolve) => setTimeout(resolve, 700));
      assert.equal(calls.length, 2, "the first token, and one fresh try after the 4401");
      assert.equal(chat.connection.get(), "refused");
    });

    it("does not call a provider of short-lived tokens (30 s) over and over", async () => {
      const alice = freshUser("alice", "Alice");
      // Gives up after 20 calls, so a refresh loop ends instead of outliving the test.
      const shortLived = async (user: User) => {
        if (shortLivedCalls++ >= 20) throw new Error("the test's provider gives up after 20 calls");
        return signToken(goodClaims(user, { exp: epochSeconds(30) }));
      };
      let shortLivedCalls = 0;
      const { chat, calls } = chatWith(alice, [shortLived]);
      await until(chat.connection, (status) => status === "online", "online");
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.ok(calls.length <= 2, `provider called ${calls.length} times within about a second`);
    });
  });
});

describe("guest tokens while guest mode is off, with GUEST_SECRET the same as JWT_SECRET", () => {
  const { server, clients } = useTestServer({ ...TEST_VARS, GUEST_MODE: "off", GUEST_SECRET: DEV_VARS.JWT_SECRET });

  it("has no /auth/guest", async () => {
    for (const method of ["POST", "GET"]) {
      const response = await fetch(`${server().server.url}/auth/guest`, {
        method,
        ...(method === "POST" ? { body: JSON.stringify({ user: "guest-1", name: "Guest" }), headers: { "content-type": "application/json" } } : {}),
      });
      assert.equal(response.status, 404, method);
      assert.match(await response.text(), /guest mode is off/);
    }
  });

  it("refuses a guest token exactly as guest mode would have issued it, though its signature checks out", async () => {
    const alice = freshUser("alice", "Alice");
    const id = await memberWithGroup(clients, alice);
    // What issueGuestToken signs: HS256 with GUEST_SECRET (here equal to JWT_SECRET), issuer confab-guest.
    const guest = await new SignJWT({ name: "Alice" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(alice.userId)
      .setIssuer("confab-guest")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(encode(DEV_VARS.JWT_SECRET));
    await assertRefusedEverywhere(server().host, alice, id, guest, /guest mode is off/);
    // The same claims from the host site (no guest issuer) get in: only the guest check refused it.
    await assertAdmitted(server().host, alice, id, await signToken(goodClaims(alice)));
  });
});

describe("issuer and audience (JWT_ISSUER, JWT_AUDIENCE)", () => {
  const ISSUER = "https://host.example";
  const AUDIENCE = "confab-chat";
  const { server, clients } = useTestServer({ ...TEST_VARS, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE });
  const claims = (user: User, extra: JWTPayload = {}) => goodClaims(user, { iss: ISSUER, aud: AUDIENCE, ...extra });

  it("admits tokens with the right issuer and audience (one of several audiences will do)", async () => {
    const alice = freshUser("alice", "Alice");
    const id = await clients.group({ ...alice, token: () => signToken(claims(alice)) }, []);
    await assertAdmitted(server().host, alice, id, await signToken(claims(alice)));
    await assertAdmitted(server().host, alice, id, await signToken(claims(alice, { aud: ["elsewhere", AUDIENCE] })));
  });

  const cases: [string, (user: User) => JWTPayload, RegExp][] = [
    ["a wrong issuer", (user) => claims(user, { iss: "https://evil.example" }), /claim iss/],
    ["no issuer", (user) => withoutClaim(claims(user), "iss"), /claim iss/],
    ["a wrong audience", (user) => claims(user, { aud: "another-app" }), /claim aud/],
    ["no audience", (user) => withoutClaim(claims(user), "aud"), /claim aud/],
  ];
  for (const [what, make, reason] of cases) {
    it(`refuses ${what} with unauthorized and 4401`, async () => {
      const alice = freshUser("alice", "Alice");
      const id = await clients.group({ ...alice, token: () => signToken(claims(alice)) }, []);
      await assertRefusedEverywhere(server().host, alice, id, await signToken(make(alice)), reason);
    });
  }

  it("admits the guest tokens its own /auth/guest issues (guest mode is on here)", async () => {
    const response = await fetch(`${server().server.url}/auth/guest`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user: freshUser("guest").userId, name: "Guest" }),
    });
    assert.equal(response.status, 200);
    const { token, userId } = (await response.json()) as { token: string; userId: string };
    const inbox = new RawSocket(socketUrl(server().host, "inbox", userId, `token=${token}`));
    try {
      await inbox.opened;
      const first = await inbox.frames.next(() => true, "first frame");
      assert.equal(first.type, "inbox", `the guest's own inbox opens; got ${JSON.stringify(first)}`);
    } finally {
      inbox.close();
    }
  });
});
