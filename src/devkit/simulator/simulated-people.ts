import type { JsonObject } from "./json-object.js";

/** A value Crisp accepts in custom data (conversation meta data and people data). */
export type DataValue = string | number | boolean;

/** One entry of a contact's timeline, as `addPeopleEvent` stores it. */
export interface PeopleEvent {
  text: string;
  data?: JsonObject;
  color?: string;
  timestamp: number;
}

/** A contact profile of one website, with its custom data and timeline. */
export interface SimulatedPeople {
  readonly people_id: string;
  email?: string;
  nickname?: string;
  segments: string[];
  data: Record<string, DataValue>;
  /** Oldest first; `listPeopleEvents` pages them newest first, like Crisp's timeline. */
  events: PeopleEvent[];
  readonly created_at: number;
  updated_at: number;
}
