import { problemAt, type CheckContext } from "./check-context.js";
import { findContradiction } from "./find-contradiction.js";
import { ruleEvents, type Manifest, type RuleSpec } from "./manifest.js";
import type { Problem } from "./problem.js";
import { buildRuleGraph, findLoops, type RuleGraph } from "./rule-graph.js";

/**
 * The static analysis of a valid manifest's rules, as warnings: rules that trigger each other
 * without end, two rules on one event writing one field differently, and rules that can never
 * run. (A `delay` whose `cancel_on` lists what the rule's own steps cause is no mistake: the
 * dispatcher does not let the plugin's own events cancel its delays.)
 */
export function checkRuleGraph(context: CheckContext, manifest: Manifest): Problem[] {
  const graph = buildRuleGraph(manifest);
  return [...loops(context, graph), ...conflictingWrites(context, graph), ...neverRuns(context, manifest.rules)];
}

function loops(context: CheckContext, graph: RuleGraph): Problem[] {
  return findLoops(graph).map((loop) => {
    const [first = 0] = loop;
    const links = graph.edges
      .filter((edge) => edge.blockedBy === undefined && loop.includes(edge.from) && loop.includes(edge.to))
      .map(
        (edge) =>
          `"${idOf(graph, edge.from)}" ${edge.action} causes ${edge.caused.event}, which runs "${idOf(graph, edge.to)}"`,
      );
    const rule = graph.rules[first];
    const at = rule?.include_own_events === true ? ["rules", first, "include_own_events"] : ["rules", first, "on"];
    return problemAt(
      context,
      at,
      "RULE_LOOP",
      `${loop.length === 1 ? `rule "${idOf(graph, first)}" triggers itself` : `rules ${loop.map((index) => `"${idOf(graph, index)}"`).join(", ")} trigger each other`} without end: ${unique(links).join("; ")}. Add once or cooldown to one of them, a condition the event makes false, or leave include_own_events out`,
      { key: rule?.include_own_events === true },
    );
  });
}

/** Two rules on one event whose steps set one field to different constant values. */
function conflictingWrites(context: CheckContext, graph: RuleGraph): Problem[] {
  const problems: Problem[] = [];
  const writes = new Map<string, { rule: number; step: number; value: unknown }>();
  graph.rules.forEach((rule, index) => {
    if (!rule.enabled) return;
    graph.causes[index]?.forEach((caused, step) => {
      for (const effect of caused) {
        for (const [field, value] of flatten(effect.data)) {
          if (effect.event.startsWith("message:")) continue;
          for (const event of ruleEvents(rule)) {
            const key = `${event} ${effect.event} ${field}`;
            const earlier = writes.get(key);
            if (earlier === undefined) {
              writes.set(key, { rule: index, step, value });
              continue;
            }
            if (earlier.rule === index || Object.is(earlier.value, value)) continue;
            problems.push(
              problemAt(
                context,
                ["rules", index, "do", step, "action"],
                "CONFLICTING_WRITES",
                `rules "${idOf(graph, earlier.rule)}" and "${rule.id}" both run on ${event} and set ${field} to ${JSON.stringify(earlier.value)} and ${JSON.stringify(value)}: the later write wins`,
              ),
            );
          }
        }
      }
    });
  });
  return problems;
}

/** Rules shadowed by an earlier rule that always stops the rules after it, or whose conditions contradict. */
function neverRuns(context: CheckContext, rules: readonly RuleSpec[]): Problem[] {
  const problems: Problem[] = [];
  rules.forEach((rule, index) => {
    if (!rule.enabled) return;
    const stopper = rules.findIndex((earlier, before) => before < index && alwaysStops(earlier, ruleEvents(rule)));
    if (stopper >= 0) {
      problems.push(
        problemAt(
          context,
          ["rules", index, "id"],
          "RULE_NEVER_RUNS",
          `rule "${rule.id}" can never run: rule "${rules[stopper]?.id ?? ""}" before it runs on the same events, without conditions, and stops the rules after it (stop: { rules: true })`,
        ),
      );
      return;
    }
    const contradiction = findContradiction(rule.if);
    if (contradiction !== undefined) {
      problems.push(
        problemAt(
          context,
          ["rules", index, "if", ...contradiction.path],
          "RULE_NEVER_RUNS",
          `rule "${rule.id}" can never run: ${contradiction.reason}`,
        ),
      );
    }
  });
  return problems;
}

function alwaysStops(rule: RuleSpec, events: readonly string[]): boolean {
  if (!rule.enabled || rule.if !== undefined || rule.once !== undefined || rule.cooldown !== undefined) return false;
  if (!events.every((event) => ruleEvents(rule).includes(event))) return false;
  for (const step of rule.do) {
    if (step.if !== undefined) continue;
    if (step.action === "stop") return step.with.rules === true;
    if (step.action === "delay") return false;
  }
  return false;
}

function idOf(graph: RuleGraph, index: number): string {
  return graph.rules[index]?.id ?? `rules[${index}]`;
}

function flatten(data: Readonly<Record<string, unknown>>, prefix = ""): [string, unknown][] {
  return Object.entries(data).flatMap(([key, value]): [string, unknown][] =>
    typeof value === "object" && value !== null && !Array.isArray(value)
      ? flatten(value as Record<string, unknown>, `${prefix}${key}.`)
      : [[`${prefix}${key}`, value]],
  );
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
