/** Bounds shared by client and server, so the widget refuses what the server would refuse. */
export const LIMITS = {
  /** Longest message text, in UTF-16 code units. */
  messageTextLength: 4000,
  /** Largest metadata object (message or conversation), as JSON text. */
  metadataBytes: 2048,
  /**
   * Longest client frame, in characters, read before parsing it: room for the longest text
   * even when JSON escapes every character (6×), plus metadata, attachments and framing.
   */
  frameLength: 49152,
  /** Events sent when a client connects without `since`. */
  latestPageSize: 50,
  /** Most events replayed after `since`; a larger gap gets the latest page and `reset`. */
  replayLimit: 500,
  /** Most events in one page of history. */
  historyPageSize: 100,
  /** Longest search query, and most messages one search answers with. */
  searchQueryLength: 200,
  searchResults: 50,
  /** Longest conversation title or display name. */
  titleLength: 120,
  /** Longest avatar URL. */
  avatarLength: 2048,
  /** Longest reaction emoji, in UTF-16 code units (flags and skin tones take several). */
  emojiLength: 32,
  /** Most different emoji on one message. */
  reactionsPerMessage: 20,
  /** Most members a group may have, and most named when creating one. */
  groupMembers: 500,
  /** Most attachments on one message. */
  attachmentsPerMessage: 10,
  /** Longest attachment file name. */
  attachmentNameLength: 255,
  /** Longest link a preview is made of, or points its picture at. */
  previewUrlLength: 2048,
  /** Longest title, description and site name a link preview keeps (longer ones are cut). */
  previewTitleLength: 200,
  previewDescriptionLength: 300,
  previewSiteNameLength: 100,
  /** Most members one message mentions. */
  mentionsPerMessage: 50,
  /** Longest text a directory search takes, and most people one page of it holds (20 unless asked). */
  peopleQueryLength: 100,
  peoplePageSize: 50,
  /**
   * Live typing text (a conversation with `liveTyping` on): longest text one frame carries (a
   * whole draft fits), and the least time between a member's frames, which the widget keeps
   * and the server enforces (with a small burst for frames bunched on the way).
   */
  keystrokesLength: 4000,
  keystrokesIntervalMs: 300,
  /** Most messages one read receipt names: a jump over more names the newest this many. */
  readMessageIds: 50,
} as const;

export const CONVERSATION_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** What CONVERSATION_ID_PATTERN allows, in words, for every message that refuses an id. */
export const CONVERSATION_ID_RULE = "conversation ids are 1-64 letters, digits, _ or -";

/**
 * Conversation ids by who chooses them, so nobody can take an id someone else will use: a
 * one-to-one's derives from the pair, a group a widget creates gets a random id or one its
 * creator names under `clientNamed`, and every other id is the host backend's (server API).
 */
export const CONVERSATION_ID_PREFIXES = { direct: "dm_", random: "g_", clientNamed: "c_" } as const;
/** A user id: the host's (from its signed tokens), or a guest's, which starts with GUEST_ID_PREFIX. */
export const USER_ID_PATTERN = /^~?[A-Za-z0-9_.@-]{1,64}$/;
/** What USER_ID_PATTERN allows a host's ids, in words, for every message that refuses an id. */
export const USER_ID_RULE = "user ids are 1-64 letters, digits, or . _ @ -";

export { GUEST_ID_PREFIX, guestId, isGuestId, namedBy } from "./guest-id.js";
