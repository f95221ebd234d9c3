/** Who may moderate and remove whom (src/protocol/permissions.ts): pure, no server. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { canModerate, canRemove } from "../../src/protocol/index.js";

const owner = { userId: "olga", role: "owner" as const };
const admin = { userId: "adam", role: "admin" as const };
const member = { userId: "mia", role: "member" as const };

describe("permissions", () => {
  it("lets owners and admins moderate, and nobody else", () => {
    assert.equal(canModerate("owner"), true);
    assert.equal(canModerate("admin"), true);
    assert.equal(canModerate("member"), false);
    assert.equal(canModerate(undefined), false);
  });

  it("lets a moderator remove others from a group, an owner only by an owner", () => {
    assert.equal(canRemove("group", admin, member), true);
    assert.equal(canRemove("group", owner, admin), true);
    assert.equal(canRemove("group", owner, { userId: "otto", role: "owner" }), true);
    assert.equal(canRemove("group", admin, owner), false);
    assert.equal(canRemove("group", member, admin), false);
  });

  it("never removes oneself, anyone from a one-to-one, or for nobody", () => {
    assert.equal(canRemove("group", admin, admin), false);
    assert.equal(canRemove("direct", owner, member), false);
    assert.equal(canRemove(undefined, owner, member), false);
    assert.equal(canRemove("group", undefined, member), false);
  });
});
