import { createHash } from "node:crypto";

/**
 * What tells one socket event from another when the holder's socket and the stand-by's both got
 * it: a hash of its name and payload. Crisp sends both sockets the same payload, so the two copies
 * hash alike; many socket events carry no fingerprint (`session:set_state`...), so the content is
 * all there is. Two real events with the same content (a conversation resolved, reopened, resolved
 * again) hash alike too: they are counted one for one, never merged (see `SocketBuffer`).
 */
export function socketIdentity(name: string, data: unknown): string {
  const digest = createHash("sha256")
    .update(JSON.stringify([name, data]))
    .digest("base64url");
  return `${name}|${digest}`;
}
