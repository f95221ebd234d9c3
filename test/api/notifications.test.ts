/**
 * `chat.notifications` and its actions from Node against the real server (with the development
 * VAPID key): the level and push key from the welcome, a change reaching the user's other
 * chats and the server API, and what the browser-only actions do where there is no browser.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DEV_VARS } from "../../scripts/servers.js";
import { ChatError, type NotifyLevel } from "../../src/store/index.js";
import { useChats } from "../support/headless-chats.js";
import { freshUserId, useTestServer } from "../support/server-clients.js";
import { until } from "../support/stores.js";

/** The public key browsers subscribe with: the development key's point, uncompressed, base64url. */
function publicKeyOf(privateJwk: string): string {
  const { x, y } = JSON.parse(privateJwk) as { x: string; y: string };
  return Buffer.concat([Buffer.from([4]), Buffer.from(x, "base64url"), Buffer.from(y, "base64url")]).toString("base64url");
}

describe("chat.notifications", () => {
  const { server } = useTestServer();
  const { chatOf, signedIn } = useChats(server);

  const levelInApi = async (userId: string): Promise<NotifyLevel> => {
    const response = await fetch(`http://${server().host}/api/v1/users/${encodeURIComponent(userId)}/notifications`, {
      headers: { authorization: `Bearer ${DEV_VARS.API_KEY}` },
    });
    return ((await response.json()) as { level: NotifyLevel }).level;
  };

  it("holds the user's level and the server's push key once the inbox has said them", async () => {
    const chat = chatOf(freshUserId("nora"));
    assert.equal(chat.notifications.get(), undefined, "unknown before the welcome");
    const settings = await until(chat.notifications, Boolean, "the settings");
    assert.deepEqual(settings, { level: "all", pushKey: publicKeyOf(DEV_VARS.VAPID_PRIVATE_KEY) });
  });

  it("sets the level for every chat of the user, and for the server API", async () => {
    const guest = freshUserId("nora");
    const [phone, laptop] = await signedIn(chatOf(guest), chatOf(guest));
    await phone.setNotifications("mentions");
    assert.equal(phone.notifications.get()?.level, "mentions");
    await until(laptop.notifications, (settings) => settings?.level === "mentions", "the laptop hears it");
    assert.equal(laptop.notifications.get()?.pushKey, publicKeyOf(DEV_VARS.VAPID_PRIVATE_KEY), "the key stays");
    assert.equal(await levelInApi(phone.user.userId), "mentions");
  });

  it("rejects a level the server does not know, and keeps the one it has", async () => {
    const [chat] = await signedIn(chatOf(freshUserId("nora")));
    await assert.rejects(chat.setNotifications("loud" as NotifyLevel), (error: unknown) => error instanceof ChatError && error.code === "bad_frame");
    assert.equal(chat.notifications.get()?.level, "all");
  });

  it("says there is no browser to push to in Node, and has nothing to undo", async () => {
    const [chat] = await signedIn(chatOf(freshUserId("nora")));
    await assert.rejects(chat.enablePush(), (error: unknown) => error instanceof ChatError && error.code === "push_unsupported");
    await chat.disablePush();
  });
});
