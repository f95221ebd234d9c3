/**
 * Fuzzing the server's frame handling. A hostile but authenticated member sends at least
 * FUZZ_FRAMES (10,000) generated frames (fast-check, seeded: FUZZ_SEED reproduces a run) into
 * a live group conversation, and a share of them into their own inbox socket, while a
 * well-behaved member keeps chatting and a third member watches.
 *
 * The protocol's own parsers are the oracle: a frame `parseClientFrame` (or
 * `parseInboxClientFrame`) refuses must be answered with exactly the error frame the parser
 * gives, and nothing else; a frame it accepts must be answered as the protocol says (ack,
 * welcome, `forbidden` for what a plain member may not do, nothing for a read). Frames are
 * parsed as the server sees them, after the UTF-8 round trip of the wire (lone surrogates in
 * raw text arrive as U+FFFD).
 *
 * The rate limit is lifted (TEST_VARS), so validation is what is exercised; the frames go in
 * batches whose answers are awaited, so workerd is not simply buried.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import {
  LIMITS,
  parseClientFrame,
  parseInboxClientFrame,
  type ClientFrame,
  type ConversationEvent,
  type ErrorFrame,
  type InboxClientFrame,
  type InboxServerFrame,
  type Metadata,
  type PageFrame,
  type Parsed,
  type ServerFrame,
  type StoredMessage,
  type WelcomeFrame,
} from "../../src/protocol/index.js";
import type { AnyFrame } from "../support/frame-inbox.js";
import {
  freshConversationId,
  freshRef,
  freshUser,
  freshUserId,
  isMessageEvent,
  messageId,
  useTestServer,
  type ConversationClient,
  type RoomClient,
} from "../support/server-clients.js";

const FRAMES = Number(process.env.FUZZ_FRAMES ?? 10_000);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
/** Frames sent before their answers are awaited. */
const BATCH = 100;
/** How long one batch's answers may take, on a busy machine. */
const BATCH_TIMEOUT_MS = 30_000;
/**
 * The good member sends a message every few ms, but keeps within this many messages per
 * 10,000 fuzzed frames: on a slow machine the run takes longer, and an unbounded chat would
 * grow the conversation (and the server's work per message) along with it.
 */
