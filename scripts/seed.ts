/**
 * The demo's starting conversations, written through the server API (`/api/v1`) so that a
 * newcomer's first `npm start` opens onto a live chat instead of two empty lists: a one-to-one
 * between the guests alice and bob, and a small group with carol. Used by scripts/start.ts,
 * scripts/screenshots.ts and test/e2e/demo.test.ts.
 *
 * Idempotent: a conversation that already exists is left as it is (the server keeps data across
 * restarts), and every message has a fixed id, so a seed cut short is finished by the next run
 * without doubling anything the server already stored.
 */
import { directConversationId } from "../src/server/direct-id.js";
import { DEV_VARS } from "./servers.js";

/** The demo pages' users in guest mode: a guest who picks "alice" is "~alice" (src/protocol/limits.ts guestId). */
export const DEMO_USERS = {
  alice: { userId: "~alice", name: "Alice" },
  bob: { userId: "~bob", name: "Bob" },
  carol: { userId: "~carol", name: "Carol" },
} as const;

/** The group's id, chosen here as a host backend would (no dm_, g_ or c_ prefix). */
export const DEMO_GROUP_ID = "demo-launch";
export const DEMO_GROUP_TITLE = "Launch plan";

interface SeedMessage {
  id: string;
  userId: string;
  text: string;
  replyTo?: string;
  mentions?: string[];
}

const { alice, bob, carol } = DEMO_USERS;

/** What alice and bob say: markdown, a reply, a link and a code block, all things Confab shows. */
export const DIRECT_MESSAGES: readonly SeedMessage[] = [
  { id: "5eed0001-0000-4000-8000-000000000001", userId: alice.userId, text: "Hi Bob! This is **Confab**: live chat whose history survives reloads and server restarts." },
  { id: "5eed0001-0000-4000-8000-000000000002", userId: bob.userId, text: "Nice. Does it do *markdown*, like `code` and **bold**?" },
  {
    id: "5eed0001-0000-4000-8000-000000000003",
    userId: alice.userId,
    replyTo: "5eed0001-0000-4000-8000-000000000002",
    text: "It does, and this is a reply to you. Links too: https://developers.cloudflare.com/durable-objects/",
  },
  { id: "5eed0001-0000-4000-8000-000000000004", userId: bob.userId, text: "And a code block?\n```\nnpm ci && npm start\n```" },
  { id: "5eed0001-0000-4000-8000-000000000005", userId: alice.userId, text: "Type something: I'll see you typing, then see when you've read it." },
];

/** The group: a mention of bob and his reply to it. */
export const GROUP_MESSAGES: readonly SeedMessage[] = [
  { id: "5eed0002-0000-4000-8000-000000000001", userId: alice.userId, text: "Welcome to the launch plan, both of you!" },
  { id: "5eed0002-0000-4000-8000-000000000002", userId: carol.userId, text: "I'll check the German strings." },
  {
    id: "5eed0002-0000-4000-8000-000000000003",
    userId: alice.userId,
    text: "@Bob can you retake the screenshots before Friday?",
    mentions: [bob.userId],
  },
  { id: "5eed0002-0000-4000-8000-000000000004", userId: bob.userId, replyTo: "5eed0002-0000-4000-8000-000000000003", text: "On it, before lunch." },
];

export interface SeedResult {
  /** The one-to-one's id (derived by the server from the pair). */
  directId: string;
  groupId: string;
  /** The conversations this run created; empty when the seed was there already. */
  created: string[];
}

/** Seeds the demo's conversations on the server at `serverUrl` (e.g. `http://127.0.0.1:8787`). */
export async function seedDemo(serverUrl: string, apiKey: string = DEV_VARS.API_KEY): Promise<SeedResult> {
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; value: unknown }> => {
    const response = await fetch(`${serverUrl}/api/v1/${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const value = await response.json().catch(() => undefined);
    if (!response.ok && response.status !== 404) {
      throw new Error(`seeding the demo: ${method} /api/v1/${path} answered ${response.status}: ${JSON.stringify(value)}`);
    }
    return { status: response.status, value };
  };
  const exists = async (conversationId: string) => (await call("GET", `conversations/${conversationId}`)).status === 200;
  const post = async (conversationId: string, messages: readonly SeedMessage[]) => {
    // One at a time, so they keep this order.
    for (const message of messages) await call("POST", `conversations/${conversationId}/messages`, message);
  };

  // Profiles first, so each sees the others' names before they have ever connected.
  for (const user of Object.values(DEMO_USERS)) await call("PUT", `users/${encodeURIComponent(user.userId)}`, { name: user.name });

  const created: string[] = [];
  // The server derives a one-to-one's id from the pair; the same function names it here.
  const directId = await directConversationId(alice.userId, bob.userId);
  if (!(await exists(directId))) {
    await call("POST", "conversations", { type: "direct", members: [{ userId: alice.userId }, { userId: bob.userId }] });
    await post(directId, DIRECT_MESSAGES);
    created.push(directId);
  }

  if (!(await exists(DEMO_GROUP_ID))) {
    await call("POST", "conversations", {
      type: "group",
      id: DEMO_GROUP_ID,
      title: DEMO_GROUP_TITLE,
      members: [{ userId: alice.userId, role: "owner" }, { userId: bob.userId }, { userId: carol.userId }],
    });
    await post(DEMO_GROUP_ID, GROUP_MESSAGES);
    created.push(DEMO_GROUP_ID);
  }
  return { directId, groupId: DEMO_GROUP_ID, created };
}
