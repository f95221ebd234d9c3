/** Reading a token's claims in the widget (src/transport/token-claims.ts): pure, no server. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { claimsOf } from "../../src/transport/token-claims.js";

/** A JWT with `payload`, base64url-encoded without padding; header and signature are not read. */
const tokenWith = (payload: unknown) => `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.c2lnbmF0dXJl`;

describe("token claims", () => {
  it("reads sub, name and exp, names in any script included", () => {
    const claims = claimsOf(tokenWith({ sub: "zoe", name: "Zoë 👋 Ђорђе", exp: 1_900_000_000 }));
    assert.deepEqual(claims, { sub: "zoe", name: "Zoë 👋 Ђорђе", exp: 1_900_000_000 });
  });

  it("reads base64url payloads of every length, with - and _ in them", () => {
    for (const name of ["a", "ab", "abc", "abcd", "?>?>?>", "~~~"]) {
      const token = tokenWith({ sub: "u", name });
      assert.equal(claimsOf(token).name, name);
    }
    assert.match(tokenWith({ name: "?>?>?>" }), /[-_]/);
  });

  it("refuses what is not a JWT with an object payload, saying why", () => {
    assert.throws(() => claimsOf("not-a-token"), /three parts/);
    assert.throws(() => claimsOf("a.%%%.c"), /base64url-encoded JSON/);
    assert.throws(() => claimsOf(`a.${Buffer.from("[1]").toString("base64url")}.c`), /JSON object/);
    assert.throws(() => claimsOf(`a.${Buffer.from("null").toString("base64url")}.c`), /JSON object/);
  });
});
