import type { RuntimeInternals } from "../../runtime/run/start-runtime.js";
import type { CrispSimulator } from "../simulator/crisp-simulator.js";
import { startWidgetPreview, type WidgetPreview } from "./start-widget-preview.js";

/**
 * `dev`'s widget preview: when the plugin has a widget, starts the preview against the runtime's
 * `POST /widget` and prints a link per demo conversation (`session_<website id>`). A plugin
 * without a widget gets no preview.
 */
export async function startDevWidgetPreview(options: {
  readonly simulator: CrispSimulator;
  readonly runtime: RuntimeInternals;
  readonly secret: string;
  /** The demo websites' names, by id. */
  readonly names: ReadonlyMap<string, string>;
  readonly print: (line: string) => void;
}): Promise<WidgetPreview | undefined> {
  const { runtime, names } = options;
  if (runtime.version().manifest.widget === undefined) return undefined;
  const preview = await startWidgetPreview({
    simulator: options.simulator,
    actionUrl: `http://127.0.0.1:${runtime.port}/widget`,
    widget: () => runtime.version().manifest.widget,
    secret: options.secret,
    websiteName: (websiteId) => names.get(websiteId) ?? websiteId,
  });
  for (const [websiteId, name] of names) {
    options.print(`[${name}] widget preview: ${preview.link(websiteId, `session_${websiteId}`)}`);
  }
  return preview;
}
