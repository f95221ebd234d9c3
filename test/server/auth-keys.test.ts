/**
 * Servers that verify tokens with a public key instead of a shared secret: JWT_PUBLIC_KEY
 * (a PEM, newlines and all, passed through `wrangler dev --var NAME:VALUE`) with
 * JWT_ALGORITHMS=RS256 or ES256, and JWT_JWKS_URL (a JWKS this test serves). Tokens signed
 * with the matching private key get in; HS256 tokens (even ones keyed with the public key's
 * own text, the classic algorithm confusion), other keys and other algorithms are refused.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { SignJWT, exportJWK, exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, type CryptoKey, type JWTPayload } from "jose";
import { CLOSE_CODES } from "../../src/protocol/index.js";
import {
  RawSocket,
  TEST_VARS,
  devSecretKey,
  epochSeconds,
  freshUser,
  refusedSocket,
  signToken,
  socketUrl,
  unsignedToken,
  useTestServer,
  type ClientPool,
  type User,
} from "../support/server-clients.js";

const claims = (user: User, extra: JWTPayload = {}): JWTPayload => ({ sub: user.userId, name: user.name ?? user.userId, exp: epochSeconds(3600), ...extra });

const rsa = await generateKeyPair("RS256", { extractable: true });
/** The same RSA private key, for signing under another RSA algorithm. */
const rsaAs = async (alg: string) => importPKCS8(await exportPKCS8(rsa.privateKey), alg);
const otherRsa = await generateKeyPair("RS256");
const ec = await generateKeyPair("ES256");
const rsaPem = await exportSPKI(rsa.publicKey);
const ecPem = await exportSPKI(ec.publicKey);

/** Checks that `token` is refused by the Worker on `user`'s inbox and conversation, naming `reason`. */
async function assertRefused(host: string, user: User, conversationId: string, token: string, reason: RegExp): Promise<void> {
  for (const url of [socketUrl(host, "inbox", user.userId, `token=${token}`), socketUrl(host, "conversation", conversationId, `token=${token}`)]) {
    const refusal = await refusedSocket(url);
    assert.equal(refusal.error.code, "unauthorized", url);
    assert.match(refusal.error.message, reason, url);
    assert.equal(refusal.close.code, CLOSE_CODES.unauthorized, url);
  }
}

/**
 * Runs the same checks on a server that verifies with `privateKey`'s public half under `alg`:
 * a user signing with it creates a group, chats in it and opens their inbox; every wrong
 * token is refused.
 */
function keyServerChecks(
  server: () => { host: string },
  clients: ClientPool,
  alg: string,
  privateKey: CryptoKey,
  wrong: [what: string, token: (user: User) => Promise<string>, reason: RegExp][],
): void {
  const userWithKey = (prefix: string, name: string): User => {
    const user: User = freshUser(prefix, name);
    return { ...user, token: () => signToken(claims(user), privateKey, alg) };
  };

  it(`admits ${alg} tokens signed with the configured key, on inboxes and conversations`, async () => {
    const [alice, bob] = [userWithKey("alice", "Alice"), userWithKey("bob", "Bob")];
    const id = await clients.group(alice, [bob]);
    const atBob = await clients.enter(id, bob);
    assert.equal(atBob.welcome.userId, bob.userId);
    const atAlice = await clients.enter(id, alice);
    const ack = await atAlice.client.say(`signed with ${alg}`);
    const event = await atBob.client.frames.nextOfType("event", (frame) => frame.event.kind === "message");
    assert.equal(event.event.seq, ack.seq);
    assert.equal(event.event.kind === "message" && event.event.message.senderName, "Alice", "named by the token");
    const inbox = await clients.inbox(bob);
    assert.deepEqual(inbox.listing.conversations.map((row) => row.id), [id]);
  });

  for (const [what, token, reason] of wrong) {
    it(`refuses ${what} with unauthorized and 4401`, async () => {
      const alice = userWithKey("alice", "Alice");
      const id = await clients.group(alice, []);
      await assertRefused(server().host, alice, id, await token(alice), reason);
    });
  }
}

