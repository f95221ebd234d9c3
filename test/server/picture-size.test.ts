/** What src/server/picture-size.ts reads from a picture's own bytes: pure, no server. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { pictureSize } from "../../src/server/picture-size.js";
import { jpegOf, pngOf } from "../support/pictures.js";

const GIF = new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x20, 0x00, 0x10, 0x00, 0, 0, 0]);

describe("a picture's size from its own bytes", () => {
  it("reads a PNG's, a JPEG's and a GIF's width and height", () => {
    assert.deepEqual(pictureSize(jpegOf(300, 200), "image/jpeg", 40_000_000), { ok: true, width: 300, height: 200 });
    assert.deepEqual(pictureSize(pngOf(640, 480), "image/png", 40_000_000), { ok: true, width: 640, height: 480 });
    assert.deepEqual(pictureSize(GIF, "image/gif", 40_000_000), { ok: true, width: 32, height: 16 });
  });

  it("refuses a picture over the pixel cap, however small the file", () => {
    const bomb = pictureSize(pngOf(8000, 8000), "image/png", 40_000_000);
    assert.equal(bomb.ok, false);
    assert.match(!bomb.ok ? bomb.reason : "", /8000×8000 pixels; pictures may have at most 40,000,000/);
  });

  it("refuses bytes that are not a picture of the type they claim", () => {
    assert.equal(pictureSize(new TextEncoder().encode("hello, world"), "image/png", 40_000_000).ok, false);
    const mislabelled = pictureSize(GIF, "image/png", 40_000_000);
    assert.match(!mislabelled.ok ? mislabelled.reason : "", /a gif picture, not image\/png/);
  });
});
