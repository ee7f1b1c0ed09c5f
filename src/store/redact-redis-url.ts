/**
 * A Redis URL fit for a log line: the password (and a user name, which can be a secret too) replaced
 * by `***`. An unparsable URL is not echoed at all, since it may hold a password too.
 */
export function redactRedisUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "(unparsable URL)";
  }
  if (parsed.password !== "") parsed.password = "***";
  if (parsed.username !== "") parsed.username = "***";
  return parsed.toString();
}
