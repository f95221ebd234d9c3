/**
 * How one conversation's state follows what happens to it, as pure functions: a server frame or
 * this user's own change gives the next state with what `on()` listeners hear. No socket, cache
 * or store in here, so the rules run in Node.
 */
import {
  edit,
  react,
  remove,
  type Change,
  type ConversationEvent,
  type ConversationMeta,
  type DeleteFrame,
  type EditFrame,
  type ErrorCode,
  type Member,
  type ReactFrame,
  type ServerFrame,
  type StoredMessage,
  type WelcomeFrame,
} from "../protocol/index.js";
import type { ConversationSnapshot, Outbox } from "./cache.js";
import { applyChanges, fromStored, mergeMessages, mergeStored, ofConversation, placeStored, unsentOnly, type ChatMessage } from "./message-order.js";

/**
 * A member or meta event held as an item of the timeline, beside the messages by seq: someone
 * joined, left, was added or removed, got a new role, or changed the conversation's title or
 * avatar. The window shows them as system lines.
 */
export type Activity = Extract<ConversationEvent, { kind: "member" | "meta" }>;

/** How an item changed: 1 added, 0 updated, -1 removed (a deleted message: its tombstone stays in `messages`). */
export type Op = 1 | 0 | -1;

/** `op` for `message`, unless it is deleted: then -1, so apps that drop an item on op < 0 drop it. */
const messageOp = (message: { deletedAt?: number }, op: Op): Op => (message.deletedAt === undefined ? op : -1);

export interface ConversationEvents {
  message: (item: ChatMessage, op: Op) => void;
  member: (item: Member, op: Op) => void;
  conversation: (item: ConversationMeta, op: Op) => void;
  /** A member came online or went offline (`online`), or opened or closed this conversation (`here`). */
  presence: (item: { userId: string; online: boolean; here: boolean }) => void;
  /** Another member's live typing text as it stands (empty: cleared), where `liveTyping` is on. */
  keystrokes: (item: { userId: string; text: string }) => void;
  /**
   * Another member read a message from someone else, at `readAt`: one per message their read
   * position newly covers (at most the newest 50 of a jump).
   */
  read: (item: { userId: string; messageId: string; readAt: number }) => void;
}

/** One call of an `on()` listener: the kind, then its arguments. */
export type Heard = { [K in keyof ConversationEvents]: [K, ...Parameters<ConversationEvents[K]>] }[keyof ConversationEvents];

/** An edit, deletion or reaction: shown at once, sent when connected, kept until answered. */
export type ChangeFrame = EditFrame | DeleteFrame | ReactFrame;

export interface ConversationState {
  /** The conversation's id, which every message names. */
  id: string;
  /** Stored messages by seq, then this user's unsent ones. */
  messages: ChatMessage[];
  /** Current members, in the order they joined. */
  members: Member[];
  /** Member and meta events among the messages held, by seq. */
  activity: Activity[];
  meta: ConversationMeta | null;
  online: string[];
  here: string[];
  /** The newest seq this client has, which the next greeting asks to resume from. */
  lastSeq: number | undefined;
}

/** The next state, with what listeners hear. */
export interface Step {
  state: ConversationState;
  /** What `on()` listeners hear, in order. */
  heard: Heard[];
}

const memberOps = { added: 1, joined: 1, updated: 0, left: -1, kicked: -1 } as const;

const unchanged = (state: ConversationState): Step => ({ state, heard: [] });

export function receive(state: ConversationState, frame: ServerFrame): Step {
  switch (frame.type) {
    case "welcome":
      return welcome(state, frame);
    case "event":
      return applyEvent({ ...state, lastSeq: Math.max(state.lastSeq ?? 0, frame.event.seq) }, frame.event);
    case "ack": {
      const lastSeq = Math.max(state.lastSeq ?? 0, frame.seq);
      // The acked message moves from the pending tail to its seq among the stored ones.
      const message = state.messages.findLast((item) => item.id === frame.id);
      if (!message) return unchanged({ ...state, lastSeq });
      const acked: ChatMessage = { ...message, seq: frame.seq, createdAt: frame.createdAt, status: "sent" };
      return { state: { ...state, lastSeq, messages: placeStored(state.messages, acked) }, heard: [["message", acked, 0]] };
    }
    case "read_by": {
      const step = updateMember(state, frame.userId, (member) => ({ ...member, lastReadSeq: Math.max(member.lastReadSeq, frame.seq) }));
      const { userId, readAt = Date.now() } = frame;
      return { ...step, heard: [...step.heard, ...(frame.messageIds ?? []).map((messageId): Heard => ["read", { userId, messageId, readAt }])] };
    }
    case "presence":
      return {
        state: { ...state, online: toggled(state.online, frame.userId, frame.online), here: toggled(state.here, frame.userId, frame.here) },
        heard: [["presence", { userId: frame.userId, online: frame.online, here: frame.here }]],
      };
    case "keystrokes_by":
      return { state, heard: [["keystrokes", { userId: frame.userId, text: frame.text }]] };
    default:
      // Answers (done, error, page) change nothing here: the outbox and requests settle them.
      // Typing lapses on a timer, so the typists keep it (src/store/typing.ts).
      return unchanged(state);
  }
}

