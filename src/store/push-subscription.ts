/**
 * This browser's side of Web Push: asking permission, registering the service worker the site
 * hosts (dist/confab-sw.js) and subscribing with the server's key, or unsubscribing. No socket:
 * `chat.enablePush` (notifications.ts) sends the server what comes of it.
 */
import { OPEN_CONVERSATION_PARAM, type PushSubscriptionValue } from "../protocol/index.js";
import { ChatError } from "../transport/chat-error.js";

export interface PushOptions {
  /** The service worker's address, as the site serves dist/confab-sw.js: `/confab-sw.js` when absent. */
  serviceWorker?: string;
  /** The page a notification's click opens when no page of the site is open: this page (without `confab-conversation`) when absent. */
  openUrl?: string;
}

/** How long a newly registered worker may take to activate before subscribing gives up. */
const ACTIVATION_TIMEOUT_MS = 15_000;

const workerAddress = (options: PushOptions) => new URL(options.serviceWorker ?? "/confab-sw.js", location.href);

/**
 * Asks for permission to show notifications: call it in a user gesture, before any await.
 * Rejects when this browser cannot receive pushes here or the user says no.
 */
export async function askPermission(): Promise<void> {
  // globalThis: Node (the headless API) has none of them, and may have no navigator either.
  if (!(globalThis.navigator?.serviceWorker && "PushManager" in globalThis && "Notification" in globalThis)) {
    throw new ChatError("push_unsupported", "no service workers, Push API or notifications here (they need https)");
  }
  const permission = await Notification.requestPermission();
  if (permission !== "granted") throw new ChatError("push_denied", `notifications are ${permission === "denied" ? "blocked" : "not allowed"}`);
}

/** Resolves once `registration` has an active worker: subscribing needs one. */
function activated(registration: ServiceWorkerRegistration): Promise<unknown> {
  const worker = registration.installing ?? registration.waiting;
  return new Promise((resolve, reject) => {
    if (registration.active || !worker) return resolve(0);
    setTimeout(reject, ACTIVATION_TIMEOUT_MS, new Error("the service worker did not activate"));
    worker.onstatechange = () => (worker.state === "activated" ? resolve(0) : worker.state === "redundant" && reject(new Error("the service worker failed")));
  });
}

/**
 * Registers the service worker (told which page to open) and subscribes this browser to pushes
 * signed with `pushKey`; resolves with the subscription to send the server.
 */
export async function subscribe(pushKey: string, options: PushOptions): Promise<PushSubscriptionValue> {
  const worker = workerAddress(options);
  const page = new URL(options.openUrl ?? location.href, location.href);
  page.searchParams.delete(OPEN_CONVERSATION_PARAM);
  worker.searchParams.set("open", page.href);
  try {
    const registration = await navigator.serviceWorker.register(worker.href);
    await activated(registration);
    const manager = registration.pushManager;
    const subscribeWithKey = () => manager.subscribe({ userVisibleOnly: true, applicationServerKey: pushKey });
    const subscription = await subscribeWithKey().catch(async (error: unknown) => {
      // Subscribed before with another key (the server's changed): that subscription goes.
      const older = await manager.getSubscription();
      if (!older) throw error;
      await older.unsubscribe();
      return subscribeWithKey();
    });
    return subscription.toJSON() as PushSubscriptionValue;
  } catch (error) {
    throw new ChatError("push_failed", `could not subscribe to pushes: ${(error as Error).message}`);
  }
}

/** Unsubscribes this browser from the service worker's pushes; resolves with the endpoint it had, if any. */
export async function unsubscribe(options: PushOptions): Promise<string | undefined> {
  const registration = await globalThis.navigator?.serviceWorker?.getRegistration(workerAddress(options).href);
  const subscription = await registration?.pushManager.getSubscription();
  await subscription?.unsubscribe();
  return subscription?.endpoint;
}
