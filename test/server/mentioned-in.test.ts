/** Which members a message names (src/protocol/mentions.ts), as the server keeps them and the composer sends them. */
import { it } from "node:test";
import assert from "node:assert/strict";
import { mentionedIn } from "../../src/protocol/index.js";

const members = [
  { userId: "anna", name: "Anna" },
  { userId: "anna-lee", name: "Anna Lee" },
  { userId: "bob", name: "Bob" },
];
const everyone = members.map((member) => member.userId);

it("reads each @ as the longest name that fits, so a longer name does not also mention its prefix", () => {
  assert.deepEqual(mentionedIn("@Anna Lee can you look?", everyone, members), ["anna-lee"]);
  assert.deepEqual(mentionedIn("@Anna and @Anna Lee", everyone, members), ["anna", "anna-lee"]);
});

it("takes names and ids as whole tokens, ignoring case, and drops whoever the text does not name", () => {
  assert.deepEqual(mentionedIn("hi @bob", ["bob", "anna"], members), ["bob"]);
  assert.deepEqual(mentionedIn("mail bob@example.com or @Bobby", ["bob"], members), []);
  assert.deepEqual(mentionedIn("@BOB", ["bob", "bob", "mallory"], members), ["bob"]);
});
