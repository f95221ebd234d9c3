/**
 * Refusing a request in a way its client can read. Browsers hide the HTTP status of a failed
 * WebSocket upgrade, so a refused socket is accepted, told why in an error frame, and closed
 * with a 4xxx code at once; plain HTTP requests get the status and the reason as text.
 */
import { type ErrorCode, type ErrorFrame } from "../protocol/index.js";

export interface Refusal {
  status: number;
  closeCode: number;
  code: ErrorCode;
  reason: string;
}

/** WebSocket close reasons are limited to 123 bytes. */
const closeReason = (reason: string) => (reason.length > 120 ? `${reason.slice(0, 117)}...` : reason);

export function refuse(request: Request, refusal: Refusal, headers: Record<string, string> = {}): Response {
  if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
    return new Response(refusal.reason, { status: refusal.status, headers });
  }
  const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
  server.accept();
  server.send(JSON.stringify({ type: "error", code: refusal.code, message: refusal.reason } satisfies ErrorFrame));
  server.close(refusal.closeCode, closeReason(refusal.reason));
  return new Response(null, { status: 101, webSocket: client });
}
