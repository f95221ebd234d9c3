import { expect, fixture, html } from "@open-wc/testing";
import "../../src/components/chat-composer/chat-composer.js";
import type { ChatComposer, ChatSendDetail } from "../../src/components/chat-composer/chat-composer.js";
import "../../src/components/chat-window/chat-window.js";
import type { ChatWindow } from "../../src/components/chat-window/chat-window.js";
import { LIMITS } from "../../src/protocol/limits.js";
import { fakeChat, fakeConversation, makeMeta, type FakeConversation } from "./fake-chat.js";
import { hasPart, part, parts, pressEnter, record, settle, typeInto } from "./helpers.js";

const photo = () => new File([new Uint8Array(2048)], "photo.png", { type: "image/png" });
const notes = () => new File(["meeting notes"], "notes.txt", { type: "text/plain" });

/** Files as a drop or a paste carries them. */
function transferOf(...files: File[]): DataTransfer {
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  return transfer;
}

/** Picks `files` in the composer's file picker, as the browser does after the dialog. */
function pick(composer: ChatComposer, ...files: File[]): void {
  const picker = composer.shadowRoot!.querySelector<HTMLInputElement>('input[type="file"]')!;
  picker.files = transferOf(...files).files;
  picker.dispatchEvent(new Event("change", { bubbles: true }));
}

function progressBars(composer: ChatComposer): HTMLElement[] {
  return [...composer.shadowRoot!.querySelectorAll<HTMLElement>('[role="progressbar"]')];
}

const sendButton = (composer: ChatComposer) => part<HTMLButtonElement>(composer, "send-button");
const input = (composer: ChatComposer) => part<HTMLTextAreaElement>(composer, "input");

