/**
 * The server API under `/api/v1`: JSON over HTTP for the host site's backend, with a secret
 * key (`Authorization: Bearer $API_KEY`). Each call is an RPC into the same Conversation and
 * Inbox Durable Object steps the sockets use, so what it does reaches every open widget live,
 * as the same events with the same seqs. openapi.yaml documents it.
 *
 * Never from a browser: the answers carry no CORS headers, and a request with an Origin header
 * (which browsers add to every cross-origin and every non-GET request) is refused unless that
 * origin is in API_ORIGINS. A key that reached a page would be every user's key; refusing it
 * makes that mistake fail at once rather than work quietly.
 */
import * as v from "valibot";
import { CONVERSATION_ID_PATTERN, CONVERSATION_ID_PREFIXES, CONVERSATION_ID_RULE, USER_ID_PATTERN, USER_ID_RULE, type ErrorCode } from "../../protocol/index.js";
import {
  CreateConversationBody,
  MemberBody,
  MessagesQuery,
  PostMessageBody,
  SearchQuery,
  UpdateConversationBody,
  UserBody,
  NotificationsBody,
  UsersQuery,
  DeleteUserQuery,
  ClockBody,
} from "./schemas.js";
import { deleteUser } from "./user-deletion.js";
import { searchUsers } from "../directory/search-sql.js";
import type { ApiOutcome } from "../conversation/conversation-api.js";
import { directConversationId, randomGroupId } from "../direct-id.js";
import { conversationOf, inboxOf } from "../stubs.js";
import { testClockOn } from "../test-clock.js";

export const API_PREFIX = "/api/v1/";

const STATUS: Partial<Record<ErrorCode, number>> = {
  bad_frame: 400,
  not_found: 404,
  not_member: 404,
  forbidden: 403,
  exists: 409,
  id_conflict: 409,
  blocked_word: 422,
};

/** Errors are `{ error: { code, message } }` with the matching status. */
function failure(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status, headers: { "cache-control": "no-store" } });
}

function json(value: unknown, status = 200): Response {
  return Response.json(value, { status, headers: { "cache-control": "no-store" } });
}

function answer<T>(outcome: ApiOutcome<T>, status = 200): Response {
  return outcome.ok ? json(outcome.value, status) : failure(STATUS[outcome.code] ?? 500, outcome.code, outcome.message);
}

/** Compares two secrets in time that depends on neither: both are hashed to equal length first. */
async function sameSecret(given: string, expected: string): Promise<boolean> {
  const encoder = new TextEncoder();
  const [a, b] = await Promise.all([given, expected].map((text) => crypto.subtle.digest("SHA-256", encoder.encode(text))));
  return crypto.subtle.timingSafeEqual(a!, b!);
}

