import { expect, fixture, html } from "@open-wc/testing";
import "../../src/components/chat-message/chat-message.js";
import type { ChatMessageElement } from "../../src/components/chat-message/chat-message.js";
import type { Attachment, ChatMessage } from "../../src/store/index.js";
import { deferred, makeMessage } from "./fake-chat.js";
import { hasPart, part, parts, settle } from "./helpers.js";

const image = (overrides: Partial<Attachment> = {}): Attachment => ({
  id: "00000000-0000-4000-9000-000000000001",
  name: "sunset.png",
  size: 48_000,
  type: "image/png",
  width: 200,
  height: 100,
  ...overrides,
});
const pdf: Attachment = { id: "00000000-0000-4000-9000-000000000002", name: "report.pdf", size: 1_258_291, type: "application/pdf" };

type Loader = (attachment: Attachment) => Promise<string>;

/** A PNG of `width` × `height` pixels, as a data URL. */
function pngOf(width: number, height: number): string {
  const canvas = document.createElement("canvas");
  Object.assign(canvas, { width, height });
  return canvas.toDataURL("image/png");
}

async function render(message: ChatMessage, load: Loader, width = 400): Promise<ChatMessageElement> {
  const box = await fixture<HTMLDivElement>(
    html`<div style=${`width: ${width}px`}><chat-message .message=${message} .loadAttachment=${load}></chat-message></div>`,
  );
  const element = box.querySelector("chat-message")!;
  await element.updateComplete;
  return element;
}

describe("<chat-message> attachments", () => {
  it("shows a picture inline, named by its file name, in a box of its measured size before it loads", async () => {
    const never = deferred<string>();
    const element = await render(makeMessage({ text: "", attachments: [image()] }), () => never.promise);
    const img = part<HTMLImageElement>(element, "attachment-image");
    expect(img.alt).to.equal("sunset.png");
    expect(img.getAttribute("width")).to.equal("200");
    expect(img.getAttribute("height")).to.equal("100");
    expect(img.hasAttribute("src")).to.equal(false);
    const box = img.getBoundingClientRect();
    expect([box.width, box.height]).to.deep.equal([200, 100]);
  });

  it("loads the picture through loadAttachment and keeps its box when it arrives", async () => {
    const asked: string[] = [];
    const element = await render(makeMessage({ text: "", attachments: [image()] }), async (attachment) => {
      asked.push(attachment.id);
      return pngOf(200, 100);
    });
    await settle();
    await element.updateComplete;
    const img = part<HTMLImageElement>(element, "attachment-image");
    expect(img.getAttribute("src")).to.match(/^data:image\/png/);
    await img.decode();
    const box = img.getBoundingClientRect();
    expect([box.width, box.height]).to.deep.equal([200, 100]);
    element.requestUpdate();
    await element.updateComplete;
    expect(asked, "fetched once however often it renders").to.deep.equal([image().id]);
  });

  it("fits a large picture to the message width, keeping its proportions", async () => {
    const element = await render(makeMessage({ text: "", attachments: [image({ width: 4000, height: 2000 })] }), () => deferred<string>().promise, 300);
    const box = part(element, "attachment-image").getBoundingClientRect();
    expect(box.width).to.be.at.most(300);
    expect(box.width).to.be.greaterThan(100);
    expect(Math.round(box.width / box.height)).to.equal(2);
  });

  it("shows any other file as a download link with its name, size and kind, reachable by keyboard", async () => {
    const element = await render(makeMessage({ text: "the report", attachments: [pdf] }), () => Promise.resolve("blob:report"));
    const link = part<HTMLAnchorElement>(element, "attachment-file");
    expect(link.localName).to.equal("a");
    expect(link.textContent).to.contain("report.pdf");
    expect(link.textContent).to.contain("1.2 MB · PDF");
    expect(link.getAttribute("aria-label")).to.equal("Download report.pdf, 1.2 MB · PDF");
    link.focus();
    expect(element.shadowRoot!.activeElement === link).to.equal(true);
    expect(part(element, "bubble").textContent).to.equal("the report");
  });

  it("fetches a file only when its link is followed, then saves it under its name", async () => {
    const asked: string[] = [];
    const element = await render(makeMessage({ attachments: [pdf] }), async (attachment) => {
      asked.push(attachment.id);
      return "blob:report";
    });
    expect(asked, "nothing fetched before the click").to.deep.equal([]);
    const saved: { href: string; download: string }[] = [];
    const realClick = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      saved.push({ href: this.getAttribute("href")!, download: this.download });
    };
    try {
      const click = new MouseEvent("click", { bubbles: true, cancelable: true, composed: true });
      part(element, "attachment-file").dispatchEvent(click);
      expect(click.defaultPrevented, "the link does not navigate").to.equal(true);
      await settle();
    } finally {
      HTMLAnchorElement.prototype.click = realClick;
    }
    expect(asked).to.deep.equal([pdf.id]);
    expect(saved).to.deep.equal([{ href: "blob:report", download: "report.pdf" }]);
  });

  it("shows no empty bubble for a message of attachments alone", async () => {
    const element = await render(makeMessage({ text: "", attachments: [pdf] }), () => Promise.resolve("blob:x"));
    expect(getComputedStyle(part(element, "bubble")).display).to.equal("none");
    expect(parts(element, "attachment-file")).to.have.length(1);
  });

  it("offers a picture that could not be loaded as a download link instead", async () => {
    const element = await render(makeMessage({ text: "", attachments: [image()] }), () => Promise.reject(new Error("403")));
    await settle();
    await element.updateComplete;
    expect(hasPart(element, "attachment-image")).to.equal(false);
    expect(part(element, "attachment-file").getAttribute("aria-label")).to.equal("Download sunset.png, 47 KB · PNG");
  });

  it("renders no attachments part for a message without any", async () => {
    const element = await render(makeMessage(), () => Promise.resolve(""));
    expect(hasPart(element, "attachments")).to.equal(false);
  });
});
