/** The words a message reads as without its markdown (src/protocol/markdown.ts): what list rows preview. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { plainText } from "../../src/protocol/index.js";

describe("plainText", () => {
  it("drops the markers of bold, italic and code", () => {
    assert.equal(plainText("**ship** it _now_, run `npm test`"), "ship it now, run npm test");
  });

  it("keeps nested emphasis as its words", () => {
    assert.equal(plainText("*a **b** c*"), "a b c");
  });

  it("keeps a link's text and a mention as written", () => {
    assert.equal(plainText("see https://example.com/a?b=1 @Ann"), "see https://example.com/a?b=1 @Ann");
  });

  it("keeps markers that format nothing", () => {
    assert.equal(plainText("2*3*4 and snake_case_name and ** alone"), "2*3*4 and snake_case_name and ** alone");
  });

  it("gives a code block its code, on a line of its own", () => {
    assert.equal(plainText("look:\n```ts\nconst a = 1;\n```\ndone"), "look:\nconst a = 1;\ndone");
  });

  it("leaves text without markdown unchanged", () => {
    assert.equal(plainText("<b>not html</b> & plain"), "<b>not html</b> & plain");
  });
});
