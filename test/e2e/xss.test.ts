/**
 * Cross-site scripting, end to end: OWASP-style vectors (./xss-vectors.ts) go through the real
 * server in every place a user can put text (message text, sender display names from guest
 * sign-in and from token `name` claims, group titles, message and conversation metadata, token
 * `avatar` claims and group avatars), then a viewer's demo page renders them in real Chromium.
 * Nothing may run (the `__xss` trap stays unset in every frame, no dialog opens), no element
 * our templates do not make may appear in any shadow root, and every vector must read back
 * as the very same text (in a message bubble: less the markdown markers it formats).
 *
 * File names are not covered: attachments do not exist yet. Add them here when they do.
 */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ReadableAtom } from "nanostores";
import type { Page } from "playwright-core";
import WebSocket from "ws";
import { TEST_VARS } from "../support/server-clients.js";
import { signChatToken } from "../../demo/host-backend.js";
import { ChatError, createChat, type Chat, type ChatMessage, type ConversationHandle, type Metadata } from "../../src/store/index.js";
import { LIMITS, clip, clippedLabel, plainLabel } from "../../src/protocol/index.js";
import { useDemoStack } from "../support/demo-stack.js";
import { shownText } from "../support/markdown.js";
import { until as untilWithin } from "../support/stores.js";
import { AVATAR_CLAIMS, CONVERSATION_AVATARS, VIEWER_NAME, XSS_VECTORS } from "./xss-vectors.js";

const TIMEOUT = 10_000;
const PIXEL = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");

/** A vector as a title: the protocol allows 120 characters. */
const titleOf = (text: string) => clip(text, LIMITS.titleLength);
/** A title as the server keeps it: a plain label (src/protocol/labels.ts). */
const shownTitle = (text: string) => plainLabel(titleOf(text));
/** A display name as the server keeps it: a plain label, or the user's id when nothing is left. */
const shownName = (text: string, userId: string) => clippedLabel(nameOf(text), LIMITS.titleLength) || userId;
/** A vector as a display name: trimmed and at most 120 characters, as the server keeps names. */
function nameOf(text: string): string {
  let name = text.trim();
  while (name.length > LIMITS.titleLength || name !== name.trim()) name = clip(name, LIMITS.titleLength).trim();
  return name;
}


const until = <T>(store: ReadableAtom<T>, predicate: (value: T) => boolean, what: string) =>
  untilWithin(store, predicate, what, TIMEOUT);

/** Sends `text` and waits for the server's ack; fails with the server's reason if refused. */
async function sendAndAck(conversation: ConversationHandle, text: string, metadata: Metadata, what: string): Promise<void> {
  const id = conversation.send(text, { metadata });
  const messages = await until(
    conversation.messages,
    (list: ChatMessage[]) => list.some((message) => message.id === id && message.status !== "pending"),
    `the ack of ${what}`,
  );
  const message = messages.find((item) => item.id === id)!;
  assert.equal(message.status, "sent", `${what} was refused: ${message.error}`);
}

// ── what the page is asked, as plain JS source ──────────────────────────────
// Functions passed to page.evaluate() would be serialised after tsx compiled them, with its
// `__name` helper calls inside; sources in strings reach the page as written.

/** The rendered state of the list, the window, its messages and its members panel. */
const SNAPSHOT = `(() => {
  const text = (element) => (element ? element.textContent : null);
  const list = document.querySelector("chat-list").shadowRoot;
  const win = document.querySelector("chat-window").shadowRoot;
  const items = [...list.querySelectorAll("li[role=option]")].map((li) => {
    const avatar = li.querySelector("[part~=avatar]");
    return {
      id: li.dataset.id,
      title: text(li.querySelector("[part~=title]")),
      preview: text(li.querySelector("[part~=preview]")),
      avatar: avatar && avatar.localName === "img" ? avatar.getAttribute("src") : null,
    };
  });
  const messages = [...win.querySelectorAll("chat-message")].map((element) => {
    const root = element.shadowRoot;
    return {
      own: element.hasAttribute("own"),
      status: element.getAttribute("status"),
      sender: root ? text(root.querySelector("[part~=sender]")) : null,
      text: root ? text(root.querySelector("[part~=bubble]")) : null,
    };
  });
  const panel = win.querySelector("chat-members");
  const members = panel && panel.shadowRoot
    ? [...panel.shadowRoot.querySelectorAll("[part~=member]")].map((li) => {
        const kick = li.querySelector("[part~=kick-button]");
        return { name: text(li.querySelector("[part~=member-name]")), kick: kick ? kick.getAttribute("aria-label") : null };
      })
    : null;
  const headerAvatar = win.querySelector("[part~=header] [part~=avatar]");
  return {
    items,
    avatar: headerAvatar && headerAvatar.localName === "img" ? headerAvatar.getAttribute("src") : null,
    title: text(win.querySelector("[part~=title]")),
    status: win.querySelector("[part~=connection-status]")?.getAttribute("data-status") ?? null,
    messages,
    members,
  };
})()`;

