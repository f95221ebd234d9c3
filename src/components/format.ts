/** Dates and names as the elements show them. */
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const dayFormat = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });
const fullTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function formatTime(timestamp: number): string {
  return timeFormat.format(timestamp);
}

export function formatFullTime(timestamp: number): string {
  return fullTimeFormat.format(timestamp);
}

/** The time for today's items, the day for older ones. */
export function formatListTime(timestamp: number, now = Date.now()): string {
  const sameDay = new Date(timestamp).toDateString() === new Date(now).toDateString();
  return sameDay ? timeFormat.format(timestamp) : dayFormat.format(timestamp);
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
