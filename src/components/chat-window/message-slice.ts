/**
 * Which of a conversation's messages the chat window renders, as pure index math: a bounded
 * slice, moved in steps as the reader scrolls, widened to keep a focused message.
 */

/**
 * How many messages the list renders at once, so a history of thousands costs what 60 cost. 60
 * messages fill several screens of the tallest window (a message is at least one 40 px line), so
 * the reader scrolls within the slice and it moves only now and then. Each rendered message is
 * one element in the list (its insides are its own shadow DOM), well under a 200-node budget.
 */
export const SLICE_SIZE = 60;
/**
 * How far the slice moves when the reader nears its top or bottom edge: half of it, so the
 * message in view and a screen or more around it stay rendered and keep their place.
 */
export const SLICE_STEP = 30;
/**
 * Most messages rendered while a focused message holds the slice's start as new ones arrive:
 * focus is never dropped by an arrival, yet the list stays bounded.
 */
const SLICE_MAX = 2 * SLICE_SIZE;
/** How close to the bottom, in pixels, still counts as reading the newest messages. */
const STICK_TO_BOTTOM_SLACK = 32;
/** How close to an edge, in pixels, moves the slice or loads older messages. */
const EDGE_SLACK = 64;

/** The rendered messages' indexes in those held: [start, end). */
export interface Slice {
  start: number;
  end: number;
}

interface Identified {
  id: string;
}

/** The slice as scrolling left it: from the message `heldStartId`, or the newest `SLICE_SIZE`. */
export function heldSlice(messages: readonly Identified[], heldStartId: string | null): Slice {
  const held = heldStartId === null ? -1 : messages.findIndex((message) => message.id === heldStartId);
  if (held >= 0) return { start: held, end: Math.min(messages.length, held + SLICE_SIZE) };
  return { start: Math.max(0, messages.length - SLICE_SIZE), end: messages.length };
}

/**
 * Which messages to render: the held slice widened to the focused message, so that neither an
 * arrival nor a slice step takes it out of the list (while the slice stays within `SLICE_MAX`).
 */
export function renderedSlice(messages: readonly Identified[], heldStartId: string | null, focusedId: string | undefined): Slice {
  const { start, end } = heldSlice(messages, heldStartId);
  const focused = focusedId === undefined ? -1 : messages.findIndex((message) => message.id === focusedId);
  if (focused < 0) return { start, end };
  if (focused < start && end - focused <= SLICE_MAX) return { start: focused, end };
  if (focused >= end && focused + 1 - start <= SLICE_MAX) return { start, end: focused + 1 };
  return { start, end };
}

/** Where a slice asked to start at `start` does start: as far as that goes while it stays full. */
export function clampedSliceStart(start: number, count: number): number {
  return Math.max(0, Math.min(start, count - SLICE_SIZE));
}

/** Where a slice starts that has the `index`th message in its middle, before clamping. */
export function sliceStartCentring(index: number): number {
  return index - SLICE_SIZE / 2;
}

/** The scrolling list's measures in pixels, as the DOM gives them. */
export interface ScrollBox {
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
}

/**
 * What a scroll means for a list showing `slice` of `count` messages: following the newest
 * messages again at the bottom of a slice that ends with them; near the slice's top, moving it
 * up through the messages held, or loading an older page once it starts at the oldest; near its
 * bottom with newer messages held, moving it down.
 */
export function afterScroll(
  { scrollTop, scrollHeight, clientHeight }: ScrollBox,
  slice: Slice,
  count: number,
): { stickToBottom: boolean; move: "older" | "load" | "newer" | null } {
  const fromBottom = scrollHeight - scrollTop - clientHeight;
  const newerHeld = slice.end < count;
  const stickToBottom = !newerHeld && fromBottom <= STICK_TO_BOTTOM_SLACK;
  if (scrollTop <= EDGE_SLACK) return { stickToBottom, move: slice.start > 0 ? "older" : "load" };
  return { stickToBottom, move: newerHeld && fromBottom <= EDGE_SLACK ? "newer" : null };
}