/**
 * Walks the page and every shadow root of our elements, and lists whatever our templates do
 * not make: unknown elements, foreign (SVG, MathML) content, event-handler or URL attributes,
 * inline styles, forms other than ours, images other than our avatars with http(s) sources
 * and attached pictures shown from blob: URLs, links other than attachment links to "#".
 */
const AUDIT = `(() => {
  const ELEMENTS = {
    "chat-list": ["h2", "button", "chat-new-conversation", "div", "slot", "ul", "li", "span", "time", "img"],
    "chat-window": ["div", "h2", "button", "span", "slot", "chat-members", "p", "chat-message", "chat-composer", "img", "chat-person-card"],
    "chat-members": ["ul", "li", "span", "button", "form", "input", "div", "p", "img"],
    "chat-message": ["div", "span", "bdi", "time", "strong", "em", "code", "pre", "img", "a", "button"],
    "chat-composer": ["form", "textarea", "button", "input", "ul", "li", "progress", "p", "span", "div"],
    "chat-new-conversation": ["form", "fieldset", "legend", "label", "input", "p", "div", "button", "chat-people-picker"],
    "chat-people-picker": ["ul", "li", "button", "bdi", "span", "label", "input", "div", "img"],
    "chat-person-card": ["div", "span", "img", "h3", "bdi", "p", "button"],
  };
  const FORMS = { "chat-members": "add-form", "chat-composer": "form", "chat-new-conversation": "form" };
  const URL_ATTRIBUTES = /^(href|xlink:href|src|srcset|srcdoc|action|formaction|data|background|poster|dynsrc|lowsrc|ping|codebase|manifest)$/i;
  const HTML = "http://www.w3.org/1999/xhtml";
  const problems = [];
  let roots = 0;
  let elements = 0;
  const show = (element) =>
    "<" + element.localName + [...element.attributes].map((a) => " " + a.name + "=" + JSON.stringify(a.value.slice(0, 80))).join("") + ">";

  function walk(host) {
    const root = host.shadowRoot;
    if (!root) {
      problems.push("<" + host.localName + "> has no shadow root");
      return;
    }
    roots++;
    if (root.adoptedStyleSheets.length === 0) problems.push("<" + host.localName + "> has no adopted style sheets");
    const allowed = ELEMENTS[host.localName];
    for (const element of root.querySelectorAll("*")) {
      elements++;
      const tag = element.localName;
      const where = host.localName + ": ";
      if (element.namespaceURI !== HTML) problems.push(where + "foreign element " + show(element));
      if (!allowed.includes(tag)) problems.push(where + "unexpected element " + show(element));
      for (const attribute of element.attributes) {
        if (/^on/i.test(attribute.name)) problems.push(where + "event handler attribute on " + show(element));
        if (attribute.name === "style") problems.push(where + "inline style on " + show(element));
        const attachmentLink = tag === "a" && attribute.name === "href" && attribute.value === "#" && element.matches("[part~=attachment-file]");
        const ourUrl = (tag === "img" && attribute.name === "src") || (tag === "a" && attribute.name === "href");
        if (URL_ATTRIBUTES.test(attribute.name) && !ourUrl && !attachmentLink) {
          problems.push(where + "URL attribute " + attribute.name + " on " + show(element));
        }
      }
      if (tag === "img" && element.matches("[part~=attachment-image]")) {
        if (element.hasAttribute("src") && !/^blob:/.test(element.getAttribute("src"))) problems.push(where + "attached picture not from a blob: URL: " + show(element));
      } else if (tag === "img") {
        const src = element.getAttribute("src") || "";
        if (!element.matches("img[part~=avatar].avatar")) problems.push(where + "image that is not our avatar: " + show(element));
        if (!/^https?:\\/\\//.test(src) || !/^https?:$/.test(new URL(element.src).protocol)) {
          problems.push(where + "avatar whose source is not http(s): " + show(element));
        }
      }
      if (tag === "a" && !element.matches("[part~=attachment-file]")) {
        const href = element.getAttribute("href") || "";
        if (!element.matches('a[part~=link][target=_blank][rel="noopener noreferrer nofollow"]')) problems.push(where + "link that is not ours: " + show(element));
        if (!/^https?:\\/\\//i.test(href) || !/^https?:$/.test(new URL(element.href).protocol)) {
          problems.push(where + "link whose target is not http(s): " + show(element));
        }
      }
      if (tag === "form" && element.getAttribute("part") !== FORMS[host.localName]) problems.push(where + "form not ours: " + show(element));
      if (tag.includes("-")) {
        if (!ELEMENTS[tag]) problems.push(where + "unknown custom element " + show(element));
        else walk(element);
      }
      if (element.shadowRoot && !ELEMENTS[tag]) problems.push(where + "unexpected shadow root on " + show(element));
    }
  }

  const body = [...document.body.children].map((element) => element.localName);
  if (body.join() !== "chat-list,chat-window") problems.push("the page's body holds " + body.join());
  for (const host of document.body.children) {
    if (host.children.length > 0) problems.push("<" + host.localName + "> has light DOM children");
    if (ELEMENTS[host.localName]) walk(host);
  }
  for (const element of document.querySelectorAll("iframe, frame, object, embed, svg, math, base, form, img, a")) {
    problems.push("document: unexpected " + show(element));
  }
  return { problems, roots, elements };
})()`;

