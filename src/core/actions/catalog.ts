import type { ActionDefinition } from "./define-action.js";
import { assign } from "./assign.js";
import { block } from "./block.js";
import { delay } from "./delay.js";
import { getConversation } from "./get-conversation.js";
import { getProfile } from "./get-profile.js";
import { listOperators } from "./list-operators.js";
import { http } from "./http.js";
import { log } from "./log.js";
import { markRead } from "./mark-read.js";
import { addPeopleEvent, updatePeopleData } from "./people.js";
import { addSegments, removeSegments, setSegments } from "./segments.js";
import { reply } from "./reply.js";
import { sendMessage } from "./send-message.js";
import { setData } from "./set-data.js";
import { setState } from "./set-state.js";
import { stop } from "./stop.js";
import { updateMeta } from "./update-meta.js";

/** Every built-in action, by name, in the order the reference lists them. */
export const ACTIONS: ReadonlyMap<string, ActionDefinition> = new Map(
  [
    sendMessage,
    setState,
    assign,
    setSegments,
    addSegments,
    removeSegments,
    setData,
    updateMeta,
    markRead,
    block,
    updatePeopleData,
    addPeopleEvent,
    getConversation,
    listOperators,
    getProfile,
    http,
    log,
    delay,
    stop,
    reply,
  ].map((action): [string, ActionDefinition] => [action.name, action]),
);

/** Prefix of a step's `action` that names a TypeScript hook. */
export const HOOK_PREFIX = "hook:";