/**
 * The server's state on (re)connect. A replay merges into what is held; a reset keeps only what
 * is unsent. Listeners hear each event, a message as added only when it was not held before.
 */
function welcome(state: ConversationState, frame: WelcomeFrame): Step {
  const kept = frame.reset ? unsentOnly(state.messages) : state.messages;
  const activity = mergeActivity(frame.reset ? [] : state.activity, frame.events);
  const known = new Set(kept.map((message) => message.id));
  const stored = frame.events.flatMap((event) => (event.kind === "message" ? [event.message] : []));
  const changed = frame.events.flatMap((event) => (event.kind === "change" ? [event.message] : []));
  const messages = applyChanges(mergeStored(kept, stored, state.id), changed, state.id);
  const held = new Map(messages.map((message) => [message.id, message]));
  const heard: Heard[] = [];
  for (const event of frame.events) {
    if (event.kind === "member" || event.kind === "meta") heard.push(heardOf(event));
    else if (held.has(event.message.id)) {
      const message = held.get(event.message.id)!;
      heard.push(["message", message, messageOp(message, event.kind === "message" && !known.has(message.id) ? 1 : 0)]);
    }
  }
  return {
    state: { id: state.id, meta: frame.meta, members: frame.members, activity, online: frame.online, here: frame.here, messages, lastSeq: frame.lastSeq },
    heard,
  };
}

function applyEvent(state: ConversationState, event: ConversationEvent): Step {
  switch (event.kind) {
    case "message": {
      // Busy conversations bring one of these per frame: no pass over the whole list here.
      const message = fromStored(event.message, state.id);
      const messages = placeStored(state.messages, message);
      // An unchanged length means a copy with this id was replaced.
      return { state: { ...state, messages }, heard: [["message", message, messages.length === state.messages.length ? 0 : 1]] };
    }
    case "member": {
      const others = state.members.filter((member) => member.userId !== event.member.userId);
      const members = memberOps[event.op] === -1 ? others : [...others, event.member].sort((a, b) => a.joinedAt - b.joinedAt);
      return { state: { ...state, members, activity: mergeActivity(state.activity, [event]) }, heard: [heardOf(event)] };
    }
    case "meta":
      return { state: { ...state, meta: event.meta, activity: mergeActivity(state.activity, [event]) }, heard: [heardOf(event)] };
    case "change":
      // A change to a message not held is already in that message when a page brings it.
      if (!state.messages.some((message) => message.id === event.message.id)) return unchanged(state);
      return { state: { ...state, messages: applyChanges(state.messages, [event.message], state.id) }, heard: [["message", fromStored(event.message, state.id), messageOp(event.message, 0)]] };
  }
}

