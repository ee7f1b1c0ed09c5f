/** A message as a delivery check reads it: what telling one message from another needs. */
export interface ListedMessage {
  readonly fingerprint: number;
  /** Milliseconds since the epoch; the oldest one of a batch reads the batch before it. */
  readonly timestamp: number;
}

/**
 * Whether the conversation holds a message with `fingerprint`: how to tell, after a send that may
 * have reached Crisp (a timeout, a 5xx, a crash between "started" and "done"), whether sending it
 * again would send it twice. Reads the latest batches of messages through `list` (the latest ones,
 * or those strictly before a timestamp), newest batch first, at most `pages` of them (each is one
 * REST request on the daily quota); a message older than that counts as not delivered. Rejects
 * with the error of `list` when a batch cannot be read.
 */
export async function wasMessageDelivered(
  list: (before?: number) => Promise<readonly ListedMessage[]>,
  fingerprint: number,
  pages: number,
): Promise<boolean> {
  let before: number | undefined;
  for (let page = 0; page < pages; page += 1) {
    const batch = await list(before);
    if (batch.some((message) => message.fingerprint === fingerprint)) return true;
    if (batch.length === 0) return false;
    const oldest = Math.min(...batch.map((message) => message.timestamp));
    // A batch that does not go back in time would be read again and again.
    if (before !== undefined && oldest >= before) return false;
    before = oldest;
  }
  return false;
}
