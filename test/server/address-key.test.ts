/** How the Worker keys its limits per client address (src/server/address-key.ts): pure, no server. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { addressKey } from "../../src/server/address-key.js";

describe("client addresses as the Worker counts them", () => {
  it("keeps IPv4 as it is and counts IPv6 by its /64", () => {
    assert.equal(addressKey("203.0.113.7"), "203.0.113.7");
    assert.equal(addressKey("::ffff:203.0.113.7"), "203.0.113.7");
    assert.equal(addressKey("2001:db8:0:1:aaaa:bbbb:cccc:dddd"), "2001:db8:0:1::/64");
    assert.equal(addressKey("2001:DB8:0:1::1"), "2001:db8:0:1::/64");
    assert.equal(addressKey("2001:db8::1"), "2001:db8:0:0::/64");
    assert.equal(addressKey("2001:0db8:0000:0001::9"), addressKey("2001:db8:0:1::2"));
  });
});
