/** The headless API: stores to read and actions to call, with or without Confab's elements. */
export { createChat, type Chat, type ChatOptions, type CreateOptions, type ChatEvents, type SendTo } from "./chat.js";
export type { Activity, ConversationHandle, ConversationEvents, ConversationChanges, MessageChanges, MessagePage, NumberedPage, Op, SendOptions } from "./conversation.js";
export type { Typist } from "./typing.js";
export type { Keystrokes } from "./keystrokes.js";
export type { ChatSession, SessionOptions } from "./session.js";
export type { NotificationSettings, PushOptions } from "./notifications.js";
export type { PeoplePage, PeopleSearchOptions, Users } from "./people.js";
export { AttachmentError, type UploadOptions } from "./upload.js";
export type { ChatMessage, DeliveryStatus } from "./message-order.js";
export { sharedChat } from "./shared-chats.js";
export { ChatError } from "../transport/chat-error.js";
export type { ConnectionStatus } from "../transport/room-socket.js";
export type { Attachment, ConversationSummary, ConversationMeta, ConversationType, DirectoryVisibility, Member, Metadata, MetadataChanges, NotifyLevel, Person, Role } from "../protocol/index.js";
