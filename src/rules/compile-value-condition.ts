import type { ValueConditionSpec } from "../manifest/manifest.js";
import type { TemplateEnvironment } from "../templates/create-template-environment.js";
import { compilePath } from "./compile-path.js";
import type { ConditionNode } from "./condition-node.js";
import { lazyFailure } from "./condition-failure.js";
import { invalidCondition } from "./invalid-condition.js";
import { VALUE_OPERATORS } from "./value-operators.js";

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
  const factory = Object.hasOwn(VALUE_OPERATORS, name) ? VALUE_OPERATORS[name] : undefined;
  if (factory === undefined) {
    throw invalidCondition(at, `unknown operator "${name}" (expected ${Object.keys(VALUE_OPERATORS).join(", ")})`);
  }
  const operator = factory((spec as unknown as Readonly<Record<string, unknown>>)[name], env, `${at}.${name}`);
  const { path } = spec;
  const read = compilePath(path, `${at}.path`);
  return {
    evaluate: (context) => {
      const value = read(context);
      const operand = operator.operand(context);
      return operator.holds(value, operand)
        ? true
        : lazyFailure(at, () => operator.explain(path, value, operand, false));
    },
    explainHolds: (context) => operator.explain(path, read(context), operator.operand(context), true),
  };
}
