import { defineAction } from "./define-action.js";

/** Merges custom data into the contact profile linked to the conversation. */
export const updatePeopleData = defineAction({
  name: "update_people_data",
  summary: "Merge custom data into the contact profile of the conversation's visitor.",
  needs: [
    { scope: "website:people:data", access: "write" },
    { scope: "website:conversation:sessions", access: "read" },
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
});

/** Adds an event to the contact's timeline. */
export const addPeopleEvent = defineAction({
  name: "add_people_event",
  summary: "Add an event to the timeline of the conversation's contact.",
  needs: [
    { scope: "website:people:events", access: "write" },
    { scope: "website:conversation:sessions", access: "read" },
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
});
