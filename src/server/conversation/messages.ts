/**
 * Handlers for what members do with messages: send, edit, delete, react, type and read. Each
 * takes the room, the acting member and the frame, and returns what it came to; the server API
 * posts and deletes through the same steps.
 */
import {
  edit,
  failure,
  LIMITS,
  react,
  remove,
  type DeleteFrame,
  type Attachment,
  type EditFrame,
  type Failure,
  type HereFrame,
  type Member,
  type Outcome,
  type ReactFrame,
  type ReadFrame,
  type SendFrame,
  type StoredMessage,
  type TypingFrame,
} from "../../protocol/index.js";
import { checkAttachments, deleteAttachments } from "../attachments.js";
import { inboxOf } from "../stubs.js";
import type { Handled, RoomSocket } from "../room.js";
import { countedMentions, type ChatRoom } from "./chat-room.js";
import { countUnread, findMessage, lastSeq, messagesRead } from "./events-sql.js";
import { addMentions, blocks, findMember, markOpened, markSent, setUnread, updateMember } from "./members-sql.js";

/** A message to post, from a socket's send or the server API. */
export type MessagePost = Omit<SendFrame, "type">;

type Posted = { ok: true; message: StoredMessage; created: boolean } | Failure;

const blockedWord = (word: string): Failure =>
  failure("blocked_word", `the word "${word}" is not allowed on this server; change the text and send it again`);

/** A server's own cap on message text, which may be lower than the protocol's. */
const tooLong = (room: ChatRoom, text: string): Failure | undefined =>
  text.length > room.limits.messageTextLength
    ? failure("bad_frame", `message text must be at most ${room.limits.messageTextLength} characters on this server`)
    : undefined;

/**
 * Stores a message once (a known id from its sender is the stored one again) and tells every
 * member's socket but those `without`, inboxes and webhooks. `system`: from the conversation
 * itself, by no member.
 */
export function postMessage(room: ChatRoom, sender: { userId: string; name: string }, request: MessagePost, without: string[], system = false): Posted {
  const { db } = room;
  const long = tooLong(room, request.text);
  if (long) return long;
  if (request.replyTo && !findMessage(db, request.replyTo)) return failure("not_found", "the message replied to is not in this conversation");
  const peer = room.directPeerOf(sender.userId);
  if (peer && blocks(db, sender.userId, peer.userId)) return failure("forbidden", `you have blocked ${peer.userId}; unblock them to write to them`);
  const existing = findMessage(db, request.id);
  if (existing) {
    if (existing.senderId !== sender.userId) return failure("id_conflict", "another sender already used this message id; pick a fresh UUID");
    // A resend after a lost ack: the message it already is, with its seq.
    return { ok: true, message: existing, created: false };
  }
  const screened = system ? { ok: true as const, text: request.text } : room.words.screen(request.text);
  if (!screened.ok) return blockedWord(screened.word);
  // A peer who blocks the sender never gets this message: not live, in replays, pages, counts or search.
  const hiddenFrom = peer && blocks(db, peer.userId, sender.userId) ? peer.userId : undefined;
  const mentions = room.keptMentions(screened.text, request.mentions ?? []);
  const event = room.append(
    {
      kind: "message",
      message: {
        id: request.id,
        senderId: sender.userId,
        senderName: sender.name,
        text: screened.text,
        metadata: request.metadata,
        attachments: request.attachments,
        ...(mentions.length ? { mentions } : {}),
        createdAt: Date.now(),
        ...(request.replyTo ? { replyTo: request.replyTo } : {}),
        ...(system ? { system } : {}),
      },
    },
    hiddenFrom,
  );
  if (event.kind !== "message") throw new Error("a message was logged as another kind of event");
  const member = findMember(db, sender.userId);
  // Sending means the sender has seen everything up to their own message, and keeps a
  // one-to-one in their list even should every message in it be deleted.
  if (member && !room.skips("unread")) markSent(db, member.userId, event.seq);
  if (member && peer) markOpened(db, member.userId);
  if (!room.skips("unread")) room.unread.logged(event.seq);
  if (!room.skips("mentions")) addMentions(db, event.seq, countedMentions(event.message, hiddenFrom));
  room.sockets.broadcastFrame({ type: "event", event }, [...without, ...room.socketIdsOf(hiddenFrom)]);
  if (!room.skips("inboxes")) {
    if (!system) room.inboxes.noteMessage(event.message, hiddenFrom);
    room.notifyInboxes(hiddenFrom ? room.membersBut(hiddenFrom) : undefined);
  }
  room.previews.queue(event.message);
  if (!system) releaseUploads(room, sender.userId, request.attachments ?? []);
  return { ok: true, message: event.message, created: true };
}

/** A member's send, acked to the socket `socketId` it came from; each attachment must be the sender's upload here. */
export async function send(room: ChatRoom, sender: Member, request: SendFrame, socketId: string): Promise<Handled> {
  if (request.attachments?.length) {
    const checked = await checkAttachments(room.env, room.name, sender.userId, request.attachments);
    if (!checked.ok) return checked;
    // The sender may have been removed while R2 was asked.
    const stillSender = findMember(room.db, sender.userId);
    if (!stillSender) return failure("not_member", "not a member of this conversation");
    return sent(postMessage(room, stillSender, { ...request, attachments: checked.attachments }, [socketId]));
  }
  return sent(postMessage(room, sender, request, [socketId]));
}

const sent = (posted: Posted): Handled =>
  posted.ok ? { ok: true, answer: { type: "ack", id: posted.message.id, seq: posted.message.seq, createdAt: posted.message.createdAt } } : posted;

