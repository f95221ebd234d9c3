/** Real picture bytes for upload tests: the server measures pictures from their own headers. */
import { deflateSync } from "node:zlib";

/** A PNG of `width` × `height` (signature, IHDR, a little compressed data): enough for its size to be read. */
export function pngOf(width: number, height: number): Uint8Array<ArrayBuffer> {
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write("IHDR", 4, "latin1");
  ihdr.writeUInt32BE(width, 8);
  ihdr.writeUInt32BE(height, 12);
  ihdr.set([8, 2, 0, 0, 0], 16);
  const bytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr, deflateSync(Buffer.alloc(16))]);
  return new Uint8Array(bytes);
}

/** A minimal JPEG of `width` × `height`: start of image, a JFIF header, a baseline frame header, end of image. */
export function jpegOf(width: number, height: number): Uint8Array<ArrayBuffer> {
  const jfif = [0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00];
  const frame = [0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0];
  return new Uint8Array([0xff, 0xd8, ...jfif, ...frame, 0xff, 0xd9]);
}
