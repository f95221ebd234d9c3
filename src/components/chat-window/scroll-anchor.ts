/**
 * A reactive controller that keeps the reader's place in the chat window's message list: the
 * message in view stays put through each update, the newest stay in view at the bottom, the
 * rendered slice follows scrolling, a jump brings a message into view, and a conversation opens
 * where the reader left off.
 */
import type { ReactiveController, ReactiveControllerHost } from "lit";
import { createRef } from "lit/directives/ref.js";
import type { ConversationHandle } from "../../store/index.js";
import type { ConversationController } from "../controllers/conversation-controller.js";
import { SLICE_SIZE, SLICE_STEP, afterScroll, clampedSliceStart, heldSlice, renderedSlice, sliceStartCentring, type Slice } from "./message-slice.js";
import { firstUnreadId } from "./unread.js";

/** How many read messages stay rendered above the first unread one when a conversation opens there. */
const CONTEXT_ABOVE_UNREAD = 5;
/** Space in pixels left above the "New messages" divider when a conversation opens at it. */
const UNREAD_TOP_MARGIN = 8;

/** How many pages back a jump to a replied-to message looks before giving up. */
const JUMP_PAGE_LIMIT = 20;

/** A message element's id and its distance from the list's top. */
interface Anchor {
  id: string;
  top: number;
}

export class ScrollAnchor implements ReactiveController {
  /** The scrolling list, which renders `slice` of the conversation's messages. */
  readonly list = createRef<HTMLElement>();
  /** The messages to render, as indexes in the messages store: [start, end). */
  slice: Slice = { start: 0, end: 0 };
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #conversation: ConversationController;
  /** The conversation the reader's place belongs to: another one starts at its newest messages. */
  #handle: ConversationHandle | null = null;
  #stickToBottom = true;
  /**
   * The id of the first rendered message while the reader is away from the newest ones; null
   * while the slice follows the newest messages.
   */
  #heldStart: string | null = null;
  /** True from moving the slice until the reader's place is restored after it. */
  #moving = false;
  /** The first message in view before the update, put back where it was after it. */
  #anchor: Anchor | null = null;
  /** Settles once the last update's scroll position is restored, which happens after the update itself. */
  #kept: Promise<void> = Promise.resolve();
  #loadingOlder = false;
  #olderExhausted = false;
  readonly #userId: () => string | undefined;
  /**
   * The first message from others the reader had not read when the conversation opened: where
   * "New messages" goes. Null when there was none, or while that is not known yet.
   */
  leftOffAt: string | null = null;
  /** True from opening a conversation until it is known whether it opens at unread messages. */
  #placing = true;
  /** The message to scroll to the top of the list once it has rendered: the first unread one. */
  #scrollToUnread: string | null = null;

  constructor(host: ReactiveControllerHost & HTMLElement, conversation: ConversationController, userId: () => string | undefined) {
    this.#host = host;
    this.#conversation = conversation;
    this.#userId = userId;
    host.addController(this);
  }

  /** Whether the list shows and follows the newest messages (false while the reader is scrolled up). */
  get following(): boolean {
    return this.#stickToBottom;
  }