const GOOD_MESSAGES_PER_10K = 2_500;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `condition` until it holds; rejects with `what()` after `timeoutMs`. */
async function until(condition: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what()}`);
    await sleep(3);
  }
}

const preview = (payload: string | Uint8Array, max = 160): string =>
  typeof payload === "string"
    ? `${JSON.stringify(payload.slice(0, max))}${payload.length > max ? `… (${payload.length} chars)` : ""}`
    : `<binary ${payload.length} bytes>`;

/** Whether `value` holds a number JSON cannot carry (Infinity from `1e999`): it would be stored as null. */
function hasNonFinite(value: unknown): boolean {
  if (typeof value === "number") return !Number.isFinite(value);
  if (typeof value !== "object" || value === null) return false;
  return Object.values(value).some(hasNonFinite);
}

// ── the generated frames ────────────────────────────────────────────────────

type Target = "conversation" | "inbox";
type Payload = string | Uint8Array<ArrayBuffer>;

/** What a frame's payload may depend on at the moment it is sent. */
interface Live {
  /** Message ids the server acknowledged to the good member. */
  goodAcked: string[];
  /** Message ids the hostile member had stored, first send first. */
  hostileIds: string[];
  /** The highest seq the observer has seen. */
  lastSeq: number;
}

interface FuzzCase {
  category: string;
  target: Target;
  payload: (live: Live) => Payload;
}

interface Room {
  groupId: string;
  ownerId: string;
  hostileId: string;
  goodId: string;
  observerId: string;
}

const json = (value: unknown): string => JSON.stringify(value);
/** JSON text with its lone surrogates left raw instead of escaped (the wire turns them into U+FFFD). */
const rawSurrogates = (text: string): string =>
  text.replace(/(?<!\\)\\u(d[89a-f][0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

const fixed = (category: string, target: Target, payload: Payload): FuzzCase => ({ category, target, payload: () => payload });

const UNICODE_PIECES = [
  "\ud800", "\udfff", "\ud83d", "a\udc00b", "\udbff\udbff", // lone and doubled-high surrogates
  "\u202e", "\u202d", "\u200f", "\u200e", "\u061c", "\u2066", "\u2069", "مرحبا", "שלום", "\u202egnp.exe", // RTL
  "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u180e", "\u00ad", // zero-width
  "😀", "👩‍👩‍👧‍👦", "🏳️‍🌈", "𝕳𝖊𝖑𝖑𝖔", "\u{10ffff}", "\u{1f600}\u{fe0f}", // 4-byte
  "e\u0301", "Z̴̧̛͔a̵l̸g̶o̷", "\u0000", "\u0001", "\u001f", "\u007f", "\u0085", "\ufffd", "\uffff", "\ufffe",
  "\u2028", "\u2029", "\u00a0", "\u3000", "\r\n", "\\", '"', "</script>", "${x}", "%s%n", "' OR 1=1 --",
];

const unicodeText = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...UNICODE_PIECES) },
      { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 8 }) },
      { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }) },
    ),
    { minLength: 1, maxLength: 12 },
  )
  .map((parts) => parts.join(""));

const plainText = fc.string({ unit: "grapheme", minLength: 1, maxLength: 80 }).filter((text) => text.trim().length > 0);

const edgeText = fc.oneof(
  fc.constantFrom("", " ", "\n\t ", "\u00a0", "\u2028\u2029", "\ufeff", "\u3000", "\u200b", "\u180e", "\u0000", "  padded  "),
  fc.integer({ min: LIMITS.messageTextLength - 10, max: LIMITS.messageTextLength + 10 }).map((n) => "x".repeat(n)),
  // 4-byte characters count twice against the UTF-16 limit.
  fc.integer({ min: LIMITS.messageTextLength / 2 - 5, max: LIMITS.messageTextLength / 2 + 5 }).map((n) => "😀".repeat(n)),
  fc.integer({ min: LIMITS.messageTextLength - 5, max: LIMITS.messageTextLength + 5 }).map((n) => " ".repeat(n)),
  fc.integer({ min: LIMITS.messageTextLength - 1, max: LIMITS.messageTextLength + 1 }).map((n) => "\u0001".repeat(n)),
  fc.integer({ min: 1, max: 3 }).map((n) => "x".repeat(LIMITS.messageTextLength - n) + " ".repeat(2 * n)),
  fc.constantFrom("42", "-1", "true", "null", "{}", "[]", "NaN"),
  unicodeText,
);

const notAString = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);

const uuid = fc.uuid();
const badUuid = fc.oneof(
  uuid.map((id) => id.slice(1)),
  uuid.map((id) => `${id}0`),
  uuid.map((id) => id.replaceAll("-", "")),
  uuid.map((id) => `{${id}}`),
  uuid.map((id) => `urn:uuid:${id}`),
  uuid.map((id) => ` ${id}`),
  uuid.map((id) => `${id}\n`),
  uuid.map((id) => id.replace(/[0-9a-f]/, "g")),
  uuid.map((id) => id.replace("-", "\u2010")),
  uuid.map((id) => id.replace(/[0-9]/, (digit) => String.fromCharCode(0xff10 + Number(digit)))), // fullwidth digit
  uuid.map((id) => `${id.slice(0, 35)}\u0000`),
  fc.constantFrom("", "not-a-uuid", "x".repeat(200), "00000000-0000-0000-0000-00000000000"),
  fc.string({ maxLength: 70 }),
  fc.string({ unit: "binary", maxLength: 40 }),
);
const ref = fc.oneof(fc.string({ minLength: 1, maxLength: 64 }), fc.stringMatching(/^[a-z0-9-]{1,64}$/));
const userIdArb = fc.stringMatching(/^[A-Za-z0-9_.@-]{1,64}$/);

const metadataScalar = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  unicodeText,
);
const validMetadata = fc.dictionary(fc.string({ maxLength: 12 }), metadataScalar, { maxKeys: 6 });
const badMetadata = fc.oneof(
  fc.dictionary(
    fc.string({ maxLength: 8 }),
    fc.oneof(fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 3 }), fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 4 })),
    { minKeys: 1, maxKeys: 3 },
  ),
  fc.constant({ gone: null }),
  // {"k":"…"} is 8 characters of JSON around the value: valid up to 2040, refused above.
  fc.integer({ min: LIMITS.metadataBytes - 12, max: LIMITS.metadataBytes + 2000 }).map((n) => ({ k: "v".repeat(n) })),
  fc.integer({ min: LIMITS.metadataBytes / 4 - 8, max: LIMITS.metadataBytes / 4 + 8 }).map((n) => ({ k: "😀".repeat(n) })),
  fc.integer({ min: 100, max: 1000 }).map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]))),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom([], ["a", "b"], "metadata", 0, true),
  // Numbers (and other values) as strings: valid.
  fc.record({ n: fc.integer().map(String), t: fc.constantFrom("true", "false", "null", "1e999", "NaN") }),
);

/** Raw JSON of a send frame whose metadata holds `number` verbatim: texts JSON.stringify never writes. */
const numberEdgeSend = fc
  .record({ id: uuid, number: fc.constantFrom("1e308", "-0", "5e-324", "1E+2", "0.0", "1e-400", "123456789012345678901234567890", "1e999", "-1e999") })
  .map(({ id, number }) => `{"type":"send","id":"${id}","text":"number edge","metadata":{"n":${number}}}`);

const nearValidSend = fc
  .record({
    id: fc.oneof({ weight: 3, arbitrary: uuid }, { weight: 4, arbitrary: badUuid }, { weight: 1, arbitrary: notAString }, { weight: 1, arbitrary: fc.constant(undefined) }),
    text: fc.oneof({ weight: 2, arbitrary: plainText }, { weight: 4, arbitrary: edgeText }, { weight: 1, arbitrary: notAString }, { weight: 1, arbitrary: fc.constant(undefined) }),
    metadata: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: validMetadata }, { weight: 4, arbitrary: badMetadata }),
    extra: fc.option(fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }), { nil: undefined, freq: 3 }),
  })
  .map(({ id, text, metadata, extra }) => json({ ...extra, type: "send", id, text, metadata }));

const CONVERSATION_TYPES = ["hello", "send", "add", "kick", "leave", "update", "read", "history"];
const INBOX_TYPES = ["create", "join"];
const OTHER_TYPES = ["welcome", "ack", "error", "event", "done", "inbox", "typing", "HELLO", "send ", "", "__proto__", "constructor", "toString"];
const FIELD_NAMES = ["id", "ref", "text", "seq", "since", "before", "limit", "userId", "title", "avatar", "metadata", "conversationId", "members", "conversationType", "joinable", "role", "senderId"];

function generators(room: Room) {
  const fieldValue = fc.oneof(
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    { weight: 1, arbitrary: uuid },
    { weight: 2, arbitrary: fc.constantFrom(room.hostileId, room.goodId, room.ownerId, room.groupId, "", " ", "https://example.com/a.png", "group", "direct", "owner") },
    { weight: 1, arbitrary: fc.nat() },
    { weight: 1, arbitrary: fc.integer({ min: -5, max: -1 }) },
    { weight: 1, arbitrary: fc.double() },
    { weight: 1, arbitrary: fc.array(fc.constantFrom(room.goodId, "has space", "x"), { maxLength: 3 }) },
  );
  const typedWrongFields = (types: string[]) =>
    fc
      .record({ type: fc.constantFrom(...types), fields: fc.dictionary(fc.constantFrom(...FIELD_NAMES), fieldValue, { maxKeys: 5 }) })
      .map(({ type, fields }) => json({ type, ...fields }));

  const target = fc.oneof({ weight: 6, arbitrary: fc.constant<Target>("conversation") }, { weight: 1, arbitrary: fc.constant<Target>("inbox") });
  /** A payload that goes to either socket. */
  const either = (category: string, payload: fc.Arbitrary<Payload>) =>
    fc.tuple(target, payload).map(([to, data]) => fixed(category, to, data));

  const rawString = either(
    "raw string",
    fc.oneof(
      fc.string({ unit: "binary", maxLength: 200 }),
      fc.string({ unit: "grapheme", maxLength: 200 }),
      fc.constantFrom("", " ", "null", "undefined", "{", "}", "[", '{"type":"send",', '{"type":"hello"', "{'type':'hello'}", '{"type":"hello"}garbage', "\u0000", "NaN", "Infinity", "-"),
      // Prefixes of valid frames: cut JSON.
      fc.tuple(uuid, fc.nat({ max: 60 })).map(([id, cut]) => json({ type: "send", id, text: "cut" }).slice(0, cut)),
    ),
  );
  const binary = either(
    "binary",
    fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((bytes) => new Uint8Array(bytes)),
      fc.constantFrom(json({ type: "hello" }), json({ type: "join", ref: "r", conversationId: room.groupId })).map((text) => new TextEncoder().encode(text)),
      fc.constant(new Uint8Array(0)),
    ),
  );
  const jsonValue = either("json value", fc.oneof(fc.jsonValue().map(json), fc.anything({ maxDepth: 3 }).map((value) => json(value) ?? "undefined")));

  const deepNesting = either(
    "deep nesting",
    fc.oneof(
      fc.integer({ min: 100, max: 16_000 }).map((depth) => "[".repeat(depth) + "]".repeat(depth)),
      fc.integer({ min: 100, max: 5_000 }).map((depth) => '{"a":'.repeat(depth) + "1" + "}".repeat(depth)),
      fc.integer({ min: 100, max: 30_000 }).map((depth) => "[".repeat(depth)),
      fc.tuple(uuid, fc.integer({ min: 100, max: 15_000 })).map(
        ([id, depth]) => `{"type":"send","id":"${id}","text":"deep","metadata":{"k":${"[".repeat(depth)}${"]".repeat(depth)}}}`,
      ),
      fc.integer({ min: 100, max: 15_000 }).map((depth) => `{"type":${"[".repeat(depth)}${"]".repeat(depth)}}`),
      fc.integer({ min: 100, max: 5_000 }).map((depth) => `{"type":"create","ref":"deep","conversationType":"group","members":${'["a",'.repeat(depth)}"b"${"]".repeat(depth)}}`),
    ),
  );

  const oversize = either(
    "oversize",
    fc.oneof(
      // Padded until it is `over` characters longer than the limit (over ≤ 0: exactly at it, still valid).
      fc.tuple(fc.integer({ min: -2, max: 64 }), fc.constantFrom("x", "😀", " ")).map(([over, pad]) => {
        const head = '{"type":"hello","pad":"';
        const space = LIMITS.frameLength + over - head.length - 2;
        const padding = pad === "😀" ? "😀".repeat(Math.floor(space / 2)) + "x".repeat(space % 2) : pad.repeat(space);
        return `${head}${padding}"}`;
      }),
      fc.integer({ min: -2, max: 64 }).map((over) => {
        const frame = '{"type":"hello"}';
        return frame + " ".repeat(LIMITS.frameLength + over - frame.length);
      }),
      fc.tuple(uuid, fc.integer({ min: 1, max: 64 })).map(([id, over]) => {
        const head = `{"type":"send","id":"${id}","text":"`;
        return `${head}${"y".repeat(LIMITS.frameLength + over - head.length - 2)}"}`;
      }),
      fc.integer({ min: 1, max: 4 }).map((times) => json({ type: "join", ref: "big", conversationId: "c".repeat(LIMITS.frameLength * times) })),
      fc.constantFrom(64 * 1024, 128 * 1024).map((size) => "z".repeat(size)),
    ),
  );

  const protoPollution = either(
    "prototype keys",
    fc.tuple(uuid, fc.constantFrom("__proto__", "constructor", "prototype")).chain(([id, key]) =>
      fc.constantFrom(
        `{"type":"send","id":"${id}","text":"proto","${key}":{"admin":true,"role":"owner"}}`,
        `{"${key}":{"type":"hello"}}`,
        `{"type":"add","ref":"r1","userId":"mallory","${key}":{"prototype":{"role":"owner"}}}`,
        `{"type":"send","id":"${id}","text":"proto meta","metadata":{"${key}":{"polluted":true}}}`,
        `{"type":"send","id":"${id}","text":"proto meta scalar","metadata":{"${key}":"x","ok":1}}`,
        `{"type":"update","ref":"r2","${key}":{"title":"owned"}}`,
        `{"type":"hello","${key}":null}`,
        `{"type":"${key}"}`,
        `{"type":"create","ref":"r3","conversationType":"group","members":[],"${key}":{"joinable":true}}`,
        `{"type":"create","ref":"r4","conversationType":"group","members":[],"metadata":{"${key}":{"x":1}}}`,
        `{"type":"join","ref":"r5","conversationId":"${room.groupId}","${key}":{"role":"owner"}}`,
        `{"type":"kick","ref":"r6","userId":"${room.goodId}","__proto__":{"role":"owner"},"constructor":{"prototype":{"role":"owner"}}}`,
      ),
    ),
  );

  // ── conversation frames ──
  const conversationCase = (category: string, payload: fc.Arbitrary<Payload>) => payload.map((data) => fixed(category, "conversation", data));
  const typedConversation = conversationCase("typed, wrong fields", typedWrongFields([...CONVERSATION_TYPES, ...OTHER_TYPES]));
  const nearSend = conversationCase("near-valid send", fc.oneof({ weight: 9, arbitrary: nearValidSend }, { weight: 1, arbitrary: numberEdgeSend }));
  const unicodeSend = fc
    .record({ id: uuid, text: unicodeText, metadata: fc.option(fc.dictionary(unicodeText, unicodeText, { maxKeys: 3 }), { nil: undefined }), raw: fc.boolean() })
    .map(({ id, text, metadata, raw }) => {
      const frame = json({ type: "send", id, text, metadata });
      return fixed(raw ? "unicode (raw surrogates)" : "unicode (escaped)", "conversation", raw ? rawSurrogates(frame) : frame);
    });

  const since = fc.oneof(
    fc.constant(undefined),
    fc.nat({ max: 20 }),
    fc.nat(),
    fc.constant(Number.MAX_SAFE_INTEGER),
    fc.integer({ min: -60, max: 5 }).map((offset) => ({ offset })),
  );
  const validHello = since.map((value): FuzzCase => ({
    category: "valid hello",
    target: "conversation",
    payload: (live) =>
      json(
        value === undefined
          ? { type: "hello" }
          : { type: "hello", since: typeof value === "number" ? value : Math.max(0, live.lastSeq + value.offset) },
      ),
  }));
  const validSend = fc
    .record({ id: uuid, text: fc.oneof(plainText, unicodeText), metadata: fc.option(validMetadata, { nil: undefined, freq: 2 }) })
    .map(({ id, text, metadata }) => fixed("valid send", "conversation", json({ type: "send", id, text, metadata })));
  const validRead = fc
    .oneof(fc.nat(), fc.integer({ min: -20, max: 20 }).map((offset) => ({ offset })))
    .map((seq): FuzzCase => ({
      category: "valid read",
      target: "conversation",
      payload: (live) => json({ type: "read", seq: typeof seq === "number" ? seq : Math.max(0, live.lastSeq + seq.offset) }),
    }));
  const historyPage = fc
    .record({
      ref,
      before: fc.oneof(
        fc.constant(undefined),
        fc.nat({ max: 50 }),
        fc.nat(),
        fc.constant(Number.MAX_SAFE_INTEGER),
        fc.integer({ min: -150, max: 5 }).map((offset) => ({ offset })),
      ),
      limit: fc.integer({ min: 1, max: LIMITS.historyPageSize }),
    })
    .map(({ ref: pageRef, before, limit }): FuzzCase => ({
      category: "valid history",
      target: "conversation",
      payload: (live) =>
        json({ type: "history", ref: pageRef, limit, before: typeof before === "object" ? Math.max(0, live.lastSeq + before.offset) : before }),
    }));
  const nearValidHistory = fc
    .record(
      {
        ref: fc.oneof(ref, fc.constantFrom("", "r".repeat(65)), notAString),
        before: fc.oneof(fc.nat(), fc.constantFrom(-1, 1.5, "3", null, 1e21, -0), notAString),
        limit: fc.oneof(fc.integer({ min: 1, max: LIMITS.historyPageSize }), fc.constantFrom(0, -1, LIMITS.historyPageSize + 1, 1e9, 2.5, "10", null), notAString),
      },
      { requiredKeys: [] },
    )
    .map((fields) => fixed("near-valid history", "conversation", json({ type: "history", ...fields })));
  const member = fc.constantFrom(room.goodId, room.observerId, room.ownerId, room.hostileId);
  const forbiddenAction = fc.oneof(
    fc.record({ ref, userId: fc.oneof(userIdArb, member) }).map((fields) => json({ type: "add", ...fields })),
    fc.record({ ref, userId: fc.oneof(member, userIdArb) }).map((fields) => json({ type: "kick", ...fields })),
    fc
      .record(
        {
          ref,
          title: fc.string({ maxLength: LIMITS.titleLength }),
          avatar: fc.oneof(fc.constant(null), fc.webUrl()),
          metadata: validMetadata,
        },
        { requiredKeys: ["ref"] },
      )
      .map((fields) => json({ type: "update", ...fields })),
  ).map((data) => fixed("forbidden action", "conversation", data));
  const steal = fc.tuple(fc.nat(), fc.boolean(), plainText).map(([index, upper, text]): FuzzCase => ({
    category: upper ? "good id, upper case" : "good id, stolen",
    target: "conversation",
    payload: (live) => {
      const id = live.goodAcked.length ? live.goodAcked[index % live.goodAcked.length]! : randomUUID();
      return json({ type: "send", id: upper ? id.toUpperCase() : id, text });
    },
  }));
  const resend = fc.tuple(fc.nat(), plainText).map(([index, text]): FuzzCase => ({
    category: "own id, resent",
    target: "conversation",
    payload: (live) => json({ type: "send", id: live.hostileIds.length ? live.hostileIds[index % live.hostileIds.length]! : randomUUID(), text }),
  }));

  // ── inbox frames ──
  const inboxCase = (category: string, payload: fc.Arbitrary<Payload>) => payload.map((data) => fixed(category, "inbox", data));
  const typedInbox = inboxCase("typed, wrong fields", typedWrongFields([...INBOX_TYPES, ...CONVERSATION_TYPES.slice(0, 2)]));
  const nearValidInbox = inboxCase(
    "near-valid inbox",
    fc.oneof(
      fc
        .record({
          ref: fc.oneof(ref, notAString, fc.constant("")),
          conversationType: fc.oneof(fc.constantFrom("group", "direct"), fc.constantFrom("channel", "GROUP", ""), notAString),
          members: fc.oneof(
            fc.array(fc.oneof(userIdArb, fc.constantFrom("has space", "", "x".repeat(65), "ü"), notAString), { maxLength: 4 }),
            fc.constant(Array.from({ length: LIMITS.groupMembers }, (_, i) => `m-${i}`)),
            notAString,
          ),
          id: fc.oneof(fc.constantFrom("dot.ted", "c".repeat(65), "", "a b", "ü"), notAString),
          title: fc.oneof(fc.string({ minLength: LIMITS.titleLength + 1, maxLength: LIMITS.titleLength + 5 }), notAString),
          avatar: fc.oneof(fc.constantFrom("avatar.png", "", "javascript alert(1)", `https://x/${"a".repeat(LIMITS.avatarLength)}`), notAString),
          metadata: badMetadata,
          joinable: fc.oneof(fc.constantFrom("yes", "true", 1, null)),
        }, { requiredKeys: [] })
        .map((fields) => json({ type: "create", ...fields })),
      fc
        .record({ ref: fc.oneof(ref, notAString), conversationId: fc.oneof(fc.constantFrom("c".repeat(65), "", "dot.ted", "a/b", "..", "%2e"), notAString) }, { requiredKeys: [] })
        .map((fields) => json({ type: "join", ...fields })),
    ),
  );
  const validInbox = fc
    .tuple(
      fc.constantFrom("join own group", "join missing", "create existing id", "create dm_ id", "create direct, nobody", "create direct, two", "create group", "create direct"),
      fc.stringMatching(/^[a-f0-9]{12}$/),
      fc.array(fc.stringMatching(/^[a-z0-9]{6}$/), { maxLength: 2 }),
      fc.option(validMetadata, { nil: undefined }),
    )
    .map(([kind, hex, people, metadata]) => {
      const members = people.map((name) => `fz-${name}`);
      const create = (fields: object) => json({ type: "create", ref: `valid-${hex}`, conversationType: "group", members: [], ...fields });
      const frames: Record<typeof kind, string> = {
        "join own group": json({ type: "join", ref: `valid-${hex}`, conversationId: room.groupId }),
        "join missing": json({ type: "join", ref: `valid-${hex}`, conversationId: `missing-${hex}` }),
        "create existing id": create({ id: room.groupId, title: "hijack", metadata }),
        "create dm_ id": create({ id: `dm_${hex}` }),
        "create direct, nobody": create({ conversationType: "direct", members: [room.hostileId] }),
        "create direct, two": create({ conversationType: "direct", members: [room.goodId, room.observerId] }),
        "create group": create({ id: `c_fz-${hex}`, members, title: "fuzzed", metadata }),
        "create direct": create({ conversationType: "direct", members: [`fz-${hex}`] }),
      };
      return fixed(`valid inbox: ${kind}`, "inbox", frames[kind]);
    });

  return fc.oneof(
    { weight: 8, arbitrary: rawString },
    { weight: 4, arbitrary: binary },
    { weight: 7, arbitrary: jsonValue },
    { weight: 8, arbitrary: typedConversation },
    { weight: 2, arbitrary: typedInbox },
    { weight: 16, arbitrary: nearSend },
    { weight: 5, arbitrary: nearValidInbox },
    { weight: 8, arbitrary: unicodeSend },
    { weight: 3, arbitrary: deepNesting },
    { weight: 4, arbitrary: oversize },
    { weight: 4, arbitrary: protoPollution },
    { weight: 2, arbitrary: validHello },
    { weight: 2, arbitrary: historyPage },
    { weight: 2, arbitrary: nearValidHistory },
    { weight: 7, arbitrary: validSend },
    { weight: 3, arbitrary: validRead },
    { weight: 4, arbitrary: forbiddenAction },
    { weight: 1, arbitrary: steal },
    { weight: 1, arbitrary: resend },
    { weight: 3, arbitrary: validInbox },
  );
}

