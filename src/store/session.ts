/** Who is chatting, and with which server. Every conversation store reads it. */
import { atom } from "nanostores";

export interface Session {
  /** Server host, e.g. `chat.example.com` or `127.0.0.1:8787`. */
  host: string;
  userId: string;
  /** Display name shown to others; the user id when absent. */
  name?: string;
}

export const $session = atom<Session | null>(null);

/** Sets the current user; a different user or host replaces every conversation's state. */
export function startSession(session: Session): void {
  const current = $session.get();
  if (
    current?.host === session.host &&
    current.userId === session.userId &&
    current.name === session.name
  ) {
    return;
  }
  $session.set({ ...session });
}

export function endSession(): void {
  $session.set(null);
}
