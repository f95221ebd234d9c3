/** <chat-window> reading a conversation as a finished chat (#17): groups, days, where the reader left off. */
import { expect } from "@open-wc/testing";
import type { ChatMessageElement } from "../../src/components/chat-message/chat-message.js";
import "../../src/components/chat-window/chat-window.js";
import type { ChatWindow } from "../../src/components/chat-window/chat-window.js";
import type { ChatMessage, Member } from "../../src/store/index.js";
import { makeMember, makeMessage, makeMeta } from "./fake-chat.js";
import { hasPart, part, settle } from "./helpers.js";
import { renderWindowOn } from "./window-fixture.js";

const MINUTE = 60_000;
const BOB = makeMember("bob", { name: "Bob Stone", joinedAt: 2 });

const renderWindow = (messages: ChatMessage[], me: Member, lang = "en") =>
  renderWindowOn({ conversation: { meta: makeMeta("c-1", { title: "Launch team" }), members: [me, BOB], messages }, userName: "Me Myself", height: 320, lang });

const messages_ = (element: ChatWindow): ChatMessageElement[] => [...element.shadowRoot!.querySelectorAll("chat-message")];
const separators = (element: ChatWindow) => [...element.shadowRoot!.querySelectorAll<HTMLElement>('[part="day-separator"]')].map((line) => line.textContent);

describe("<chat-window> reading", () => {
  it("groups one sender's messages: name once, avatar beside the last, a new group after a pause", async () => {
    const start = Date.now() - 30 * MINUTE;
    const messages = [
      makeMessage({ senderId: "bob", senderName: "Bob Stone", createdAt: start }),
      makeMessage({ senderId: "bob", senderName: "Bob Stone", createdAt: start + MINUTE }),
      makeMessage({ senderId: "bob", senderName: "Bob Stone", createdAt: start + 20 * MINUTE }),
    ];
    const { element } = await renderWindow(messages, makeMember("me", { lastReadSeq: Number.MAX_SAFE_INTEGER }));
    const [first, second, third] = messages_(element);
    expect([first!.continued, second!.continued, third!.continued]).to.deep.equal([false, true, false]);
    expect([first!.followed, second!.followed, third!.followed]).to.deep.equal([true, false, false]);
    expect(hasPart(first!, "avatar"), "no avatar mid-group").to.equal(false);
    expect(hasPart(second!, "avatar")).to.equal(true);
    expect(part(second!, "meta").classList.contains("sr-only"), "the name is read, not shown").to.equal(true);
    expect(part(second!, "bubble").title, "the full time on hover").to.not.equal("");
  });

  it("separates days with Today, Yesterday and in German Heute, Gestern", async () => {
    const today = new Date();
    today.setHours(12, 0, 0, 0);
    const messages = () => [
      makeMessage({ createdAt: today.getTime() - 24 * 60 * MINUTE }),
      makeMessage({ createdAt: today.getTime() }),
    ];
    const me = makeMember("me", { lastReadSeq: Number.MAX_SAFE_INTEGER });
    const { element } = await renderWindow(messages(), me);
    expect(separators(element)).to.deep.equal(["Yesterday", "Today"]);
    expect(element.shadowRoot!.querySelector('[part="day-separator"]')!.getAttribute("role")).to.equal("separator");
    const german = await renderWindow(messages(), me, "de");
    await settle();
    await german.element.updateComplete;
    expect(separators(german.element)).to.deep.equal(["Gestern", "Heute"]);
  });

  it("opens at a New messages divider before the first unread message, with a jump to the latest", async () => {
    const start = Date.now() - 60 * MINUTE;
    const messages = Array.from({ length: 30 }, (_, index) =>
      makeMessage({ senderId: index % 2 ? "me" : "bob", senderName: index % 2 ? "Me Myself" : "Bob Stone", text: `line ${index}`, createdAt: start + index * MINUTE }),
    );
    const lastRead = messages[9]!.seq!;
    const { element } = await renderWindow(messages, makeMember("me", { name: "Me Myself", lastReadSeq: lastRead }));
    await settle();
    await element.updateComplete;
    const divider = part(element, "unread-divider");
    expect(divider.textContent).to.equal("New messages");
    expect((divider.nextElementSibling as HTMLElement).dataset.id).to.equal(messages[10]!.id);
    const list = part(element, "messages");
    const offset = divider.getBoundingClientRect().top - list.getBoundingClientRect().top;
    expect(offset, "the divider is at the top").to.be.within(0, 20);

    const jump = part<HTMLButtonElement>(element, "jump-button");
    expect(jump.textContent).to.match(/10 new messages/);
    jump.click();
    await settle();
    await element.updateComplete;
    expect(list.scrollHeight - list.scrollTop - list.clientHeight).to.be.below(2);
    expect(hasPart(element, "jump-button")).to.equal(false);
    expect(element.shadowRoot!.activeElement, "focus moves to the list").to.equal(list);
  });

  it("opens at the newest messages when all is read", async () => {
    const messages = Array.from({ length: 30 }, (_, index) => makeMessage({ text: `line ${index}` }));
    const { element } = await renderWindow(messages, makeMember("me", { lastReadSeq: messages.at(-1)!.seq! }));
    expect(hasPart(element, "unread-divider")).to.equal(false);
    expect(hasPart(element, "jump-button")).to.equal(false);
    const list = part(element, "messages");
    expect(list.scrollHeight - list.scrollTop - list.clientHeight).to.be.below(2);
  });
});
