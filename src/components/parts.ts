/**
 * Part names the composed elements show, and `exportparts` values that lift them to the outer
 * element with a prefix: `<chat-window>` re-exports its children's parts, and `<chat-widget>`
 * re-exports the list's and the window's, so a page styles every piece from outside.
 */

/** An `exportparts` value that re-exports each of an inner element's `parts` as `prefix-part`. */
export const prefixed = (prefix: string, parts: string[]): string => parts.map((part) => `${part}:${prefix}-${part}`).join(", ");

/** The part names an `exportparts` value makes visible outside. */
const exported = (exportparts: string): string[] => exportparts.split(", ").map((entry) => entry.split(":").pop()!);

export const messageParts = prefixed("message", [
  "meta", "sender", "timestamp", "edited", "quote", "system", "bubble", "bubble-own", "bubble-deleted", "reactions", "reaction",
  "actions", "action-button", "more-reactions-button", "reaction-picker", "status", "status-reason", "seen", "retry-button", "bold", "italic", "code", "code-block", "link", "mention", "mention-me", "bubble-mentioned",
  "attachments", "attachment-image", "attachment-file", "preview", "preview-image", "preview-site", "preview-title", "preview-description",
  "avatar",
]);
export const membersParts = `members:members-list, ${prefixed("members", [
  "member", "member-name", "role", "kick-button", "add-form", "add-button", "leave-button", "error", "avatar", "presence",
  "presence-online",
])}`;
export const searchParts = prefixed("search", ["form", "input", "search-button", "status", "results", "result"]);
// The send and attach buttons keep their names.
export const composerParts = `send-button, attach-button, ${prefixed("composer", [
  "form", "input", "context", "context-cancel-button", "uploads", "upload", "progress", "cancel-button", "error",
  "mention-suggestions", "mention-suggestion", "mention-suggestion-active", "limit", "counter", "too-long",
])}`;

/** The people picker's parts, which the new-conversation form re-exports with a `picker-` prefix. */
export const pickerPartNames = [
  "input", "list", "person", "person-active", "person-typed", "avatar", "presence", "presence-online", "status", "more-button", "chips", "chip",
];
export const pickerParts = prefixed("picker", pickerPartNames);
/** The new-conversation form's parts as `<chat-list>` re-exports them, with a `new-` prefix. */
export const newConversationParts = prefixed("new", ["form", "create-button", "cancel-button", "error", "picker", ...exported(pickerParts)]);

/** The person card's parts, which `<chat-window>` re-exports with a `person-card-` prefix. */
export const personCardParts = prefixed("person-card", ["dialog", "avatar", "name", "presence", "id", "message-button", "close-button", "error"]);

/** Every part `<chat-list>` shows. */
export const listPartNames = [
  "header", "heading", "new-button", "list", "item", "item-selected", "avatar", "presence", "presence-online", "title", "time",
  "preview", "badge", "mention-badge", "empty", "start-button", ...exported(newConversationParts),
];

/** Every part `<chat-window>` shows: its own and those it re-exports. */
export const windowPartNames = [
  "header", "avatar", "presence", "presence-online", "title", "members-button", "search-toggle", "connection-status", "peer-status",
  "search-panel", "members-panel", "messages", "empty", "notice", "message", "typing", "error", "composer",
  "day-separator", "unread-divider", "jump-button", "system-line", "person-card",
  ...[messageParts, membersParts, searchParts, composerParts, personCardParts].flatMap(exported),
];
