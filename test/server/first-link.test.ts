/** Which link of a message gets a preview card (src/protocol/markdown.ts): the first one the bubble shows as a link. */
import { it } from "node:test";
import assert from "node:assert/strict";
import { firstLink } from "../../src/protocol/index.js";

it("takes the first address the text shows as a link, www. opening as https", () => {
  assert.equal(firstLink("see https://a.example/x, then https://b.example/"), "https://a.example/x");
  assert.equal(firstLink("**bold www.c.example/page**"), "https://www.c.example/page");
  assert.equal(firstLink("no link here, nor in a@b.example"), undefined);
});

it("skips addresses inside code, which the bubble does not show as links", () => {
  assert.equal(firstLink("run `curl http://10.0.0.1:6379/x` then read https://docs.example/"), "https://docs.example/");
  assert.equal(firstLink("```\nhttp://internal.example/\n```\nonly code"), undefined);
});