async function refusal(request: Request, env: Cloudflare.Env): Promise<Response | undefined> {
  if (!env.API_KEY) return failure(404, "api_off", "the server API is off on this server: set the API_KEY secret to turn it on");
  const origin = request.headers.get("origin");
  const allowedOrigins = (env.API_ORIGINS ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
  if (origin !== null && !allowedOrigins.includes(origin)) {
    return failure(403, "browser_refused", "the server API is for your backend, never a browser: requests with an Origin header are refused (API_ORIGINS lists exceptions)");
  }
  const key = request.headers.get("authorization")?.match(/^Bearer\s+(.+)$/i)?.[1];
  if (!key || !(await sameSecret(key, env.API_KEY))) {
    return failure(401, "unauthorized", "send the server's API key as `Authorization: Bearer <API_KEY>`");
  }
  return undefined;
}

async function body<T>(request: Request, schema: v.GenericSchema<unknown, T>): Promise<{ ok: true; value: T } | { ok: false; response: Response }> {
  const raw = await request.json().catch(() => undefined);
  if (raw === undefined) return { ok: false, response: failure(400, "bad_request", "the body must be JSON") };
  return validated(schema, raw);
}

function validated<T>(schema: v.GenericSchema<unknown, T>, raw: unknown): { ok: true; value: T } | { ok: false; response: Response } {
  const parsed = v.safeParse(schema, raw);
  if (parsed.success) return { ok: true, value: parsed.output };
  const message = parsed.issues
    .map((issue) => {
      const path = v.getDotPath(issue);
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join("; ");
  return { ok: false, response: failure(400, "bad_request", message) };
}


/** The decoded segments of `path`, or undefined when one is not valid percent-encoding. */
function pathParts(path: string): string[] | undefined {
  try {
    return path.split("/").map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

/** Answers a request under `/api/v1/`. */
export async function handleApiRequest(request: Request, env: Cloudflare.Env): Promise<Response> {
  const refused = await refusal(request, env);
  if (refused) return refused;
  const url = new URL(request.url);
  const parts = pathParts(url.pathname.slice(API_PREFIX.length));
  if (!parts) return failure(400, "bad_request", "the path holds a malformed %-escape");
  const method = request.method;
  const [collection, id, sub, subId, detail] = parts;
  const userIdRefusal = () => failure(400, "bad_request", USER_ID_RULE);

  if (collection === "users" && id === undefined && method === "GET") return listUsers(url, env);

  if (collection === "users" && id !== undefined) {
    if (!USER_ID_PATTERN.test(id)) return userIdRefusal();
    const inbox = inboxOf(env, id);
    if (sub === undefined && method === "PUT") {
      const given = await body(request, UserBody);
      if (!given.ok) return given.response;
      const { avatar, ...rest } = given.value;
      return json(await inbox.upsertUser({ ...rest, ...(avatar ? { avatar } : {}) }));
    }
    if (sub === undefined && method === "GET") {
      const user = await inbox.user();
      return user ? json(user) : failure(404, "not_found", `no user ${id} has connected or been set`);
    }
    if (sub === undefined && method === "DELETE") {
      const query = validated(DeleteUserQuery, Object.fromEntries(url.searchParams));
      return query.ok ? removeUser(env, id, query.value.erase === "messages") : query.response;
    }
    if (sub === "notifications" && subId === undefined && method === "GET") return json(await inbox.notificationsView());
    if (sub === "notifications" && subId === undefined && method === "PUT") {
      const given = await body(request, NotificationsBody);
      return given.ok ? json(await inbox.setNotificationLevel(given.value.level)) : given.response;
    }
    if (sub === "conversations" && subId === undefined && method === "GET") return json({ conversations: await inbox.conversations() });
    if (sub === "clock" && subId === undefined && method === "POST") return advanceClock(request, env, inbox);
    if (sub === "blocks" && subId === undefined && method === "GET") return json({ blocked: await inbox.blocked() });
    if (sub === "blocks" && subId !== undefined && (method === "PUT" || method === "DELETE")) {
      if (!USER_ID_PATTERN.test(subId)) return userIdRefusal();
      const blocking = method === "PUT";
      const outcome = await inbox.block(subId, blocking);
      return answer(outcome.ok ? { ok: true, value: { userId: subId, blocked: blocking } } : outcome);
    }
  }

  if (collection === "conversations" && id === undefined && method === "POST") return createConversation(request, env);

  if (collection === "conversations" && id !== undefined) {
    if (!CONVERSATION_ID_PATTERN.test(id)) return failure(400, "bad_request", CONVERSATION_ID_RULE);
    const conversation = conversationOf(env, id);
    if (sub === undefined) {
      if (method === "GET") return answer(await conversation.apiGet());
      if (method === "PATCH") {
        const given = await body(request, UpdateConversationBody);
        return given.ok ? answer(await conversation.apiUpdate(given.value)) : given.response;
      }
      if (method === "DELETE") return answer(await conversation.apiDelete());
    }
    if (sub === "members" && subId !== undefined && detail === "mute") {
      if (!USER_ID_PATTERN.test(subId)) return userIdRefusal();
      if (method === "PUT" || method === "DELETE") return answer(await conversation.apiMute(subId, method === "PUT"));
    }
    if (sub === "bans" && subId === undefined && method === "GET") return answer(await conversation.apiBans());
    if (sub === "bans" && subId !== undefined && detail === undefined) {
      if (!USER_ID_PATTERN.test(subId)) return userIdRefusal();
      if (method === "PUT") return answer(await conversation.apiBan(subId));
      if (method === "DELETE") return answer(await conversation.apiUnban(subId));
    }
    if (sub === "search" && subId === undefined && method === "GET") {
      const query = validated(SearchQuery, Object.fromEntries(url.searchParams));
      return query.ok ? answer(await conversation.apiSearch(query.value.q, query.value.limit, query.value.userId)) : query.response;
    }
    if (sub === "members" && subId !== undefined && detail === undefined) {
      if (!USER_ID_PATTERN.test(subId)) return userIdRefusal();
      if (method === "PUT") {
        const given = await body(request, MemberBody);
        if (!given.ok) return given.response;
        const outcome = await conversation.apiPutMember(subId, given.value.role);
        return answer(outcome, outcome.ok && outcome.value.added ? 201 : 200);
      }
      if (method === "DELETE") return answer(await conversation.apiRemoveMember(subId));
    }
    if (sub === "messages" && subId === undefined) {
      if (method === "POST") {
        const given = await body(request, PostMessageBody);
        if (!given.ok) return given.response;
        const outcome = await conversation.apiPost(given.value);
        return answer(outcome, outcome.ok && outcome.value.created ? 201 : 200);
      }
      if (method === "GET") {
        const query = validated(MessagesQuery, Object.fromEntries(url.searchParams));
        return query.ok ? answer(await conversation.apiMessages(query.value)) : query.response;
      }
    }
    if (sub === "messages" && subId !== undefined && method === "DELETE") return answer(await conversation.apiDeleteMessage(subId));
  }
  return failure(404, "not_found", `no ${method} ${url.pathname} in the server API (see openapi.yaml)`);
}

/** The host lists and searches as nobody: no user's id is empty, so nobody is left out. */
const HOST_SEARCHER = "";

/** `GET /users`: a page of everyone in the directory, by name, or found by `q` as the widget finds people. */
async function listUsers(url: URL, env: Cloudflare.Env): Promise<Response> {
  const query = validated(UsersQuery, Object.fromEntries(url.searchParams));
  if (!query.ok) return query.response;
  const { q, cursor, limit } = query.value;
  const page = await searchUsers(env.DIRECTORY, { searcherId: HOST_SEARCHER, text: q, sharedOnly: false, blocked: [], cursor, limit });
  if (!page.ok) return failure(400, "bad_request", "cursor: not one this server gave for this q; list again without it");
  return json({ users: page.people, ...(page.next ? { next: page.next } : {}) });
}

/**
 * `POST /users/:id/clock`: moves the user's Inbox clock on and runs what is then due (their
 * digest): tests on a development server only (TEST_CLOCK, src/server/test-clock.ts).
 */
async function advanceClock(request: Request, env: Cloudflare.Env, inbox: ReturnType<typeof inboxOf>): Promise<Response> {
  if (!testClockOn(env)) return failure(404, "not_found", "the clock moves only on a development server started with TEST_CLOCK=on");
  const given = await body(request, ClockBody);
  return given.ok ? json(await inbox.advanceClock(given.value.advanceSeconds * 1000)) : given.response;
}

/** `DELETE /users/:id`: a failure part way is answered 500, and the same request finishes the job. */
async function removeUser(env: Cloudflare.Env, userId: string, eraseMessages: boolean): Promise<Response> {
  try {
    const deleted = await deleteUser(env, userId, eraseMessages);
    return deleted ? json(deleted) : failure(404, "not_found", `no user ${userId} has signed in or been registered`);
  } catch (error) {
    console.error(`api: deleting user ${userId} stopped part way`, error);
    return failure(500, "internal", `deleting ${userId} stopped part way; send the same request again to finish it`);
  }
}

async function createConversation(request: Request, env: Cloudflare.Env): Promise<Response> {
  const given = await body(request, CreateConversationBody);
  if (!given.ok) return given.response;
  const { members, id, ...spec } = given.value;
  const userIds = members.map((member) => member.userId);
  if (new Set(userIds).size !== userIds.length) return failure(400, "bad_request", "members: each user may be named once");
  let conversationId: string;
  if (spec.type === "direct") {
    if (members.length !== 2) return failure(400, "bad_request", "members: a one-to-one conversation has exactly two members");
    conversationId = await directConversationId(userIds[0]!, userIds[1]!);
    if (id !== undefined && id !== conversationId) return failure(400, "bad_request", `id: a one-to-one conversation's id derives from the pair: ${conversationId}`);
  } else {
    const { direct, clientNamed } = CONVERSATION_ID_PREFIXES;
    if (id?.startsWith(direct)) return failure(400, "bad_request", `id: ids starting with ${direct} are kept for one-to-one conversations`);
    if (id?.startsWith(clientNamed)) return failure(400, "bad_request", `id: ids starting with ${clientNamed} are named by widgets; pick another`);
    conversationId = id ?? randomGroupId();
  }
  const people = members.map((member) => ({ userId: member.userId, role: member.role ?? "member" }));
  return answer(await conversationOf(env, conversationId).apiCreate(spec, people), 201);
}
