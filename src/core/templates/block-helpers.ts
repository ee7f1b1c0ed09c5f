/** A block helper Handlebars provides, as the templates may use it. */
export interface BlockHelper {
  readonly name: string;
  readonly description: string;
  readonly example: string;
  /** Whether `name=value` options are accepted (`includeZero=true` for `#if`). */
  readonly hash: boolean;
}

/**
 * The Handlebars block helpers that stay available. Each takes exactly one argument, and calling
 * one with another count throws at render time in Handlebars, so templates are checked against
 * this list when they are compiled. `log` is removed (it writes context values to the console).
 */
export const BLOCK_HELPERS: readonly BlockHelper[] = [
  {
    name: "if",
    description: "Renders the block when the value is truthy, else the `{{else}}` part.",
    example: "{{#if data.user.nickname}}Hi {{data.user.nickname}}{{else}}Hi{{/if}}",
    hash: true,
  },
  {
    name: "unless",
    description: "Renders the block when the value is falsy.",
    example: "{{#unless settings.quiet}}...{{/unless}}",
    hash: true,
  },
  {
    name: "each",
    description: "Renders the block for each item of a list (or value of an object), with `@index` and `@key`.",
    example: "{{#each data.segments}}#{{this}} {{/each}}",
    hash: false,
  },
  {
    name: "with",
    description: "Renders the block with the value as `this`.",
    example: "{{#with data.user}}{{nickname}}{{/with}}",
    hash: false,
  },
];
