/** A <chat-window> on one fake conversation, rendered and settled: the fixture of the window's reading tests. */
import { fixture, html } from "@open-wc/testing";
import "../../src/components/chat-window/chat-window.js";
import type { ChatWindow } from "../../src/components/chat-window/chat-window.js";
import { fakeChat, fakeConversation, type FakeConversation, type FakeConversationInit } from "./fake-chat.js";
import { settle } from "./helpers.js";

export interface WindowFixture {
  /** What conversation "c-1" holds; it is online. */
  conversation: FakeConversationInit;
  /** The signed-in user's name (their id is "me"). */
  userName: string;
  /** The box's height in px; 360 px wide. */
  height: number;
  lang?: string;
}

/** The window showing "c-1" as "me", once it and every message in it have rendered. */
export async function renderWindowOn({ conversation, userName, height, lang = "en" }: WindowFixture): Promise<{ element: ChatWindow; handle: FakeConversation }> {
  const handle = fakeConversation("c-1", { ...conversation, status: "online" });
  const chat = fakeChat({ userId: "me", name: userName, handles: [handle] });
  const box = await fixture<HTMLDivElement>(html`<div style="height: ${height}px; width: 360px" lang=${lang}>
    <chat-window .chat=${chat} conversation="c-1"></chat-window>
  </div>`);
  const element = box.querySelector("chat-window")!;
  await element.updateComplete;
  await settle();
  await element.updateComplete;
  await Promise.all([...element.shadowRoot!.querySelectorAll("chat-message")].map((message) => message.updateComplete));
  return { element, handle };
}
