/**
 * Verifies the JWTs a host site's backend signs for its users (HS256 with a shared secret, or
 * RS256 / ES256 with a public key or a JWKS URL), and, in guest mode only, issues tokens of
 * its own. Configuration comes from wrangler vars and secrets; see README "Authentication".
 */
import {
  SignJWT,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  importSPKI,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from "jose";
import { GUEST_ID_PREFIX, LIMITS, USER_ID_PATTERN, USER_ID_RULE, clippedLabel, isGuestId } from "../protocol/index.js";
import type { Identity } from "./identity.js";

/** Why a token was refused, in words a developer can act on. */
export class AuthError extends Error {}

const GUEST_ISSUER = "confab-guest";
const GUEST_TOKEN_SECONDS = 60 * 60;

export const guestModeOn = (env: Cloudflare.Env) => env.GUEST_MODE === "on";

function guestKey(env: Cloudflare.Env): Uint8Array {
  if (!env.GUEST_SECRET) throw new AuthError("guest mode needs GUEST_SECRET to sign its tokens");
  return new TextEncoder().encode(env.GUEST_SECRET);
}

type Verifier = { key: Uint8Array | CryptoKey | JWTVerifyGetKey; algorithms: string[] };

let jwksCache: { url: string; keys: JWTVerifyGetKey } | undefined;

/** The key and algorithms configured for the host site's tokens. */
async function siteVerifier(env: Cloudflare.Env): Promise<Verifier> {
  const algorithms = (env.JWT_ALGORITHMS ?? "").split(",").map((alg) => alg.trim()).filter(Boolean);
  if (env.JWT_JWKS_URL) {
    if (jwksCache?.url !== env.JWT_JWKS_URL) {
      jwksCache = { url: env.JWT_JWKS_URL, keys: createRemoteJWKSet(new URL(env.JWT_JWKS_URL)) };
    }
    return { key: jwksCache.keys, algorithms: algorithms.length ? algorithms : ["RS256", "ES256"] };
  }
  if (env.JWT_PUBLIC_KEY) {
    const algorithm = algorithms[0] ?? "RS256";
    return { key: await importSPKI(env.JWT_PUBLIC_KEY, algorithm), algorithms: [algorithm] };
  }
  if (env.JWT_SECRET) return { key: new TextEncoder().encode(env.JWT_SECRET), algorithms: ["HS256"] };
  throw new AuthError("this server has no JWT key configured (JWT_SECRET, JWT_PUBLIC_KEY or JWT_JWKS_URL)");
}

/** Guest tokens are told apart by their issuer, and only count while guest mode is on. */
function isGuestToken(token: string): boolean {
  try {
    return decodeJwt(token).iss === GUEST_ISSUER;
  } catch {
    return false;
  }
}

function identityFrom(payload: JWTPayload, guest: boolean): Identity {
  const userId = payload.sub;
  if (typeof userId !== "string" || !USER_ID_PATTERN.test(userId)) {
    throw new AuthError(`token sub must be a user id: ${USER_ID_RULE}`);
  }
  // Guests' ids and the host's users' never meet: neither can become the other.
  if (isGuestId(userId) !== guest) {
    throw new AuthError(guest ? "a guest token's sub must be a guest id" : `token sub may not start with ${GUEST_ID_PREFIX}: those ids are guests'`);
  }
  const name = (typeof payload.name === "string" && clippedLabel(payload.name, LIMITS.titleLength)) || userId;
  const avatar = typeof payload.avatar === "string" && /^https?:\/\//i.test(payload.avatar) ? payload.avatar.slice(0, LIMITS.avatarLength) : undefined;
  return { userId, name, avatar };
}

/** The identity a token proves, or an AuthError saying why it proves nothing. */
export async function verifyToken(token: string | null, env: Cloudflare.Env): Promise<Identity> {
  if (!token) throw new AuthError("missing token: pass ?token= on sockets or Authorization: Bearer on HTTP");
  try {
    decodeProtectedHeader(token);
  } catch {
    throw new AuthError("token is malformed: expected a compact JWT");
  }
  const guest = isGuestToken(token);
  if (guest && !guestModeOn(env)) throw new AuthError("guest tokens are not accepted: guest mode is off");
  const verifier = guest ? { key: guestKey(env), algorithms: ["HS256"] } : await siteVerifier(env);
  try {
    const { payload } = await jwtVerify(token, verifier.key as Uint8Array, {
      algorithms: verifier.algorithms,
      requiredClaims: ["sub", "exp"],
      issuer: guest ? GUEST_ISSUER : env.JWT_ISSUER || undefined,
      audience: guest ? undefined : env.JWT_AUDIENCE || undefined,
    });
    return identityFrom(payload, guest);
  } catch (error) {
    throw new AuthError(describeJoseError(error));
  }
}

function describeJoseError(error: unknown): string {
  if (error instanceof AuthError) return error.message;
  if (error instanceof errors.JWTExpired) return "token expired: ask your backend for a fresh one";
  if (error instanceof errors.JOSEAlgNotAllowed) return "token algorithm is not accepted by this server";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "token signature is invalid";
  if (error instanceof errors.JWTClaimValidationFailed) return `token claim ${error.claim} is invalid: ${error.reason}`;
  if (error instanceof errors.JOSEError) return `token is invalid: ${error.code}`;
  return "token could not be verified";
}

/** A token for a guest whose (guest) id is `userId`, named `name`: only while guest mode is on. */
export async function issueGuestToken(env: Cloudflare.Env, userId: string, name: string): Promise<{ token: string; expiresAt: number }> {
  const expiresAt = Math.floor(Date.now() / 1000) + GUEST_TOKEN_SECONDS;
  const token = await new SignJWT({ name })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(userId)
    .setIssuer(GUEST_ISSUER)
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(guestKey(env));
  return { token, expiresAt: expiresAt * 1000 };
}