/**
 * The audit's negative control: plants what it must find in a message's and the list's shadow
 * roots (inert: nothing loads or fires), audits, removes them and returns the complaints.
 */
const PLANTED_AUDIT = `(() => {
  const message = document.querySelector("chat-window").shadowRoot.querySelector("chat-message").shadowRoot;
  const list = document.querySelector("chat-list").shadowRoot;
  const planted = [];
  const plant = (root, element) => (planted.push(element), root.append(element), element);
  plant(message, document.createElementNS("http://www.w3.org/2000/svg", "svg"));
  plant(message, document.createElement("b")).setAttribute("onclick", "void 0");
  plant(message, document.createElement("style"));
  const link = plant(message, document.createElement("a"));
  link.setAttribute("part", "link");
  link.setAttribute("href", "javascript:void 0");
  plant(list, document.createElement("form"));
  const image = document.createElement("img");
  image.setAttribute("part", "avatar");
  image.className = "avatar";
  image.setAttribute("src", "javascript:void 0");
  plant(list, image);
  const audit = ${AUDIT};
  for (const element of planted) element.remove();
  return audit.problems;
})()`;

/** The headless chat's stores as the page holds them, for metadata the elements do not show. */
const STORED = (conversationId: string) => `(() => {
  const chat = document.querySelector("chat-window").chat;
  const conversation = chat.conversation(${JSON.stringify(conversationId)});
  const meta = conversation.meta.get();
  return {
    metadata: meta ? meta.metadata ?? null : null,
    messages: conversation.messages.get().map((message) => ({ text: message.text, metadata: message.metadata ?? null })),
  };
})()`;

type Snapshot = {
  items: { id: string; title: string | null; preview: string | null; avatar: string | null }[];
  /** The window header's avatar image source, null for initials. */
  avatar: string | null;
  title: string | null;
  status: string | null;
  messages: { own: boolean; status: string | null; sender: string | null; text: string | null }[];
  members: { name: string | null; kick: string | null }[] | null;
};

