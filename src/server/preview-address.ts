/**
 * Which hosts the link-preview fetcher may ask: never this machine, its private network or
 * link-local services (cloud metadata at 169.254.169.254). The Workers runtime cannot resolve
 * DNS itself, so the check sees the URL's host as written: IPv4 and IPv6 literals (which the
 * URL parser has already normalised: `http://2130706433/` is `127.0.0.1`) and names that only
 * mean something locally. On Cloudflare the fetch leaves from Cloudflare's network, which
 * cannot reach the host's private network anyway; self-hosted, this is the whole check.
 */

/** IPv4 ranges that are not the public internet: [network, prefix length]. */
const PRIVATE_V4: [string, number][] = [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24], // documentation
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 3], // multicast, reserved, broadcast
];

/** Names that resolve only on this machine or network (RFC 6761, 6762, 8375, and `.internal`). */
const LOCAL_SUFFIXES = ["localhost", "local", "internal", "intranet", "lan", "home.arpa", "invalid", "test", "example"];

function v4Number(address: string): number | undefined {
  const octets = address.split(".");
  if (octets.length !== 4 || !octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255)) return undefined;
  return octets.reduce((value, octet) => value * 256 + Number(octet), 0);
}

function isPrivateV4(address: number): boolean {
  return PRIVATE_V4.some(([network, prefix]) => {
    const size = 2 ** (32 - prefix);
    return Math.floor(address / size) === Math.floor(v4Number(network)! / size);
  });
}

/** The eight 16-bit groups of an IPv6 address as the URL parser writes it (compressed, hex, maybe a dotted tail). */
function v6Groups(address: string): number[] | undefined {
  let text = address.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = v4Number(dotted[1]!);
    if (v4 === undefined) return undefined;
    text = `${text.slice(0, dotted.index)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head, tail, ...more] = text.split("::");
  if (more.length > 0) return undefined;
  const parse = (part: string | undefined) => (part ? part.split(":").map((group) => parseInt(group, 16)) : []);
  const [before, after] = [parse(head), parse(tail)];
  const groups = tail === undefined ? before : [...before, ...Array(8 - before.length - after.length).fill(0), ...after];
  return groups.length === 8 && groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff) ? groups : undefined;
}

function isPrivateV6(groups: number[]): boolean {
  const [first] = groups as [number];
  const embeddedV4 = groups[6]! * 65536 + groups[7]!;
  const zeroUntil = (count: number) => groups.slice(0, count).every((group) => group === 0);
  if (zeroUntil(6)) return true; // unspecified, loopback, IPv4-compatible
  if (zeroUntil(5) && groups[5] === 0xffff) return isPrivateV4(embeddedV4); // IPv4-mapped
  if (first === 0x64 && groups[1] === 0xff9b) return groups[2] === 1 || isPrivateV4(embeddedV4); // NAT64; 64:ff9b:1::/48 is local-use
  if (zeroUntil(4) && groups[4] === 0xffff && groups[5] === 0) return isPrivateV4(embeddedV4); // IPv4-translated
  if (first === 0x2001 && groups[1] === 0) return true; // Teredo tunnels to addresses it hides
  if (first === 0x2002) return isPrivateV4(groups[1]! * 65536 + groups[2]!); // 6to4
  const uniqueLocal = (first & 0xfe00) === 0xfc00;
  const linkLocal = (first & 0xffc0) === 0xfe80;
  const siteLocal = (first & 0xffc0) === 0xfec0;
  const multicast = (first & 0xff00) === 0xff00;
  const documentation = first === 0x2001 && groups[1] === 0xdb8;
  return uniqueLocal || linkLocal || siteLocal || multicast || documentation;
}

/**
 * Whether `hostname` (a URL's, IPv6 in brackets) is this machine, a private or link-local
 * address, or a name that only resolves locally; a name with no dot counts, as a search
 * domain would resolve it inside the network. Anything not understood is refused too.
 */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host.startsWith("[")) {
    const groups = v6Groups(host.slice(1, -1));
    return groups === undefined || isPrivateV6(groups);
  }
  const v4 = v4Number(host);
  if (v4 !== undefined) return isPrivateV4(v4);
  if (!host.includes(".") || !/^[a-z0-9.-]+$/.test(host)) return true;
  return LOCAL_SUFFIXES.some((suffix) => host === suffix || host.endsWith(`.${suffix}`));
}

/**
 * Why the fetcher must not ask for `url`, or undefined when it may: only http(s) to a public
 * host on the default port (80, 443; the URL parser drops them, so any port left is another),
 * no credentials in the URL. `allowHosts` (`host:port` as in PREVIEW_ALLOW_HOSTS) are
 * asked whatever they are: the tests' local pages.
 */
export function previewRefusal(url: URL, allowHosts: ReadonlySet<string>): string | undefined {
  if (url.protocol !== "http:" && url.protocol !== "https:") return "not an http(s) link";
  if (url.username || url.password) return "a link with credentials";
  if (allowHosts.has(url.host)) return undefined;
  // Web pages are on the web's ports; another port is some service's (a database, an admin API).
  if (url.port !== "") return `port ${url.port} is not a web port`;
  if (isPrivateHost(url.hostname)) return `${url.hostname} is a private, loopback or local address`;
  return undefined;
}
