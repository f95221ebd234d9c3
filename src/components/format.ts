/** Dates and names as the elements show them, in the element's language ("" for the browser's). */
import { dayName, daysAgo } from "./chat-window/days.js";

const formats = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat>();

/** One formatter per language and kind, made when first needed. */
function formatter<T extends Intl.DateTimeFormat | Intl.RelativeTimeFormat>(lang: string, kind: string, make: (locale?: string) => T): T {
  const key = `${kind} ${lang}`;
  if (!formats.has(key)) formats.set(key, make(lang || undefined));
  return formats.get(key) as T;
}

const dateTime = (lang: string, kind: string, options: Intl.DateTimeFormatOptions) =>
  formatter(lang, kind, (locale) => new Intl.DateTimeFormat(locale, options));

export function formatTime(timestamp: number, lang = ""): string {
  return dateTime(lang, "time", { hour: "2-digit", minute: "2-digit" }).format(timestamp);
}

export function formatFullTime(timestamp: number, lang = ""): string {
  return dateTime(lang, "full", { dateStyle: "medium", timeStyle: "short" }).format(timestamp);
}

const MINUTE = 60_000;

/**
 * When a list item last changed: "now" and "5 min ago" within the hour, the time for the rest
 * of today, "yesterday", then the day.
 */
export function formatListTime(timestamp: number, lang = "", now = Date.now()): string {
  const relative = formatter(lang, "rel", (locale) => new Intl.RelativeTimeFormat(locale, { numeric: "auto", style: "short" }));
  const ago = now - timestamp;
  if (ago >= 0 && ago < 60 * MINUTE) return ago < MINUTE ? relative.format(0, "second") : relative.format(-Math.floor(ago / MINUTE), "minute");
  const days = daysAgo(timestamp, now);
  if (days === 0) return formatTime(timestamp, lang);
  if (days === 1) return relative.format(-1, "day");
  return dateTime(lang, "day", { month: "short", day: "numeric" }).format(timestamp);
}

/** Up to two initials: "Ada Lovelace" → "AL", "bob" → "B". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]!, words[words.length - 1]!] : words;
  return letters.map((word) => [...word][0]!.toUpperCase()).join("") || "?";
}

/** A file size people read: "512 B", "3.4 KB", "12 MB". */
export function formatBytes(bytes: number): string {
  const [value, unit] = bytes < 1024 ? [bytes, "B"] : bytes < 1048576 ? [bytes / 1024, "KB"] : [bytes / 1048576, "MB"];
  return `${value < 10 && unit !== "B" ? +value.toFixed(1) : Math.round(value)} ${unit}`;
}

const capitalized = (text: string, lang: string) => text.charAt(0).toLocaleUpperCase(lang || undefined) + text.slice(1);

/**
 * A day separator's text: "Today", "Yesterday", the weekday within the last week, then the date
 * (with the year when it is not this one), in the language `lang`.
 */
export function formatDay(timestamp: number, lang = "", now = Date.now()): string {
  const name = dayName(timestamp, now);
  if (name === "today" || name === "yesterday") {
    const relative = formatter(lang, "rel-long", (locale) => new Intl.RelativeTimeFormat(locale, { numeric: "auto" }));
    return capitalized(relative.format(name === "today" ? 0 : -1, "day"), lang);
  }
  if (name === "weekday") return dateTime(lang, "weekday", { weekday: "long" }).format(timestamp);
  if (name === "date") return dateTime(lang, "date", { weekday: "long", month: "long", day: "numeric" }).format(timestamp);
  return dateTime(lang, "date-year", { dateStyle: "long" }).format(timestamp);
}