describe("<chat-composer> attachments", () => {
  let conversation: FakeConversation;
  let composer: ChatComposer;

  beforeEach(async () => {
    conversation = fakeConversation("c-1");
    composer = await fixture<ChatComposer>(html`<chat-composer .conversation=${conversation}></chat-composer>`);
  });

  it("offers no attach button without a conversation to upload to", async () => {
    const alone = await fixture<ChatComposer>(html`<chat-composer></chat-composer>`);
    expect(hasPart(alone, "attach-button")).to.equal(false);
  });

  it("opens the file picker from a labelled attach button", async () => {
    const button = part<HTMLButtonElement>(composer, "attach-button");
    expect(button.getAttribute("aria-label")).to.equal("Attach files");
    const picker = composer.shadowRoot!.querySelector<HTMLInputElement>('input[type="file"]')!;
    expect(picker.multiple).to.equal(true);
    let opened = false;
    picker.addEventListener("click", (event) => {
      opened = true;
      event.preventDefault();
    });
    button.click();
    expect(opened).to.equal(true);
  });

  it("uploads a picked file at once, showing a progress bar that follows it", async () => {
    pick(composer, photo());
    await composer.updateComplete;
    expect(conversation.uploads.map((upload) => (upload.file as File).name)).to.deep.equal(["photo.png"]);
    const [bar] = progressBars(composer);
    expect(bar!.getAttribute("aria-valuenow")).to.equal("0");
    expect(bar!.getAttribute("aria-label")).to.equal("Uploading photo.png");

    conversation.uploads[0]!.progress(40);
    await composer.updateComplete;
    expect(progressBars(composer)[0]!.getAttribute("aria-valuenow")).to.equal("40");

    conversation.uploads[0]!.finish();
    await settle();
    await composer.updateComplete;
    expect(progressBars(composer)).to.have.length(0);
    expect(part(composer, "upload").textContent).to.contain("photo.png");
    expect(part(composer, "upload").textContent).to.contain("2 KB");
  });

  it("waits for every upload before it lets the message go, then sends text and attachments together", async () => {
    const sends = record<ChatSendDetail>(composer, "chat-send");
    typeInto(input(composer), "look at these");
    pick(composer, photo(), notes());
    await composer.updateComplete;
    expect(sendButton(composer).disabled, "send waits for the uploads").to.equal(true);
    pressEnter(input(composer));
    expect(sends).to.have.length(0);

    const first = conversation.uploads[0]!.finish({ width: 640, height: 480 });
    await settle();
    await composer.updateComplete;
    expect(sendButton(composer).disabled, "one upload still going").to.equal(true);

    const second = conversation.uploads[1]!.finish();
    await settle();
    await composer.updateComplete;
    expect(sendButton(composer).disabled).to.equal(false);
    pressEnter(input(composer));
    await composer.updateComplete;

    expect(sends.map((event) => event.detail)).to.deep.equal([{ text: "look at these", attachments: [first, second], mentions: [] }]);
    expect(input(composer).value).to.equal("");
    expect(hasPart(composer, "uploads")).to.equal(false);
  });

  it("sends attachments without any text", async () => {
    const sends = record<ChatSendDetail>(composer, "chat-send");
    pick(composer, notes());
    conversation.uploads[0]!.finish();
    await settle();
    await composer.updateComplete;
    sendButton(composer).click();
    expect(sends.map((event) => event.detail.text)).to.deep.equal([""]);
    expect(sends[0]!.detail.attachments).to.have.length(1);
  });

  it("cancels an upload from its cancel button: the request is aborted and nothing is sent", async () => {
    const sends = record<ChatSendDetail>(composer, "chat-send");
    pick(composer, photo());
    await composer.updateComplete;
    const cancel = part<HTMLButtonElement>(composer, "cancel-button");
    expect(cancel.getAttribute("aria-label")).to.equal("Cancel upload of photo.png");
    cancel.click();
    await settle();
    await composer.updateComplete;

    expect(conversation.uploads[0]!.cancelled).to.equal(true);
    expect(hasPart(composer, "uploads")).to.equal(false);
    expect(hasPart(composer, "error"), "a cancel is not an error").to.equal(false);
    expect(sendButton(composer).disabled).to.equal(true);
    expect(sends).to.have.length(0);
  });

  it("removes a finished upload from the message with the same button", async () => {
    pick(composer, notes());
    conversation.uploads[0]!.finish();
    await settle();
    await composer.updateComplete;
    const remove = part<HTMLButtonElement>(composer, "cancel-button");
    expect(remove.getAttribute("aria-label")).to.equal("Remove notes.txt");
    remove.click();
    await composer.updateComplete;
    expect(hasPart(composer, "uploads")).to.equal(false);
    expect(sendButton(composer).disabled).to.equal(true);
  });

  it("shows the server's refusal of a file in an alert and sends nothing", async () => {
    const sends = record<ChatSendDetail>(composer, "chat-send");
    pick(composer, new File(["<svg/>"], "logo.svg", { type: "image/svg+xml" }));
    conversation.uploads[0]!.refuse("files of type image/svg+xml are not allowed here");
    await settle();
    await composer.updateComplete;

    const alert = part(composer, "error");
    expect(alert.getAttribute("role")).to.equal("alert");
    expect(alert.textContent).to.equal("logo.svg: files of type image/svg+xml are not allowed here");
    expect(hasPart(composer, "uploads")).to.equal(false);
    expect(sendButton(composer).disabled).to.equal(true);
    pressEnter(input(composer));
    expect(sends).to.have.length(0);
  });

  it("explains a file over the size limit while the others stay attached", async () => {
    pick(composer, notes(), new File([new Uint8Array(100)], "huge.pdf", { type: "application/pdf" }));
    conversation.uploads[0]!.finish();
    conversation.uploads[1]!.refuse("the file is 12 MB; files may be at most 10 MB here");
    await settle();
    await composer.updateComplete;
    expect(part(composer, "error").textContent).to.equal("huge.pdf: the file is 12 MB; files may be at most 10 MB here");
    expect(parts(composer, "upload").map((item) => item.querySelector(".name")!.textContent)).to.deep.equal(["notes.txt"]);
    expect(sendButton(composer).disabled).to.equal(false);
  });

  it(`attaches at most ${LIMITS.attachmentsPerMessage} files to one message`, async () => {
    const files = Array.from({ length: LIMITS.attachmentsPerMessage + 2 }, (_, i) => new File(["x"], `f${i}.txt`, { type: "text/plain" }));
    pick(composer, ...files);
    await composer.updateComplete;
    expect(conversation.uploads).to.have.length(LIMITS.attachmentsPerMessage);
    expect(part(composer, "error").textContent).to.contain(`At most ${LIMITS.attachmentsPerMessage} files`);
  });

  it("uploads files dropped on it", async () => {
    const form = part<HTMLFormElement>(composer, "form");
    const dragover = new DragEvent("dragover", { bubbles: true, cancelable: true, composed: true, dataTransfer: transferOf(photo()) });
    form.dispatchEvent(dragover);
    expect(dragover.defaultPrevented, "accepts the drag").to.equal(true);
    form.dispatchEvent(new DragEvent("drop", { bubbles: true, cancelable: true, composed: true, dataTransfer: transferOf(photo(), notes()) }));
    expect(conversation.uploads.map((upload) => (upload.file as File).name)).to.deep.equal(["photo.png", "notes.txt"]);
  });

  it("uploads pasted pictures instead of pasting them as text, and leaves a text paste alone", async () => {
    const pasteImage = new ClipboardEvent("paste", { bubbles: true, cancelable: true, composed: true, clipboardData: transferOf(photo()) });
    input(composer).dispatchEvent(pasteImage);
    expect(pasteImage.defaultPrevented).to.equal(true);
    expect(conversation.uploads).to.have.length(1);

    const text = new DataTransfer();
    text.setData("text/plain", "just words");
    const pasteText = new ClipboardEvent("paste", { bubbles: true, cancelable: true, composed: true, clipboardData: text });
    input(composer).dispatchEvent(pasteText);
    expect(pasteText.defaultPrevented).to.equal(false);
    expect(conversation.uploads).to.have.length(1);
  });

  it("keeps the attachments when a listener cancels chat-send", async () => {
    composer.addEventListener("chat-send", (event) => event.preventDefault());
    pick(composer, notes());
    conversation.uploads[0]!.finish();
    await settle();
    await composer.updateComplete;
    sendButton(composer).click();
    await composer.updateComplete;
    expect(parts(composer, "upload")).to.have.length(1);
  });

  it("cancels the uploads in flight when it is given another conversation", async () => {
    pick(composer, photo());
    await composer.updateComplete;
    composer.conversation = fakeConversation("c-2");
    await composer.updateComplete;
    await settle();
    expect(conversation.uploads[0]!.cancelled).to.equal(true);
    expect(hasPart(composer, "uploads")).to.equal(false);
  });

  it("attaches nothing while disabled", async () => {
    composer.disabled = true;
    await composer.updateComplete;
    expect(part<HTMLButtonElement>(composer, "attach-button").disabled).to.equal(true);
    pick(composer, photo());
    expect(conversation.uploads).to.have.length(0);
  });
});

describe("<chat-window> sending attachments", () => {
  it("hands the composer its conversation and sends the uploaded files with handle.send", async () => {
    const handle = fakeConversation("c-1", { meta: makeMeta("c-1") });
    const chat = fakeChat({ userId: "me", handles: [handle] });
    const element = await fixture<ChatWindow>(html`<chat-window .chat=${chat} conversation="c-1"></chat-window>`);
    const composer = part<ChatComposer>(element, "composer");
    await composer.updateComplete;
    expect(composer.conversation === handle).to.equal(true);

    pick(composer, notes());
    const attachment = handle.uploads[0]!.finish();
    await settle();
    await composer.updateComplete;
    sendButton(composer).click();
    expect(handle.calls.filter((call) => call.action === "send")).to.deep.equal([{ action: "send", args: ["", { attachments: [attachment] }] }]);
  });
});
