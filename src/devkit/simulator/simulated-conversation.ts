import type { JsonObject } from "./json-object.js";
import type { DataValue } from "./simulated-people.js";

/** The three states of a Crisp conversation. */
export type ConversationState = "pending" | "unresolved" | "resolved";

/** Conversation metas: what `getConversationMetas` answers and `updateConversationMetas` changes. */
export interface ConversationMeta {
  nickname?: string;
  email?: string;
  phone?: string;
  subject?: string;
  address?: string;
  avatar?: string;
  ip?: string;
  origin?: string;
  segments: string[];
  data: Record<string, DataValue>;
}

/** One message, with the fields a plugin sends and the ones Crisp adds (fingerprint, timestamp). */
export interface SimulatedMessage {
  readonly session_id: string;
  readonly website_id: string;
  readonly fingerprint: number;
  readonly type: string;
  readonly from: "user" | "operator";
  readonly origin: string;
  readonly content: unknown;
  readonly user?: JsonObject;
  readonly stealth: boolean;
  readonly automated?: boolean;
  readonly timestamp: number;
  /** The origin that marked it read (`markMessagesReadInConversation`), once read. */
  read?: string;
}

/** A conversation of one website, as the simulator keeps it. */
export interface SimulatedConversation {
  readonly session_id: string;
  readonly website_id: string;
  people_id?: string;
  state: ConversationState;
  is_blocked: boolean;
  /** The operator the conversation is routed to, or none. */
  assigned?: { user_id: string };
  meta: ConversationMeta;
  /** Oldest first. */
  readonly messages: SimulatedMessage[];
  readonly created_at: number;
  updated_at: number;
}
