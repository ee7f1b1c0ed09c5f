import type { Problem } from "../../core/manifest/problem.js";
import type { CrispEvent } from "../../core/engine/crisp-event.js";
import type { Logger } from "../../core/logging/logger.js";
import type { CrispSimulator } from "../simulator/crisp-simulator.js";
import type { JsonObject } from "../simulator/json-object.js";
import { operatorWrites } from "../simulator/operator-writes.js";
import type { SimulatedOperator } from "../simulator/simulated-operator.js";
import { settingsPageLink } from "../../runtime/settings-page/settings-page-link.js";
import { startCrispSimulator } from "../simulator/start-crisp-simulator.js";
import { startDevWidgetPreview } from "../widget-preview/start-dev-widget-preview.js";
import { DEMO_WEBSITES } from "./demo-websites.js";
import { describeDevCall, describeDevEvent } from "./describe-dev-activity.js";
import { startRuntimeInternals, type RuntimeInternals } from "../../runtime/run/start-runtime.js";

/**
 * The operators of each demo website, so that `list_operators` finds someone and "assign to the
 * operator named Grace" can be tried in `dev`. Ada's id is the one `/op` messages are written with.
 */
function demoOperators(websiteId: string): SimulatedOperator[] {
  const operator = (user_id: string, first_name: string, last_name: string, role: "owner" | "member") => ({
    user_id,
    email: `${first_name.toLowerCase()}@${websiteId}.example`,
    first_name,
    last_name,
    role,
    availability: "online" as const,
  });
  return [
    operator(`operator-${websiteId}`, "Ada", "Lovelace", "owner"),
    operator(`operator-${websiteId}-grace`, "Grace", "Hopper", "member"),
  ];
}

/** The secret `dev`'s runtime checks widget actions with; the widget preview signs with it. */
const DEV_WIDGET_SECRET = "dev-widget-secret";

/** Who writes a message typed into `dev`. */
export type DevAuthor = "visitor" | "operator";

/** A plugin running against the built-in simulator. */
export interface DevSession {
  readonly simulator: CrispSimulator;
  readonly runtime: RuntimeInternals;
  /** Sends a visitor message into a demo conversation, as Crisp would deliver it. */
  say(websiteId: string, text: string, author?: DevAuthor): void;
  /**
   * Resolves once every message sent with `say` so far has reached the rules and the work it
   * queued (and the work queued meanwhile) is done.
   */
  settle(): Promise<void>;
  close(deadlineMs?: number): Promise<boolean>;
}

/**
 * Starts the simulator with the demo websites, runs the plugin against it over the RTM socket
 * (the same code path as `run`), and prints the conversations as they happen: what visitors and
 * operators write, what the plugin answers, the other calls it makes, and the events the plugin
 * receives that nobody typed (the echoes of its own writes), so that a loop shows.
 */
export async function startDevSession(options: {
  manifest: string;
  cwd: string;
  log: Logger;
  print: (line: string) => void;
  /** Each demo website's settings by website id; `{}` (the schema's defaults) when left out. */
  settings?: Readonly<Record<string, JsonObject>>;
  now?: () => Date;
  /** How the manifest's problems at start are shown (see `RuntimeOptions.reportProblems`). */
  reportProblems?: (problems: readonly Problem[]) => void;
}): Promise<DevSession> {
  const simulator = await startCrispSimulator({
    pluginUrn: "urn:crisp-plugin-kit:dev:0",
    websites: DEMO_WEBSITES.map((website) => ({
      website_id: website.website_id,
      token: `token-${website.website_id}`,
      settings: options.settings?.[website.website_id] ?? {},
      operators: demoOperators(website.website_id),
    })),
  });
  const names = new Map<string, string>(DEMO_WEBSITES.map((website) => [website.website_id, website.name]));
  const typed = createTypedMessages();
  let runtime: RuntimeInternals;
  try {
    runtime = await startRuntimeInternals({
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
      onEvent: (event) => {
        if (typed.arrived(event)) return;
        const line = describeDevEvent(event, names, runtime.version().manifest.plugin.urn);
        if (line !== undefined) options.print(line);
      },
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
    const line = describeDevCall(call, names);
    if (line !== undefined) options.print(line);
  });
  const say = (websiteId: string, text: string, author: DevAuthor = "visitor"): void => {
    options.print(`[${names.get(websiteId) ?? websiteId}] ${author}: ${text}`);
    const session = `session_${websiteId}`;
    const message =
      author === "operator"
        ? operatorWrites(simulator, websiteId, session, text)
        : simulator.visitorWrites(websiteId, session, text);
    typed.sent(websiteId, message.fingerprint);
  };

  return {
    simulator,
    runtime,
    say,
    async settle() {
      await typed.allArrived();
      await runtime.idle();
    },
    async close(deadlineMs) {
      const finished = await runtime.close(deadlineMs);
      await preview?.close();
      await simulator.close();
      return finished;
    },
  };
}

/**
 * The messages `dev` typed, by website and fingerprint, until the runtime receives them: those are
 * shown when typed, and waited for by `settle`.
 */
function createTypedMessages(): {
  sent(websiteId: string, fingerprint: number): void;
  arrived(event: CrispEvent): boolean;
  allArrived(): Promise<void>;
} {
  const pending = new Set<string>();
  let waiters: (() => void)[] = [];
  return {
    sent(websiteId, fingerprint) {
      pending.add(`${websiteId}#${String(fingerprint)}`);
    },
    arrived(event) {
      if (event.name !== "message:send" && event.name !== "message:received") return false;
      const key = `${event.website_id}#${String(event.data.fingerprint)}`;
      if (!pending.delete(key)) return false;
      if (pending.size === 0) {
        for (const resolve of waiters) resolve();
        waiters = [];
      }
      return true;
    },
    allArrived() {
      if (pending.size === 0) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
  };
}