// ── what each frame must be answered with ───────────────────────────────────

/** A conversation socket's answer to one frame, in the order the frames went. */
type ConversationAnswer =
  | { kind: "error"; error: ErrorFrame }
  | { kind: "ack"; id: string }
  | { kind: "ack again"; id: string }
  | { kind: "welcome" }
  | { kind: "page"; ref: string; before?: number; limit: number }
  | { kind: "refused"; code: ErrorFrame["code"]; ref: string };

/** An inbox answer; valid creates and joins call other objects, so these may come in any order. */
type InboxAnswer = { kind: "error"; error: ErrorFrame } | { kind: "answer"; ref: string; code?: "done" | ErrorFrame["code"] };

interface Sent<A> {
  category: string;
  payload: Payload;
  answer: A;
}

const EXPECTED_INBOX_CODES: Record<string, "done" | ErrorFrame["code"]> = {
  "valid inbox: join own group": "done",
  "valid inbox: join missing": "not_found",
  "valid inbox: create existing id": "bad_frame",
  "valid inbox: create dm_ id": "bad_frame",
  "valid inbox: create direct, nobody": "with_self",
  "valid inbox: create direct, two": "bad_frame",
  // Nobody has used a fz- id: a one-to-one with them is refused and made nowhere.
  "valid inbox: create direct": "unknown_user",
};

