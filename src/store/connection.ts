/** Connection status of each open conversation, as its socket reports it. */
import { map } from "nanostores";
import type { ConnectionStatus } from "../transport/conversation-socket.js";

export type { ConnectionStatus };

export const $connection = map<Record<string, ConnectionStatus>>({});

export function setConnectionStatus(conversationId: string, status: ConnectionStatus): void {
  $connection.setKey(conversationId, status);
}
