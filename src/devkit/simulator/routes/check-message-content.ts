import { isJsonObject, type JsonObject } from "../json-object.js";

/** A field's expected JSON type, or a checker that answers a problem. */
type FieldCheck = "string" | "number" | "boolean" | ((value: unknown, at: string) => string | undefined);

/** The fields crisp-api's `WebsiteConversation.ts` types for each message content; all optional there. */
const CONTENT_FIELDS: Readonly<Record<string, Readonly<Record<string, FieldCheck>>>> = {
  file: { name: "string", url: "string", type: "string" },
  animation: { url: "string", type: "string" },
  audio: { url: "string", type: "string", duration: "number" },
  picker: { id: "string", text: "string", choices: listOf(pickerChoice), required: "boolean" },
  field: { id: "string", text: "string", explain: "string", value: "string", required: "boolean" },
  carousel: { text: "string", targets: listOf(carouselTarget) },
  event: { namespace: "string", text: "string" },
};

const CHOICE_FIELDS: Readonly<Record<string, FieldCheck>> = {
  value: "string",
  icon: "string",
  label: "string",
  selected: "boolean",
  action: (value, at) => checkObject(value, at, { type: "string", target: "string" }),
};

const TARGET_FIELDS: Readonly<Record<string, FieldCheck>> = {
  title: "string",
  description: "string",
  image: "string",
  actions: listOf((value, at) => checkObject(value, at, { label: "string", url: "string" })),
};

/**
 * Checks a message's `content` against crisp-api's types: a non-empty string for `text` and
 * `note`, an object with only the typed fields otherwise. A picker choice must say whether it is
 * `selected`: crisp-api's example and go-crisp-api always send it, and Crisp may refuse a choice
 * without it (crisp-platform.md §11). Answers a problem, or `undefined`.
 */
export function checkMessageContent(type: string, content: unknown): string | undefined {
  const fields = CONTENT_FIELDS[type];
  if (fields === undefined) {
    return typeof content === "string" && content !== ""
      ? undefined
      : `content of a ${type} message must be a non-empty string`;
  }
  if (!isJsonObject(content)) return `content of a ${type} message must be an object`;
  return checkObject(content, "content", fields);
}

function pickerChoice(value: unknown, at: string): string | undefined {
  const problem = checkObject(value, at, CHOICE_FIELDS);
  if (problem !== undefined) return problem;
  const choice = value as JsonObject;
  if (typeof choice.value !== "string" || typeof choice.label !== "string") return `${at} needs a value and a label`;
  return choice.selected === undefined ? `${at}.selected is required (true or false)` : undefined;
}

function carouselTarget(value: unknown, at: string): string | undefined {
  return checkObject(value, at, TARGET_FIELDS);
}

function listOf(check: (value: unknown, at: string) => string | undefined): FieldCheck {
  return (value, at) => {
    if (!Array.isArray(value)) return `${at} must be an array`;
    for (const [index, item] of value.entries()) {
      const problem = check(item, `${at}[${index}]`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
}

function checkObject(value: unknown, at: string, fields: Readonly<Record<string, FieldCheck>>): string | undefined {
  if (!isJsonObject(value)) return `${at} must be an object`;
  for (const [key, field] of Object.entries(value)) {
    const check = fields[key];
    if (check === undefined) return `${at}.${key} is not a field Crisp knows (${Object.keys(fields).join(", ")})`;
    const problem =
      typeof check === "function"
        ? check(field, `${at}.${key}`)
        : typeof field === check
          ? undefined
          : `${at}.${key} must be a ${check}`;
    if (problem !== undefined) return problem;
  }
  return undefined;
}
