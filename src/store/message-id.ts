/** Message ids are UUIDs the client picks, so a resend after a drop is recognised. */
import { asUuid, toHex } from "../protocol/hex.js";

export function newMessageId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  // Pages served over plain http (not localhost) lack randomUUID; build a v4 UUID by hand.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  return asUuid(toHex(bytes));
}
