import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { errorText } from "../../src/components/error-text.js";
import { de } from "../../src/components/strings-de.js";
import { en } from "../../src/components/strings.js";
import { ErrorCode } from "../../src/protocol/index.js";
import { ChatError } from "../../src/transport/chat-error.js";

describe("errorText", () => {
  it("words a refusal by its code in the table's language, not the server's English", () => {
    const refusal = new ChatError("forbidden", "only owners and admins may remove members");
    assert.equal(errorText(de, refusal), "Nicht erlaubt.");
    assert.equal(errorText(en, refusal), "Not allowed.");
  });

  it("keeps a generic sentence where the server names a specific", () => {
    assert.equal(errorText(de, new ChatError("forbidden", "mallory is banned from this conversation")), de.errors.forbidden);
  });

  it("words the connection's own failures", () => {
    assert.equal(errorText(de, new ChatError("timeout", "no answer to kick within 10 s")), de.errors.timeout);
    assert.equal(errorText(de, new ChatError("closed", "the connection was closed")), de.errors.closed);
  });

  it("falls back to the server's sentence for a code without one, or no code", () => {
    assert.equal(errorText(de, { code: "brand_new", message: "a newer server's reason" }), "a newer server's reason");
    // The widget always sends JSON: bad_json would be its own bug, worded by the server.
    assert.equal(errorText(de, new ChatError("bad_json", "frames must be JSON")), "frames must be JSON");
    assert.equal(errorText(de, { code: "constructor", message: "not a table key" }), "not a table key");
    assert.equal(errorText(de, new Error("upload failed")), "upload failed");
    assert.equal(errorText(de, "plain reason"), "plain reason");
  });

  it("has a sentence for every error code a reader can meet, in English and German", () => {
    for (const code of [...ErrorCode.options.filter((code) => code !== "bad_json"), "timeout", "closed"] as const) {
      assert.ok(en.errors[code], `en has no sentence for ${code}`);
      assert.ok(de.errors[code], `de has no sentence for ${code}`);
    }
  });
});
