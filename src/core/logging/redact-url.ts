/** Query parameters whose value is a credential, in any case: `?password=`, `?access_token=`, `?sig=`... */
const SECRET_PARAM = /pass|secret|token|key|auth|sig|credential|session|code/i;

/** A URL anywhere in a text: scheme, `://`, then everything up to white space or a quote. */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;

/**
 * A URL fit for a log line or a CLI: user name and password replaced by `***`, and the values of
 * query parameters that look like credentials (`password`, `token`, `key`, `auth`, `sig`...) too.
 * A text that does not parse as a URL is not echoed at all, since it may hold a password.
 */
export function redactUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "(unparsable URL)";
  }
  if (url.username !== "") url.username = "***";
  if (url.password !== "") url.password = "***";
  for (const name of new Set(url.searchParams.keys())) {
    if (SECRET_PARAM.test(name)) url.searchParams.set(name, "***");
  }
  return url.toString().replaceAll("%2A%2A%2A", "***");
}

/** `text` with every URL in it passed through {@link redactUrl}; fast when there is none. */
export function redactUrlsIn(text: string): string {
  if (!text.includes("://")) return text;
  return text.replace(URL_IN_TEXT, (found) => {
    const redacted = redactUrl(found);
    return redacted === "(unparsable URL)" ? found.replace(/\/\/[^/@]*@/, "//***@") : redacted;
  });
}
