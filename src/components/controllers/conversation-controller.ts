/**
 * A reactive controller that keeps an element on the conversation it shows: the handle's stores
 * bound through StoreBinding, the handle's changes re-dispatched as DOM events.
 */
import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { Activity, Chat, ChatMessage, ConnectionStatus, ConversationHandle, ConversationMeta, Member, Typist } from "../../store/index.js";
import { emit } from "../events.js";
import { StoreBinding } from "./store-binding.js";

/** Where the conversation to show comes from, asked on every update. */
export interface ConversationSource {
  /** The chat in use, if any. */
  chat(): Chat | null;
  /** The conversation id asked for; when empty, the chat's open one (`chat.open()`). */
  id(): string;
  /** Called in the update that first shows another conversation, before it renders. */
  switched(): void;
}

export class ConversationController implements ReactiveController {
  /** The conversation shown; null when there is no chat or no id. */
  handle: ConversationHandle | null = null;
  readonly messages: StoreBinding<ChatMessage[]>;
  readonly members: StoreBinding<Member[]>;
  /** Member and meta events among the messages (`ConversationHandle.activity`), for system lines. */
  readonly activity: StoreBinding<Activity[]>;
  readonly meta: StoreBinding<ConversationMeta | null>;
  /** Whether the conversation has loaded (`ConversationHandle.loaded`). */
  readonly loaded: StoreBinding<boolean>;
  readonly status: StoreBinding<ConnectionStatus>;
  readonly typing: StoreBinding<Typist[]>;
  readonly online: StoreBinding<string[]>;
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #source: ConversationSource;
  /** The chat's open conversation, shown while none is asked for. */
  readonly #current: StoreBinding<string | null>;
  /** What the last update asked for: the handle is looked up again only when that changes. */
  #followed: { chat: Chat | null; id: string } = { chat: null, id: "" };
  #stopForwarding: (() => void) | null = null;

  constructor(host: ReactiveControllerHost & HTMLElement, source: ConversationSource) {
    this.#host = host;
    this.#source = source;
    this.messages = new StoreBinding(host);
    this.members = new StoreBinding(host);
    this.activity = new StoreBinding(host);
    this.meta = new StoreBinding(host);
    this.loaded = new StoreBinding(host);
    this.status = new StoreBinding(host);
    this.#current = new StoreBinding(host);
    this.typing = new StoreBinding(host);
    this.online = new StoreBinding(host);
    host.addController(this);
  }

  /** The id of the conversation shown: the one asked for, or else the chat's open one. */
  get id(): string {
    return this.#source.id() || (this.#current.value ?? "");
  }

  /** The members other than the current user. */
  get others(): Member[] {
    const userId = this.#source.chat()?.user.userId;
    return (this.members.value ?? []).filter((member) => member.userId !== userId);
  }

  hostUpdate(): void {
    const chat = this.#source.chat();
    // Binding the store already bound does nothing, so asking on every update costs nothing.
    this.#current.bind(chat?.current ?? null);
    if (chat === this.#followed.chat && this.id === this.#followed.id) return;
    this.#followed = { chat, id: this.id };
    const handle = chat && this.id ? chat.conversation(this.id) : null;
    if (handle === this.handle) return;
    this.handle = handle;
    this.messages.bind(handle?.messages ?? null);
    this.members.bind(handle?.members ?? null);
    this.activity.bind(handle?.activity ?? null);
    this.meta.bind(handle?.meta ?? null);
    this.loaded.bind(handle?.loaded ?? null);
    this.status.bind(handle?.status ?? null);
    this.typing.bind(handle?.typing ?? null);
    this.online.bind(handle?.online ?? null);
    this.#stopForwarding?.();
    this.#stopForwarding = handle && this.#host.isConnected ? this.#forwardEvents(handle) : null;
    this.#source.switched();
  }

  hostConnected(): void {
    if (this.handle && !this.#stopForwarding) this.#stopForwarding = this.#forwardEvents(this.handle);
  }

  hostDisconnected(): void {
    this.#stopForwarding?.();
    this.#stopForwarding = null;
  }

  /** Re-dispatches the conversation's changes as DOM events for the host page. */
  #forwardEvents(handle: ConversationHandle): () => void {
    const host = this.#host;
    const stops = [
      handle.on("message", (item, op) => emit(host, "chat-message", { item, op })),
      handle.on("member", (item, op) => emit(host, "chat-member", { item, op })),
      handle.on("conversation", (item, op) => emit(host, "chat-conversation", { item, op })),
      handle.on("presence", (item) => emit(host, "chat-presence", item)),
    ];
    return () => stops.forEach((stop) => stop());
  }
}
