import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import { startCrispSimulator } from "../../src/devkit/simulator/start-crisp-simulator.js";
import { REPO_ROOT } from "../cli/run-cli.js";
import {
  CliProcess,
  RUNTIME_FIXTURES,
  eventually,
  runEnvironment,
  say,
  sentMessages,
} from "../runtime/runtime-harness.js";

const run = promisify(execFile);
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const NPX = process.platform === "win32" ? "npx.cmd" : "npx";

/** What `npm pack --json` says of the tarball. */
interface Packed {
  filename: string;
  files: { path: string }[];
}

interface PackageJson {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

let work: string;
let packed: Packed;
/** An empty project that installed the tarball with `--omit=optional`. */
let app: string;
const BIN = (): string => join(app, "node_modules", "crisp-plugin-kit", "bin", "crisp-plugin.js");

/** Runs `node --input-type=module -e source` in the project and answers its standard output. */
async function nodeIn(cwd: string, source: string): Promise<string> {
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", source], { cwd });
  return stdout;
}

// The tarball as a user gets it, installed from scratch in an empty folder without the optional
// dependencies: what is left must still give hooks their import, the runtime its entry and the
// CLI its `validate` and `run`; only the simulator may need socket.io. The dependencies come from
// the npm registry (or npm's cache). --ignore-scripts: better-sqlite3 would otherwise compile
// SQLite for minutes when no prebuilt binary is at hand; nothing here opens a SQLite store.
// dist/ is built from src/ by the suite's global set-up, so the pack does not build again.
describe("the packed tarball, installed with --omit=optional", () => {
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "crisp-plugin-pack-"));
    const pack = await run(NPM, ["pack", "--json", "--ignore-scripts", "--pack-destination", work], {
      cwd: REPO_ROOT,
    });
    [packed] = JSON.parse(pack.stdout) as [Packed];
    app = join(work, "app");
    await mkdir(app);
    await writeFile(join(app, "package.json"), JSON.stringify({ name: "app", private: true }));
    await run(
      NPM,
      [
        "install",
        "--omit=optional",
        "--ignore-scripts",
        "--no-audit",
        "--no-fund",
        "--prefer-offline",
        join(work, packed.filename),
      ],
      { cwd: app },
    );
    await copyFile(join(RUNTIME_FIXTURES, "greeter.yaml"), join(app, "plugin.yaml"));
  }, 300_000);

  afterAll(async () => {
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it("holds no source maps and no build info", () => {
    const paths = packed.files.map((file) => file.path);

    expect(paths).toContain("dist/index.js");
    expect(paths.filter((path) => path.endsWith(".map") || path.includes("tsbuildinfo"))).toEqual([]);
  });

  it("requires no simulator-only package: socket.io and ioredis are optional", async () => {
    const installed = JSON.parse(
      await readFile(join(app, "node_modules", "crisp-plugin-kit", "package.json"), "utf8"),
    ) as PackageJson;

    expect(Object.keys(installed.dependencies ?? {})).not.toEqual(expect.arrayContaining(["socket.io"]));
    expect(Object.keys(installed.dependencies ?? {})).not.toEqual(expect.arrayContaining(["ioredis"]));
    expect(Object.keys(installed.optionalDependencies ?? {}).sort()).toEqual(["ioredis", "socket.io"]);
    expect(existsSync(join(app, "node_modules", "socket.io"))).toBe(false);
    expect(existsSync(join(app, "node_modules", "ioredis"))).toBe(false);
    expect(existsSync(join(app, "node_modules", "socket.io-client"))).toBe(true);
  });

  it("gives hooks defineHooks from crisp-plugin-kit", async () => {
    const out = await nodeIn(
      app,
      'import { defineHooks } from "crisp-plugin-kit"; console.log(typeof defineHooks, Object.keys(defineHooks({})).length);',
    );

    expect(out).toBe("function 0\n");
  });

  it("gives embedders crisp-plugin-kit/runtime", async () => {
    const out = await nodeIn(
      app,
      'import * as kit from "crisp-plugin-kit/runtime"; console.log(Object.keys(kit).join(" "));',
    );

    expect(out.trim().split(" ").sort()).toEqual([
      "KitError",
      "checkManifest",
      "createLogger",
      "formatProblem",
      "hasCredentials",
      "openStore",
      "parseCrispEvent",
      "readEnvironment",
      "silentLogger",
      "startRuntime",
    ]);
  });

  it("loads crisp-plugin-kit/simulator, whose simulator says to install socket.io", async () => {
    const out = await nodeIn(
      app,
      'import { startCrispSimulator } from "crisp-plugin-kit/simulator"; await startCrispSimulator().catch((error) => console.log(error.code, error.message));',
    );

    expect(out).toBe(
      "CONFIGURATION_INVALID the Crisp simulator (crisp-plugin dev, crisp-plugin-kit/simulator) needs the socket.io package, which is not installed: run npm install socket.io\n",
    );
  });

  it("validates a manifest with npx crisp-plugin validate", async () => {
    const validated = await run(NPX, ["--no-install", "crisp-plugin", "validate"], { cwd: app });

    expect(validated.stdout).toBe("plugin.yaml: valid (1 rule, 2 scopes)\n");
  });

  it("answers crisp-plugin dev with how to install socket.io, exit 1", async () => {
    const dev = await run(process.execPath, [BIN(), "dev", "--no-demo"], { cwd: app }).catch(
      (error: unknown) => error as { code: number; stdout: string; stderr: string },
    );

    expect(dev).toMatchObject({ code: 1 });
    expect(dev.stderr).toContain("crisp-plugin dev: the Crisp simulator");
    expect(dev.stderr).toContain("run npm install socket.io");
  });

  describe("crisp-plugin run", () => {
    let sim: CrispSimulator | undefined;
    let child: CliProcess | undefined;
    afterAll(async () => {
      await child?.kill();
      await sim?.close();
    });

    it("answers a visitor through Crisp's RTM socket, with socket.io-client alone", async () => {
      sim = await startCrispSimulator({ websites: [{ website_id: "website-1", settings: { greeting: "Hi!" } }] });
      const env = { PATH: process.env.PATH ?? "", ...runEnvironment(sim, { CRISP_PLUGIN_STORE: "memory" }) };
      child = new CliProcess(["run", "--no-watch"], { cwd: app, env, bin: BIN() });
      await child.ready();

      say(sim, "website-1", "session-1", "hello");
      const answered = await eventually(
        () => Promise.resolve(sentMessages(sim as CrispSimulator).length > 0 ? true : undefined),
        "the plugin's answer",
      );
      child.signal("SIGTERM");

      expect(answered).toBe(true);
      expect(sentMessages(sim).map((message) => message.body.content)).toEqual(["Hi!"]);
      expect((await child.exited).code).toBe(0);
    });
  });
});
