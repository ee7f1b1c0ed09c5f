/**
 * The demo websites `dev` installs the plugin on; their settings start empty (defaults apply).
 * Kept apart from the dev session, so the CLI's help text names them without loading the simulator.
 */
export const DEMO_WEBSITES = [
  { website_id: "demo-website-1", name: "Demo Shop" },
  { website_id: "demo-website-2", name: "Demo Studio" },
] as const;

/** The first message each demo visitor writes. */
export const DEMO_MESSAGE = "Hello! My order never arrived, this is urgent.";
