import { BlockList, isIPv4, isIPv6 } from "node:net";

// Addresses an outside service never has: this machine, its link, private networks, and the
// cloud metadata endpoint (169.254.169.254 is link-local). A name that resolves to one of these
// would let a manifest, a setting or a visitor reach the plugin's own network.
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, "ipv6");
}

/**
 * Whether an IP address is public: not loopback, link-local, private (RFC 1918, unique local),
 * shared (100.64/10), unspecified, multicast or reserved. IPv4-mapped IPv6 (`::ffff:127.0.0.1`)
 * is judged as the IPv4 address it carries.
 */
export function isPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped !== undefined) return isPublicAddress(mapped);
  if (isIPv4(address)) return !NOT_PUBLIC.check(address, "ipv4");
  if (isIPv6(address)) return !NOT_PUBLIC.check(address, "ipv6");
  return false;
}
