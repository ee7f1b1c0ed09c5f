import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildSchema, SCHEMA_PATH } from "../../scripts/build-schema.js";
import { README_PATH, updateReadme } from "../../scripts/generate-reference.js";

describe("generated files", () => {
  it("schema/plugin.schema.json matches the code catalogs (run `npm run schema` when this fails)", () => {
    const schema = readFileSync(SCHEMA_PATH, "utf8");
    expect(buildSchema(schema)).toBe(schema);
  });

  it("docs/reference.md matches the schema, the helpers and the codes (run `npm run docs` when this fails)", () => {
    const readme = readFileSync(README_PATH, "utf8");
    expect(updateReadme(readme)).toBe(readme);
  });

  it("notices a stale reference", () => {
    const readme = readFileSync(README_PATH, "utf8").replace("| `version` (required)", "| `version`");
    expect(updateReadme(readme)).not.toBe(readme);
  });
});