const isConversationAnswer = (frame: ServerFrame) =>
  frame.type === "ack" || frame.type === "error" || frame.type === "welcome" || frame.type === "done" || frame.type === "page";
const isInboxAnswer = (frame: InboxServerFrame) => frame.type === "done" || frame.type === "error";

/** The frames a socket receives from now on that answer something, collected as they arrive. */
class Answers<F extends AnyFrame> {
  readonly list: F[] = [];
  #scanned: number;

  constructor(
    private readonly client: RoomClient<F>,
    private readonly isAnswer: (frame: F) => boolean,
  ) {
    this.#scanned = client.frames.received.length;
  }

  get count(): number {
    const received = this.client.frames.received;
    for (; this.#scanned < received.length; this.#scanned++) {
      const frame = received[this.#scanned]!;
      if (this.isAnswer(frame)) this.list.push(frame);
    }
    return this.list.length;
  }
}

const tally = (counts: Record<string, number>, key: string, by = 1) => {
  counts[key] = (counts[key] ?? 0) + by;
};
const sorted = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).sort(([, a], [, b]) => b - a));

/**
 * Asks the server's /health (on a fresh connection), within a time limit: a liveness bound, not
 * a speed one, generous because a shared 2-core machine can stall a process for seconds.
 */
async function healthCheck(baseUrl: string, timeoutMs = 30_000): Promise<{ ms: number; problem?: string }> {
  const start = Date.now();
  try {
    const response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(timeoutMs), headers: { connection: "close" } });
    const body = await response.text();
    const ms = Date.now() - start;
    return response.status === 200 && body === "ok" ? { ms } : { ms, problem: `/health answered ${response.status} ${body.slice(0, 100)}` };
  } catch (error) {
    return { ms: Date.now() - start, problem: `/health failed after ${Date.now() - start} ms: ${String(error)}` };
  }
}