  hostConnected(): void {
    // A hidden page shows nothing: what the list shows is seen once the page is visible again.
    document.addEventListener("visibilitychange", this.#markShownAsSeen);
  }

  hostDisconnected(): void {
    document.removeEventListener("visibilitychange", this.#markShownAsSeen);
  }

  hostUpdate(): void {
    if (this.#handle !== this.#conversation.handle) {
      this.#handle = this.#conversation.handle;
      this.#olderExhausted = false;
      this.followNewest();
      this.leftOffAt = null;
      this.#placing = true;
    }
    if (this.#placing) this.#placeAtUnread();
    this.#anchor = this.#stickToBottom ? null : this.#firstInView();
    const focusedId = (this.#host.shadowRoot?.activeElement as HTMLElement | null)?.dataset.id;
    this.slice = renderedSlice(this.#messages, this.#heldStart, focusedId);
  }

  hostUpdated(): void {
    this.#kept = this.#keepPlace(this.#anchor);
    // Marking read changes the members store; doing it after this update avoids a nested one.
    queueMicrotask(this.#markShownAsSeen);
  }

  /** Shows the newest messages from the next update on, and keeps them in view as more arrive. */
  followNewest(): void {
    this.#stickToBottom = true;
    this.#heldStart = null;
    this.#scrollToUnread = null;
  }

  /** Scrolls to the newest messages and follows them, then focuses the list (what showed them is gone). */
  async showNewest(): Promise<void> {
    this.followNewest();
    this.#host.requestUpdate();
    await this.#host.updateComplete;
    await this.#kept;
    this.list.value?.focus();
  }

  /**
   * Once the user's read position is known, finds the first unread message from others; if
   * there is one, the slice holds it with a little context above and the list scrolls to it.
   * Undecided until the conversation is online, since the catch-up may bring unread messages.
   */
  #placeAtUnread(): void {
    const userId = this.#userId();
    const me = this.#conversation.members.value?.find((member) => member.userId === userId);
    if (!me || !userId) return;
    const messages = this.#messages;
    const unread = firstUnreadId(messages, me.lastReadSeq, userId);
    if (unread) {
      const index = this.#indexOf(unread);
      this.leftOffAt = unread;
      this.#stickToBottom = false;
      this.#heldStart = index < messages.length - SLICE_SIZE ? messages[clampedSliceStart(index - CONTEXT_ABOVE_UNREAD, messages.length)]!.id : null;
      this.#scrollToUnread = unread;
    }
    if (unread || this.#conversation.status.value === "online") this.#placing = false;
  }

  /** Follows the reader's scrolling: where the slice starts, whether to move it, what is seen. */
  readonly handleScroll = (): void => {
    const list = this.list.value;
    if (!list || this.#moving) return;
    const { stickToBottom, move } = afterScroll(list, this.slice, this.#messages.length);
    // The window shows "jump to latest" while the reader is away from the newest messages.
    if (stickToBottom !== this.#stickToBottom) this.#host.requestUpdate();
    this.#stickToBottom = stickToBottom;
    if (stickToBottom) this.#heldStart = null;
    else this.#heldStart ??= this.#messages[this.slice.start]?.id ?? null;
    this.#markShownAsSeen();
    // A page that loads lands above the slice: moving up then shows its newest part.
    if (move === "load") void this.#loadOlder().then(() => this.#moveSlice(-SLICE_STEP));
    else if (move) void this.#moveSlice(move === "older" ? -SLICE_STEP : SLICE_STEP);
  };

  /**
   * Shows the message `messageId`, loading older pages until it is held, and moving the slice
   * to centre it when it is held but not rendered; the message takes focus.
   */
  async jumpTo(messageId: string): Promise<void> {
    for (let pages = 0; this.#indexOf(messageId) < 0 && pages < JUMP_PAGE_LIMIT; pages++) {
      this.#stickToBottom = false;
      if (!(await this.#loadOlder())) break;
      await this.#host.updateComplete;
    }
    const index = this.#indexOf(messageId);
    if (index >= 0 && !this.#messageElement(messageId)) {
      this.#stickToBottom = false;
      await this.#moveSliceTo(sliceStartCentring(index));
    }
    // Restoring the position after a page loaded would otherwise undo the jump below.
    await this.#kept;
    const target = this.#messageElement(messageId);
    if (!target) return;
    this.#stickToBottom = false;
    target.scrollIntoView({ block: "center" });
    // Every message is focusable: the window's MessageFocus gives each a tabindex.
    target.focus();
  }

  get #messages() {
    return this.#conversation.messages.value ?? [];
  }

  #indexOf(messageId: string): number {
    return this.#messages.findIndex((message) => message.id === messageId);
  }

  /** Moves the slice by `by` messages, towards the oldest when negative. */
  #moveSlice(by: number): Promise<void> {
    return this.#moveSliceTo(heldSlice(this.#messages, this.#heldStart).start + by);
  }

  /**
   * Moves the slice to start at the `start`th message (clamped to those held); the update keeps
   * the first message in view where it was. Scroll events move no slice until that is done.
   */
  async #moveSliceTo(start: number): Promise<void> {
    const messages = this.#messages;
    const moved = clampedSliceStart(start, messages.length);
    if (moved === heldSlice(messages, this.#heldStart).start) return;
    this.#heldStart = messages[moved]!.id;
    this.#moving = true;
    this.#host.requestUpdate();
    await this.#host.updateComplete;
    await this.#kept;
    this.#moving = false;
  }

  /** Loads the page before the oldest message held; false when there is none. */
  async #loadOlder(): Promise<boolean> {
    const handle = this.#conversation.handle;
    if (!handle || this.#loadingOlder || this.#olderExhausted || this.#conversation.status.value !== "online") return false;
    this.#loadingOlder = true;
    try {
      const { hasMore } = await handle.fetchMessages();
      if (handle === this.#conversation.handle) this.#olderExhausted = !hasMore;
      return hasMore;
    } catch {
      return false;
    } finally {
      this.#loadingOlder = false;
    }
  }

  #messageElement(messageId: string): HTMLElement | null {
    return this.list.value?.querySelector<HTMLElement>(`[data-id="${CSS.escape(messageId)}"]`) ?? null;
  }

  #renderedMessages() {
    return [...(this.list.value?.querySelectorAll("chat-message") ?? [])];
  }

  #offsetInList(element: Element): number {
    return element.getBoundingClientRect().top - this.list.value!.getBoundingClientRect().top;
  }

  #firstInView(): Anchor | null {
    const first = this.#renderedMessages().find((element) => this.#offsetInList(element) + element.offsetHeight > 0);
    return first ? { id: first.dataset.id!, top: this.#offsetInList(first) } : null;
  }

  /**
   * Once the message elements have rendered: at the bottom, stays at the bottom; otherwise keeps
   * the message that was first in view where it was, as older pages load above it.
   */
  async #keepPlace(anchor: Anchor | null): Promise<void> {
    const list = this.list.value;
    if (!list) return;
    await Promise.all(this.#renderedMessages().map((message) => message.updateComplete));
    if (this.list.value !== list) return;
    const unread = this.#scrollToUnread && this.#messageElement(this.#scrollToUnread);
    if (unread) {
      this.#scrollToUnread = null;
      // The divider sits just before the message: both show at the top.
      const top = (unread.previousElementSibling as HTMLElement | null) ?? unread;
      list.scrollTop += this.#offsetInList(top) - UNREAD_TOP_MARGIN;
      // When all of it fits, the list is at its bottom and keeps following the newest.
      this.#stickToBottom = afterScroll(list, this.slice, this.#messages.length).stickToBottom;
      if (this.#stickToBottom) this.#host.requestUpdate();
      return;
    }
    if (this.#stickToBottom) {
      list.scrollTop = list.scrollHeight;
      return;
    }
    const anchored = anchor && this.#messageElement(anchor.id);
    if (anchored) list.scrollTop += this.#offsetInList(anchored) - anchor.top;
  }

  /**
   * Tells the store what the reader has seen while the page is visible: everything when the list
   * is at the bottom, or up to the last message wholly in view when scrolled back.
   */
  readonly #markShownAsSeen = (): void => {
    const handle = this.#conversation.handle;
    if (!handle || document.visibilityState !== "visible") return;
    if (this.#stickToBottom) return handle.markSeen();
    const list = this.list.value;
    const inView = this.#renderedMessages().findLast((element) => this.#offsetInList(element) + element.offsetHeight <= list!.clientHeight);
    if (inView) handle.markSeen(inView.dataset.id);
  };
}
