import type { CrispSimulator } from "./crisp-simulator.js";
import type { JsonObject } from "./json-object.js";
import { signHook } from "./sign-hook.js";

/** One widget action, as an operator would cause it in the inbox. */
export interface WidgetActionInput {
  readonly website_id: string;
  readonly session_id: string;
  readonly item_id: string;
  readonly section_id?: string;
  /** `data`: a data item asks for its value (or sends an edit, with `value`); `button`: a press. */
  readonly type: "data" | "button";
  /** The item's `data`, with Crisp bindings (`{conversation.meta.email}`) still unfilled. */
  readonly data?: Readonly<Record<string, unknown>>;
  /** An edited value, or a submit button's values by item id. */
  readonly value?: unknown;
}

/**
 * How to spoil an action, to test that the Action URL refuses it: `token` sends another token,
 * `signature` a well-formed signature that does not match, `unsigned` no signature headers.
 */
export type WidgetTamper = "token" | "signature" | "unsigned";

/** How to send one action. */
export interface SendWidgetActionOptions {
  /** Signs with this secret (`X-Crisp-Signature` over `[timestamp;body]`); unsigned without it. */
  readonly secret?: string;
  readonly tamper?: WidgetTamper;
  /** `X-Crisp-Request-Timestamp`; now by default. Retrying with the same one resends the same action. */
  readonly timestamp?: number;
  /** The operator in the inbox, for `{operator.*}` bindings. */
  readonly operator?: Readonly<Record<string, string>>;
}

/** What the Action URL answered. */
export interface WidgetActionResponse {
  readonly status: number;
  /** The parsed JSON answer, or the raw text when it is not JSON. */
  readonly body: unknown;
  /** The exact body and timestamp sent, so a test can deliver the same action again. */
  readonly sent: { readonly body: string; readonly timestamp: number };
}

/**
 * POSTs a widget action to the plugin's Action URL as Crisp does (crisp-platform.md §10.2):
 * `{ action, origin: { website_id, session_id, token }, widget, payload: { data, value } }`, with
 * the website's subscription token from the simulator and the item's bindings filled from the
 * simulated conversation. Signed like a Web Hook when `secret` is given.
 */
export async function sendWidgetAction(
  sim: Pick<CrispSimulator, "website" | "conversation">,
  url: string,
  input: WidgetActionInput,
  options: SendWidgetActionOptions = {},
): Promise<WidgetActionResponse> {
  const token = sim.website(input.website_id)?.token ?? "";
  const context = bindingContext(sim, input.website_id, input.session_id, options.operator);
  const body = {
    action: { type: input.type },
    origin: {
      website_id: input.website_id,
      session_id: input.session_id,
      token: options.tamper === "token" ? `${token}-wrong` : token,
    },
    widget: { item_id: input.item_id, ...(input.section_id === undefined ? {} : { section_id: input.section_id }) },
    payload: {
      data: fillBindings(input.data ?? {}, context),
      ...(input.value === undefined ? {} : { value: input.value }),
    },
  };
  const text = JSON.stringify(body);
  const timestamp = options.timestamp ?? Date.now();
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (options.secret !== undefined && options.tamper !== "unsigned") {
    const signature = signHook(options.secret, timestamp, text);
    headers["X-Crisp-Request-Timestamp"] = String(timestamp);
    headers["X-Crisp-Signature"] = options.tamper === "signature" ? flip(signature) : signature;
  }
  const response = await fetch(url, { method: "POST", headers, body: text });
  const answer = await response.text();
  return { status: response.status, body: parse(answer), sent: { body: text, timestamp } };
}

/** What the bindings of a simulated conversation read: `conversation.*` and `operator.*`. */
export function bindingContext(
  sim: Pick<CrispSimulator, "conversation">,
  websiteId: string,
  sessionId: string,
  operator?: Readonly<Record<string, string>>,
): JsonObject {
  const conversation = sim.conversation(websiteId, sessionId);
  return {
    conversation: (conversation === undefined
      ? { session_id: sessionId }
      : JSON.parse(JSON.stringify(conversation))) as JsonObject,
    operator: { user_id: "operator-simulated", first_name: "Sam", ...operator },
  };
}

/** Replaces `{path}` and `{a || b}` in string values, as Crisp does before sending; unknown paths are empty. */
export function fillBindings(data: Readonly<Record<string, unknown>>, context: JsonObject): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(data).map(([key, value]) => [
      key,
      typeof value === "string"
        ? value.replace(/\{([^{}]+)\}/g, (_match, expression: string) => {
            for (const path of expression.split("||")) {
              const found = read(context, path.trim());
              if (found === undefined || found === null || found === "") continue;
              return typeof found === "string" ? found : JSON.stringify(found);
            }
            return "";
          })
        : value,
    ]),
  );
}

function read(context: unknown, path: string): unknown {
  let value = context;
  for (const part of path.split(".")) {
    if (typeof value !== "object" || value === null || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function flip(signature: string): string {
  return `${signature.startsWith("0") ? "1" : "0"}${signature.slice(1)}`;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
