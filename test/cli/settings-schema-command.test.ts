import { Ajv } from "ajv";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createTempDir, FIXTURES_DIR } from "../manifest/manifest-fixture.js";
import { REPO_ROOT, runCli } from "./run-cli.js";

let tempDir: Awaited<ReturnType<typeof createTempDir>>;
beforeAll(async () => {
  tempDir = await createTempDir();
});
afterAll(async () => {
  await tempDir.dispose();
});

describe("crisp-plugin settings-schema", () => {
  it("prints the root plugin.yaml's settings as JSON, with the Marketplace $id first", async () => {
    const run = await runCli(["settings-schema"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const printed = JSON.parse(run.stdout) as Record<string, unknown>;
    const source = parse(await readFile(join(REPO_ROOT, "plugin.yaml"), "utf8")) as { settings: object };
    expect(Object.keys(printed)[0]).toBe("$id");
    expect(printed).toEqual({
      $id: "crisp:service:api/_schema/plugin#urn:crisp-plugin-kit:hello-hours:0",
      ...source.settings,
    });
  });

  it("prints a draft-07 JSON Schema that compiles and validates settings", async () => {
    const schema = JSON.parse((await runCli(["settings-schema"])).stdout) as object;
    const ajv = new Ajv({ strict: false });
    expect(ajv.validateSchema(schema)).toBe(true);
    const validate = ajv.compile(schema);
    expect(validate({ after_hours_message: "Back soon", timezone: "Europe/Paris" })).toBe(true);
    expect(validate({ timezone: "Europe/Paris" })).toBe(false);
  });

  it("prints an object schema with no properties for a manifest without settings", async () => {
    const run = await runCli(["settings-schema", "valid-minimal.yaml"], FIXTURES_DIR);
    expect(JSON.parse(run.stdout)).toEqual({
      $id: "crisp:service:api/_schema/plugin#urn:acme:fixture:0",
      type: "object",
      properties: {},
    });
  });

  it("replaces an $id written in the manifest by the Marketplace one", async () => {
    const manifest = [
      "version: 1",
      "plugin: { urn: 'urn:acme:fixture:3', name: Fixture }",
      "settings: { $id: 'https://example.com/mine', type: object }",
      "",
    ].join("\n");
    await writeFile(join(tempDir.path, "plugin.yaml"), manifest);
    const run = await runCli(["settings-schema"], tempDir.path);
    expect(JSON.parse(run.stdout)).toEqual({
      $id: "crisp:service:api/_schema/plugin#urn:acme:fixture:3",
      type: "object",
    });
  });

  it("prints nothing on stdout and exits 1 when the settings schema is invalid", async () => {
    const run = await runCli(["settings-schema", "settings-required-not-list.yaml"], FIXTURES_DIR);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("INVALID_SETTINGS_SCHEMA");
  });
});
