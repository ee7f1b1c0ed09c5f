import { describe, expect, it } from "vitest";
import { buildSettingsForm } from "../../src/core/settings/build-settings-form.js";

describe("buildSettingsForm", () => {
  it("lists every part of the schema it cannot draw, at its place, and draws the rest", () => {
    const form = buildSettingsForm({
      type: "object",
      properties: {
        name: { type: "string" },
        linked: { $ref: "#/definitions/name" },
        untyped: { description: "no type" },
        either: { type: ["string", "number"] },
        nothing: { type: "null" },
        rows: { type: "array", items: { type: "object" } },
        free: { type: "object", additionalProperties: { type: "string" } },
        mixed: { type: "string", enum: ["a", 1] },
        nested: { type: "object", properties: { ok: { type: "boolean" }, pick: { anyOf: [] } } },
        any: true,
      },
    });

    expect(form.fields.map((field) => field.pointer)).toEqual(["/name", "/nested"]);
    expect(form.unsupported).toEqual([
      { path: ["properties", "linked", "$ref"], what: "`$ref`" },
      { path: ["properties", "untyped"], what: "a property without `type`" },
      { path: ["properties", "either"], what: 'type ["string","number"]' },
      { path: ["properties", "nothing"], what: 'type "null"' },
      { path: ["properties", "rows"], what: "a list of objects" },
      { path: ["properties", "free"], what: "an object without `properties`" },
      { path: ["properties", "mixed", "enum"], what: "an `enum` that is not all strings" },
      { path: ["properties", "nested", "properties", "pick", "anyOf"], what: "`anyOf`" },
      { path: ["properties", "any"], what: "a property whose schema is not a mapping" },
    ]);
  });

  it("reads a nullable type, escapes property names into JSON Pointers, and draws nothing for a non-object root", () => {
    const form = buildSettingsForm({ type: "object", properties: { "a/b~c": { type: ["string", "null"] } } });

    expect(form.fields).toEqual([expect.objectContaining({ pointer: "/a~1b~0c", control: "text", nullable: true })]);
    expect(buildSettingsForm({ type: "array" })).toEqual({
      fields: [],
      unsupported: [{ path: ["type"], what: 'settings of type "array"' }],
    });
  });
});
