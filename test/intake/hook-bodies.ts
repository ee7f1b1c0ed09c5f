/** Named Web Hooks bodies, as raw text: the signature covers these exact characters. */

export const WEBSITE = "8c842203-7ed8-4e29-a608-7cf78a7d2fcc";
export const SESSION = "session_700c65e1-85e2-465a-b9ac-ecb5ec2c9881";

/** A visitor message, as Crisp delivers it. */
export const MESSAGE_SEND = JSON.stringify({
  website_id: WEBSITE,
  event: "message:send",
  data: {
    website_id: WEBSITE,
    session_id: SESSION,
    type: "text",
    from: "user",
    origin: "chat",
    content: "Hello",
    fingerprint: 163408112759871,
  },
  timestamp: 1_700_000_000_000,
});

/**
 * Text that `JSON.stringify(JSON.parse(...))` does not give back: integer-like keys ("10", "2")
 * move first and in numeric order, `\u00e9` becomes "é" and `\/` becomes "/".
 */
export const REORDERED_ON_RESERIALISE = String.raw`{"website_id":"${WEBSITE}","event":"message:send","data":{"session_id":"${SESSION}","content":"caf\u00e9 \/ http:\/\/example.com","10":"ten","2":"two"},"timestamp":1700000000000}`;

/** Not JSON at all: cut off mid-object. */
export const TRUNCATED = `{"website_id":"${WEBSITE}","event":"message:send","data":{`;

/** JSON, but an array. */
export const ARRAY = `[{"event":"message:send"}]`;

/** A near-miss event name. */
export const UNKNOWN_EVENT = JSON.stringify({ website_id: WEBSITE, event: "message:sent", data: {} });

/** No `website_id`, neither beside `event` nor in `data`. */
export const NO_WEBSITE = JSON.stringify({ event: "message:send", data: { session_id: SESSION } });
