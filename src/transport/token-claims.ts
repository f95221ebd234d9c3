/**
 * The claims a token carries, read without verifying it: the widget needs only whom a token
 * names and when it expires, and the server verifies every token it is given. Written here
 * rather than taken from jose's decodeJwt, which costs about 550 B gzip of the embed for what
 * these lines do; the server keeps jose for verifying.
 */

/** What the widget reads of a token's payload; anything else in it is kept unread. */
export interface TokenClaims {
  sub?: string;
  name?: unknown;
  exp?: unknown;
  [claim: string]: unknown;
}

/** The payload of the JWT `token`, or an error saying why it is not one. */
export function claimsOf(token: string): TokenClaims {
  const parts = token.split(".");
  if (parts.length !== 3) throw new Error("confab: a token is a JWT, three parts joined by dots");
  let claims: unknown;
  try {
    const binary = atob(parts[1]!.replace(/-/g, "+").replace(/_/g, "/"));
    claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (character) => character.charCodeAt(0))));
  } catch {
    throw new Error("confab: a token's payload is base64url-encoded JSON");
  }
  if (typeof claims !== "object" || claims === null || Array.isArray(claims)) throw new Error("confab: a token's payload is a JSON object");
  return claims as TokenClaims;
}
