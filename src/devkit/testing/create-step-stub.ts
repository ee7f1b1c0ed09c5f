import { HOOK_PREFIX } from "../../core/actions/catalog.js";
import type { CompiledStep } from "../../core/engine/compile-rule-set.js";
import type { StepStubAnswer } from "../../core/engine/engine-deps.js";
import { KitError } from "../../core/errors/kit-error.js";
import type { StepMock } from "../../core/manifest/manifest.js";

/** A record-mode stub made from `mocks:`, and the hook, `http` and read steps it was asked for but had no mock for. */
export interface StepStub {
  readonly stub: (step: CompiledStep, params: unknown) => StepStubAnswer | undefined;
  /** `hook:priority`, `http POST https://...`, `list_operators (id ops)`: each not-mocked step once, in the order they ran. */
  readonly unmocked: () => readonly string[];
}

/**
 * Answers `hook:*`, `http` and read steps (`get_conversation`, `list_operators`, `get_profile`)
 * from `mocks:` (a step's `id` first, then a hook name, then an `http` URL pattern): the mock's
 * `returns`, or a failure with its `error`. Record mode runs none of them, and later steps read
 * their results. One no mock answers still records its parameters, with a note, and is listed by
 * `unmocked()`: its result is empty, which a later step reading `steps.<id>` would otherwise show
 * silently.
 */
export function createStepStub(mocks: readonly StepMock[]): StepStub {
  const unmocked: string[] = [];
  const patterns = mocks.map((mock) => (mock.http === undefined ? undefined : urlPattern(mock.http)));
  const find = (step: CompiledStep, params: unknown): StepMock | undefined => {
    const byId = mocks.find((mock) => mock.step !== undefined && mock.step === step.id);
    if (byId !== undefined) return byId;
    if (step.hook !== undefined)
      return mocks.find((mock) => mock.hook !== undefined && hookName(mock.hook) === step.hook);
    const url = step.action === "http" ? urlOf(params) : undefined;
    return url === undefined ? undefined : mocks.find((_mock, index) => patterns[index]?.test(url) === true);
  };
  return {
    stub(step, params) {
      if (!isMockable(step)) return undefined;
      const mock = find(step, params);
      if (mock === undefined) {
        const name = describeStep(step, params);
        if (!unmocked.includes(name)) unmocked.push(name);
        return { note: `${name} is not mocked: give it under mocks: in the test, or --mock` };
      }
      if (mock.error !== undefined) {
        throw new KitError(failureCode(step), `${mock.error} (mocked)`);
      }
      return { result: mock.returns, note: "mocked" };
    },
    unmocked: () => [...unmocked],
  };
}

/** Whether record mode leaves the step's result to a mock: hooks, `http` and read steps. */
function isMockable(step: CompiledStep): boolean {
  return step.hook !== undefined || step.action === "http" || step.definition?.readOnly === true;
}

/** The code a mocked `error` fails the step with: the one its real failure would have. */
function failureCode(step: CompiledStep): "HOOK_FAILED" | "HTTP_REQUEST_FAILED" | "CRISP_REQUEST_FAILED" {
  if (step.hook !== undefined) return "HOOK_FAILED";
  return step.action === "http" ? "HTTP_REQUEST_FAILED" : "CRISP_REQUEST_FAILED";
}

function hookName(name: string): string {
  return name.startsWith(HOOK_PREFIX) ? name.slice(HOOK_PREFIX.length) : name;
}

function urlOf(params: unknown): string | undefined {
  const url = (params as { url?: unknown } | undefined)?.url;
  return typeof url === "string" ? url : undefined;
}

function describeStep(step: CompiledStep, params: unknown): string {
  if (step.hook !== undefined) return `${HOOK_PREFIX}${step.hook}`;
  if (step.action !== "http") return step.id === undefined ? step.action : `${step.action} (id ${step.id})`;
  const method = (params as { method?: unknown } | undefined)?.method;
  return `http ${typeof method === "string" ? method : "POST"} ${urlOf(params) ?? "(no url)"}`;
}

/** A URL pattern where `*` stands for any characters and everything else is literal. */
function urlPattern(pattern: string): RegExp {
  const literal = pattern.split("*").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${literal.join(".*")}$`);
}
