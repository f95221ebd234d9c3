/**
 * Typing indicators, both ways. Others' typing lapses on its own unless renewed, so a lost
 * "stopped" (a closed tab, a dropped socket) never leaves someone typing forever. One's own is
 * announced at most once per renewal period however fast one types, and stops after a pause.
 */
import { atom, type ReadableAtom } from "nanostores";

export interface Typist {
  userId: string;
  name: string;
}

/** How often a typist renews "typing", and how long a silent one still counts as typing. */
const RENEW_MS = 3_000;
const LAPSE_MS = 2 * RENEW_MS;
/** A pause in typing this long counts as having stopped. */
const IDLE_MS = 5_000;

export interface Typists {
  readonly store: ReadableAtom<Typist[]>;
  /** `typist` is typing: shown until `stop` or until they go quiet for LAPSE_MS. */
  start(typist: Typist): void;
  stop(userId: string): void;
  clear(): void;
}

export function createTypists(): Typists {
  const $typists = atom<Typist[]>([]);
  const lapses = new Map<string, ReturnType<typeof setTimeout>>();

  function stop(userId: string): void {
    clearTimeout(lapses.get(userId));
    lapses.delete(userId);
    if ($typists.value.some((entry) => entry.userId === userId)) $typists.set($typists.value.filter((entry) => entry.userId !== userId));
  }

  return {
    store: $typists,
    start(typist) {
      clearTimeout(lapses.get(typist.userId));
      lapses.set(typist.userId, setTimeout(() => stop(typist.userId), LAPSE_MS));
      if (!$typists.value.some((entry) => entry.userId === typist.userId)) $typists.set([...$typists.value, typist]);
    },
    stop,
    clear() {
      for (const lapse of lapses.values()) clearTimeout(lapse);
      lapses.clear();
      $typists.set([]);
    },
  };
}

export interface TypingSignal {
  /** The user typed something. */
  input(): void;
  /** The user sent, left the composer, or emptied it. */
  stop(): void;
}

export function createTypingSignal(announce: (on: boolean) => void): TypingSignal {
  let announcedAt = 0;
  let idle: ReturnType<typeof setTimeout> | undefined;

  function stop(): void {
    clearTimeout(idle);
    if (announcedAt === 0) return;
    announcedAt = 0;
    announce(false);
  }

  return {
    input() {
      clearTimeout(idle);
      idle = setTimeout(stop, IDLE_MS);
      if (Date.now() - announcedAt < RENEW_MS) return;
      announcedAt = Date.now();
      announce(true);
    },
    stop,
  };
}
