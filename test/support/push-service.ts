/**
 * What a browser and its push service do with a Web Push message, for tests: a subscription's
 * keys made as a browser makes them, the payload decrypted as the browser does (RFC 8291,
 * aes128gcm), the VAPID signature checked as the push service does (RFC 8292), and a push
 * service on 127.0.0.1 that keeps what it is sent.
 */
import { randomBytes } from "node:crypto";
import { importJWK, jwtVerify, type JWTPayload } from "jose";
import { RecordingServer } from "./recording-server.js";
import { freshRef, type ClientPool, type User } from "./server-clients.js";

const base64url = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
const bytesOf = (text: string) => new Uint8Array(Buffer.from(text, "base64url"));
const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
const utf8 = (text: string) => new TextEncoder().encode(text);

/** A browser's subscription to `endpoint`: its public keys to send, its private key to decrypt with. */
export interface BrowserSubscription {
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } };
  privateKey: CryptoKey;
  publicKey: Uint8Array;
  auth: Uint8Array;
}

export async function browserSubscription(endpoint: string): Promise<BrowserSubscription> {
  const pair = (await crypto.subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits"])) as CryptoKeyPair;
  const publicKey = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey));
  const auth = crypto.getRandomValues(new Uint8Array(16));
  return { subscription: { endpoint, keys: { p256dh: base64url(publicKey), auth: base64url(auth) } }, privateKey: pair.privateKey, publicKey, auth };
}

/** A copy backed by an ArrayBuffer of its own, as WebCrypto's types want. */
const own = (bytes: Uint8Array) => new Uint8Array(bytes);

async function hkdf(salt: Uint8Array, secret: Uint8Array, info: Uint8Array, bytes: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", own(secret), "HKDF", false, ["deriveBits"]);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt: own(salt), info: own(info) }, key, bytes * 8));
}

/** The plaintext of an aes128gcm body (one record), as the subscribed browser reads it. */
export async function decryptPush(body: Uint8Array, browser: BrowserSubscription): Promise<string> {
  const salt = body.slice(0, 16);
  const idLength = body[20]!;
  const senderKey = body.slice(21, 21 + idLength);
  const ciphertext = body.slice(21 + idLength);
  const sender = await crypto.subtle.importKey("raw", own(senderKey), { name: "ECDH", namedCurve: "P-256" }, false, []);
  const shared = new Uint8Array(await crypto.subtle.deriveBits({ name: "ECDH", public: sender }, browser.privateKey, 256));
  const ikm = await hkdf(browser.auth, shared, concat(utf8("WebPush: info\0"), browser.publicKey, senderKey), 32);
  const cek = await hkdf(salt, ikm, utf8("Content-Encoding: aes128gcm\0"), 16);
  const nonce = await hkdf(salt, ikm, utf8("Content-Encoding: nonce\0"), 12);
  const key = await crypto.subtle.importKey("raw", own(cek), "AES-GCM", false, ["decrypt"]);
  const padded = new Uint8Array(await crypto.subtle.decrypt({ name: "AES-GCM", iv: own(nonce) }, key, own(ciphertext)));
  // The last record ends with the delimiter 2, then zeros of padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error("no last-record delimiter in the push message");
  return new TextDecoder().decode(padded.slice(0, end));
}

/**
 * Checks an `Authorization: vapid t=…, k=…` header as a push service does: the JWT signed
 * with ES256 by the key `k`, for the endpoint's origin, expiring within 24 hours. Returns the
 * claims and the public key.
 */
export async function verifyVapid(authorization: string, endpoint: string): Promise<{ claims: JWTPayload; publicKey: string }> {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization);
  if (!match) throw new Error(`not a VAPID authorization: ${authorization}`);
  const raw = bytesOf(match[2]!);
  const key = await importJWK({ kty: "EC", crv: "P-256", x: base64url(raw.slice(1, 33)), y: base64url(raw.slice(33, 65)) }, "ES256");
  const { payload } = await jwtVerify(match[1]!, key, { audience: new URL(endpoint).origin, algorithms: ["ES256"] });
  if (!payload.exp || payload.exp * 1000 > Date.now() + 24 * 3600_000) throw new Error("the VAPID token must expire within 24 hours");
  return { claims: payload, publicKey: match[2]! };
}

/** A VAPID key pair as a host makes it: the private JWK for the server, the public key for browsers. */
export async function vapidKeys(): Promise<{ privateJwk: JsonWebKey; publicKey: string }> {
  const pair = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"])) as CryptoKeyPair;
  return {
    privateJwk: await crypto.subtle.exportKey("jwk", pair.privateKey),
    publicKey: base64url(new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey))),
  };
}

/** One message a push service took: its path, headers and encrypted body. */
export interface ReceivedPush {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Uint8Array;
}

/**
 * A push service on 127.0.0.1: it takes every POST, answers 201 (or what `answer` sets for a
 * path, such as 410 for a subscription gone), and keeps what came.
 */
export class TestPushService {
  readonly #answers = new Map<string, number>();
  readonly #server: RecordingServer<ReceivedPush>;

  constructor(readonly port: number) {
    this.#server = new RecordingServer(port, ({ path, headers, body }) => ({
      kept: { path, headers, body: new Uint8Array(body) },
      status: this.#answers.get(path) ?? 201,
    }));
  }

  get origin(): string {
    return this.#server.origin;
  }

  /** A subscription endpoint of this service no other test uses. */
  endpoint(): string {
    return `${this.origin}/push/${randomBytes(8).toString("hex")}`;
  }

  /** Answers every later push to `endpoint` with `status`. */
  answer(endpoint: string, status: number): void {
    this.#answers.set(new URL(endpoint).pathname, status);
  }

  start(): Promise<void> {
    return this.#server.start();
  }

  /** What came for `endpoint` so far. */
  to(endpoint: string): ReceivedPush[] {
    const path = new URL(endpoint).pathname;
    return this.#server.received.filter((push) => push.path === path);
  }

  /** Resolves with the `count`th push to `endpoint` once it came (at most `timeoutMs`). */
  next(endpoint: string, count: number, timeoutMs = 15_000): Promise<ReceivedPush> {
    return this.#server.until(
      () => this.to(endpoint)[count - 1],
      () => `expected push ${count} to ${endpoint}, got ${this.to(endpoint).length}`,
      timeoutMs,
    );
  }

  stop(): Promise<void> {
    return this.#server.stop();
  }
}

/** `user`'s browser subscribed to `service` through their inbox socket, which is then closed: they are away. */
export async function subscribedAway(clients: ClientPool, service: TestPushService, user: User): Promise<BrowserSubscription> {
  const browser = await browserSubscription(service.endpoint());
  const inbox = await clients.inbox(user);
  await inbox.expectDone({ type: "push_subscribe", ref: freshRef(), subscription: browser.subscription });
  inbox.close();
  return browser;
}