describe("RS256 with JWT_PUBLIC_KEY", () => {
  const { server, clients } = useTestServer({ ...TEST_VARS, JWT_PUBLIC_KEY: rsaPem, JWT_ALGORITHMS: "RS256" });

  it("was given a PEM with newlines in it (passed as --var JWT_PUBLIC_KEY:<pem>)", () => {
    assert.match(rsaPem, /^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n?$/);
    assert.ok(rsaPem.split("\n").length > 3);
  });

  keyServerChecks(server, clients, "RS256", rsa.privateKey, [
    ["an HS256 token signed with the dev JWT_SECRET (still set here)", (user) => signToken(claims(user)), /algorithm is not accepted/],
    [
      "an HS256 token keyed with the public key's PEM (algorithm confusion)",
      (user) => signToken(claims(user), new TextEncoder().encode(rsaPem)),
      /algorithm is not accepted/,
    ],
    ["an RS256 token signed with another key", (user) => signToken(claims(user), otherRsa.privateKey, "RS256"), /signature is invalid/],
    ["an ES256 token", (user) => signToken(claims(user), ec.privateKey, "ES256"), /algorithm is not accepted/],
    ["an RS512 token with the right key", async (user) => signToken(claims(user), await rsaAs("RS512"), "RS512"), /algorithm is not accepted/],
    ["a PS256 token with the right key", async (user) => signToken(claims(user), await rsaAs("PS256"), "PS256"), /algorithm is not accepted/],
    ["alg: none", async (user) => unsignedToken(claims(user)), /algorithm is not accepted/],
    ["an expired RS256 token", (user) => signToken(claims(user, { exp: epochSeconds(-60) }), rsa.privateKey, "RS256"), /expired/],
    ["an RS256 token without sub", (user) => signToken({ exp: claims(user).exp }, rsa.privateKey, "RS256"), /claim sub/],
  ]);
});

describe("ES256 with JWT_PUBLIC_KEY", () => {
  const { server, clients } = useTestServer({ ...TEST_VARS, JWT_PUBLIC_KEY: ecPem, JWT_ALGORITHMS: "ES256" });

  keyServerChecks(server, clients, "ES256", ec.privateKey, [
    ["an HS256 token signed with the dev JWT_SECRET", (user) => signToken(claims(user), devSecretKey()), /algorithm is not accepted/],
    ["an RS256 token", (user) => signToken(claims(user), rsa.privateKey, "RS256"), /algorithm is not accepted/],
    ["an ES256 token signed with another key", async (user) => signToken(claims(user), (await generateKeyPair("ES256")).privateKey, "ES256"), /signature is invalid/],
  ]);
});

describe("JWT_JWKS_URL", () => {
  // The host site's JWKS, served from this process; workerd fetches it like any URL.
  let jwks: Server;
  const keys: object[] = [];
  let jwksFetches = 0;
  const vars: Record<string, string> = { ...TEST_VARS };
  before(async () => {
    keys.push({ ...(await exportJWK(rsa.publicKey)), kid: "rsa-1", alg: "RS256", use: "sig" });
    keys.push({ ...(await exportJWK(ec.publicKey)), kid: "ec-1", alg: "ES256", use: "sig" });
    jwks = createServer((_request, response) => {
      jwksFetches++;
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys }));
    });
    jwks.listen(0, "127.0.0.1");
    await once(jwks, "listening");
    vars.JWT_JWKS_URL = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  after(() => jwks.close());
  const { server, clients } = useTestServer(vars);

  it("admits RS256 and ES256 tokens whose key is in the JWKS", async () => {
    for (const [alg, key, kid] of [["RS256", rsa.privateKey, "rsa-1"], ["ES256", ec.privateKey, "ec-1"]] as const) {
      const alice = freshUser("alice", "Alice");
      const token = await signWithKid(claims(alice), key, alg, kid);
      const inbox = new RawSocket(socketUrl(server().host, "inbox", alice.userId, `token=${token}`));
      try {
        await inbox.opened;
        await inbox.frames.nextOfType("inbox");
      } finally {
        inbox.close();
      }
    }
    assert.ok(jwksFetches >= 1, "the server fetched the JWKS");
  });

  it("refuses tokens whose key is not in the JWKS, HS256 tokens and unsigned ones", async () => {
    const alice = freshUser("alice", "Alice");
    const id = await clients.group({ ...alice, token: () => signWithKid(claims(alice), rsa.privateKey, "RS256", "rsa-1") }, []);
    await assertRefused(server().host, alice, id, await signWithKid(claims(alice), otherRsa.privateKey, "RS256", "rsa-1"), /signature is invalid/);
    await assertRefused(server().host, alice, id, await signWithKid(claims(alice), otherRsa.privateKey, "RS256", "unknown-kid"), /token is invalid|signature/);
    await assertRefused(server().host, alice, id, await signToken(claims(alice), devSecretKey()), /algorithm is not accepted/);
    await assertRefused(server().host, alice, id, unsignedToken(claims(alice)), /algorithm is not accepted/);
  });
});

/** A token whose header names the key (`kid`), as JWKS-verified tokens do. */
function signWithKid(payload: JWTPayload, key: CryptoKey, alg: string, kid: string): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg, kid }).sign(key);
}
