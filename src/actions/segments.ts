import { defineAction, type JsonSchema } from "./define-action.js";

const segmentParams: JsonSchema = {
  type: "object",
  additionalProperties: false,
  required: ["segments"],
  properties: {
    segments: {
      description: "Segment names (each a template).",
      type: "array",
      minItems: 1,
      items: { type: "string", minLength: 1 },
    },
  },
};

/** Replaces the conversation's segments. */
export const setSegments = defineAction({
  name: "set_segments",
  summary: "Replace the conversation's segments.",
  needs: [{ scope: "website:conversation:sessions", access: "write" }],
  params: segmentParams,
});

/** Adds segments, keeping those already set (read, merge, write). */
export const addSegments = defineAction({
  name: "add_segments",
  summary: "Add segments to the conversation, keeping those already set.",
  needs: [
    { scope: "website:conversation:sessions", access: "read" },
    { scope: "website:conversation:sessions", access: "write" },
  ],
  params: segmentParams,
});

/** Removes segments, keeping the others (read, merge, write). */
export const removeSegments = defineAction({
  name: "remove_segments",
  summary: "Remove segments from the conversation, keeping the others.",
  needs: [
    { scope: "website:conversation:sessions", access: "read" },
    { scope: "website:conversation:sessions", access: "write" },
  ],
  params: segmentParams,
});