/** What one conversation must look like in the viewer's page. */
interface Expected {
  id: string;
  label: string;
  title: string;
  preview: string;
  /** The list's avatar image source, or null for initials. */
  avatar: string | null;
  messages: Snapshot["messages"];
  members: { name: string; kick: string | null }[];
  metadata: Metadata | null;
  messageMetadata: (Metadata | null)[];
}

/** Everything a page saw that it should not have. */
interface Watch {
  dialogs: string[];
  errors: string[];
  popups: string[];
  requests: string[];
}

describe("cross-site scripting through the real server into the widget", () => {
  const stack = useDemoStack(TEST_VARS);
  const chats: Chat[] = [];

  after(() => {
    for (const chat of chats) void chat.end();
  });

  const host = () => `127.0.0.1:${stack.server.port}`;

  /** A guest's chat from Node, its inbox online (which saves the name others will see). */
  async function guest(user: string, name: string): Promise<Chat> {
    const chat = createChat({ host: host(), user, name, WebSocket });
    chats.push(chat);
    await until(chat.connection, (status) => status === "online", `${user}'s inbox`);
    return chat;
  }

  /** A user signed in with a host site's token carrying `name` and maybe `avatar` claims. */
  async function tokenUser(user: string, name: string, avatar?: string): Promise<Chat> {
    const token = await signChatToken(TEST_VARS.JWT_SECRET!, { id: user, name, avatar });
    const chat = createChat({ host: host(), token, WebSocket });
    chats.push(chat);
    await until(chat.connection, (status) => status === "online", `${user}'s inbox`);
    return chat;
  }

  /** The viewer's demo page, watched for dialogs, errors, popups and requests it should not make. */
  async function openViewer(user: string, name: string, avatarHosts: string[]): Promise<{ page: Page; watch: Watch }> {
    const page = await stack.browser.newPage();
    const watch: Watch = { dialogs: [], errors: [], popups: [], requests: [] };
    const origin = stack.demo.url;
    page.on("dialog", (dialog) => {
      watch.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss().catch(() => {});
    });
    page.on("pageerror", (error) => watch.errors.push(error.message));
    page.on("popup", (popup) => watch.popups.push(popup.url()));
    page.on("request", (request) => {
      const url = request.url();
      const ours = url.startsWith(origin) && /^\/(demo|src|node_modules|@vite|@id|@fs|parties|auth)\//.test(url.slice(origin.length));
      const avatar = avatarHosts.some((avatarHost) => new URL(url).host === avatarHost);
      if (!ours && !avatar && url !== "data:,") watch.requests.push(url);
    });
    // Kept avatars point at .invalid hosts: answer them here rather than wait for DNS.
    await page.route(/^https?:\/\/[^/]*\.invalid\//, (route) => route.fulfill({ status: 200, contentType: "image/png", body: PIXEL }));
    await page.goto(`${origin}/demo/chat.html?user=${user}&name=${encodeURIComponent(name)}`);
    return { page, watch };
  }

  async function snapshot(page: Page): Promise<Snapshot> {
    return (await page.evaluate(SNAPSHOT)) as Snapshot;
  }

  /** Polls the page until `check` returns nothing; fails with its last complaint after TIMEOUT. */
  async function waitFor(page: Page, check: (state: Snapshot) => string | undefined): Promise<Snapshot> {
    const deadline = Date.now() + TIMEOUT;
    for (;;) {
      const state = await snapshot(page);
      const complaint = check(state);
      if (!complaint) return state;
      if (Date.now() > deadline) assert.fail(complaint);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  const same = (actual: unknown, expected: unknown) => JSON.stringify(actual) === JSON.stringify(expected);

  /**
   * Opens every conversation in the viewer's page, waits until its messages and members panel
   * show what they must, and audits the DOM each time. Returns every problem the audits found.
   */
  async function renderAll(page: Page, expected: Expected[]): Promise<{ problems: string[]; audits: number; elements: number }> {
    await waitFor(page, (state) => {
      const missing = expected.filter((conversation) => !state.items.some((item) => item.id === conversation.id));
      return missing.length ? `the list lacks ${missing.length} conversations, such as "${missing[0]!.label}"` : undefined;
    });
    await waitFor(page, (state) => {
      for (const conversation of expected) {
        const item = state.items.find((row) => row.id === conversation.id)!;
        const wanted = { id: conversation.id, title: conversation.title, preview: conversation.preview, avatar: conversation.avatar };
        if (!same(item, wanted)) return `list row of "${conversation.label}": ${JSON.stringify(item)}, expected ${JSON.stringify(wanted)}`;
      }
      return undefined;
    });

    const problems: string[] = [];
    let elements = 0;
    for (const conversation of expected) {
      await page.locator(`chat-list li[data-id="${conversation.id}"]`).click();
      await waitFor(page, (state) => {
        if (state.title !== conversation.title) return `window title of "${conversation.label}": ${JSON.stringify(state.title)}`;
        if (state.status !== "online") return `"${conversation.label}" is ${state.status}`;
        return same(state.messages, conversation.messages)
          ? undefined
          : `messages of "${conversation.label}": ${JSON.stringify(state.messages)}, expected ${JSON.stringify(conversation.messages)}`;
      });
      await page.locator("chat-window [part~='members-button']").click();
      await waitFor(page, (state) =>
        same(state.members, conversation.members)
          ? undefined
          : `members of "${conversation.label}": ${JSON.stringify(state.members)}, expected ${JSON.stringify(conversation.members)}`,
      );
      const stored = (await page.evaluate(STORED(conversation.id))) as { metadata: Metadata | null; messages: { text: string; metadata: Metadata | null }[] };
      assert.deepEqual(stored.metadata, conversation.metadata, `conversation metadata of "${conversation.label}" in the page`);
      assert.deepEqual(
        stored.messages.map((message) => message.metadata),
        conversation.messageMetadata,
        `message metadata of "${conversation.label}" in the page`,
      );
      const audit = (await page.evaluate(AUDIT)) as { problems: string[]; roots: number; elements: number };
      problems.push(...audit.problems.map((problem) => `[${conversation.label}] ${problem}`));
      elements += audit.elements;
    }
    return { problems, audits: expected.length, elements };
  }

  /** Nothing ran: the trap is unset in every frame, and no dialog, error, popup or stray request. */
  async function assertNothingRan(page: Page, watch: Watch): Promise<void> {
    const frames = page.frames();
    assert.equal(frames.length, 1, `frames appeared: ${frames.map((frame) => frame.url()).join(", ")}`);
    for (const frame of frames) {
      assert.equal(await frame.evaluate("typeof window.__xss"), "undefined", `the trap was set in ${frame.url()}`);
    }
    assert.equal(new URL(page.url()).pathname, "/demo/chat.html", "the page navigated away");
    assert.deepEqual(watch.dialogs, [], "dialogs opened");
    assert.deepEqual(watch.popups, [], "windows opened");
    assert.deepEqual(watch.errors, [], "uncaught errors in the page");
    assert.deepEqual(watch.requests, [], "requests the widget does not make");
  }

  it("renders every vector in every context as text and runs none of them", { timeout: 90_000 }, async (t) => {
    const started = Date.now();
    assert.ok(XSS_VECTORS.length >= 50, "at least 50 vectors");
    assert.equal(new Set(XSS_VECTORS.map((vector) => vector.text)).size, XSS_VECTORS.length, "no vector twice");
    const viewerName = nameOf(VIEWER_NAME);
    const viewer = await guest("viewer", viewerName);

    // One group per vector: titled with it, its metadata holding it, and one member whose display
    // name is the vector (guest sign-in for even ones, a token `name` claim for odd ones). The
    // viewer posts the vector, then that member does, so the list's preview names the member.
    const senders = await Promise.all(
      XSS_VECTORS.map((vector, index) =>
        index % 2 === 0 ? guest(`xss-guest-${index}`, nameOf(vector.text)) : tokenUser(`xss-token-${index}`, nameOf(vector.text)),
      ),
    );
    const groups = await Promise.all(
      XSS_VECTORS.map((vector, index) =>
        viewer.create({
          type: "group",
          members: [senders[index]!.user.userId],
          title: titleOf(vector.text),
          metadata: { vector: vector.text, index, xss: true },
        }),
      ),
    );
    await Promise.all(
      groups.map((group, index) => sendAndAck(group, XSS_VECTORS[index]!.text, { vector: XSS_VECTORS[index]!.text }, `viewer's ${XSS_VECTORS[index]!.label}`)),
    );
    await Promise.all(
      groups.map((group, index) => {
        const vector = XSS_VECTORS[index]!;
        return sendAndAck(senders[index]!.conversation(group.id), vector.text, { vector: vector.text, index }, vector.label);
      }),
    );

    // One-to-one conversations from token users whose `avatar` claims are URLs of every kind:
    // the list shows the peer's avatar, which the server must have dropped unless it is http(s).
    const avatarVectors = AVATAR_CLAIMS.map((_, index) => XSS_VECTORS[(index * 7 + 3) % XSS_VECTORS.length]!);
    const avatarUsers = await Promise.all(
      AVATAR_CLAIMS.map((claim, index) => tokenUser(`xss-avatar-${index}`, nameOf(avatarVectors[index]!.text), claim.url)),
    );
    const directIds = await Promise.all(
      avatarUsers.map(async (chat, index) => {
        const direct = await chat.create({ type: "direct", members: [viewer.user.userId] });
        await sendAndAck(direct, avatarVectors[index]!.text, { avatar: AVATAR_CLAIMS[index]!.url }, `avatar ${index}`);
        return direct.id;
      }),
    );
    for (const chat of chats.splice(0)) chat.end();
    const setUp = Date.now();

    const shownViewer = shownName(viewerName, viewer.user.userId);
    const expected = XSS_VECTORS.map((vector, index): Expected => {
      const name = shownName(vector.text, senders[index]!.user.userId);
      return {
        id: groups[index]!.id,
        label: vector.label,
        title: shownTitle(vector.text),
        // A row previews the words the bubble shows, markers gone.
        preview: `${name}: ${shownText(vector.text)}`,
        avatar: null,
        messages: [
          { own: true, status: "sent", sender: shownViewer, text: shownText(vector.text) },
          { own: false, status: "sent", sender: name, text: shownText(vector.text) },
        ],
        members: [
          { name: `${shownViewer} (you)`, kick: null },
          { name, kick: `Remove ${name}` },
        ],
        metadata: { vector: vector.text, index, xss: true },
        messageMetadata: [{ vector: vector.text }, { vector: vector.text, index }],
      };
    });
    const directs = AVATAR_CLAIMS.map((claim, index): Expected => {
      const name = shownName(avatarVectors[index]!.text, avatarUsers[index]!.user.userId);
      const text = avatarVectors[index]!.text;
      return {
        id: directIds[index]!,
        label: `avatar claim ${JSON.stringify(claim.url)}`,
        title: name,
        // A one-to-one row names no sender: its title is the sender.
        preview: shownText(text),
        avatar: claim.kept ? claim.url : null,
        messages: [{ own: false, status: "sent", sender: name, text: shownText(text) }],
        members: [
          { name, kick: null },
          { name: `${shownViewer} (you)`, kick: null },
        ],
        metadata: null,
        messageMetadata: [{ avatar: claim.url }],
      };
    });

    const { page, watch } = await openViewer("viewer", viewerName, ["avatars.xss.invalid"]);
    const { problems, audits, elements } = await renderAll(page, [...expected, ...directs]);
    assert.deepEqual(problems, [], "elements or attributes our templates do not make");
    await assertNothingRan(page, watch);
    const control = (await page.evaluate(PLANTED_AUDIT)) as string[];
    for (const complaint of [/foreign element <svg>/, /unexpected element <b onclick/, /event handler attribute on <b/, /unexpected element <style>/, /form not ours/, /avatar whose source is not http\(s\)/, /link that is not ours/, /link whose target is not http\(s\)/]) {
      assert.ok(control.some((problem) => complaint.test(problem)), `the audit misses ${complaint}: ${JSON.stringify(control)}`);
    }
    await page.close();

    // Per group vector: list title, list preview (with the sender's name), window title, the
    // viewer's own bubble and sender, the member's bubble and sender name, the member's row and
    // its Remove button's label. Delivered but not shown by any element: message and
    // conversation metadata.
    const groupContexts = ["list title", "list preview", "window title", "own bubble", "own sender", "bubble", "sender name", "member name", "remove label"];
    const delivered = ["message metadata", "conversation metadata"];
    const directContexts = ["list title (peer name)", "list preview", "window title", "bubble", "sender name", "member name", "list avatar"];
    const rendered = XSS_VECTORS.length * groupContexts.length + AVATAR_CLAIMS.length * directContexts.length;
    t.diagnostic(
      `${XSS_VECTORS.length} vectors × ${groupContexts.length} rendered contexts (${groupContexts.join(", ")}) + ` +
        `${AVATAR_CLAIMS.length} avatar claims × ${directContexts.length} (${directContexts.join(", ")}) = ${rendered} renderings; ` +
        `${XSS_VECTORS.length} × ${delivered.length} delivered to the page but not rendered (${delivered.join(", ")})`,
    );
    t.diagnostic(
      `${audits} conversations opened and audited (${elements} shadow-DOM elements); setup ${setUp - started} ms, ` +
        `rendering ${Date.now() - setUp} ms`,
    );
  });

  it("shows a group's avatar only when it is an http(s) URL", { timeout: 60_000 }, async (t) => {
    // valibot's url() alone passes javascript:, data: and vbscript: URLs (URL.canParse), so the
    // protocol also asks for http(s). Refusing such an avatar is fine; showing it is not.
    const owner = await guest("viewer2", "Viewer Two");
    const member = await guest("xss-avatar-member", "Member");
    const made: { url: string; id: string; via: string }[] = [];
    const refused: string[] = [];
    for (const [index, url] of CONVERSATION_AVATARS.entries()) {
      const vector = XSS_VECTORS[index]!;
      try {
        const group = await owner.create({ type: "group", members: [member.user.userId], title: titleOf(vector.text), avatar: url });
        made.push({ url, id: group.id, via: "create" });
      } catch (error) {
        if (!(error instanceof ChatError)) throw error;
        refused.push(`create with ${url}: ${error.code}`);
      }
      const later = await owner.create({ type: "group", members: [member.user.userId], title: titleOf(vector.text) });
      try {
        await later.update({ avatar: url });
        made.push({ url, id: later.id, via: "update" });
      } catch (error) {
        if (!(error instanceof ChatError)) throw error;
        refused.push(`update to ${url}: ${error.code}`);
        made.push({ url: "", id: later.id, via: "update refused" });
      }
    }
    for (const chat of chats.splice(0)) chat.end();
    t.diagnostic(`group avatars accepted: ${made.filter((entry) => entry.url).length}; refused: ${refused.length ? refused.join("; ") : "none"}`);

    const { page, watch } = await openViewer("viewer2", "Viewer Two", ["avatars.xss.invalid"]);
    await waitFor(page, (state) => (state.items.length === made.length ? undefined : `the list has ${state.items.length} of ${made.length} groups`));
    const problems: string[] = [];
    for (const entry of made) {
      await page.locator(`chat-list li[data-id="${entry.id}"]`).click();
      const shown = entry.url || null;
      await waitFor(page, (state) => {
        if (state.status !== "online") return `group with avatar ${entry.url} is ${state.status}`;
        const row = state.items.find((item) => item.id === entry.id);
        return row?.avatar === shown && state.avatar === shown
          ? undefined
          : `group avatar ${JSON.stringify(entry.url)} by ${entry.via}: list shows ${row?.avatar}, window ${state.avatar}`;
      });
      const audit = (await page.evaluate(AUDIT)) as { problems: string[] };
      problems.push(...audit.problems.map((problem) => `[avatar ${JSON.stringify(entry.url)} by ${entry.via}] ${problem}`));
    }
    await assertNothingRan(page, watch);
    await page.close();
    assert.deepEqual([...new Set(problems)], [], "group avatars shown from URLs that are not http(s)");
  });
});
