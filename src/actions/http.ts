import { defineAction } from "./define-action.js";

/** Calls an outside HTTP endpoint, only on hosts listed in `http.allow`. */
export const http = defineAction({
  name: "http",
  summary: "Call an outside HTTP endpoint (only hosts listed in `http.allow`), with templated URL, headers and body.",
  needs: [],
  params: {
    type: "object",
    additionalProperties: false,
    required: ["url"],
    properties: {
      method: { description: "HTTP method.", enum: ["GET", "POST", "PUT", "PATCH", "DELETE"], default: "POST" },
      url: {
        description: "The URL (a template); its host must be allowed by `http.allow`.",
        type: "string",
        minLength: 1,
      },
      headers: {
        description: "Request headers (values are templates).",
        type: "object",
        additionalProperties: { type: "string" },
      },
      body: {
        description: "Request body: an object is sent as JSON (string values are templates); a string is sent as is.",
      },
      timeout_ms: {
        description: "Overrides `http.timeout_ms` for this request.",
        type: "integer",
        minimum: 100,
        maximum: 60000,
      },
    },
  },
});
