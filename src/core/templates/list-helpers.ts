import { BLOCK_HELPERS } from "./block-helpers.js";
import { COMPARISON_HELPERS } from "./comparison-helpers.js";
import { STRING_HELPERS } from "./string-helpers.js";
import { VALUE_HELPERS } from "./value-helpers.js";

/** One helper, as documented in the README. */
export interface HelperDoc {
  readonly name: string;
  readonly description: string;
  readonly example: string;
}

/** Every helper a template may use, block helpers first, for docs/reference.md. */
export function listHelpers(): HelperDoc[] {
  return [...BLOCK_HELPERS, ...COMPARISON_HELPERS, ...STRING_HELPERS, ...VALUE_HELPERS].map(
    ({ name, description, example }) => ({ name, description, example }),
  );
}
