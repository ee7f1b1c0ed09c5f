import { hash } from "node:crypto";
import { requireSession } from "./action-context.js";
import { constants, defineAction } from "./define-action.js";

/** `with:` of `send_message`, rendered. */
export interface SendMessageParams {
  type: "text" | "note" | "picker";
  content: string | Record<string, unknown>;
  from: "operator" | "user";
  user?: { nickname?: string; avatar?: string };
  stealth: boolean;
}

/** Sends a text message, a private note or a picker into the conversation. */
export const sendMessage = defineAction<SendMessageParams>({
  name: "send_message",
  priority: "reply",
  summary:
    "Send a text message, a private note or a picker into the conversation, stamped with the plugin URN as origin.",
  // Reading too: after an attempt that may have reached Crisp, the conversation is checked for the
  // message's fingerprint before sending again.
  needs: [
    { scope: "website:conversation:messages", access: "write" },
    { scope: "website:conversation:messages", access: "read" },
  ],
  params: {
    type: "object",
    additionalProperties: false,
    required: ["content"],
    properties: {
      type: { description: "Kind of message.", enum: ["text", "note", "picker"], default: "text" },
      content: {
        description:
          "The text (a template) for `text` and `note`; for `picker`, `{ id, text, choices: [{ value, label, selected, icon, action }] }` (`selected` is sent as `false` when left out).",
        if: { type: "object" },
        else: { type: "string", minLength: 1 },
        then: {
          type: "object",
          additionalProperties: false,
          required: ["id", "text", "choices"],
          properties: {
            id: { description: "Identifier of the picker.", type: "string" },
            text: { description: "The question shown above the choices.", type: "string" },
            required: { description: "Whether the visitor must pick before writing.", type: "boolean", default: false },
            choices: {
              description: "The choices.",
              type: "array",
              minItems: 1,
              items: {
                type: "object",
                additionalProperties: false,
                required: ["value", "label"],
                properties: {
                  value: { description: "Value sent back when picked.", type: "string" },
                  label: { description: "Text shown to the visitor.", type: "string" },
                  selected: {
                    description: "Whether the choice shows as already picked; Crisp expects it on every choice.",
                    type: "boolean",
                    default: false,
                  },
                  icon: { description: "An emoji shown before the label.", type: "string" },
                  action: {
                    description: "What picking it does besides answering, such as opening a link.",
                    type: "object",
                    additionalProperties: false,
                    required: ["type", "target"],
                    properties: {
                      type: { description: "The kind of action, such as `link`.", type: "string" },
                      target: { description: "Its target, such as a URL.", type: "string" },
                    },
                  },
                },
              },
            },
          },
        },
      },
      from: { description: "Who the message appears to come from.", enum: ["operator", "user"], default: "operator" },
      user: {
        description: "The sender shown to the visitor.",
        type: "object",
        additionalProperties: false,
        properties: {
          nickname: { description: "Sender name.", type: "string" },
          avatar: { description: "Sender avatar URL.", type: "string" },
        },
      },
      stealth: { description: "Do not notify the visitor by email for this message.", type: "boolean", default: false },
    },
  },
  causes: (params) => [
    {
      event: params.from === "user" ? "message:send" : "message:received",
      data: constants({ from: params.from ?? "operator", type: params.type ?? "text", content: params.content }),
    },
  ],
  result: {
    type: "object",
    properties: { fingerprint: { type: "integer", description: "The message's fingerprint, as Crisp stores it." } },
  },
  run: async (context, params) => {
    const session = requireSession(context, "send_message");
    const website = context.event.website_id;
    // The same step of the same work always gets the same fingerprint, also after a restart, so
    // "was it sent already?" has an answer.
    const fingerprint = fingerprintOf(context.stepKey);
    const user = params.user ? { type: "participant", ...params.user } : undefined;
    // A resumed step may have sent it: the gateway looks for the fingerprint before sending.
    return context.crisp.sendMessage(
      website,
      session,
      {
        type: params.type,
        from: params.from,
        origin: context.plugin.urn,
        content: params.type === "picker" ? withSelected(params.content) : params.content,
        fingerprint,
        ...(user ? { user } : {}),
        ...(params.stealth ? { stealth: true } : {}),
      },
      context.resumed,
    );
  },
});

/**
 * A picker's content with `selected` on every choice (`false` unless set): crisp-api's example and
 * go-crisp-api always send it, and Crisp may refuse a choice without it (crisp-platform.md §11).
 */
function withSelected(content: SendMessageParams["content"]): SendMessageParams["content"] {
  if (typeof content !== "object" || !Array.isArray(content.choices)) return content;
  const choices = (content.choices as unknown[]).map((choice) =>
    typeof choice === "object" && choice !== null ? { selected: false, ...choice } : choice,
  );
  return { ...content, choices };
}

/** A message fingerprint derived from the step's durable key: 48 bits of its SHA-256. */
export function fingerprintOf(stepKey: string): number {
  // The one-shot `hash` costs about half of a `createHash` object (measured: 2.8 against 5.8 µs).
  return hash("sha256", stepKey, "buffer").readUIntBE(0, 6);
}
