/**
 * A desktop notification and a short beep for a message that arrives while the page is hidden,
 * opt-in on `<chat-widget>` (`notify`; `notify="push"` adds pushes while no page is open).
 * Loaded with the popup's code: it needs the chat.
 */
import type { Chat, ConversationSummary } from "../../store/index.js";
import { followOpenRequests, offerPush, offersPush } from "./push-offer.js";

/**
 * Desktop notifications and a beep for messages from others while the page is hidden.
 * Browsers allow asking for permission and starting audio only during a user gesture, so
 * `prepare()` must be called from one (the widget calls it when the launcher opens the popup).
 */
export class MessageAlerts {
  #audio: AudioContext | null = null;
  readonly #openConversation: (conversationId: string) => void;
  readonly #widget: Element;
  /** The chat watched, which pushes are for. */
  #chat: Chat | null = null;

  /** `openConversation` runs when the user clicks a notification; `widget` says whether it offers pushes. */
  constructor(openConversation: (conversationId: string) => void, widget: Element) {
    this.#openConversation = openConversation;
    this.#widget = widget;
  }

  /** From a user gesture: asks for notification permission once (or subscribes to pushes) and unlocks audio. */
  prepare(): void {
    if (this.#chat && offersPush(this.#widget)) offerPush(this.#chat, this.#widget);
    else if ("Notification" in window && Notification.permission === "default") void Notification.requestPermission();
    this.#audio ??= new AudioContext();
    void this.#audio.resume();
  }

  /**
   * Alerts for each message from someone else that reaches `chat`'s list while the page is
   * hidden; returns the function that stops. Rows the list already held when watching started
   * are not news: a message counts when it is newer than the last one alerted for its
   * conversation, or than the moment watching started. With pushes, the conversations the
   * service worker asks to open open too.
   */
  watch(chat: Chat): () => void {
    this.#chat = chat;
    const since = Date.now();
    const alerted = new Map<string, number>();
    const stopOpening = offersPush(this.#widget) ? followOpenRequests(this.#openConversation) : () => {};
    const stopAlerting = chat.on("conversation", (item, op) => {
      const last = item.lastMessage;
      if (op === -1 || !last || item.muted || item.unread === 0 || last.senderId === chat.user.userId) return;
      if (last.createdAt <= (alerted.get(item.id) ?? since)) return;
      alerted.set(item.id, last.createdAt);
      if (document.visibilityState === "hidden") this.#alert(item);
    });
    return () => (stopAlerting(), stopOpening());
  }

  #alert(item: ConversationSummary): void {
    this.#beep();
    if (!("Notification" in window) || Notification.permission !== "granted") return;
    const last = item.lastMessage!;
    let notification: Notification;
    try {
      notification = new Notification(item.title, { body: `${last.senderName}: ${last.text}`, tag: item.id });
    } catch {
      // Android's Chrome grants the permission yet allows notifications from service workers only.
      return;
    }
    notification.onclick = () => {
      window.focus();
      notification.close();
      this.#openConversation(item.id);
    };
  }

  /** Lets the audio go: a widget taken off the page (or remounted by a framework) must not keep one. */
  dispose(): void {
    void this.#audio?.close();
    this.#audio = null;
  }

  /** A short, soft two-tone chime made on the spot: no sound file to host. */
  #beep(): void {
    const audio = this.#audio;
    if (!audio || audio.state !== "running") return;
    const gain = audio.createGain();
    gain.connect(audio.destination);
    gain.gain.setValueAtTime(0.15, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.3);
    const tone = audio.createOscillator();
    tone.frequency.setValueAtTime(880, audio.currentTime);
    tone.frequency.setValueAtTime(660, audio.currentTime + 0.12);
    tone.connect(gain);
    tone.start();
    tone.stop(audio.currentTime + 0.3);
  }
}
