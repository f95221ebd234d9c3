/** Guests' ids. Apart from limits.ts so the launcher, which needs only these, loads only these. */

/**
 * Guests (guest mode) have ids of their own, which no token the host signs may claim: a guest
 * who picks "alice" is "~alice", never the signed-in alice.
 */
export const GUEST_ID_PREFIX = "~";
export const isGuestId = (userId: string): boolean => userId.startsWith(GUEST_ID_PREFIX);
export const guestId = (userId: string): string => (isGuestId(userId) ? userId : `${GUEST_ID_PREFIX}${userId}`);

/** The user `userId` names as typed by `selfId`: in guest mode, guests name guests. */
export const namedBy = (selfId: string, userId: string): string => (isGuestId(selfId) ? guestId(userId) : userId);
