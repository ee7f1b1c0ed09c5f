import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Whether `given` is the website's token, compared in constant time: both are hashed first, so
 * the comparison takes the same time whatever their lengths, and a website unknown to the plugin
 * (`expected` undefined) or without a token costs the same as a wrong token.
 */
export function isWebsiteToken(expected: string | undefined, given: string | null | undefined): boolean {
  const same = timingSafeEqual(digest(expected ?? ""), digest(given ?? ""));
  return same && expected !== undefined && expected !== "" && typeof given === "string";
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}