/** `held` with the member and meta events of `events` added, each seq once, by seq. */
export function mergeActivity(held: readonly Activity[], events: readonly ConversationEvent[]): Activity[] {
  const added = events.filter((event): event is Activity => event.kind === "member" || event.kind === "meta");
  if (!added.length) return held as Activity[];
  const bySeq = new Map([...held, ...added].map((event) => [event.seq, event]));
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

function heardOf(event: Extract<ConversationEvent, { kind: "member" | "meta" }>): Heard {
  return event.kind === "member" ? ["member", event.member, memberOps[event.op]] : ["conversation", event.meta, 0];
}

/** `userId`'s member entry changed by `change`, when they are a member. */
export function updateMember(state: ConversationState, userId: string, change: (member: Member) => Member): Step {
  let changed: Member | undefined;
  const members = state.members.map((member) => (member.userId === userId ? (changed = change(member)) : member));
  return changed ? { state: { ...state, members }, heard: [["member", changed, 0]] } : unchanged(state);
}

/** A message this user just wrote, shown at once at the end of the pending tail. */
export function appendPending(state: ConversationState, message: ChatMessage): Step {
  return { state: { ...state, messages: [...state.messages, message] }, heard: [["message", message, 1]] };
}

/** The message with `replacement`'s id replaced by it. */
export function replaceMessage(state: ConversationState, replacement: ChatMessage): Step {
  const messages = state.messages.map((message) => (message.id === replacement.id ? replacement : message));
  return { state: { ...state, messages }, heard: [["message", replacement, messageOp(replacement, 0)]] };
}

/** Each unsent message `refused` picks shows `reason` (and its `code`) as failed, to be retried or left. */
export function failMessages(
  state: ConversationState,
  refused: (message: ChatMessage) => boolean,
  reason: string,
  code?: ErrorCode,
): Step & { failed: ChatMessage[] } {
  const failed: ChatMessage[] = [];
  const messages = state.messages.map((message) => {
    if (message.seq !== null || !refused(message)) return message;
    const copy: ChatMessage = { ...message, status: "failed", error: reason, ...(code ? { errorCode: code } : {}) };
    failed.push(copy);
    return copy;
  });
  return { state: failed.length ? { ...state, messages } : state, heard: failed.map((message) => ["message", message, 0]), failed };
}

/**
 * The cached conversation under what this client already holds, which is newer: the cache fills
 * in only what is missing, and the outbox's unsent messages join the list.
 */
export function restoreCached(state: ConversationState, snapshot: ConversationSnapshot | undefined, outbox: Outbox | undefined): Step {
  const cached = [...(snapshot?.messages ?? []), ...Object.values(outbox?.messages ?? {})].map((message) => ofConversation(message, state.id));
  const messages = mergeMessages(cached, state.messages);
  if (!snapshot) return unchanged({ ...state, messages });
  const members = state.members.length ? state.members : snapshot.members;
  // Snapshots written before system lines have no activity.
  const activity = mergeActivity(snapshot.activity ?? [], state.activity);
  return unchanged({ ...state, meta: state.meta ?? snapshot.meta, members, activity, lastSeq: state.lastSeq ?? snapshot.lastSeq, messages });
}

/**
 * Messages (and the member and meta events among them) from a history page merged in, each once;
 * listeners hear each message not held before as added, oldest first.
 */
export function mergePage(state: ConversationState, page: ChatMessage[], activity: readonly Activity[] = []): Step {
  const held = new Set(state.messages.map((message) => message.id));
  return {
    state: { ...state, messages: mergeMessages(state.messages, page), activity: mergeActivity(state.activity, activity) },
    heard: page.filter((message) => !held.has(message.id)).map((message) => ["message", message, messageOp(message, 1)]),
  };
}

/** The rule for `frame`, applied to `message` by `actor`. */
function applyChange(message: StoredMessage, actor: Member, frame: ChangeFrame, at: number): Change {
  if (frame.type === "edit") return edit(message, actor, frame, at);
  if (frame.type === "delete") return remove(message, actor, at);
  return react(message, actor.userId, frame.emoji, frame.on);
}

/**
 * `userId`'s change shown before the server answers, by the rules the server enforces; refused
 * when they forbid it. A message not yet stored (or a user not yet a member) is left as it is
 * until the server answers. `before` is the message as it was, to put back on a refusal.
 */
export function changeAtOnce(
  state: ConversationState,
  userId: string,
  frame: ChangeFrame,
  at: number,
): { ok: false; code: ErrorCode; message: string } | { ok: true; step: Step; before?: ChatMessage } {
  const before = state.messages.find((message) => message.id === frame.messageId);
  const me = state.members.find((member) => member.userId === userId);
  if (!before || !me || before.seq === null) return { ok: true, step: unchanged(state), before };
  const changed = applyChange(before as StoredMessage, me, frame, at);
  if (!changed.ok) return changed;
  return { ok: true, step: replaceMessage(state, { ...ofConversation(changed.message, state.id), seq: before.seq, status: before.status }), before };
}

/** `ids` with `id` in it or not. */
function toggled(ids: readonly string[], id: string, present: boolean): string[] {
  const others = ids.filter((other) => other !== id);
  return present ? [...others, id] : others;
}
