import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/core/logging/logger.js";
import { redactUrl } from "../../src/core/logging/redact-url.js";
import { buildSettingsForm } from "../../src/core/settings/build-settings-form.js";
import { formValuesFromSettings } from "../../src/runtime/settings-page/form-values-from-settings.js";
import { parseSettingsForm } from "../../src/runtime/settings-page/parse-settings-form.js";
import { openSqliteStore } from "../../src/runtime/store/sqlite-store.js";

describe("secrets stay out of output", () => {
  it("redacts secret-named fields and header values at every depth, and URL credentials", () => {
    const lines: string[] = [];
    const log = createLogger({ write: (line) => lines.push(line) });
    log.info("connecting to redis://:pw-1234@cache:6379/0", {
      request: {
        headers: { authorization: "Bearer sk_live_A", "x-custom": "sk_live_B" },
        nested: [{ api_key: "sk_live_C" }],
      },
      url: "https://user:sk_live_D@hooks.example/x?token=sk_live_E&page=2",
    });
    expect(lines.join("\n")).not.toMatch(/sk_live_|pw-1234/);
    expect(lines[0]).toContain("page=2");
  });

  it("masks a REDIS_URL password given in the query", () => {
    expect(redactUrl("redis://cache:6379/0?password=hunter2pw&db=1")).toBe("redis://cache:6379/0?password=***&db=1");
  });

  it("never shows a saved x-secret field back on the settings page, and keeps it when left empty", () => {
    const { fields } = buildSettingsForm({
      type: "object",
      properties: { api_key: { type: "string", "x-secret": true }, name: { type: "string" } },
    });
    const saved = { api_key: "sk_live_saved", name: "Acme" };
    const values = formValuesFromSettings(fields, saved);
    expect(values.get("/api_key")).toBe("");
    expect(values.get("/name")).toBe("Acme");
    const kept = parseSettingsForm(fields, new URLSearchParams({ "/api_key": "", "/name": "Beta" }), saved);
    expect(kept.settings).toEqual({ api_key: "sk_live_saved", name: "Beta" });
    const changed = parseSettingsForm(fields, new URLSearchParams({ "/api_key": "sk_new", "/name": "Beta" }), saved);
    expect(changed.settings).toEqual({ api_key: "sk_new", name: "Beta" });
  });

  it("creates the SQLite store 0600 in a 0700 folder, and says in one line what to do with a damaged one", async () => {
    const root = mkdtempSync(join(tmpdir(), "store-mode-"));
    const store = openSqliteStore(join(root, "state", "store.db"));
    expect(statSync(join(root, "state")).mode & 0o777).toBe(0o700);
    expect(statSync(join(root, "state", "store.db")).mode & 0o777).toBe(0o600);
    await store.close();
    const damaged = join(root, "damaged.db");
    writeFileSync(damaged, "not a database ".repeat(400));
    expect(() => openSqliteStore(damaged)).toThrow(
      expect.objectContaining({
        code: "CONFIGURATION_INVALID",
        message: expect.stringMatching(
          new RegExp(`^the SQLite store ${damaged} is damaged or is not a store .*move it aside`),
        ) as unknown,
      }),
    );
  });
});
