/** The single source of Confab's wire format and message rules, shared by widget and server. */
export * from "./answers.js";
export * from "./attachment-types.js";
export * from "./close-codes.js";
export * from "./conversation-frames.js";
export * from "./hex.js";
export * from "./inbox-frames.js";
export * from "./labels.js";
export * from "./limits.js";
export * from "./links.js";
export * from "./markdown.js";
export * from "./mentions.js";
export * from "./message-changes.js";
export * from "./metadata-changes.js";
export * from "./notifications.js";
export * from "./parse.js";
export * from "./permissions.js";
export * from "./values.js";
