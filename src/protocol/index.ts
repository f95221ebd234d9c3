/** The single source of Confab's wire format and message rules, shared by widget and server. */
export * from "./attachment-types.js";
export * from "./frames.js";
export * from "./hex.js";
export * from "./labels.js";
export * from "./limits.js";
export * from "./links.js";
export * from "./markdown.js";
export * from "./mentions.js";
export * from "./parse.js";
export * from "./permissions.js";
export * from "./message-changes.js";
