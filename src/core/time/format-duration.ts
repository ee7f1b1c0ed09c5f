import { UNIT_MS } from "./parse-duration.js";

/** The units a duration is written in, largest first; what is left under a second is in `ms`. */
const UNITS = ["d", "h", "m", "s"] as const;

/** `90000` → `1m 30s`, `1500` → `1s 500ms`, `0` → `0ms`: a wait as a log line or a reason says it. */
export function formatDuration(ms: number): string {
  const parts: string[] = [];
  let rest = ms;
  for (const unit of UNITS) {
    const size = UNIT_MS[unit];
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  if (rest > 0 || parts.length === 0) parts.push(`${rest}ms`);
  return parts.join(" ");
}