/**
 * A page holds at most `limit` messages (nothing else) in seq order, all before `before`; one
 * that is not full has reached the beginning, so it says no older ones remain.
 */
function isWellFormedPage(page: PageFrame, before: number | undefined, limit: number): boolean {
  const seqs = page.events.map((event) => event.seq);
  return (
    page.events.every((event) => event.kind === "message") &&
    seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]!) &&
    seqs.length <= limit &&
    (before === undefined || seqs.every((seq) => seq < before)) &&
    (seqs.length === limit || !page.hasMore)
  );
}

/** What every socket of a test has, whatever frames it gets. */
type AnySocket = Pick<RoomClient<AnyFrame>, "closed" | "socket"> & { frames: { invalid: { reason: string }[] } };

/** "open", or how the socket was closed. */
async function openness(client: AnySocket): Promise<string> {
  const closed = await Promise.race([client.closed.then((info) => info), sleep(0).then(() => undefined)]);
  if (closed) return `closed with ${closed.code} ${closed.reason}`;
  return client.socket.readyState === 1 ? "open" : `readyState ${client.socket.readyState}`;
}

// ── the test ────────────────────────────────────────────────────────────────

describe("fuzzing frames from a hostile member", () => {
  const { server, clients } = useTestServer();

  it(`answers ${FRAMES} generated frames (seed ${SEED}) as the protocol's parser says, while the conversation goes on`, { timeout: 240_000 }, async (t) => {
    console.log(`fuzz: seed ${SEED} (FUZZ_SEED=${SEED} reproduces the frames), ${FRAMES} frames`);
    const startedAt = Date.now();
    const owner = freshUser("owner", "Owner");
    const hostile = freshUser("hostile", "Hostile");
    const good = freshUser("good", "Good");
    const observer = freshUser("observer", "Observer");
    const groupId = await clients.group(owner, [hostile, good, observer], { title: "fuzzed room", metadata: { kind: "fuzz" } });
    const room: Room = { groupId, ownerId: owner.userId, hostileId: hostile.userId, goodId: good.userId, observerId: observer.userId };

    const atHostile = await clients.enter(groupId, hostile);
    const hostileInbox = await clients.inbox(hostile);
    const atGood = await clients.enter(groupId, good);
    const atObserver = await clients.enter(groupId, observer);
    // A second socket of the observer's, which reads the history as it grows (a welcome replays at most 500 events).
    const historian = await clients.enter(groupId, observer);
    const startSeq = historian.welcome.lastSeq;
    const initialMeta = historian.welcome.meta;
    const initialMembers = historian.welcome.members.map(({ userId, name, role }) => ({ userId, name, role }));
    const sockets: [string, AnySocket][] = [
      ["hostile conversation", atHostile.client],
      ["hostile inbox", hostileInbox],
      ["good", atGood.client],
      ["observer", atObserver.client],
      ["historian", historian.client],
    ];

    const cases = fc.sample(generators(room), { seed: SEED, numRuns: Math.ceil(FRAMES * 1.1) + 200 });

    // ── the good member chats all along ──
    const live: Live = { goodAcked: [], hostileIds: [], lastSeq: startSeq };
    const goodSent: { id: string; text: string }[] = [];
    /** Fuzzed frames sent so far. */
    let sent = 0;
    const goodAckSeq = new Map<string, number>();
    const chatProblems: string[] = [];
    let chatting = true;
    let reading = true;
    // Whatever happens, the loops below end with the test.
    t.after(() => {
      chatting = false;
      reading = false;
    });
    const chat = (async () => {
      const inFlight = new Set<Promise<void>>();
      let lastAck = startSeq;
      while (chatting) {
        if (goodSent.length > 20 + (sent / 10_000) * GOOD_MESSAGES_PER_10K) {
          await sleep(4);
          continue;
        }
        const id = messageId();
        const text = `good message ${goodSent.length + 1}`;
        goodSent.push({ id, text });
        const acked = atGood.client.say(text, { id }).then(
          (ack) => {
            if (ack.seq <= lastAck) chatProblems.push(`ack of ${id} has seq ${ack.seq} after ${lastAck}`);
            lastAck = ack.seq;
            goodAckSeq.set(id, ack.seq);
            live.goodAcked.push(id);
          },
          (error: Error) => void chatProblems.push(error.message.slice(0, 300)),
        );
        inFlight.add(acked);
        void acked.finally(() => inFlight.delete(acked));
        if (inFlight.size >= 8) await Promise.race(inFlight);
        await sleep(4);
      }
      await Promise.all(inFlight);
    })();

    // ── the observer's live view, and the history read as it grows ──
    const observerMessages = () => atObserver.client.frames.all(isMessageEvent()).map((frame) => frame.event);
    const history = new Map<number, ConversationEvent>();
    let checkpoint = startSeq;
    const readHistory = async (client: ConversationClient) => {
      const welcome: WelcomeFrame = await client.hello(checkpoint);
      assert.equal(welcome.reset, false, `history moved over ${LIMITS.replayLimit} events between two reads`);
      for (const event of welcome.events) {
        assert.equal(event.seq, checkpoint + 1, "replayed events follow each other");
        history.set(event.seq, event);
        checkpoint = event.seq;
      }
      assert.equal(checkpoint, welcome.lastSeq, "the replay reached the last seq");
    };
    let historyProblem: unknown;
    const historyReader = (async () => {
      while (reading) {
        await sleep(100);
        const seen = atObserver.client.frames.received;
        for (let i = seen.length - 1; i >= 0; i--) {
          const frame = seen[i]!;
          if (frame.type === "event") {
            live.lastSeq = frame.event.seq;
            break;
          }
        }
        if (live.lastSeq - checkpoint > 150) {
          try {
            await readHistory(historian.client);
          } catch (error) {
            historyProblem ??= error;
          }
        }
      }
    })();

    // ── the hostile member's frames ──
    const conversationAnswers = new Answers(atHostile.client, isConversationAnswer);
    const inboxAnswers = new Answers(hostileInbox, isInboxAnswer);
    const expectedConversation: Sent<ConversationAnswer>[] = [];
    const expectedInbox: Sent<InboxAnswer>[] = [];
    /** What the hostile member's accepted sends must be stored as. */
    const hostileStored = new Map<string, { text: string; metadata?: Metadata; seq?: number }>();
    const sentByCategory: Record<string, number> = {};
    const validByType: Record<string, number> = {};
    const skipped: Record<string, number> = {};
    const mismatches: string[] = [];
    let matchedConversation = 0;
    const matchedInbox: Record<string, InboxServerFrame[]> = {};

    const expectConversation = (parsed: Parsed<ClientFrame>): ConversationAnswer | null | "skip" => {
      if (!parsed.ok) return { kind: "error", error: parsed.error };
      const { frame } = parsed;
      switch (frame.type) {
        case "leave":
          // Valid, and it would end the fuzzing: the hostile member would be gone.
          return "skip";
        case "hello":
          return { kind: "welcome" };
        case "read":
        case "typing":
        case "here":
          return null;
        case "edit":
        case "delete":
        case "react":
          // Never generated valid: test/server/rich-messages.test.ts covers them.
          return "skip";
        case "mute":
        case "unmute":
        case "ban":
        case "unban":
        case "search":
          // Never generated valid: test/server/moderation.test.ts and search.test.ts cover them.
          return "skip";
        case "keystrokes":
          // Refused without a ref (live typing is off); test/api/live-typing.test.ts covers it.
          return "skip";
        case "history":
          return { kind: "page", ref: frame.ref, before: frame.before, limit: frame.limit };
        case "add":
        case "kick":
        case "update":
          return { kind: "refused", code: "forbidden", ref: frame.ref };
        case "send": {
          if (live.goodAcked.includes(frame.id)) return { kind: "refused", code: "id_conflict", ref: frame.id };
          if (hostileStored.has(frame.id)) return { kind: "ack again", id: frame.id };
          hostileStored.set(frame.id, { text: frame.text, ...(frame.metadata ? { metadata: frame.metadata } : {}) });
          live.hostileIds.push(frame.id);
          return { kind: "ack", id: frame.id };
        }
      }
    };
    const expectInbox = (parsed: Parsed<InboxClientFrame>, category: string): InboxAnswer => {
      if (!parsed.ok) return { kind: "error", error: parsed.error };
      return { kind: "answer", ref: parsed.frame.ref, code: EXPECTED_INBOX_CODES[category] };
    };

    const describeFailure = (what: string, sentFrame: Sent<unknown>, got: unknown) =>
      `${what}: ${sentFrame.category} ${preview(sentFrame.payload)}\n  expected ${JSON.stringify(sentFrame.answer)}\n  got ${JSON.stringify(got)?.slice(0, 400)}`;

    const checkConversationAnswers = () => {
      for (; matchedConversation < expectedConversation.length && matchedConversation < conversationAnswers.count; matchedConversation++) {
        const expected = expectedConversation[matchedConversation]!;
        const got = conversationAnswers.list[matchedConversation]!;
        const { answer } = expected;
        let ok: boolean;
        switch (answer.kind) {
          case "error":
            ok = isDeepStrictEqual(got, answer.error);
            break;
          case "welcome":
            ok = got.type === "welcome";
            break;
          case "page":
            ok = got.type === "page" && got.ref === answer.ref && isWellFormedPage(got, answer.before, answer.limit);
            break;
          case "refused":
            ok = got.type === "error" && got.code === answer.code && got.ref === answer.ref;
            break;
          case "ack":
            ok = got.type === "ack" && got.id === answer.id;
            if (ok && got.type === "ack") hostileStored.get(answer.id)!.seq = got.seq;
            break;
          case "ack again":
            ok = got.type === "ack" && got.id === answer.id && got.seq === hostileStored.get(answer.id)!.seq;
            break;
        }
        if (!ok) mismatches.push(describeFailure(`conversation answer #${matchedConversation + 1}`, expected, got));
      }
    };
    const checkInboxAnswers = () => {
      // Any order: match each expected answer with one received frame: refusals of invalid
      // frames exactly, then the answers to valid ones by ref (and code, when it is certain).
      const pool = inboxAnswers.list.slice();
      const codeOf = (frame: InboxServerFrame) => (frame.type === "error" ? frame.code : frame.type);
      const take = (expected: Sent<InboxAnswer>, index: number) => {
        if (index < 0) {
          const ref = expected.answer.kind === "answer" ? expected.answer.ref : expected.answer.error.ref;
          const byRef = pool.find((frame) => "ref" in frame && frame.ref === ref);
          mismatches.push(describeFailure("inbox answer missing", expected, byRef ?? "nothing"));
          return;
        }
        (matchedInbox[expected.category] ??= []).push(pool.splice(index, 1)[0]!);
      };
      for (const expected of expectedInbox) {
        const { answer } = expected;
        if (answer.kind === "error") take(expected, pool.findIndex((frame) => isDeepStrictEqual(frame, answer.error)));
      }
      for (const expected of expectedInbox) {
        const { answer } = expected;
        if (answer.kind !== "answer") continue;
        take(
          expected,
          pool.findIndex(
            (frame) =>
              (frame.type === "done" || frame.type === "error") &&
              frame.ref === answer.ref &&
              (answer.code === undefined || codeOf(frame) === answer.code),
          ),
        );
      }
      for (const frame of pool) mismatches.push(`inbox answer nobody asked for: ${JSON.stringify(frame).slice(0, 300)}`);
    };

    const healthMs: number[] = [];
    const healthProblems: string[] = [];
    let batches = 0;
    let next = 0;
    while (sent < FRAMES && next < cases.length && mismatches.length === 0) {
      const batchEnd = Math.min(FRAMES, sent + BATCH);
      let inboxThisBatch = 0;
      while (sent < batchEnd && next < cases.length) {
        const fuzzCase = cases[next++]!;
        const payload = fuzzCase.payload(live);
        // What the server will see: text crosses the wire as UTF-8.
        const wire = typeof payload === "string" ? Buffer.from(payload, "utf8").toString("utf8") : payload;
        if (fuzzCase.target === "conversation") {
          const parsed = parseClientFrame(wire);
          if (parsed.ok && hasNonFinite(parsed.frame)) {
            mismatches.push(`the protocol accepts a number JSON cannot store (it would be stored as null): ${preview(payload)}`);
            continue;
          }
          const answer = expectConversation(parsed);
          if (answer === "skip") {
            tally(skipped, "valid leave");
            continue;
          }
          if (parsed.ok) tally(validByType, `conversation ${parsed.frame.type}`);
          if (answer) expectedConversation.push({ category: fuzzCase.category, payload, answer });
          atHostile.client.sendRaw(payload);
        } else {
          const parsed = parseInboxClientFrame(wire);
          if (parsed.ok && hasNonFinite(parsed.frame)) {
            mismatches.push(`the protocol accepts a number JSON cannot store (it would be stored as null): ${preview(payload)}`);
            continue;
          }
          if (parsed.ok) tally(validByType, `inbox ${parsed.frame.type}`);
          expectedInbox.push({ category: fuzzCase.category, payload, answer: expectInbox(parsed, fuzzCase.category) });
          hostileInbox.sendRaw(payload);
          inboxThisBatch++;
        }
        tally(sentByCategory, `${fuzzCase.target}: ${fuzzCase.category}`);
        sent++;
      }
      batches++;
      await until(
        () =>
          (conversationAnswers.count >= expectedConversation.length && inboxAnswers.count >= expectedInbox.length) ||
          sockets.some(([, client]) => client.frames.invalid.length > 0),
        BATCH_TIMEOUT_MS,
        () =>
          `seed ${SEED}, batch ${batches}: ${conversationAnswers.count}/${expectedConversation.length} conversation answers, ` +
          `${inboxAnswers.count}/${expectedInbox.length} inbox answers (${inboxThisBatch} inbox frames in this batch)` +
          sockets
            .filter(([, client]) => client.frames.invalid.length > 0)
            .map(([name, client]) => `; the ${name} socket got ${client.frames.invalid.length} frames outside the protocol, first: ${client.frames.invalid[0]!.reason.slice(0, 300)}`)
            .join(""),
      );
      for (const [name, client] of sockets) {
        assert.deepEqual(client.frames.invalid.map(({ reason }) => reason), [], `seed ${SEED}, batch ${batches}: the ${name} socket got frames outside the protocol`);
      }
      checkConversationAnswers();
      if (process.env.FUZZ_VERBOSE) {
        console.log(`batch ${batches}: ${sent} sent, ${goodSent.length} good messages, ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
      }
      if (batches % 20 === 0) {
        const check = await healthCheck(server().server.url);
        healthMs.push(check.ms);
        if (check.problem) healthProblems.push(`after batch ${batches}: ${check.problem}; good messages acked meanwhile: ${live.goodAcked.length}`);
      }
    }
    assert.deepEqual(mismatches, [], `seed ${SEED}: answers that differ from the protocol's parser`);
    assert.ok(sent >= FRAMES, `seed ${SEED}: only ${sent} frames were generated`);
    const fuzzedMs = Date.now() - startedAt;

    // Exactly one answer each: nothing more arrives after a pause.
    await sleep(500);
    checkConversationAnswers();
    checkInboxAnswers();
    assert.deepEqual(mismatches, [], `seed ${SEED}: answers that differ from the protocol's parser`);
    assert.equal(conversationAnswers.count, expectedConversation.length, "exactly one answer per conversation frame (none for valid reads)");
    assert.equal(inboxAnswers.count, expectedInbox.length, "exactly one answer per inbox frame");

    // ── the server is up, and the same sockets still work ──
    chatting = false;
    await chat;
    assert.deepEqual(chatProblems, [], "every good message was acked, in order");
    const finalHealth = await healthCheck(server().server.url);
    assert.deepEqual(healthProblems, [], "the server answered /health all along");
    assert.equal(finalHealth.problem, undefined, "the server answers /health after the fuzzing");
    for (const [name, client] of sockets) {
      assert.equal(await openness(client), "open", `the ${name} socket is still open`);
      assert.deepEqual(client.frames.invalid, [], `every frame the ${name} socket got matched the protocol`);
    }
    const afterWelcome = await atHostile.client.hello();
    assert.equal(afterWelcome.userId, hostile.userId);
    const lastWord = await atHostile.client.say("still a member, still harmless");
    hostileStored.set(lastWord.id, { text: "still a member, still harmless", seq: lastWord.seq });
    const joined = await hostileInbox.join(groupId);
    assert.equal(joined.type, "done", "the hostile inbox still answers");
    const goodbye = await atGood.client.say("the good member has the last word");
    goodSent.push({ id: goodbye.id, text: "the good member has the last word" });
    goodAckSeq.set(goodbye.id, goodbye.seq);

    // ── the good member's messages all reached the observer, in order ──
    await until(
      () => observerMessages().filter((event) => event.message.senderId === good.userId).length >= goodSent.length,
      15_000,
      () => `the observer has ${observerMessages().filter((event) => event.message.senderId === good.userId).length} of ${goodSent.length} good messages`,
    );
    const observed = observerMessages();
    assert.deepEqual(
      observed.filter((event) => event.message.senderId === good.userId).map((event) => event.message.id),
      goodSent.map((message) => message.id),
      "the observer got every good message exactly once, in the order sent",
    );

    // ── and the history holds exactly what was accepted ──
    reading = false;
    await historyReader;
    if (historyProblem) throw historyProblem;
    const fresh = await clients.enter(groupId, observer, checkpoint);
    assert.equal(fresh.welcome.reset, false);
    for (const event of fresh.welcome.events) {
      assert.equal(event.seq, checkpoint + 1);
      history.set(event.seq, event);
      checkpoint = event.seq;
    }
    const events = [...history.values()];
    assert.deepEqual(
      events.map((event) => event.seq),
      Array.from({ length: events.length }, (_, i) => startSeq + 1 + i),
      "the history has every seq once",
    );
    const latest = await clients.enter(groupId, observer);
    assert.deepEqual(latest.welcome.events, events.slice(-LIMITS.latestPageSize), "a cold hello shows the same latest page");
    assert.deepEqual(latest.welcome.meta, initialMeta, "nobody changed the conversation");
    assert.deepEqual(
      latest.welcome.members.map(({ userId, name, role }) => ({ userId, name, role })),
      initialMembers,
      "nobody was added, removed, renamed or promoted",
    );

    // The same history again, paged backwards with `history` frames.
    const paged: ConversationEvent[] = [];
    for (let before: number | undefined; ; ) {
      const pageRef = freshRef();
      latest.client.send({ type: "history", ref: pageRef, before, limit: LIMITS.historyPageSize });
      const page = await latest.client.frames.nextOfType("page", (frame) => frame.ref === pageRef);
      paged.unshift(...page.events);
      if (!page.hasMore || page.events[0]!.seq <= startSeq + 1) break;
      before = page.events[0]!.seq;
    }
    assert.deepEqual(paged.filter((event) => event.seq > startSeq), events, "history pages hold the same events as the replays");

    const nonMessages = events.filter((event) => event.kind !== "message");
    assert.deepEqual(nonMessages, [], "only messages were recorded during the fuzzing");
    const stored = events.flatMap((event) => (event.kind === "message" ? [event.message] : []));
    const bySender = (userId: string) => stored.filter((message) => message.senderId === userId);
    assert.deepEqual(
      stored.filter((message) => message.senderId !== good.userId && message.senderId !== hostile.userId),
      [],
      "nobody else's messages",
    );
    const goodStored = bySender(good.userId);
    assert.deepEqual(
      goodStored.map((message) => ({ id: message.id, text: message.text, seq: message.seq })),
      goodSent.map(({ id, text }) => ({ id, text, seq: goodAckSeq.get(id) })),
      "every good message is in the history exactly once, in order, with its acked seq",
    );
    const hostileMessages: StoredMessage[] = bySender(hostile.userId);
    assert.deepEqual(
      hostileMessages.map((message) => message.id).sort(),
      [...hostileStored.keys()].sort(),
      "the hostile member's accepted sends are stored once each, and nothing else of theirs",
    );
    for (const message of hostileMessages) {
      const expected = hostileStored.get(message.id)!;
      assert.equal(message.seq, expected.seq, `${message.id}: stored under its acked seq`);
      assert.equal(message.text, expected.text, `${message.id}: text stored as accepted`);
      assert.deepEqual(message.metadata, expected.metadata && JSON.parse(JSON.stringify(expected.metadata)), `${message.id}: metadata stored as accepted`);
      assert.equal(message.senderName, "Hostile");
    }
    assert.deepEqual(
      observed.map((event) => event.message),
      stored,
      "the observer's live messages are the history's",
    );

    // ── what happened ──
    const errorsByCode: Record<string, number> = {};
    for (const frame of [...conversationAnswers.list, ...inboxAnswers.list]) if (frame.type === "error") tally(errorsByCode, frame.code);
    assert.equal(errorsByCode.internal, undefined, "no frame made the server fail");
    const inboxOutcomes: Record<string, number> = {};
    for (const [category, frames] of Object.entries(matchedInbox)) {
      if (!category.startsWith("valid inbox")) continue;
      for (const frame of frames) tally(inboxOutcomes, `${category} → ${frame.type === "error" ? frame.code : frame.type}`);
    }
    const byTarget = { conversation: expectedConversation.length, inbox: expectedInbox.length };
    console.log(
      "fuzz summary " +
        JSON.stringify(
          {
            seed: SEED,
            framesSent: sent,
            answered: byTarget,
            validReadsUnanswered: validByType["conversation read"] ?? 0,
            batches,
            healthChecksMs: healthMs,
            fuzzingSeconds: fuzzedMs / 1000,
            sentByCategory: sorted(sentByCategory),
            validByType: sorted(validByType),
            skipped,
            errorsByCode: sorted(errorsByCode),
            validInboxOutcomes: sorted(inboxOutcomes),
            goodMessagesSentAndDelivered: goodSent.length,
            hostileMessagesStored: hostileMessages.length,
            eventsDuringFuzzing: events.length,
            totalSeconds: (Date.now() - startedAt) / 1000,
          },
          null,
          2,
        ),
    );
  });
});

// ── a server bug the fuzzing found (fixed with v.finite() in the protocol's Metadata) ──

describe("numbers JSON cannot store", () => {
  const { clients } = useTestServer();

  /** Sends `text` as it is and resolves with the ack or error that answers `id`. */
  async function answerTo<F extends AnyFrame>(client: RoomClient<F>, text: string, ref: string): Promise<F> {
    client.sendRaw(text);
    return client.frames.next(
      (frame) => (frame.type === "ack" && (frame as { id?: string }).id === ref) || ((frame.type === "error" || frame.type === "done") && (frame as { ref?: string }).ref === ref),
      `answer to ${ref}`,
    );
  }

  it(
    "refuses a message whose metadata holds 1e999 (Infinity), which would be stored as null and break every client",
    async () => {
      const [alice, bob] = [freshUser("alice", "Alice"), freshUser("bob", "Bob")];
      const conversationId = await clients.group(alice, [bob]);
      const atAlice = await clients.enter(conversationId, alice);
      const atBob = await clients.enter(conversationId, bob);
      const id = messageId();
      const answer = await answerTo(atAlice.client, `{"type":"send","id":"${id}","text":"hi","metadata":{"n":1e999}}`, id);
      await sleep(300);
      const facts = {
        answer,
        /** What bob's widget could not parse. */
        invalidAtBob: atBob.client.frames.invalid.map(({ reason }) => reason),
      };
      assert.deepEqual(
        facts,
        { answer: { type: "error", code: "bad_frame", message: facts.answer.type === "error" ? facts.answer.message : "(any)", ref: id }, invalidAtBob: [] },
        "the frame is refused, and no member gets a frame outside the protocol",
      );
    },
  );

  it(
    "refuses to create a conversation whose metadata holds 1e999, which would break every welcome",
    async () => {
      const alice = freshUser("alice", "Alice");
      const inbox = await clients.inbox(alice);
      const conversationId = freshConversationId("inf");
      const ref = freshRef();
      const answer = await answerTo(
        inbox,
        `{"type":"create","ref":"${ref}","conversationType":"group","members":["${freshUserId("bob")}"],"id":"${conversationId}","metadata":{"n":-1e999}}`,
        ref,
      );
      // When it was created anyway, nobody can open it: every welcome carries meta with a null in its metadata.
      let refusedWelcome: string[] = [];
      if (answer.type === "done") {
        const client = await clients.connect(conversationId, alice);
        await client.hello().catch(() => undefined);
        refusedWelcome = client.frames.invalid.map(({ reason }) => reason);
      }
      assert.deepEqual(
        { answer: answer.type === "error" ? answer.code : answer.type, refusedWelcome },
        { answer: "bad_frame", refusedWelcome: [] },
        "the create is refused, and no welcome falls outside the protocol",
      );
    },
  );
});
