import { ruleEvents } from "./manifest.js";
import { findLoops, type RuleEdge, type RuleGraph } from "./rule-graph.js";

/** The formats `crisp-plugin graph` prints. */
export const GRAPH_FORMATS = ["text", "mermaid", "dot"] as const;
/** One of {@link GRAPH_FORMATS}. */
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

/**
 * The effect graph as text (each rule, what each step causes and which rules that reaches, and
 * the loops nothing breaks), a Mermaid flowchart or a Graphviz digraph. A link that a guard
 * blocks is drawn dashed.
 */
export function formatRuleGraph(graph: RuleGraph, format: GraphFormat): string {
  if (format === "mermaid") return mermaid(graph);
  if (format === "dot") return dot(graph);
  return text(graph);
}

function text(graph: RuleGraph): string {
  const lines: string[] = [];
  graph.rules.forEach((rule, index) => {
    const flags = [rule.enabled ? "" : "disabled", rule.include_own_events ? "include_own_events" : ""]
      .concat(rule.once ? `once per ${rule.once}` : "", rule.cooldown ? `cooldown ${rule.cooldown.for}` : "")
      .filter(Boolean);
    lines.push(`${rule.id} (on ${ruleEvents(rule).join(", ")}${flags.length ? `; ${flags.join(", ")}` : ""})`);
    graph.causes[index]?.forEach((caused, step) => {
      for (const effect of caused) {
        const reached = graph.edges.filter(
          (edge) => edge.from === index && edge.step === step && edge.caused === effect,
        );
        const targets =
          reached.length === 0 ? "no rule listens" : reached.map((edge) => describeTarget(graph, edge)).join("; ");
        lines.push(`  do[${step}] ${rule.do[step]?.action ?? ""} causes ${effect.event}: ${targets}`);
      }
    });
  });
  const loops = findLoops(graph);
  lines.push("");
  lines.push(
    loops.length === 0
      ? "No loop: every chain of rules ends, or a guard stops it."
      : loops.map((loop) => `Loop: ${loop.map((index) => graph.rules[index]?.id ?? "").join(" -> ")}`).join("\n"),
  );
  return `${lines.join("\n")}\n`;
}

function describeTarget(graph: RuleGraph, edge: RuleEdge): string {
  const target = edge.to === edge.from ? "itself" : (graph.rules[edge.to]?.id ?? "");
  return `${target} ${edge.blockedBy ? `(stopped by ${edge.blockedBy})` : "(runs it)"}`;
}

function mermaid(graph: RuleGraph): string {
  const lines = ["flowchart LR"];
  graph.rules.forEach((rule, index) =>
    lines.push(`  r${index}["${escape(rule.id)}<br/>on ${escape(ruleEvents(rule).join(", "))}"]`),
  );
  for (const edge of graph.edges) {
    const label = escape(`${edge.action} → ${edge.caused.event}${edge.blockedBy ? " (guarded)" : ""}`);
    lines.push(`  r${edge.from} ${edge.blockedBy ? "-.->" : "-->"}|"${label}"| r${edge.to}`);
  }
  return `${lines.join("\n")}\n`;
}

function dot(graph: RuleGraph): string {
  const lines = ["digraph rules {", "  rankdir=LR;", "  node [shape=box];"];
  graph.rules.forEach((rule, index) =>
    lines.push(`  r${index} [label="${escape(rule.id)}\\non ${escape(ruleEvents(rule).join(", "))}"];`),
  );
  for (const edge of graph.edges) {
    const style = edge.blockedBy ? ", style=dashed" : "";
    lines.push(`  r${edge.from} -> r${edge.to} [label="${escape(`${edge.action} → ${edge.caused.event}`)}"${style}];`);
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

function escape(text: string): string {
  return text.replace(/["\\]/g, (char) => `\\${char}`);
}
