import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAjv } from "../../src/core/manifest/create-ajv.js";
import { createTempDir, FIXTURES_DIR } from "../manifest/manifest-fixture.js";
import { RECIPE_NAMES, recipeManifest } from "../recipes/recipe-names.js";
import { REPO_ROOT, runCli } from "./run-cli.js";

/** Crisp's widget reference as a JSON Schema, independent of the manifest schema. */
const CRISP_WIDGET_SCHEMA = JSON.parse(
  await readFile(join(FIXTURES_DIR, "..", "crisp", "widget.schema.json"), "utf8"),
) as object;
const validateCrispWidget = createAjv().compile(CRISP_WIDGET_SCHEMA);

const RECIPES_WITH_WIDGET = (
  await Promise.all(
    RECIPE_NAMES.map(async (name) =>
      (await readFile(join(REPO_ROOT, recipeManifest(name)), "utf8")).includes("\nwidget:") ? [name] : [],
    ),
  )
).flat();

let tempDir: Awaited<ReturnType<typeof createTempDir>>;
beforeAll(async () => {
  tempDir = await createTempDir();
});
afterAll(async () => {
  await tempDir.dispose();
});

describe("crisp-plugin widget-schema", () => {
  it("has recipes with a widget to check", () => {
    expect(RECIPES_WITH_WIDGET.length).toBeGreaterThan(0);
  });

  for (const name of RECIPES_WITH_WIDGET) {
    it(`prints JSON that Crisp's widget reference accepts for recipe ${name}`, async () => {
      const run = await runCli(["widget-schema", recipeManifest(name)]);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const printed = JSON.parse(run.stdout) as unknown;
      expect(validateCrispWidget(printed), JSON.stringify(validateCrispWidget.errors)).toBe(true);
    });
  }

  it("nests each item's fields under value, the button kind as value.type, bindings verbatim", async () => {
    const run = await runCli(["widget-schema", "widget-valid.yaml"], FIXTURES_DIR);
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout) as unknown;
    expect(validateCrispWidget(printed), JSON.stringify(validateCrispWidget.errors)).toBe(true);
    expect(printed).toEqual({
      version: "1.0",
      sections: [
        {
          id: "order",
          title: "Order",
          condition: "{conversation.meta.data.order_id}",
          items: [
            {
              id: "order_status",
              type: "data",
              value: {
                label: "Status",
                value: "",
                icon: "info",
                data: { order_id: "{conversation.meta.data.order_id}" },
              },
            },
            { id: "refund", type: "button", value: { type: "hook", label: "Refund", color: "red" } },
            {
              id: "open_shop",
              type: "button",
              value: {
                type: "link",
                label: "Open in shop",
                url: "https://shop.example/orders?session={conversation.session_id}",
              },
            },
          ],
        },
      ],
    });
  });

  it("prints an iFrame widget as version and url", async () => {
    const file = join(tempDir.path, "iframe.yaml");
    const manifest = await readFile(join(FIXTURES_DIR, "valid-minimal.yaml"), "utf8");
    await writeFile(file, `${manifest}widget:\n  url: https://shop.example/crisp-widget\n`);
    const run = await runCli(["widget-schema", file]);
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout) as unknown;
    expect(printed).toEqual({ version: "1.0", url: "https://shop.example/crisp-widget" });
    expect(validateCrispWidget(printed)).toBe(true);
  });

  it("exits 1 and says what to add when the manifest has no widget", async () => {
    const run = await runCli(["widget-schema", "valid-minimal.yaml"], FIXTURES_DIR);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe("valid-minimal.yaml: the manifest has no widget: section; add one (see docs/widgets.md)\n");
  });

  it("prints the located problems and nothing on stdout when the widget YAML is broken", async () => {
    const run = await runCli(["widget-schema", "widget-broken.yaml"], FIXTURES_DIR);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("widget-broken.yaml:22:18: INVALID_VALUE widget.sections[0].items[1].color");
  });
});
