/**
 * A picture's size as its own bytes say, for uploads shown inline: read with image-size from
 * the file's header, never taken from the client, and refused when it is no picture of the
 * type it claims or would take too much memory to show (a small PNG can decode to gigabytes).
 * Pure: bytes in, size or refusal out.
 */
import { imageSize } from "image-size";

/** The image-size type names of the picture types shown inline (src/protocol/attachment-types.ts). */
const TYPE_NAMES: Record<string, string[]> = {
  "image/png": ["png"],
  "image/jpeg": ["jpg"],
  "image/gif": ["gif"],
  "image/webp": ["webp"],
  // image-size names an AVIF by its brand, an older one "heif".
  "image/avif": ["avif", "heif"],
};

export type PictureSize = { ok: true; width: number; height: number } | { ok: false; reason: string };

/** The width and height `bytes` show at, as a picture of `type`, within `maxPixels`. */
export function pictureSize(bytes: Uint8Array, type: string, maxPixels: number): PictureSize {
  let measured: ReturnType<typeof imageSize>;
  try {
    measured = imageSize(bytes);
  } catch {
    return { ok: false, reason: `the file is not a readable ${type} picture` };
  }
  if (!measured.type || !TYPE_NAMES[type]?.includes(measured.type)) {
    return { ok: false, reason: `the file is a ${measured.type ?? "unknown"} picture, not ${type}` };
  }
  // EXIF orientations 5 to 8 turn the picture a quarter: it shows with width and height swapped.
  const turned = (measured.orientation ?? 1) >= 5;
  const width = turned ? measured.height : measured.width;
  const height = turned ? measured.width : measured.height;
  if (!(width > 0 && height > 0)) return { ok: false, reason: "the picture has no width or height" };
  if (width * height > maxPixels) {
    return { ok: false, reason: `the picture is ${width}×${height} pixels; pictures may have at most ${maxPixels.toLocaleString("en")} pixels here` };
  }
  return { ok: true, width, height };
}
