/**
 * A helper available in templates. Helpers are pure and never throw: bad input renders as empty
 * text or a documented fallback, because a template error would otherwise drop a whole rule.
 */
export interface TemplateHelper {
  readonly name: string;
  /** One line, for the helper reference in docs/reference.md. */
  readonly description: string;
  /** An example of use, for the same reference. */
  readonly example: string;
  /** The helper itself, called with the template's arguments (Handlebars' `options` removed). */
  readonly fn: (...args: unknown[]) => unknown;
}
