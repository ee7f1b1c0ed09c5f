import type { TemplateContext } from "../../src/core/templates/template-context.js";

/** A context for a visitor's text message on Monday 4 March 2024, 10:00 UTC; parts override it. */
export function makeContext(parts: Partial<TemplateContext> = {}): TemplateContext {
  return {
    event: { name: "message:send", website_id: "website-1", session_id: "session_1", timestamp: 1_709_546_400_000 },
    data: { type: "text", content: "Hello there", origin: "chat" },
    website: { id: "website-1" },
    settings: { greeting: "Hi!", timezone: "Europe/Paris" },
    plugin: { urn: "urn:acme:test:0", name: "Test" },
    steps: {},
    now: "2024-03-04T10:00:00.000Z",
    ...parts,
  };
}
