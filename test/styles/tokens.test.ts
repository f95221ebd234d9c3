/**
 * The theming tokens stay honest: every `--chat-*` token the styles read has a default where it
 * is read, and README's token table lists exactly the tokens the styles read.
 */
import { it } from "node:test";
import assert from "node:assert/strict";
import { readFile, readdir } from "node:fs/promises";

const root = new URL("../../", import.meta.url);
const files = (await readdir(new URL("src/components/", root), { recursive: true })).filter((file) => file.endsWith(".styles.ts"));
const styles = (await Promise.all(files.map((file) => readFile(new URL(`src/components/${file}`, root), "utf8")))).join("\n");
const readme = await readFile(new URL("README.md", root), "utf8");

const used = new Set([...styles.matchAll(/var\((--chat-[a-z-]+)/g)].map((match) => match[1]!));
const documented = new Set([...readme.matchAll(/^\| `(--chat-[a-z-]+)` \|/gm)].map((match) => match[1]!));

it("reads every --chat-* token with a default", () => {
  const bare = [...styles.matchAll(/var\((--chat-[a-z-]+)\)/g)].map((match) => match[1]);
  assert.deepEqual(bare, []);
  assert.ok(used.size > 30, `only ${used.size} tokens found: is the pattern still right?`);
});

it("documents in README every token the styles read, and no other", () => {
  assert.deepEqual([...used].filter((token) => !documented.has(token)).sort(), [], "used but not in README's table");
  assert.deepEqual([...documented].filter((token) => !used.has(token)).sort(), [], "in README's table but never read");
});
