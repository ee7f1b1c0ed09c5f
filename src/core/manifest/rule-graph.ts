import { ACTIONS } from "../actions/catalog.js";
import type { CausedEvent } from "../actions/define-action.js";
import { effectRefutes } from "./effect-refutes.js";
import type { DataPath } from "./manifest-source.js";
import { ruleEvents, type Manifest, type RuleSpec } from "./manifest.js";

/** A step that makes Crisp emit an event, and the rules that event reaches. */
export interface RuleEdge {
  readonly from: number;
  readonly step: number;
  readonly action: string;
  readonly caused: CausedEvent;
  /** Index of the rule the event reaches. */
  readonly to: number;
  /**
   * Why the event cannot run that rule, or undefined when it can: the loop guard (the event is
   * the plugin's own, and the rule does not set `include_own_events`), or one of the rule's
   * conditions that the event's known data makes false.
   */
  readonly blockedBy?: string;
}

/** The rules, the events each step causes, and which rules those events reach. */
export interface RuleGraph {
  readonly rules: readonly RuleSpec[];
  /** Per rule, per step: the events it causes (none for hooks, whose effects are not known). */
  readonly causes: readonly (readonly (readonly CausedEvent[])[])[];
  readonly edges: readonly RuleEdge[];
}

/**
 * Builds the effect graph of a valid manifest: each step's action declares the events real Crisp
 * emits after it (`ActionDefinition.causes`); an event reaches every enabled rule listening to it.
 * Every such event is the plugin's own: the engine's loop guard skips it for a rule unless the
 * rule sets `include_own_events` (for `session:set_*` echoes, which carry no `origin`, this is how
 * the runtime treats them once it recognises its own writes).
 */
export function buildRuleGraph(manifest: Manifest): RuleGraph {
  const rules = manifest.rules;
  const causes = rules.map((rule) => rule.do.map((step) => ACTIONS.get(step.action)?.causes?.(step.with) ?? []));
  const edges: RuleEdge[] = [];
  rules.forEach((rule, from) => {
    causes[from]?.forEach((events, step) => {
      for (const caused of events) {
        rules.forEach((target, to) => {
          if (!target.enabled || !ruleEvents(target).includes(caused.event)) return;
          const blockedBy = !target.include_own_events
            ? "the loop guard (the plugin's own event; the rule does not set include_own_events)"
            : effectRefutes(caused, target.if);
          const action = rule.do[step]?.action ?? "?";
          edges.push({ from, step, action, caused, to, ...(blockedBy === undefined ? {} : { blockedBy }) });
        });
      }
    });
  });
  return { rules, causes, edges };
}

/** Where a rule is in the manifest. */
export function rulePath(index: number): DataPath {
  return ["rules", index];
}

/**
 * The loops of the graph that nothing breaks: sets of rules that can trigger each other through
 * edges no guard blocks, none of which has `once` or `cooldown`. Each is listed in file order.
 */
export function findLoops(graph: RuleGraph): number[][] {
  const live = graph.edges.filter((edge) => edge.blockedBy === undefined);
  const next = new Map<number, number[]>();
  for (const edge of live) next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to]);
  return stronglyConnected(graph.rules.length, next)
    .filter(
      (component) => component.length > 1 || live.some((edge) => edge.from === edge.to && edge.from === component[0]),
    )
    .filter((component) => component.every((index) => !isGuarded(graph.rules[index])))
    .map((component) => [...component].sort((a, b) => a - b));
}

function isGuarded(rule: RuleSpec | undefined): boolean {
  return rule !== undefined && (rule.once !== undefined || rule.cooldown !== undefined);
}

/** Tarjan's strongly connected components. */
function stronglyConnected(count: number, next: ReadonlyMap<number, readonly number[]>): number[][] {
  let counter = 0;
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const stack: number[] = [];
  const onStack = new Set<number>();
  const components: number[][] = [];
  const visit = (node: number): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const target of next.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(target) ?? 0));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(target) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: number[] = [];
    let member: number | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    components.push(component);
  };
  for (let node = 0; node < count; node++) if (!index.has(node)) visit(node);
  return components;
}
