/** The directory's words and cursors (src/server/directory/terms.ts, cursor.ts): pure, no server. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { decodeCursor, encodeCursor } from "../../src/server/directory/cursor.js";
import { matches, normalize, queryOf, rangeEnd, rangeOnNextPage, rarestWord, sortKeyOf, termsOf } from "../../src/server/directory/terms.js";

/** Whether `text` finds the user `userId` named `name`. */
const finds = (text: string, userId: string, name: string) => matches(termsOf(userId, name), queryOf(text)!);

describe("directory terms", () => {
  it("compares without case or accents", () => {
    assert.equal(normalize("Zoë"), "zoe");
    assert.equal(normalize("ÉMILE"), "emile");
    assert.equal(normalize("Ångström Çelik"), "angstrom celik");
    assert.equal(normalize("İpek"), "ipek");
    assert.ok(finds("zoe", "u1", "Zoë Martin"));
    assert.ok(finds("ZOË", "u1", "zoe martin"));
    assert.ok(finds("emile", "u2", "ÉMILE Zola"));
  });

  it("finds a user by the start of any word of their name or of their id", () => {
    assert.ok(finds("mar", "u1", "Zoë Martin"));
    assert.ok(finds("zo", "u1", "Zoë Martin"));
    assert.ok(finds("u1", "u1", "Zoë Martin"));
    assert.ok(!finds("artin", "u1", "Zoë Martin"), "the middle of a word is not its start");
    assert.ok(!finds("bob", "u1", "Zoë Martin"));
  });

  it("keeps words whole and in pieces, for names and ids with punctuation", () => {
    assert.deepEqual(termsOf("jl-picard", "Jean-Luc Picard"), ["jean-luc", "jean", "luc", "picard", "jl-picard", "jl"]);
    assert.ok(finds("luc", "x", "Jean-Luc Picard"));
    assert.ok(finds("jean-l", "x", "Jean-Luc Picard"));
    assert.ok(finds("alice-12", "alice-1234", "Alice"));
    assert.ok(finds("1234", "alice-1234", "Alice"));
    assert.ok(finds("alice", "~alice", "Guest"));
  });

  it("needs every word of a search, each the start of some term", () => {
    assert.ok(finds("zoe mar", "u1", "Zoë Martin"));
    assert.ok(finds("mar zoe", "u1", "Zoë Martin"));
    assert.ok(!finds("zoe bob", "u1", "Zoë Martin"));
  });

  it("reads the index for the longest word and checks the others", () => {
    assert.deepEqual(queryOf("  Zo  Martin zo "), { range: "martin", others: ["zo"] });
    assert.equal(queryOf("   "), undefined);
    assert.equal(queryOf(""), undefined);
  });

  it("reads the range of the rarest word, the longer on a tie, and every later page the same one", () => {
    assert.deepEqual(queryOf("mar xq", "xq"), { range: "xq", others: ["mar"] });
    assert.deepEqual(queryOf("mar xq", "zz"), { range: "mar", others: ["xq"] }, "a word not in the search: the longest");
    assert.equal(rarestWord([{ word: "mar", terms: 8810 }, { word: "xq", terms: 0 }]), "xq");
    assert.equal(rarestWord([{ word: "ma", terms: 40 }, { word: "mar", terms: 40 }]), "mar");
    // A page's last term starts with the word whose range was read, and with no longer word of the search.
    assert.equal(rangeOnNextPage(["mar", "ma", "ga"], "martin"), "mar");
    assert.equal(rangeOnNextPage(["mar", "ga"], "garcia"), "ga");
    assert.equal(rangeOnNextPage(["mar", "ga"], "zola"), undefined);
  });

  it("ends a prefix's range past every term that starts with it", () => {
    const end = rangeEnd("zo");
    for (const term of ["zo", "zoe", "zo\u{10FFFE}", "zoëz"]) assert.ok(term >= "zo" && term < end, term);
    assert.ok(!("zp" < end));
  });

  it("orders people by their name as compared", () => {
    assert.ok(sortKeyOf("Émile") < sortKeyOf("Fatima"));
    assert.ok(sortKeyOf("zoe") === sortKeyOf("Zoë"));
  });
});

describe("directory cursors", () => {
  it("gives back what it encoded, for the order it was made for", () => {
    const cursor = { order: "term" as const, key: "zoë", id: "u-1" };
    assert.deepEqual(decodeCursor(encodeCursor(cursor), "term"), cursor);
    assert.equal(decodeCursor(encodeCursor(cursor), "name"), undefined);
  });

  it("refuses text it did not make", () => {
    for (const text of ["", "not a cursor", "W10", encodeCursor({ order: "name", key: "a", id: "" }), btoa('["term",1,"x"]')]) {
      assert.equal(decodeCursor(text, "term"), undefined, text);
      assert.equal(decodeCursor(text, "name"), undefined, text);
    }
  });
});
