import { KitError } from "../errors/kit-error.js";
import { requireSession, type ActionContext } from "./action-context.js";
import { defineAction } from "./define-action.js";

/** Merges custom data into the contact profile linked to the conversation. */
export const updatePeopleData = defineAction<{ people_id?: string; data: Record<string, string | number | boolean> }>({
  name: "update_people_data",
  repeatable: true,
  priority: "low",
  summary: "Merge custom data into the contact profile of the conversation's visitor.",
  needs: [
    { scope: "website:people:data", access: "write" },
    // Finding the contact through the conversation: Crisp shows its people_id only with profiles read.
    { scope: "website:conversation:sessions", access: "read" },
    { scope: "website:people:profiles", access: "read" },
  ],
  params: {
    type: "object",
    additionalProperties: false,
    required: ["data"],
    properties: {
      people_id: { description: "The contact; by default the one linked to the conversation.", type: "string" },
      data: {
        description: "Keys and values; string values are templates.",
        type: "object",
        minProperties: 1,
        additionalProperties: { type: ["string", "number", "boolean"] },
      },
    },
  },
  result: { type: "object", properties: { people_id: { type: "string" }, data: { type: "object" } } },
  run: async (context, params) => {
    const peopleId = await resolvePeopleId(context, params.people_id, "update_people_data");
    await context.crisp.updatePeopleData(context.event.website_id, peopleId, params.data);
    return { people_id: peopleId, data: params.data };
  },
});

/** Adds an event to the contact's timeline. */
export const addPeopleEvent = defineAction<{
  people_id?: string;
  text: string;
  color?: string;
  data?: Record<string, unknown>;
}>({
  name: "add_people_event",
  priority: "low",
  summary: "Add an event to the timeline of the conversation's contact.",
  needs: [
    { scope: "website:people:events", access: "write" },
    { scope: "website:conversation:sessions", access: "read" },
    { scope: "website:people:profiles", access: "read" },
  ],
  params: {
    type: "object",
    additionalProperties: false,
    required: ["text"],
    properties: {
      people_id: { description: "The contact; by default the one linked to the conversation.", type: "string" },
      text: { description: "The event text (a template).", type: "string", minLength: 1 },
      color: {
        description: "Colour of the event in the timeline.",
        enum: ["red", "orange", "yellow", "green", "blue", "purple", "pink", "brown", "grey", "black"],
      },
      data: { description: "Extra values shown with the event.", type: "object" },
    },
  },
  result: { type: "object", properties: { people_id: { type: "string" } } },
  run: async (context, params) => {
    const peopleId = await resolvePeopleId(context, params.people_id, "add_people_event");
    const { text, color, data } = params;
    await context.crisp.addPeopleEvent(context.event.website_id, peopleId, {
      text,
      ...(color ? { color } : {}),
      ...(data ? { data } : {}),
    });
    return { people_id: peopleId };
  },
});

/**
 * The contact to act on: the one given, else the one in the event (`people:*` events carry it),
 * else the one Crisp links to the conversation.
 */
async function resolvePeopleId(context: ActionContext, given: string | undefined, action: string): Promise<string> {
  if (given) return given;
  const fromEvent = context.event.data.people_id;
  if (typeof fromEvent === "string" && fromEvent !== "") return fromEvent;
  const conversation = await context.crisp.getConversation(context.event.website_id, requireSession(context, action));
  if (typeof conversation.people_id === "string" && conversation.people_id !== "") return conversation.people_id;
  throw new KitError("ACTION_FAILED", `${action}: the conversation has no contact profile yet`, {
    context: { ruleId: context.ruleId, step: context.stepIndex, sessionId: context.event.session_id },
  });
}
