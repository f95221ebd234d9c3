/**
 * Web Push end to end (issue 21), real server and real Chromium: Pia turns pushes on through
 * `<chat-widget notify="push">` (demo/push.html), closes her page, and Alice writes to her. The
 * server's push reaches a test push service on 127.0.0.1, which decrypts it with the key pair
 * the test made for Pia's subscription, as her browser would. Chromium cannot reach its own push
 * service here, so only that last hop is faked: `PushManager.prototype.subscribe` resolves with
 * the test's subscription, and the decrypted payload is handed to the service worker through
 * the DevTools protocol (`ServiceWorker.deliverPushMessage`). The worker shows the notification;
 * its click (a `notificationclick` dispatched in the worker) opens the conversation in Pia's page.
 * With no page open, Chromium lets a worker open a window only in a click the user made, which
 * DevTools cannot make: the address the worker asks for is recorded, and opened by the test.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { BrowserContext, CDPSession, Page, Worker } from "playwright-core";
import { DEV_VARS, freePort } from "../../scripts/servers.js";
import { guestId, type PushPayload } from "../../src/protocol/index.js";
import { useDemoStack } from "../support/demo-stack.js";
import { startOneToOne } from "../support/people-picker.js";
import { browserSubscription, decryptPush, TestPushService, vapidKeys, type BrowserSubscription } from "../support/push-service.js";

const TIMEOUT = 15_000;

/** What the test reads of the service worker's global scope (this file is typed for pages). */
interface WorkerScope {
  registration: ServiceWorkerRegistration;
  clients: { openWindow(url: string): Promise<unknown>; matchAll(options: { type: "window"; includeUncontrolled: boolean }): Promise<unknown[]> };
  NotificationEvent: new (type: string, init: { notification: Notification }) => Event;
  dispatchEvent(event: Event): boolean;
}

/**
 * Fakes the browser's push service hop: subscribing resolves with `subscription`, and the key
 * asked with is kept in `pushKeyAsked`. A script's text, as the page runs it (not compiled here).
 */
const fakePushManager = (subscription: BrowserSubscription["subscription"]) => `
  PushManager.prototype.subscribe = async function (options) {
    window.pushKeyAsked = options && options.applicationServerKey;
    const subscription = ${JSON.stringify(subscription)};
    return {
      endpoint: subscription.endpoint,
      expirationTime: null,
      options: { userVisibleOnly: true, applicationServerKey: null },
      getKey: () => null,
      toJSON: () => ({ ...subscription, expirationTime: null }),
      unsubscribe: async () => true,
    };
  };`;

