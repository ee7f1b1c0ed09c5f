import { defineAction } from "./define-action.js";

/** An operator as `list_operators` gives it to later steps. */
export interface ListedOperator {
  readonly user_id: string;
  readonly email: string;
  readonly first_name: string;
  readonly last_name: string;
  /** First and last name, as a person would write it. */
  readonly name: string;
  readonly role: string;
  readonly title: string;
  /** `online`, `away` or `offline`, as Crisp says. */
  readonly availability: string;
}

type Filters = { name?: string; email?: string; availability?: "online" | "away" | "offline" };

/**
 * Lists the website's operators, optionally only those with a name, an email or an availability:
 * `steps.<id>.operators` is the list, `steps.<id>.operator` the first of it (left out when the list
 * is empty), so "assign to the operator named X" is `assign` with `{{steps.<id>.operator.user_id}}`.
 */
export const listOperators = defineAction<Filters>({
  name: "list_operators",
  repeatable: true,
  readOnly: true,
  priority: "normal",
  summary:
    "List the website's operators (filtered by name, email or availability) into steps.<id>.operators, the first as steps.<id>.operator.",
  needs: [{ scope: "website:operators", access: "read" }],
  params: {
    type: "object",
    additionalProperties: false,
    properties: {
      name: {
        description:
          'Keep the operators with this name: first name, last name, or both ("Ada Lovelace"), case-insensitive.',
        type: "string",
      },
      email: { description: "Keep the operator with this email, case-insensitive.", type: "string" },
      availability: { description: "Keep the operators with this availability.", enum: ["online", "away", "offline"] },
    },
  },
  run: async (context, params) => {
    const listed = (await context.crisp.api.website.listWebsiteOperators(context.event.website_id)) as unknown;
    const operators = (Array.isArray(listed) ? listed : []).flatMap(toOperator).filter(matching(params));
    return operators.length === 0 ? { operators } : { operators, operator: operators[0] };
  },
});

/**
 * One entry of Crisp's list (`{ type, details: {...} }`). Crisp answers snake_case fields;
 * crisp-api's types spell them in camelCase, so both are read.
 */
function toOperator(entry: unknown): ListedOperator[] {
  const details = (entry as { details?: Record<string, unknown> } | null)?.details;
  if (typeof details !== "object" || details === null) return [];
  const text = (snake: string, camel: string): string => {
    const value = details[snake] ?? details[camel];
    return typeof value === "string" ? value : "";
  };
  const user_id = text("user_id", "userID");
  if (user_id === "") return [];
  const first_name = text("first_name", "firstName");
  const last_name = text("last_name", "lastName");
  return [
    {
      user_id,
      email: text("email", "email"),
      first_name,
      last_name,
      name: [first_name, last_name].filter((part) => part !== "").join(" "),
      role: text("role", "role"),
      title: text("title", "title"),
      availability: text("availability", "availability"),
    },
  ];
}

function matching(filters: Filters): (operator: ListedOperator) => boolean {
  const same = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();
  return (operator) =>
    (filters.name === undefined ||
      [operator.name, operator.first_name, operator.last_name].some((name) => same(name, filters.name ?? ""))) &&
    (filters.email === undefined || same(operator.email, filters.email)) &&
    (filters.availability === undefined || operator.availability === filters.availability);
}
