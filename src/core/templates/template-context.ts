/**
 * What a template (and a condition) sees: the event, its data, the website and its settings, the
 * plugin, the results of earlier steps, and the evaluation time. Time is a field rather than a
 * clock read so that the simulator and `crisp-plugin test` can move it.
 */
export interface TemplateContext {
  readonly event: {
    /** The Crisp RTM event name, such as `message:send`. */
    readonly name: string;
    readonly website_id: string;
    readonly session_id?: string;
    /** Milliseconds since the epoch. */
    readonly timestamp: number;
  };
  /** The event payload. */
  readonly data: Readonly<Record<string, unknown>>;
  readonly website: { readonly id: string };
  /** The website's settings, defaults applied. */
  readonly settings: Readonly<Record<string, unknown>>;
  readonly plugin: { readonly urn: string; readonly name: string };
  /** Results of earlier steps of the rule, by step `id`. */
  readonly steps: Readonly<Record<string, unknown>>;
  /** The evaluation time, ISO 8601 (`2024-03-01T09:30:00.000Z`). */
  readonly now: string;
}
