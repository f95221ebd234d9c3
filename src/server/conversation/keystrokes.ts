/**
 * Live typing text: a member's draft, relayed as it changes to the others with the conversation
 * open, where the conversation has `liveTyping` on. Like typing, it is never stored: no row, no
 * history, no webhook, no Inbox.
 */
import { failure, LIMITS, type KeystrokesFrame, type Member, type Outcome } from "../../protocol/index.js";
import { RateLimiter } from "../rate-limit.js";
import type { ChatRoom } from "./chat-room.js";
import { blocks } from "./members-sql.js";

/**
 * Each room's bucket per typist: a frame every LIMITS.keystrokesIntervalMs on average, with a
 * burst of a few for frames the network bunched; kept in memory, as the frame rate is.
 */
const rates = new WeakMap<ChatRoom, RateLimiter>();
const BURST = 3;

function rateOf(room: ChatRoom): RateLimiter {
  let rate = rates.get(room);
  if (!rate) {
    rate = new RateLimiter({ ...room.limits, framesPerSecond: 1000 / LIMITS.keystrokesIntervalMs, frameBurst: BURST });
    rates.set(room, rate);
  }
  return rate;
}

export function keystrokes(room: ChatRoom, typist: Member, request: KeystrokesFrame): Outcome | undefined {
  if (!room.meta()?.liveTyping) {
    return failure("forbidden", "live typing is off in this conversation; an owner or admin (either member of a one-to-one) turns it on with update({ liveTyping: true })");
  }
  if (!rateOf(room).allow(typist.userId)) {
    return failure("rate_limited", `live typing text at most once every ${LIMITS.keystrokesIntervalMs} ms; this one was dropped, send the newer text later`);
  }
  const peer = room.directPeerOf(typist.userId);
  const blocker = peer && blocks(room.db, peer.userId, typist.userId) ? peer.userId : undefined;
  room.sockets.broadcastFrame({ type: "keystrokes_by", userId: typist.userId, text: request.text }, [
    ...room.socketIdsOf(typist.userId),
    ...room.socketIdsOf(blocker),
  ]);
  return undefined;
}
