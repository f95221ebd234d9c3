/**
 * Calendar days as the reader's clock counts them, as pure math: which day a message belongs to
 * and how long ago that was, for the chat window's day separators ("Today", "Yesterday"…).
 */

/** The local midnight starting the day of `timestamp`. */
export function startOfDay(timestamp: number): number {
  const date = new Date(timestamp);
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

export function sameDay(a: number, b: number): boolean {
  return startOfDay(a) === startOfDay(b);
}

/** Calendar days from `timestamp`'s day to `now`'s: 0 today, 1 yesterday (a DST day counts as one). */
export function daysAgo(timestamp: number, now: number): number {
  return Math.round((startOfDay(now) - startOfDay(timestamp)) / 86_400_000);
}

/**
 * How a separator names a day: today, yesterday, a weekday within the last week, else the date
 * (with its year when that is not this year's).
 */
export type DayName = "today" | "yesterday" | "weekday" | "date" | "date-with-year";

export function dayName(timestamp: number, now: number): DayName {
  const ago = daysAgo(timestamp, now);
  if (ago === 0) return "today";
  if (ago === 1) return "yesterday";
  if (ago > 1 && ago < 7) return "weekday";
  return new Date(timestamp).getFullYear() === new Date(now).getFullYear() ? "date" : "date-with-year";
}
