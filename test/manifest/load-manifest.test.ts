import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { KitError } from "../../src/core/errors/kit-error.js";
import { loadManifest } from "../../src/core/manifest/load-manifest.js";
import { FIXTURES_DIR } from "./manifest-fixture.js";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

describe("loadManifest", () => {
  it("loads the root plugin.yaml with no problem and the schema defaults applied", async () => {
    const loaded = await loadManifest("plugin.yaml", { cwd: REPO_ROOT });
    expect(loaded.problems).toEqual([]);
    const rule = loaded.manifest?.rules[0];
    expect(loaded.manifest?.plugin.visibility).toBe("private");
    expect(rule?.enabled).toBe(true);
    expect(rule?.include_own_events).toBe(false);
    expect(rule?.do[0]?.continue_on_error).toBe(false);
  });

  it("gives a manifest without an http: section the http defaults (no host allowed, 5000 ms)", async () => {
    const loaded = await loadManifest("valid-minimal.yaml", { cwd: FIXTURES_DIR });
    expect(loaded.manifest?.http).toEqual({ allow: [], timeout_ms: 5000 });
  });

  it("gives a manifest without settings: an object schema with no properties", async () => {
    const loaded = await loadManifest("valid-minimal.yaml", { cwd: FIXTURES_DIR });
    expect(loaded.manifest?.settings).toEqual({ type: "object", properties: {} });
  });

  it("never lets a __proto__ key in the YAML pollute Object.prototype", async () => {
    await loadManifest("proto-key.yaml", { cwd: FIXTURES_DIR });
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("names the repeated key in a DUPLICATE_KEY message", async () => {
    const loaded = await loadManifest("duplicate-key.yaml", { cwd: FIXTURES_DIR });
    expect(loaded.problems.map((problem) => problem.message)).toEqual([expect.stringMatching(/"name"/)]);
  });

  it("throws MANIFEST_UNREADABLE, naming the file as given, when it does not exist", async () => {
    const error = await loadManifest("no-such-plugin.yaml", { cwd: FIXTURES_DIR }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(KitError);
    expect(error).toMatchObject({
      code: "MANIFEST_UNREADABLE",
      message: "no-such-plugin.yaml: cannot read the manifest: no such file",
    });
  });

  it("throws MANIFEST_UNREADABLE when the path is a directory", async () => {
    const error = await loadManifest(".", { cwd: FIXTURES_DIR }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: "MANIFEST_UNREADABLE" });
  });

  it("resolves relative paths from the given cwd and keeps the path as given in problem lines", async () => {
    const loaded = await loadManifest("test/fixtures/manifests/unknown-event.yaml", { cwd: REPO_ROOT });
    expect(loaded.path).toBe(`${FIXTURES_DIR}unknown-event.yaml`);
    expect(loaded.problems.map((problem) => problem.file)).toEqual(["test/fixtures/manifests/unknown-event.yaml"]);
  });
});
