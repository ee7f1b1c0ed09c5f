import type { CrispRest } from "./crisp-rest.js";

/** Batches read by default: a message sent moments ago is in the latest one unless the chat is very busy. */
const DEFAULT_PAGES = 3;

/**
 * Whether the conversation holds a message with `fingerprint`: how to tell, after a send that may
 * have reached Crisp (a timeout, a 5xx, a crash between "started" and "done"), whether sending it
 * again would send it twice. Reads the latest batches of messages, newest batch first, at most
 * `pages` of them (each is one REST request on the daily quota); a message older than that counts
 * as not delivered. Rejects with the `listMessages` error when a batch cannot be read.
 */
export async function wasMessageDelivered(
  rest: Pick<CrispRest, "listMessages">,
  websiteId: string,
  sessionId: string,
  fingerprint: number,
  options: { readonly pages?: number } = {},
): Promise<boolean> {
  let before: number | undefined;
  for (let page = 0; page < (options.pages ?? DEFAULT_PAGES); page += 1) {
    const batch = await rest.listMessages(websiteId, sessionId, before);
    if (batch.some((message) => message.fingerprint === fingerprint)) return true;
    if (batch.length === 0) return false;
    const oldest = Math.min(...batch.map((message) => message.timestamp));
    // A batch that does not go back in time would be read again and again.
    if (before !== undefined && oldest >= before) return false;
    before = oldest;
  }
  return false;
}
