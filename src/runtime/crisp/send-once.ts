import { randomInt } from "node:crypto";
import { KitError } from "../../core/errors/kit-error.js";
import { wasMessageDelivered, type ListedMessage } from "./was-message-delivered.js";

/** The gateway's retry loop: `extra` is added to the context of the error it finally throws. */
export type Retrying = <T>(
  route: string,
  websiteId: string,
  run: (attempt: number) => Promise<T>,
  extra?: () => Record<string, unknown>,
) => Promise<T>;

/** What sending once needs from the gateway. */
export interface SendOnceDeps {
  readonly retrying: Retrying;
  /** One counted, timed request of a `website` method (the send itself when `method` is left out). */
  readonly once: (attempt: number, method?: string, args?: readonly unknown[]) => Promise<unknown>;
  /** Why the delivery check may not read the conversation (its scope is not granted), if so. */
  readonly canCheck: KitError | undefined;
  /** Batches of messages a delivery check may read. */
  readonly pages: number;
  /** The send may have happened before (a step resumed after a crash): check before the first attempt. */
  readonly mayHaveRun: boolean;
}

/**
 * `sendMessageInConversation(website, session, message)` not repeated blindly: after a failure
 * that may have reached Crisp (5xx, timeout, network), the next attempt first looks for the
 * message's fingerprint in the conversation and, when it is there, resolves with it instead of
 * sending again. A message without a fingerprint gets a random one so that this check works; the
 * engine passes a deterministic one, so that a step resumed after a crash is checked the same way.
 */
export function sendOnce(args: readonly unknown[], deps: SendOnceDeps): Promise<unknown> {
  const [websiteId, sessionId, message] = args as [string, string, { fingerprint?: number } | undefined];
  // Crisp's fingerprints are integers of up to 15 digits or so; a random one marks this send.
  const fingerprint = message?.fingerprint ?? randomInt(1, 2 ** 47);
  const sent = [websiteId, sessionId, { ...message, fingerprint }, ...args.slice(3)];
  // The last failure of a send that may have reached Crisp, until a check tells.
  let uncertain: KitError | undefined = deps.mayHaveRun ? RESUMED : undefined;
  const checkDelivered = async (attempt: number, previous: KitError): Promise<boolean> => {
    if (deps.canCheck !== undefined) throw uncheckedSend(previous, deps.canCheck);
    const list = async (before?: number): Promise<ListedMessage[]> => {
      const messages = await deps.once(attempt, "getMessagesInConversation", [websiteId, sessionId, before]);
      return Array.isArray(messages) ? messages.flatMap(toListedMessage) : [];
    };
    try {
      return await wasMessageDelivered(list, fingerprint, deps.pages);
    } catch (thrown) {
      if (!(thrown instanceof KitError)) throw thrown;
      throw uncheckedSend(previous, thrown);
    }
  };
  const send = async (attempt: number): Promise<unknown> => {
    if (uncertain !== undefined) {
      if (await checkDelivered(attempt, uncertain)) return { fingerprint };
      uncertain = undefined;
    }
    try {
      return await deps.once(attempt, "sendMessageInConversation", sent);
    } catch (thrown) {
      if (thrown instanceof KitError && thrown.code === "CRISP_REQUEST_FAILED" && thrown.kind === "retryable") {
        uncertain = thrown;
      }
      throw thrown;
    }
  };
  return deps.retrying("sendMessageInConversation", websiteId, send, () => ({
    fingerprint,
    ...(uncertain === undefined ? {} : { delivery: "unknown" }),
  }));
}

const RESUMED = new KitError("CRISP_REQUEST_FAILED", "the step was started before the plugin stopped", {
  kind: "retryable",
});

/** The error of a send that may have reached Crisp when looking for it failed too. */
function uncheckedSend(previous: KitError, check: KitError): KitError {
  const next = check.kind === "unrecoverable" ? "; it is not sent again, so as not to send it twice" : "";
  return new KitError(
    "CRISP_REQUEST_FAILED",
    `sendMessageInConversation may have reached Crisp (${previous.message}), and looking for it failed: ${check.message}${next}`,
    { cause: check, kind: check.kind, context: { ...check.context, route: "sendMessageInConversation" } },
  );
}

/** The fields of one listed message, or nothing for an entry without a fingerprint or timestamp. */
function toListedMessage(entry: unknown): ListedMessage[] {
  if (typeof entry !== "object" || entry === null) return [];
  const { fingerprint, timestamp } = entry as Record<string, unknown>;
  if (typeof fingerprint !== "number" || typeof timestamp !== "number") return [];
  return [{ fingerprint, timestamp }];
}
