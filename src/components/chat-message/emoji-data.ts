/**
 * The emoji `<chat-message>`'s reaction picker (./reaction-picker.ts) offers beyond its four
 * quick reactions, in groups: smileys, gestures, symbols. Each group's length is a multiple of
 * the picker's 8 columns, so each starts a row and ArrowUp and ArrowDown move by 8. Loaded with
 * `import()` the first time a picker opens, so the embed bundle does not carry them. Data only,
 * with no imports: anything shared imported here would make the ES build split it into a chunk
 * of its own.
 */
export const emojiGroups: string[][] = [
  ["😀", "😅", "🤣", "😍", "😎", "🤔", "😢", "😡"],
  ["👎", "👏", "🙌", "🙏", "👋", "💪", "👌", "👀"],
  ["💔", "🔥", "✨", "✅", "❌", "💯", "🚀", "☕"],
];
