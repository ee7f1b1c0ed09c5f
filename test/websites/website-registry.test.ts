import { describe, expect, it } from "vitest";
import { createSettingsValidator } from "../../src/runtime/websites/create-settings-validator.js";
import { WebsiteRegistry } from "../../src/runtime/websites/website-registry.js";
import { createLogger } from "../../src/core/logging/logger.js";

const schema = {
  type: "object",
  properties: {
    greeting: { type: "string", default: "Hello" },
    keywords: { type: "array", items: { type: "string" }, default: ["refund"] },
  },
};

function registry(validate = createSettingsValidator(schema)): {
  registry: WebsiteRegistry;
  lines: string[];
  calls: () => number;
} {
  const lines: string[] = [];
  let calls = 0;
  const counted = (settings: unknown) => {
    calls += 1;
    return validate(settings);
  };
  const log = createLogger({ level: "debug", write: (line) => lines.push(line) });
  return { registry: new WebsiteRegistry(counted, log), lines, calls: () => calls };
}

describe("website registry", () => {
  it("validates equal settings once, and websites with equal settings share them, frozen", () => {
    const { registry: websites, calls } = registry();
    for (let i = 0; i < 1_000; i++)
      websites.upsert({ website_id: `w${i}`, token: `t${i}`, settings: i % 2 ? {} : { greeting: "Hi" } });

    const first = websites.get("w0");
    const third = websites.get("w2");
    expect(calls()).toBe(2);
    expect(first?.settings).toEqual({ ok: true, settings: { greeting: "Hi", keywords: ["refund"] } });
    expect(third?.settings).toBe(first?.settings);
    expect(third?.token).toBe("t2");
    expect(Object.isFrozen(first?.settings.ok ? first.settings.settings.keywords : undefined)).toBe(true);
    expect(Object.isFrozen(first?.rawSettings)).toBe(true);
  });

  it("does not freeze or keep the settings object it was given", () => {
    const { registry: websites } = registry();
    const given = { greeting: "Hi" };

    websites.upsert({ website_id: "w1", token: "t", settings: given });
    given.greeting = "Changed";

    expect(Object.isFrozen(given)).toBe(false);
    expect(websites.get("w1")?.rawSettings).toEqual({ greeting: "Hi" });
  });

  it("reports each website whose settings are invalid, even when another had the same settings", () => {
    const { registry: websites, lines } = registry();

    websites.upsert({ website_id: "w1", token: "t", settings: { greeting: 42 } });
    websites.upsert({ website_id: "w2", token: "t", settings: { greeting: 42 } });

    expect(lines.filter((line) => line.includes("settings are invalid"))).toHaveLength(2);
    expect(websites.get("w2")?.settings.ok).toBe(false);
  });

  it("applies a new schema to every website on revalidate, and check names those that fail it", () => {
    const { registry: websites } = registry();
    websites.upsert({ website_id: "w1", token: "t", settings: {} });
    websites.upsert({ website_id: "w2", token: "t", settings: { greeting: "Hi" } });
    const stricter = createSettingsValidator({
      type: "object",
      required: ["greeting"],
      properties: { greeting: { type: "string" } },
    });

    expect(websites.check(stricter)).toEqual([{ id: "w1", reason: "settings must have required property 'greeting'" }]);
    websites.revalidate(stricter);

    expect(websites.get("w1")?.settings.ok).toBe(false);
    expect(websites.get("w2")?.settings).toEqual({ ok: true, settings: { greeting: "Hi" } });
  });
});