/**
 * A member's edit of their message. New attachments are checked like a send's; those it no
 * longer holds are deleted from R2 once the change is stored, as a deletion's are.
 */
export async function editMessage(room: ChatRoom, actor: Member, request: EditFrame): Promise<Outcome> {
  let text = request.text;
  if (text !== undefined) {
    const screened = room.words.screen(text);
    const refused = tooLong(room, text) ?? (screened.ok ? undefined : blockedWord(screened.word));
    if (refused) return refused;
    text = screened.ok ? screened.text : text;
  }
  let attachments = request.attachments;
  let fresh: Attachment[] = [];
  if (attachments) {
    const ids = attachments.map((attachment) => attachment.id);
    if (new Set(ids).size !== ids.length) return failure("bad_frame", "each attachment may be named once per message");
    const held = findMessage(room.db, request.messageId)?.attachments ?? [];
    fresh = attachments.filter((attachment) => !held.some((file) => file.id === attachment.id));
    if (fresh.length) {
      const checked = await checkAttachments(room.env, room.name, actor.userId, fresh);
      if (!checked.ok) return checked;
      fresh = checked.attachments;
    }
    // What the server holds, never what the client claimed.
    attachments = ids.map((id) => [...held, ...fresh].find((attachment) => attachment.id === id)!);
  }
  // The editor may have been removed while R2 was asked.
  const editor = findMember(room.db, actor.userId);
  if (!editor) return failure("not_member", "not a member of this conversation");
  let removed: Attachment[] = [];
  const outcome = room.changeMessage(editor, request.messageId, "edited", (message) => {
    const kept = attachments?.filter((attachment) => !fresh.includes(attachment)) ?? [];
    // Another edit may have dropped (and deleted) one of them while R2 was asked.
    if (kept.some((attachment) => !message.attachments?.some((file) => file.id === attachment.id))) {
      return failure("not_found", "an attachment of this message was removed meanwhile; edit it again");
    }
    const nextText = text ?? message.text;
    // Without a list the edit keeps the mentions its text still names.
    const mentions = room.keptMentions(nextText, request.mentions ?? message.mentions ?? []);
    const edited = edit(message, editor, { ...request, text, attachments, mentions }, Date.now());
    if (edited.ok && attachments) removed = (message.attachments ?? []).filter((file) => !attachments!.some((attachment) => attachment.id === file.id));
    return edited;
  });
  if (!outcome.ok) return outcome;
  if (removed.length) room.ctx.waitUntil(deleteAttachments(room.env, room.name, removed));
  releaseUploads(room, editor.userId, fresh);
  return outcome;
}

/** Sent files no longer count against the sender's quota of unsent ones, nor expire. */
function releaseUploads(room: ChatRoom, userId: string, attachments: Attachment[]): void {
  if (!attachments.length) return;
  const ids = attachments.map((attachment) => attachment.id);
  room.ctx.waitUntil(
    inboxOf(room.env, userId)
      .releaseUploads(room.name, ids)
      .catch((error: unknown) => console.error(`conversation ${room.name}: releasing uploads failed`, error)),
  );
}

export function deleteMessage(room: ChatRoom, actor: Member, request: Pick<DeleteFrame, "messageId">): Outcome {
  return room.changeMessage(actor, request.messageId, "deleted", (message) => remove(message, actor, Date.now()));
}

export function reactTo(room: ChatRoom, actor: Member, request: ReactFrame): Outcome {
  return room.changeMessage(actor, request.messageId, "reacted", (message) => react(message, actor.userId, request.emoji, request.on));
}

/** Typing is shown to the others and never stored. */
export function typing(room: ChatRoom, typist: Member, request: TypingFrame): undefined {
  const peer = room.directPeerOf(typist.userId);
  const blocker = peer && blocks(room.db, peer.userId, typist.userId) ? peer.userId : undefined;
  room.sockets.broadcastFrame(
    { type: "typing_by", userId: typist.userId, name: typist.name, on: request.on },
    [...room.socketIdsOf(typist.userId), ...room.socketIdsOf(blocker)],
  );
  return undefined;
}

/**
 * `socket` now shows the conversation (`on`) or only follows it (away): when that moves its
 * member here or away, every socket hears it, as when a socket opens or closes.
 */
export function showing(room: ChatRoom, socket: RoomSocket, request: HereFrame): undefined {
  const userId = socket.state!.userId;
  const wasHere = room.isHere(userId);
  socket.setState({ ...socket.state!, away: !request.on });
  if (room.isHere(userId) !== wasHere) room.announcePresence(userId);
  return undefined;
}

/**
 * Moves the reader's read position on, and tells the others but the socket `socketId` that read
 * which messages of others it newly covers (the newest LIMITS.readMessageIds), and when.
 */
export function read(room: ChatRoom, reader: Member, request: ReadFrame, socketId: string): undefined {
  const seq = Math.min(request.seq, lastSeq(room.db));
  if (seq <= reader.lastReadSeq) return undefined;
  updateMember(room.db, { ...reader, lastReadSeq: seq });
  // Counted up to the mark; what comes after is counted for everyone (unread-counts.ts).
  setUnread(room.db, reader.userId, countUnread(room.db, reader.userId, seq, room.unread.countedTo));
  const messageIds = messagesRead(room.db, reader.userId, reader.lastReadSeq, seq, LIMITS.readMessageIds);
  room.sockets.broadcastFrame({ type: "read_by", userId: reader.userId, seq, readAt: Date.now(), messageIds }, [socketId]);
  room.notifyInboxes([reader.userId]);
  return undefined;
}
