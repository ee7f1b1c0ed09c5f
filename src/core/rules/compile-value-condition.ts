import type { ValueConditionSpec } from "../manifest/manifest.js";
import type { TemplateEnvironment } from "../templates/create-template-environment.js";
import type { TemplateContext } from "../templates/template-context.js";
import { compilePath, type PathReader } from "./compile-path.js";
import type { ConditionFailure } from "./condition-failure.js";
import type { ConditionNode } from "./condition-node.js";
import { invalidCondition } from "./invalid-condition.js";
import { VALUE_OPERATORS, type ValueOperator } from "./value-operators.js";

/** Compiles `{ path, <operator>: operand }`: the path is split and the operand prepared once. */
export function compileValueCondition(spec: ValueConditionSpec, env: TemplateEnvironment, at: string): ConditionNode {
  const names = Object.keys(spec).filter((key) => key !== "path");
  const [name] = names;
  if (names.length !== 1 || name === undefined) {
    throw invalidCondition(
      at,
      `expected exactly one operator besides path, found ${names.length}: ${names.join(", ")}`,
    );
  }
  const operator = Object.hasOwn(VALUE_OPERATORS, name) ? VALUE_OPERATORS[name] : undefined;
  if (operator === undefined) {
    throw invalidCondition(at, `unknown operator "${name}" (expected ${Object.keys(VALUE_OPERATORS).join(", ")})`);
  }
  const operand = operator.prepare((spec as unknown as Readonly<Record<string, unknown>>)[name], env, `${at}.${name}`);
  const { path } = spec;
  return new ValueCondition(at, path, compilePath(path, `${at}.path`), operator, operand.constant, operand.render);
}

/**
 * One value condition. Every one is an instance of this class, with the operator's own `holds`,
 * so that evaluating a rule's list of them runs the same code each time, and the one holding
 * allocates nothing.
 */
class ValueCondition implements ConditionNode {
  private readonly holds: ValueOperator["holds"];

  constructor(
    readonly at: string,
    readonly path: string,
    private readonly value: PathReader,
    readonly operator: ValueOperator,
    private readonly constant: unknown,
    private readonly render: ((context: TemplateContext) => unknown) | undefined,
  ) {
    this.holds = operator.holds;
  }

  evaluate(context: TemplateContext): true | ConditionFailure {
    const value = this.value.read(context);
    const operand = this.render === undefined ? this.constant : this.render(context);
    return this.holds(value, operand) ? true : new ValueFailure(this, value, operand);
  }

  explainHolds(context: TemplateContext): string {
    const operand = this.render === undefined ? this.constant : this.render(context);
    return this.operator.explain(this.path, this.value.read(context), operand, true);
  }
}

/**
 * A failed value condition, holding what was compared; its sentence is written when read. Most
 * failures are never shown (a rule that does not match is the common case), and describing the
 * values costs more than comparing them.
 */
class ValueFailure implements ConditionFailure {
  readonly at: string;
  private written: string | undefined = undefined;

  constructor(
    private readonly condition: ValueCondition,
    private readonly value: unknown,
    private readonly operand: unknown,
  ) {
    this.at = condition.at;
  }

  get reason(): string {
    const { condition } = this;
    this.written ??= condition.operator.explain(condition.path, this.value, this.operand, false);
    return this.written;
  }

  toJSON(): { at: string; reason: string } {
    return { at: this.at, reason: this.reason };
  }
}
