import { createInterface } from "node:readline";
import type { Problem } from "../manifest/problem.js";
import type { Logger } from "../observability/logger.js";
import type { CrispSimulator } from "../simulator/crisp-simulator.js";
import type { RecordedCall } from "../simulator/call-recorder.js";
import { settingsPageLink } from "../settings-page/settings-page-link.js";
import { startCrispSimulator } from "../simulator/start-crisp-simulator.js";
import { startDevWidgetPreview } from "../widget-preview/start-dev-widget-preview.js";
import { startRuntime, type Runtime } from "./start-runtime.js";

/** The demo websites `dev` installs the plugin on; their settings start empty (defaults apply). */
export const DEMO_WEBSITES = [
  { website_id: "demo-website-1", name: "Demo Shop" },
  { website_id: "demo-website-2", name: "Demo Studio" },
] as const;

/** The secret `dev`'s runtime checks widget actions with; the widget preview signs with it. */
const DEV_WIDGET_SECRET = "dev-widget-secret";

/** The first message each demo visitor writes. */
export const DEMO_MESSAGE = "Hello! My order never arrived, this is urgent.";

/** A plugin running against the built-in simulator. */
export interface DevSession {
  readonly simulator: CrispSimulator;
  readonly runtime: Runtime;
  /** Sends a visitor message into a demo conversation, as Crisp would deliver it. */
  say(websiteId: string, text: string): void;
  close(deadlineMs?: number): Promise<boolean>;
}

/**
 * Starts the simulator with the demo websites, runs the plugin against it over the RTM socket
 * (the same code path as `run`), and prints the conversations as they happen: what visitors
 * write, what the plugin answers, and the other calls it makes.
 */
export async function startDevSession(options: {
  manifest: string;
  cwd: string;
  log: Logger;
  print: (line: string) => void;
  now?: () => Date;
  /** How the manifest's problems at start are shown (see `RuntimeOptions.reportProblems`). */
  reportProblems?: (problems: readonly Problem[]) => void;
}): Promise<DevSession> {
  const simulator = await startCrispSimulator({
    pluginUrn: "urn:crisp-plugin-kit:dev:0",
    websites: DEMO_WEBSITES.map((website) => ({
      website_id: website.website_id,
      token: `token-${website.website_id}`,
      settings: {},
    })),
  });
  const names = new Map<string, string>(DEMO_WEBSITES.map((website) => [website.website_id, website.name]));
  let runtime: Runtime;
  try {
    runtime = await startRuntime({
      manifest: options.manifest,
      cwd: options.cwd,
      identifier: simulator.credentials.identifier,
      key: simulator.credentials.key,
      restHost: simulator.url,
      mode: "websockets",
      port: 0,
      host: "127.0.0.1",
      log: options.log,
      widgetSecret: DEV_WIDGET_SECRET,
      ...(options.now ? { now: options.now } : {}),
      ...(options.reportProblems ? { reportProblems: options.reportProblems } : {}),
    });
  } catch (error) {
    await simulator.close();
    throw error;
  }
  // The page Crisp would open at the plugin's Settings URL: change a setting there, then write.
  for (const website of DEMO_WEBSITES) {
    const token = simulator.website(website.website_id)?.token ?? "";
    const link = settingsPageLink(`http://127.0.0.1:${runtime.port}`, website.website_id, token);
    options.print(`[${website.name}] settings page: ${link}`);
  }
  const preview = await startDevWidgetPreview({
    simulator,
    runtime,
    secret: DEV_WIDGET_SECRET,
    names,
    print: options.print,
  });
  simulator.onCall((call) => {
    const line = describeCall(call, names);
    if (line !== undefined) options.print(line);
  });
  const say = (websiteId: string, text: string): void => {
    options.print(`[${names.get(websiteId) ?? websiteId}] visitor: ${text}`);
    simulator.visitorWrites(websiteId, `session_${websiteId}`, text);
  };

  return {
    simulator,
    runtime,
    say,
    async close(deadlineMs) {
      const finished = await runtime.close(deadlineMs);
      await preview?.close();
      await simulator.close();
      return finished;
    },
  };
}

/** Lets a person type visitor messages for the first demo website, one per line. */
export function chatFromTerminal(
  session: DevSession,
  input: NodeJS.ReadableStream,
  print: (line: string) => void,
): void {
  const first = DEMO_WEBSITES[0].website_id;
  print(`Type a message as a visitor of ${DEMO_WEBSITES[0].name} and press Enter; Ctrl-C stops.`);
  const lines = createInterface({ input });
  lines.on("line", (line) => {
    if (line.trim() !== "") session.say(first, line.trim());
  });
}

function describeCall(call: RecordedCall, names: ReadonlyMap<string, string>): string | undefined {
  const site = `[${names.get(call.websiteId ?? "") ?? call.websiteId ?? "plugin"}]`;
  const body = (call.body ?? {}) as Record<string, unknown>;
  switch (call.route) {
    case "sendMessageInConversation": {
      const user = body.user as { nickname?: string } | undefined;
      const kind = body.type === "note" ? " (private note)" : "";
      const content = typeof body.content === "string" ? body.content : JSON.stringify(body.content);
      return `${site} ${user?.nickname ?? "plugin"}${kind}: ${content}`;
    }
    case "updateConversationMetas":
      return `${site} conversation updated: ${JSON.stringify(body)}`;
    case "saveSubscriptionSettings":
      return `${site} settings saved: ${JSON.stringify(body)}`;
    case "getConversationMetas":
    case "getConversation":
    case "listAllConnectWebsites":
    case "getConnectAccount":
    case "getConnectEndpoints":
    case "getSubscriptionSettings":
    case "listConnectWebsitesSince":
      return undefined;
    default:
      return `${site} ${call.route} ${JSON.stringify(body)}`;
  }
}
