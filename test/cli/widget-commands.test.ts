import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempDir } from "../manifest/manifest-fixture.js";
import { recipeManifest } from "../recipes/recipe-names.js";
import { linesOf, runCli } from "./run-cli.js";

let tempDir: Awaited<ReturnType<typeof createTempDir>>;
beforeAll(async () => {
  tempDir = await createTempDir();
});
afterAll(async () => {
  await tempDir.dispose();
});

describe("widget events and the widget through the CLI", () => {
  it("simulates a widget:data event: which rule answers, and the reply it would give", async () => {
    const event = join(tempDir.path, "widget-data.json");
    const settings = join(tempDir.path, "settings.json");
    await writeFile(
      event,
      JSON.stringify({
        website_id: "website-1",
        event: "widget:data",
        data: { session_id: "session-1", item_id: "order_status", payload: { data: { order_id: "1042" } } },
      }),
    );
    await writeFile(settings, JSON.stringify({ shop_api_key: "key-1" }));

    const run = await runCli(["simulate", event, recipeManifest("order-widget"), "--settings", settings]);

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(linesOf(run.stdout)).toEqual([
      "widget:data on website website-1, conversation session-1",
      "  ✓ order-status: matched, runs:",
      '      1. http (id order) {"method":"GET","url":"https://api.shop.example/v1/orders/1042","headers":{"authorization":"[redacted]"}} (http GET https://api.shop.example/v1/orders/1042 is not mocked: give it under mocks: in the test, or --mock)',
      '      2. reply {"value":"unavailable"}',
      "  · refund: does not listen to widget:data",
    ]);
  });

  it("lists the widget and the Action URL to set in the submission checklist", async () => {
    const run = await runCli(["check", "--submission", recipeManifest("order-widget")]);

    expect(run.code).toBe(0);
    expect(linesOf(run.stdout)).toContain(
      "✓ widget: Generic widget, 1 section(s) and 2 item(s); paste `crisp-plugin widget-schema` in Marketplace → Settings → Widget",
    );
    expect(linesOf(run.stdout)).toContain(
      "✓ Action URL: set it in Marketplace → Settings to https://<your host>/widget, where `crisp-plugin run` answers the widget",
    );
  });

  it("refuses a widget event that is not one", async () => {
    const event = join(tempDir.path, "widget-typo.json");
    await writeFile(event, JSON.stringify({ website_id: "website-1", event: "widget:date", data: {} }));

    const run = await runCli(["simulate", event, recipeManifest("order-widget")]);

    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('"widget:date" is not a Crisp RTM event');
  });
});
