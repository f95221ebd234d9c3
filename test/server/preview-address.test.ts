/**
 * The link-preview fetcher's address check (src/server/preview-address.ts), a pure function:
 * URLs go through the URL parser first, as the fetcher does, so odd spellings of an address
 * (decimal, hex, short forms, IPv4 inside IPv6) are judged by what they mean.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isPrivateHost, previewRefusal } from "../../src/server/preview-address.js";

const NONE = new Set<string>();
const refused = (url: string, allow = NONE) => previewRefusal(new URL(url), allow) !== undefined;

describe("link preview addresses", () => {
  it("refuses loopback however it is spelled", () => {
    for (const url of ["http://127.0.0.1/", "http://127.1/", "http://2130706433/", "http://0x7f000001/", "http://017700000001/", "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://[0:0:0:0:0:0:0:1]/", "http://0.0.0.0/", "http://[::]/"]) {
      assert.ok(refused(url), url);
    }
  });

  it("refuses private, link-local, unique-local and other non-public ranges", () => {
    for (const url of ["http://10.1.2.3/", "http://172.16.0.1/", "http://172.31.255.255/", "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/", "http://224.0.0.1/", "http://255.255.255.255/", "http://[fc00::1]/", "http://[fd12:3456::1]/", "http://[fe80::1]/", "http://[::ffff:10.0.0.1]/", "http://[64:ff9b::a00:1]/", "http://[2002:c0a8:101::1]/", "http://[ff02::1]/", "http://[64:ff9b:1::a00:1]/", "http://[::ffff:0:a00:1]/", "http://[fec0::1]/", "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/"]) {
      assert.ok(refused(url), url);
    }
  });

  it("refuses local names: localhost and its subdomains, .internal, .local, names without a dot", () => {
    for (const url of ["http://localhost:8080/", "http://LOCALHOST./", "http://app.localhost/", "http://metadata.google.internal/", "http://printer.local/", "http://router.home.arpa/", "http://intranet/", "https://nas.lan/"]) {
      assert.ok(refused(url), url);
    }
  });

  it("refuses other schemes and credentials in the URL", () => {
    assert.ok(refused("ftp://example.com/"));
    assert.ok(refused("file:///etc/passwd"));
    assert.ok(refused("https://user:secret@example.com/"));
  });

  it("asks only the web's default ports of public hosts", () => {
    for (const url of ["http://example.com:6379/", "https://example.com:8443/", "http://8.8.8.8:22/", "http://example.com:443/"]) {
      assert.ok(refused(url), url);
    }
    assert.ok(!refused("https://example.com:443/"), "443 is https's own port");
    assert.ok(!refused("http://example.com:80/"), "80 is http's own port");
  });

  it("lets public addresses and names through", () => {
    for (const url of ["https://example.com/page", "http://8.8.8.8/", "http://172.32.0.1/", "http://192.169.0.1/", "http://[2606:4700::1111]/", "https://www.xn--bcher-kva.ch/", "http://11.0.0.1/"]) {
      assert.ok(!refused(url), url);
    }
  });

  it("asks an allowed host:port whatever it is, and only that port", () => {
    const allow = new Set(["127.0.0.1:8123"]);
    assert.ok(!refused("http://127.0.0.1:8123/page", allow));
    assert.ok(refused("http://127.0.0.1:8124/page", allow));
    assert.ok(refused("http://localhost:8123/page", allow));
  });

  it("refuses what it cannot read", () => {
    assert.ok(isPrivateHost("[not-an-address]"));
    assert.ok(isPrivateHost("exa mple.com"));
  });
});
