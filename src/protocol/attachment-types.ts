/**
 * Picture formats every browser decodes as images only, never as a document that could run
 * script (unlike SVG): the only attachments shown inline, by the widget and by the server.
 */
export const INLINE_IMAGE_TYPES: readonly string[] = ["image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"];

export const isInlineImage = (type: string): boolean => INLINE_IMAGE_TYPES.includes(type);