/** Polls `read` until `done` holds of what it returns: conditions the test waits for, never a set time. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined && done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const pushService = new TestPushService(await freePort());

describe("Web Push through the widget", () => {
  const vars: Record<string, string> = { ...DEV_VARS };
  let vapidPublicKey = "";
  before(async () => {
    const keys = await vapidKeys();
    vapidPublicKey = keys.publicKey;
    Object.assign(vars, {
      VAPID_PRIVATE_KEY: JSON.stringify(keys.privateJwk),
      VAPID_SUBJECT: "mailto:test@example.com",
      PUSH_SERVICES: pushService.origin,
    });
    await pushService.start();
  });
  after(() => pushService.stop());
  const stack = useDemoStack(vars);

  let context: BrowserContext;
  let pia: BrowserSubscription;
  let alice: Page;
  /** A page of another origin, kept open for the DevTools session while Pia has no page of the site. */
  let devtools: CDPSession;
  let conversationId = "";
  let plaintext = "";
  const registrations = new Map<string, string>();

  const piaPage = async (query = "") => {
    const page = await context.newPage();
    await page.goto(`${stack.demo.url}/demo/push.html${query}`);
    return page;
  };
  const notificationsApi = (what: string) =>
    fetch(`${stack.server.url}/api/v1/users/${encodeURIComponent(guestId("pia"))}/notifications`, {
      headers: { authorization: `Bearer ${DEV_VARS.API_KEY}` },
    }).then((response) => (response.ok ? (response.json() as Promise<{ level: string; pushSubscriptions: number }>) : Promise.reject(new Error(what))));
  const serviceWorker = () =>
    until(
      // The newest: Chromium stops an idle worker and starts another for the next event.
      async () => context.serviceWorkers().findLast((worker) => worker.url().includes("/confab-sw.js")),
      (worker): worker is Worker => worker !== undefined,
      "the service worker",
    ) as Promise<Worker>;

  const shownCount = async () =>
    (await serviceWorker()).evaluate(() => (self as unknown as WorkerScope).registration.getNotifications().then((shown) => shown.length));
  /**
   * Delivers `data` to the worker through DevTools, the hop that stands in for the browser's push
   * service, and waits for a notification. A delivery that reaches a worker Chromium is stopping
   * is sometimes dropped (seen: a second one then shows), so it is made again, at most three times.
   */
  const deliverUntilShown = async (data: string) => {
    for (let attempt = 1; ; attempt++) {
      await devtools.send("ServiceWorker.deliverPushMessage", { origin: stack.demo.url, registrationId: registrations.get(`${stack.demo.url}/`)!, data });
      const deadline = Date.now() + 5_000;
      while (Date.now() < deadline) {
        if ((await shownCount().catch(() => 0)) > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      if (attempt === 3) throw new Error("the worker showed no notification after three deliveries");
    }
  };

  before(async () => {
    context = await stack.browser.newContext();
    await context.grantPermissions(["notifications"], { origin: stack.demo.url });
    pia = await browserSubscription(pushService.endpoint());
    await context.addInitScript({ content: fakePushManager(pia.subscription) });
    devtools = await context.newCDPSession(await context.newPage());
    devtools.on("ServiceWorker.workerRegistrationUpdated", ({ registrations: updated }) => {
      for (const registration of updated) registrations.set(registration.scopeURL, registration.registrationId);
    });
    await devtools.send("ServiceWorker.enable");
  });
  after(() => context?.close());

  it("subscribes from the launcher's click, with the server's key", async () => {
    const page = await piaPage();
    await page.locator('chat-widget [part="launcher"]').click();
    const stored = await until(() => notificationsApi("pia's notifications"), (view) => view.pushSubscriptions === 1, "the subscription stored");
    assert.equal(stored.level, "all");
    assert.equal(await page.evaluate(() => (window as unknown as { pushKeyAsked: unknown }).pushKeyAsked), vapidPublicKey);
    const worker = await page.evaluate(() => navigator.serviceWorker.getRegistration("/confab-sw.js").then((registration) => registration?.active?.scriptURL));
    assert.equal(worker, `${stack.demo.url}/confab-sw.js?open=${encodeURIComponent(`${stack.demo.url}/demo/push.html`)}`);
    // The bell over the list says the level.
    await page.getByRole("button", { name: "Notifications" }).click();
    assert.equal(await page.getByRole("radio", { name: "All messages" }).isChecked(), true);
    await page.close();
  });

  it("pushes Alice's message to Pia's closed page, and the worker shows it", async () => {
    alice = await stack.openAs("alice", "Alice");
    await startOneToOne(alice, "pia");
    conversationId = await until(
      () => alice.evaluate(() => document.querySelector("chat-window")?.conversation || (document.querySelector("chat-list")?.selected ?? "")),
      (id) => id !== "",
      "alice's conversation",
    );
    // Pia has no page open: Alice sees her away before writing.
    await alice.locator("chat-window").getByText(/Active|Offline/).waitFor({ timeout: TIMEOUT });
    const composer = alice.locator("chat-window").getByLabel("Message", { exact: true });
    await composer.fill("Are you there?");
    await composer.press("Enter");

    plaintext = await decryptPush((await pushService.next(pia.subscription.endpoint, 1)).body, pia);
    const payload = JSON.parse(plaintext) as PushPayload;
    assert.equal(payload.conversationId, conversationId);
    assert.equal(payload.title, "Alice");
    assert.match(payload.body, /Are you there\?/);

    const registrationId = registrations.get(`${stack.demo.url}/`);
    assert.ok(registrationId, `a registration at the site's root: ${[...registrations.keys()].join(", ")}`);
    await deliverUntilShown(plaintext);
    const shown = await until(
      async () =>
        (await serviceWorker()).evaluate(async () =>
          (await (self as unknown as WorkerScope).registration.getNotifications()).map(({ title, body, tag, data }) => ({ title, body, tag, data })),
        ),
      (notifications) => notifications.length > 0,
      "the notification",
    );
    assert.deepEqual(shown, [{ title: payload.title, body: payload.body, tag: payload.tag, data: { conversationId } }]);
  });

  it("a click on the notification opens the conversation in Pia's open page", async () => {
    const page = await piaPage();
    // The popup's code listens for the worker once the widget has loaded it and bound the chat.
    await page.locator("chat-widget").evaluate((widget) => (widget as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete);
    await until(() => page.evaluate(() => Boolean(customElements.get("chat-notifications"))), Boolean, "the popup's code");
    await (await serviceWorker()).evaluate(async () => {
      const scope = self as unknown as WorkerScope;
      const [notification] = await scope.registration.getNotifications();
      // A click from the test, not the user: its waitUntil throws (untrusted), after the opening has begun.
      scope.dispatchEvent(new scope.NotificationEvent("notificationclick", { notification: notification! }));
    });
    await page.locator("chat-window chat-message", { hasText: "Are you there?" }).waitFor({ timeout: TIMEOUT });
    assert.equal(await page.locator("chat-widget").getAttribute("open"), "");
    const left = await (await serviceWorker()).evaluate(() => (self as unknown as WorkerScope).registration.getNotifications().then((shown) => shown.length));
    assert.equal(left, 0, "the click closed the notification");
    await page.close();
  });

  it("with no page of the site open, a click opens the registered page at the conversation", async () => {
    // A page just closed can stay among the worker's clients a moment, and would get the click.
    await until(
      async () => (await serviceWorker()).evaluate(() => (self as unknown as WorkerScope).clients.matchAll({ type: "window", includeUncontrolled: true }).then((open) => open.length)),
      (count) => count === 0,
      "no page of the site open",
    );
    await deliverUntilShown(plaintext);
    // Chromium lets a worker open a window only in a click the user made on a notification, and
    // DevTools cannot make one: the window the worker asks for is recorded here and opened below.
    const asked = await (await serviceWorker()).evaluate(async () => {
      const scope = self as unknown as WorkerScope;
      const [notification] = await scope.registration.getNotifications();
      return new Promise<string>((resolve) => {
        scope.clients.openWindow = async (url: string) => (resolve(url), null);
        scope.dispatchEvent(new scope.NotificationEvent("notificationclick", { notification: notification! }));
      });
    });
    assert.equal(asked, `${stack.demo.url}/demo/push.html?confab-conversation=${encodeURIComponent(conversationId)}`);

    const page = await context.newPage();
    await page.goto(asked);
    await page.locator("chat-window chat-message", { hasText: "Are you there?" }).waitFor({ timeout: TIMEOUT });
    assert.equal(new URL(page.url()).search, "", "the address drops the parameter once opened");
    await Promise.all([page.close(), alice.close()]);
  });

  it("a crafted link or worker message naming a conversation Pia is not in, or no id at all, fails cleanly", async () => {
    const api = (method: string, path: string, body?: unknown) =>
      fetch(`${stack.server.url}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${DEV_VARS.API_KEY}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then((response) => response.json() as Promise<any>);
    const secret = await api("POST", "/conversations", { type: "group", title: "Not for Pia", members: [{ userId: guestId("alice"), role: "owner" }] });
    await api("POST", `/conversations/${secret.conversation.id}/messages`, { userId: guestId("alice"), text: "secret plans" });

    const page = await piaPage(`?confab-conversation=${secret.conversation.id}`);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.locator("chat-window").getByText("You are not a member of this conversation.").waitFor({ timeout: TIMEOUT });
    assert.equal(await page.locator("chat-window chat-message").count(), 0, "nothing of the conversation shows");

    // Back to the list, which the next page of the site opens on unless told otherwise.
    await page.locator('chat-widget [part="back-button"]').click();
    await page.locator("chat-widget chat-list").waitFor({ state: "visible", timeout: TIMEOUT });

    // What is not a conversation id opens nothing: not markup, not a sentence shown as a title, not a path.
    const injected = `<img src=x onerror="window.injected=1">`;
    const linked = await piaPage(`?confab-conversation=${encodeURIComponent(injected)}`);
    linked.on("pageerror", (error) => errors.push(error.message));
    await until(() => linked.evaluate(() => location.search), (search) => search === "", "the link's request read");
    const widget = linked.locator("chat-widget");
    if ((await widget.getAttribute("open")) === null) await widget.locator('[part="launcher"]').click();
    await linked.locator("chat-widget chat-list").waitFor({ state: "visible", timeout: TIMEOUT });
    assert.equal(await linked.getByText("onerror").count(), 0, "the crafted id shows nowhere");
    assert.equal(await linked.evaluate(() => (window as unknown as { injected?: number }).injected), undefined, "no markup ran");

    // The same from the worker's messages: the last, Pia's own conversation, opens.
    for (const id of [injected, `../inbox/${guestId("pia")}`, "x".repeat(5000), conversationId]) {
      await (await serviceWorker()).evaluate(async (requested) => {
        const scope = self as unknown as { clients: { matchAll(options: object): Promise<{ postMessage(message: unknown): void }[]> } };
        for (const client of await scope.clients.matchAll({ type: "window", includeUncontrolled: true })) client.postMessage({ type: "confab:open", conversationId: requested });
      }, id);
    }
    await page.locator("chat-window chat-message", { hasText: "Are you there?" }).waitFor({ timeout: TIMEOUT });
    assert.deepEqual(errors, []);
    await Promise.all([page.close(), linked.close()]);
  });
});
