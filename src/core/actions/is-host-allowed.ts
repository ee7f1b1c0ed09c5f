/**
 * Whether `host` (a URL's `host`, with a port when it has one) matches an entry of `http.allow`:
 * an exact host, or `*.example.com` for any subdomain of example.com (not example.com itself).
 */
export function isHostAllowed(host: string, allow: readonly string[]): boolean {
  const wanted = host.toLowerCase();
  return allow.some((entry) => {
    const pattern = entry.toLowerCase();
    if (!pattern.startsWith("*.")) return wanted === pattern;
    const suffix = pattern.slice(1);
    return wanted.endsWith(suffix) && wanted.length > suffix.length;
  });
}
