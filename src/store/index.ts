/** The headless API: stores to read and actions to call, with or without Confab's elements. */
export { $session, startSession, endSession, type Session } from "./session.js";
export { $connection, type ConnectionStatus } from "./connection.js";
export { $messages, sendMessage, type ChatMessage } from "./messages.js";
export type { DeliveryStatus } from "./message-order.js";
