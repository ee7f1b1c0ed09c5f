import { request as httpRequest } from "node:http";
import { fileURLToPath } from "node:url";
import { createLogger } from "../../src/core/logging/logger.js";
import { startRuntimeInternals, type RuntimeInternals } from "../../src/runtime/run/start-runtime.js";
import { settingsPageLink } from "../../src/runtime/settings-page/settings-page-link.js";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import type { WebsiteSeed } from "../../src/devkit/simulator/simulated-website.js";
import { startCrispSimulator } from "../../src/devkit/simulator/start-crisp-simulator.js";

/** Where the manifests of these tests live. */
export const SETTINGS_PAGE_FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));

/** The URN of the fixture manifests. */
export const URN = "urn:crisp-plugin-kit:settings-page:0";

/** Websites of the HTTP tests: defaults, own settings (one the form cannot draw), hostile, invalid. */
export const TEST_WEBSITES = [
  { website_id: "website-1", token: "token-one", settings: {} },
  {
    website_id: "website-2",
    token: "token-two",
    settings: { greeting: "Bonjour", language: "fr", routing: { team: "sales" } },
  },
  {
    website_id: "website-3",
    token: "token-three",
    settings: {
      greeting: `"><script>window.__pwned = 'setting'</script>`,
      keywords: ["</textarea><script>window.__pwned = 'list'</script>"],
    },
  },
  { website_id: "website-4", token: "token-four", settings: { greeting: "Hi", language: "English" } },
] as const;

/** A clock the test moves by hand. */
export class TestClock {
  ms = Date.parse("2026-11-24T10:00:00Z");
  readonly now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

/**
 * One test's world: a simulator with websites, and a runtime started in-process on a fixture
 * manifest (WebSockets mode, not watching files), on a clock the test moves, logging into `lines`.
 */
export class SettingsPageWorld {
  readonly lines: string[] = [];
  readonly clock = new TestClock();
  #sim: CrispSimulator | undefined;
  #runtime: RuntimeInternals | undefined;

  get sim(): CrispSimulator {
    if (this.#sim === undefined) throw new Error("the world is not started");
    return this.#sim;
  }

  get runtime(): RuntimeInternals {
    if (this.#runtime === undefined) throw new Error("the world is not started");
    return this.#runtime;
  }

  /** `http://127.0.0.1:PORT` of the runtime. */
  get origin(): string {
    return `http://127.0.0.1:${this.runtime.port}`;
  }

  async start(websites: readonly WebsiteSeed[], manifest = "every-field.yaml"): Promise<this> {
    this.#sim = await startCrispSimulator({ pluginUrn: URN, websites });
    this.#runtime = await startRuntimeInternals({
      manifest,
      cwd: SETTINGS_PAGE_FIXTURES,
      identifier: this.#sim.credentials.identifier,
      key: this.#sim.credentials.key,
      restHost: this.#sim.url,
      mode: "websockets",
      port: 0,
      host: "127.0.0.1",
      watch: false,
      now: this.clock.now,
      log: createLogger({ level: "debug", write: (line) => this.lines.push(line) }),
    });
    return this;
  }

  /** The address Crisp opens for a website (its Settings URL with `website_id` and `token`). */
  link(websiteId: string, token: string, locale?: string): string {
    return settingsPageLink(this.origin, websiteId, token, locale);
  }

  /** The page of a website, as Crisp opens it. */
  open(websiteId: string, token: string, headers: Record<string, string> = {}, locale?: string): Promise<Answer> {
    return send(this.link(websiteId, token, locale), { headers });
  }

  /** The hidden fields of a website's form, as a browser sends them back. */
  async formOf(websiteId: string, token: string): Promise<[string, string][]> {
    const page = await this.open(websiteId, token);
    if (page.status !== 200) throw new Error(`the settings page of ${websiteId} answered ${page.status}`);
    return hiddenFields(page.body);
  }

  async dispose(): Promise<void> {
    await this.#runtime?.close(1_000);
    await this.#sim?.close();
    this.#runtime = undefined;
    this.#sim = undefined;
  }
}

/** An HTTP answer, its body as text. */
export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/**
 * One HTTP request with `node:http`, which, unlike `fetch`, can send from another loopback
 * address (`localAddress: "127.0.0.2"`) to play a second client, and never follows redirects.
 */
export function send(
  url: string,
  options: {
    method?: string;
    headers?: Readonly<Record<string, string>>;
    body?: string | Buffer;
    localAddress?: string;
  } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      {
        method: options.method ?? "GET",
        headers: options.headers,
        ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString(),
          });
        });
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(options.body);
  });
}

/** POSTs `fields` as the browser posts the form (urlencoded). */
export function postForm(
  origin: string,
  fields: readonly (readonly [string, string])[],
  options: { headers?: Readonly<Record<string, string>>; localAddress?: string } = {},
): Promise<Answer> {
  return send(`${origin}/settings`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...options.headers },
    body: new URLSearchParams(fields.map(([name, value]): [string, string] => [name, value])).toString(),
    ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
  });
}

/** The hidden fields of a rendered form, as the browser would send them back. */
export function hiddenFields(html: string): [string, string][] {
  return [...html.matchAll(/<input type="hidden" name="(_[a-z_]+)" value="([^"]*)">/g)].map((match) => [
    match[1] ?? "",
    decodeEntities(match[2] ?? ""),
  ]);
}

/** The text of the element with this id (tags stripped, entities decoded). */
export function textOfId(html: string, id: string): string | undefined {
  const match = new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</`).exec(html);
  return match === null ? undefined : decodeEntities((match[1] ?? "").replace(/<[^>]+>/g, "")).trim();
}

/** The id of the control named `name`. */
export function idOf(html: string, name: string): string {
  const id = /\bid="([^"]+)"/.exec(controlNamed(html, name) ?? "")?.[1];
  if (id === undefined) throw new Error(`no control named ${name}`);
  return id;
}

/** The opening tag of the control named `name` (input, select or textarea). */
export function controlNamed(html: string, name: string): string | undefined {
  return new RegExp(`<(?:input|select|textarea)[^>]* name="${name.replaceAll("/", "\\/")}"[^>]*>`).exec(html)?.[0];
}

function decodeEntities(text: string): string {
  return text
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&#x27;", "'")
    .replaceAll("&#x60;", "`")
    .replaceAll("&#x3D;", "=")
    .replaceAll("&amp;", "&");
}
