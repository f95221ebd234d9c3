/**
 * `chat.notifications`: what reaches this user while away (their level, from the inbox's welcome
 * and `notifications` frames), and the actions that change it or this browser's push subscription.
 */
import { atom, type ReadableAtom } from "nanostores";
import type { InboxClientFrame, NotificationsFrame, NotifyLevel } from "../protocol/index.js";
import { ChatError } from "../transport/chat-error.js";
import { newMessageId } from "./message-id.js";
import { askPermission, subscribe, unsubscribe, type PushOptions } from "./push-subscription.js";
import { settledBy } from "./settled.js";

export type { PushOptions } from "./push-subscription.js";

/** A user's notification level, and the key browsers subscribe to pushes with (absent: the server sends none). */
export interface NotificationSettings {
  level: NotifyLevel;
  pushKey?: string;
}

/** How long `enablePush` waits for the server's settings when the inbox has not said them yet. */
const SETTINGS_TIMEOUT_MS = 15_000;

type InboxRequest = (frame: InboxClientFrame & { ref: string }) => Promise<unknown>;

export interface Notifications {
  readonly settings: ReadableAtom<NotificationSettings | undefined>;
  /** The settings an inbox frame carries. */
  receive(settings: Omit<NotificationsFrame, "type"> | undefined): void;
  setLevel(level: NotifyLevel): Promise<void>;
  enablePush(options?: PushOptions): Promise<void>;
  disablePush(options?: PushOptions): Promise<void>;
}

export function createNotifications(request: InboxRequest): Notifications {
  const $settings = atom<NotificationSettings | undefined>(undefined);

  const noPushKey = () => new ChatError("push_unavailable", "the server sends no pushes: it has no VAPID key (VAPID_PRIVATE_KEY)");

  /** The server's push key, waited for when the welcome has not come yet. */
  async function pushKey(): Promise<string> {
    const settings = await settledBy($settings, (value) => (value ? { value } : undefined), SETTINGS_TIMEOUT_MS, "the server has not said its notification settings");
    if (!settings.pushKey) throw noPushKey();
    return settings.pushKey;
  }

  return {
    settings: $settings,
    receive(settings) {
      if (settings) $settings.set({ level: settings.level, ...(settings.pushKey ? { pushKey: settings.pushKey } : {}) });
    },
    async setLevel(level) {
      await request({ type: "set_notifications", ref: newMessageId(), level });
      const current = $settings.get();
      if (current) $settings.set({ ...current, level });
    },
    async enablePush(options = {}) {
      // A server known to send no pushes is said before the browser asks the user anything;
      // the asking comes before any await, while the user's gesture still counts.
      const known = $settings.get();
      if (known && !known.pushKey) throw noPushKey();
      await askPermission();
      const subscription = await subscribe(await pushKey(), options);
      await request({ type: "push_subscribe", ref: newMessageId(), subscription });
    },
    async disablePush(options = {}) {
      const endpoint = await unsubscribe(options);
      if (endpoint) await request({ type: "push_unsubscribe", ref: newMessageId(), endpoint });
    },
  };
}
