import { aTimeout, expect, fixture, html } from "@open-wc/testing";
import type { ChatComposer } from "../../src/components/chat-composer/chat-composer.js";
import "../../src/components/chat-window/chat-window.js";
import type { ChatWindow } from "../../src/components/chat-window/chat-window.js";
import { hasPart, part } from "./helpers.js";

/**
 * These tests set neither `chat` nor `user`, so the window has no chat: it must not create one
 * or open a socket.
 * A stand-in WebSocket records any attempt instead of reaching the network.
 */
describe("<chat-window> without a chat or user", () => {
  const RealWebSocket = window.WebSocket;
  let socketUrls: string[];

  beforeEach(() => {
    socketUrls = [];
    window.WebSocket = class extends EventTarget {
      constructor(url: string | URL) {
        super();
        socketUrls.push(String(url));
        throw new Error(`test tried to open a WebSocket to ${String(url)}`);
      }
    } as unknown as typeof WebSocket;
  });

  afterEach(() => {
    window.WebSocket = RealWebSocket;
  });

  async function renderWindow(conversation = "room-1", heading = ""): Promise<ChatWindow> {
    return fixture<ChatWindow>(
      html`<chat-window conversation=${conversation} heading=${heading}></chat-window>`,
    );
  }

  it("disables the composer", async () => {
    const element = await renderWindow();
    const composer = part<ChatComposer>(element, "composer");
    await composer.updateComplete;

    expect(composer.localName).to.equal("chat-composer");
    expect(composer.disabled).to.equal(true);
    expect(part<HTMLTextAreaElement>(composer, "input").disabled).to.equal(true);
    expect(part<HTMLButtonElement>(composer, "send-button").disabled).to.equal(true);
  });

  it("asks the user to choose a conversation in its empty state", async () => {
    const element = await renderWindow();
    const empty = part(element, "empty");
    expect(empty.textContent!.trim()).to.equal("Choose a conversation to start chatting.");
    expect(empty.getBoundingClientRect().height).to.be.greaterThan(0);
    expect(element.shadowRoot!.querySelectorAll("chat-message").length).to.equal(0);
  });

  it('marks the message list as a log (role="log"), announced through a polite live region beside it', async () => {
    const element = await renderWindow();
    const list = part(element, "messages");
    expect(list.getAttribute("role")).to.equal("log");
    expect(list.getAttribute("aria-live")).to.equal("off");
    expect(element.shadowRoot!.getElementById("announcer")!.getAttribute("aria-live")).to.equal("polite");
  });

  it("labels the message list with the header title", async () => {
    const element = await renderWindow("room-1", "Support");
    const list = part(element, "messages");
    const labelId = list.getAttribute("aria-labelledby")!;
    const label = element.shadowRoot!.getElementById(labelId);
    expect(label === part(element, "title"), `#${labelId} is the title part`).to.equal(true);
  });

  it("lets keyboard users focus the message list to scroll it", async () => {
    const element = await renderWindow();
    expect(part(element, "messages").tabIndex).to.equal(0);
  });

  it("shows the heading in the header title when one is given", async () => {
    const element = await renderWindow("room-1", "Support");
    expect(part(element, "title").textContent).to.equal("Support");
  });

  it("falls back to the conversation id for the header title", async () => {
    const element = await renderWindow("room-1");
    expect(part(element, "title").textContent).to.equal("room-1");
  });

  it("updates the title when heading changes", async () => {
    const element = await renderWindow("room-1");
    element.heading = "Renamed";
    await element.updateComplete;
    expect(part(element, "title").textContent).to.equal("Renamed");
  });

  it("exposes the header, title, messages and composer parts", async () => {
    const element = await renderWindow();
    // Not a <header>: out of sectioning content that is a banner landmark, and a page has one.
    expect(part(element, "header").localName).to.equal("div");
    expect(part(element, "title").localName).to.equal("h2");
    expect(part(element, "header").contains(part(element, "title"))).to.equal(true);
    expect(hasPart(element, "connection-status"), "connection-status").to.equal(true);
    expect(hasPart(element, "messages"), "messages").to.equal(true);
    expect(part(element, "messages").contains(part(element, "empty"))).to.equal(true);
    expect(part(element, "composer").localName).to.equal("chat-composer");
  });

  it("refuses a chat-send (cancels it) so the composer keeps its text", async () => {
    const element = await renderWindow();
    const composer = part<ChatComposer>(element, "composer");
    const event = new CustomEvent("chat-send", {
      detail: { text: "hi" },
      bubbles: true,
      composed: true,
      cancelable: true,
    });
    expect(composer.dispatchEvent(event)).to.equal(false);
  });

  it("opens no WebSocket, even after a while", async () => {
    const element = await renderWindow();
    await element.updateComplete;
    await aTimeout(50);
    expect(socketUrls).to.deep.equal([]);
  });

  it("shows no connection status, avatar or members button while no conversation is shown", async () => {
    const element = await renderWindow();
    expect(part(element, "connection-status").textContent).to.equal("");
    expect(part(element, "connection-status").getAttribute("role")).to.equal("status");
    expect(hasPart(element, "avatar"), "avatar").to.equal(false);
    expect(hasPart(element, "members-button"), "members-button").to.equal(false);
  });

  it("still opens no WebSocket when the conversation changes", async () => {
    const element = await renderWindow();
    element.conversation = "room-2";
    await element.updateComplete;
    await aTimeout(20);
    expect(part(element, "title").textContent).to.equal("room-2");
    expect(part<ChatComposer>(element, "composer").disabled).to.equal(true);
    expect(socketUrls).to.deep.equal([]);
  });

  it("renders with neither user nor conversation set", async () => {
    const element = await fixture<ChatWindow>(html`<chat-window></chat-window>`);
    expect(part(element, "title").textContent).to.equal("");
    expect(part<ChatComposer>(element, "composer").disabled).to.equal(true);
    expect(hasPart(element, "empty"), "empty").to.equal(true);
    expect(socketUrls).to.deep.equal([]);
  });
});
