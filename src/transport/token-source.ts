/**
 * Where a chat's tokens come from: a token the page gave, a `tokenProvider` the page asks
 * again before expiry and after a refusal, or (guest mode) the server's `/auth/guest`.
 */
import { claimsOf } from "./token-claims.js";

export interface TokenSourceOptions {
  /** Server host, e.g. `chat.example.com` or `127.0.0.1:8787`. */
  host: string;
  token?: string;
  tokenProvider?: () => Promise<string>;
  /** Ask the server for a guest token for this user (guest mode only). */
  guest?: { user: string; name?: string };
}

/** How long before expiry a token is replaced. */
const REFRESH_MARGIN_MS = 60_000;
/** A guest sign-in that has not answered by then has failed: the socket tries again later. */
const GUEST_TOKEN_TIMEOUT_MS = 15_000;

/** `http(s)://host` for a host as PartySocket takes it: plain http on loopback and LAN hosts. */
export function httpOrigin(host: string): string {
  if (/^https?:\/\//.test(host)) return host.replace(/\/$/, "");
  const local = /^(localhost|127\.|\[::1\]|192\.168\.|10\.|172\.(1[6-9]|2\d|3[01])\.)/.test(host);
  return `${local ? "http" : "https"}://${host}`;
}

/**
 * When to replace a token: a minute before it expires, or half-way through a shorter life,
 * so a short-lived token is not replaced over and over.
 */
export function refreshTime(token: string, now = Date.now()): number | undefined {
  const expiry = expiryOf(token);
  if (expiry === undefined) return undefined;
  return expiry - Math.min(REFRESH_MARGIN_MS, Math.max(0, expiry - now) / 2);
}

/** Milliseconds since the epoch when `token` expires, if it says. */
export function expiryOf(token: string): number | undefined {
  try {
    const { exp } = claimsOf(token);
    return typeof exp === "number" ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

export class TokenSource {
  readonly #options: TokenSourceOptions;
  #token: string | undefined;
  #pending: Promise<string> | undefined;
  #refreshTimer: ReturnType<typeof setTimeout> | undefined;
  #refreshAt: number | undefined;
  #disposed = false;

  constructor(options: TokenSourceOptions) {
    this.#options = options;
    this.#token = options.token;
    this.#refreshAt = options.token ? refreshTime(options.token) : undefined;
  }

  /** Whether a fresh token can be had without the page's help. */
  get canRefresh(): boolean {
    return Boolean(this.#options.tokenProvider || this.#options.guest);
  }

  /** A token that is not about to expire. */
  get(): Promise<string> {
    const fresh = this.#token && (this.#refreshAt === undefined || Date.now() < this.#refreshAt);
    if (fresh || (this.#token && !this.canRefresh)) return Promise.resolve(this.#token!);
    return this.refresh();
  }

  /** Fetches a new token, once however many ask at the same time. */
  refresh(): Promise<string> {
    if (!this.canRefresh) {
      return this.#token ? Promise.resolve(this.#token) : Promise.reject(new Error("confab: no token, tokenProvider or guest user given"));
    }
    this.#pending ??= this.#fetch()
      .then((token) => {
        this.set(token);
        return token;
      })
      .finally(() => {
        this.#pending = undefined;
      });
    return this.#pending;
  }

  /** Uses `token` from now on, and plans its replacement before it expires. */
  set(token: string): void {
    this.#token = token;
    this.#refreshAt = refreshTime(token);
    clearTimeout(this.#refreshTimer);
    // An expired token is replaced when the server refuses it, not in a loop here.
    const wait = this.#refreshAt === undefined ? -1 : this.#refreshAt - Date.now();
    if (this.#disposed || !this.canRefresh || wait <= 0) return;
    this.#refreshTimer = setTimeout(() => void this.refresh().catch(() => {}), wait);
  }

  dispose(): void {
    this.#disposed = true;
    clearTimeout(this.#refreshTimer);
  }

  async #fetch(): Promise<string> {
    const { tokenProvider, guest, host } = this.#options;
    if (tokenProvider) return tokenProvider();
    const response = await fetch(`${httpOrigin(host)}/auth/guest`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user: guest!.user, name: guest!.name }),
      signal: AbortSignal.timeout(GUEST_TOKEN_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`confab: guest sign-in failed (${response.status}): ${await response.text()}`);
    return ((await response.json()) as { token: string }).token;
  }
}
