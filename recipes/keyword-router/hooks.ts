// The TypeScript hook of the Keyword Router recipe. It is loaded at run time, without a build step;
// `crisp-plugin validate` loads it too, to check the hook names and the scopes they declare.
import { defineHooks, type HookContext } from "crisp-plugin-kit";

/** `with:` of `hook:assignNextOperator`. */
interface AssignParams {
  /** The team whose turn is kept, such as `billing`. */
  readonly team: string;
  /** The team's operator user ids, as a JSON list (`{{json settings.billing_operators}}`). */
  readonly operators: string;
}

/**
 * Whose turn it is, per website and team. Kept in memory: it starts over when the plugin restarts,
 * and each replica (and each hook worker thread, when hooks run at the same time) keeps its own:
 * good enough to spread conversations, not a strict rotation.
 */
const turns = new Map<string, number>();

/** The operator ids in a JSON list; anything else (a typo in the settings) counts as no operator. */
function parseOperators(json: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is string => typeof item === "string" && item.trim() !== "");
}

/** The operator whose turn it is in the team, moving the turn on. */
function takeTurn(websiteId: string, team: string, operators: readonly string[]): string | undefined {
  const key = `${websiteId}:${team}`;
  const turn = (turns.get(key) ?? 0) % operators.length;
  turns.set(key, turn + 1);
  return operators[turn];
}

export default defineHooks({
  /**
   * Assigns the conversation to the team's operators in turn (round robin). Returns
   * `{ assigned }`, the operator's user id, or null when the team has no operator.
   */
  assignNextOperator: {
    scopes: ["website:conversation:routing write"],
    params: {
      type: "object",
      additionalProperties: false,
      required: ["team", "operators"],
      properties: {
        team: { type: "string", minLength: 1 },
        operators: { type: "string" },
      },
    },
    timeout_ms: 5_000,
    async run(ctx: HookContext, params: AssignParams): Promise<{ assigned: string | null }> {
      const session = ctx.event.session_id;
      if (session === undefined) throw new Error(`${ctx.event.name} has no conversation to assign`);
      const operators = parseOperators(params.operators);
      const operator = operators.length === 0 ? undefined : takeTurn(ctx.website.id, params.team, operators);
      if (operator === undefined) {
        ctx.log.info(`keyword-router: team ${params.team} has no operator in the settings; not assigned`);
        return { assigned: null };
      }
      await ctx.crisp.website.assignConversationRouting(ctx.website.id, session, { assigned: { user_id: operator } });
      return { assigned: operator };
    },
  },
});
