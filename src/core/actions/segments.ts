import { requireSession, type ActionContext } from "./action-context.js";
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

/** `with:` of the segment actions, rendered. */
interface SegmentParams {
  segments: string[];
}

/** What the segment actions resolve with: the conversation's segments after the change. */
const SEGMENTS_RESULT: JsonSchema = {
  type: "object",
  properties: { segments: { type: "array", items: { type: "string" } }, changed: { type: "boolean" } },
};

/** Replaces the conversation's segments. */
export const setSegments = defineAction<SegmentParams>({
  name: "set_segments",
  repeatable: true,
  priority: "low",
  summary: "Replace the conversation's segments.",
  needs: [{ scope: "website:conversation:sessions", access: "write" }],
  params: segmentParams,
  causes: () => [{ event: "session:set_segments", data: {} }],
  result: SEGMENTS_RESULT,
  run: async (context, params) => {
    const segments = unique(params.segments);
    await context.crisp.updateMeta(context.event.website_id, requireSession(context, "set_segments"), { segments });
    return { segments };
  },
});

/** Adds segments, keeping those already set (read, merge, write). */
export const addSegments = defineAction<SegmentParams>({
  name: "add_segments",
  repeatable: true,
  priority: "low",
  summary: "Add segments to the conversation, keeping those already set.",
  needs: [
    { scope: "website:conversation:sessions", access: "read" },
    { scope: "website:conversation:sessions", access: "write" },
  ],
  params: segmentParams,
  causes: () => [{ event: "session:set_segments", data: {} }],
  result: SEGMENTS_RESULT,
  run: (context, params) => mergeSegments(context, "add_segments", (current) => [...current, ...params.segments]),
});

/** Removes segments, keeping the others (read, merge, write). */
export const removeSegments = defineAction<SegmentParams>({
  name: "remove_segments",
  repeatable: true,
  priority: "low",
  summary: "Remove segments from the conversation, keeping the others.",
  needs: [
    { scope: "website:conversation:sessions", access: "read" },
    { scope: "website:conversation:sessions", access: "write" },
  ],
  params: segmentParams,
  causes: () => [{ event: "session:set_segments", data: {} }],
  result: SEGMENTS_RESULT,
  run: (context, params) =>
    mergeSegments(context, "remove_segments", (current) => current.filter((s) => !params.segments.includes(s))),
});

/**
 * Crisp's meta update replaces the whole segment list, so adding or removing one means reading
 * the list first. Events of one conversation are handled one at a time, so no other step of this
 * plugin writes the list in between; the write is skipped when nothing changes.
 */
async function mergeSegments(
  context: ActionContext,
  action: string,
  change: (current: readonly string[]) => string[],
): Promise<{ segments: string[]; changed: boolean }> {
  const session = requireSession(context, action);
  const meta = await context.crisp.getMeta(context.event.website_id, session);
  const current = meta.segments ?? [];
  const segments = unique(change(current));
  const changed = segments.length !== current.length || segments.some((s, i) => s !== current[i]);
  if (changed) await context.crisp.updateMeta(context.event.website_id, session, { segments });
  return { segments, changed };
}

function unique(segments: readonly string[]): string[] {
  return [...new Set(segments.map((s) => s.trim()).filter((s) => s !== ""))];
}
