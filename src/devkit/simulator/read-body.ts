import type { IncomingMessage } from "node:http";

/** A request body: parsed JSON (`undefined` when empty), too large, not JSON, or nested too deep. */
export type BodyResult =
  | { readonly kind: "json"; readonly value: unknown }
  | { readonly kind: "too_large" }
  | { readonly kind: "invalid_json" }
  | { readonly kind: "too_deep" };

/**
 * The deepest nesting accepted. Crisp's bodies are shallow; a deep one would only overflow the
 * stack of the recursive copies and merges that handle it later.
 */
export const MAX_BODY_DEPTH = 64;

/**
 * Reads and parses a JSON body of at most `limitBytes`. Past the limit it keeps reading but stops
 * keeping bytes: answering 413 while the client is still uploading would make fetch fail with a
 * socket error instead of showing the status.
 */
export async function readBody(request: IncomingMessage, limitBytes: number): Promise<BodyResult> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limitBytes) chunks.push(chunk);
  }
  if (size > limitBytes) return { kind: "too_large" };
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return { kind: "json", value: undefined };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: "invalid_json" };
  }
  return nestsDeeperThan(value, MAX_BODY_DEPTH) ? { kind: "too_deep" } : { kind: "json", value };
}

/** Walks the value with an explicit stack, since recursion is exactly what a deep value breaks. */
function nestsDeeperThan(root: unknown, maxDepth: number): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value: root, depth: 0 }];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    if (typeof item.value !== "object" || item.value === null) continue;
    if (item.depth >= maxDepth) return true;
    for (const child of Object.values(item.value)) pending.push({ value: child, depth: item.depth + 1 });
  }
  return false;
}
