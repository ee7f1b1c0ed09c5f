import { createInterface } from "node:readline";
import { DEMO_WEBSITES } from "./demo-websites.js";
import type { DevAuthor, DevSession } from "./start-dev-session.js";

/** What `dev` types a line starting with as an operator's message. */
export const OPERATOR_PREFIX = "/op ";

/**
 * Lets a person or a script write into the first demo website's conversation, one message a line;
 * a line starting with `/op ` is written by an operator, the others by the visitor.
 *
 * - `terminal`: each line is sent as it is typed; Ctrl-C stops (resolves never).
 * - `script` (standard input is a pipe or a file): each line is sent once the previous one went
 *   through the rules, so the output reads in order; resolves when the input ends and the last
 *   message has been handled.
 */
export async function chatFromInput(
  session: DevSession,
  input: NodeJS.ReadableStream,
  print: (line: string) => void,
  mode: "terminal" | "script",
): Promise<void> {
  const site = DEMO_WEBSITES[0];
  const lines = createInterface({ input, crlfDelay: Infinity });
  if (mode === "terminal") {
    print(
      `Type a message as a visitor of ${site.name} and press Enter (start it with "${OPERATOR_PREFIX}" to write as an operator); Ctrl-C stops.`,
    );
    lines.on("line", (line) => {
      const message = parseLine(line);
      if (message !== undefined) session.say(site.website_id, message.text, message.author);
    });
    return new Promise<void>(() => undefined);
  }
  print(
    `Reading messages for ${site.name} from standard input (not a terminal), one a line ("${OPERATOR_PREFIX}" first: as an operator); dev stops when the input ends.`,
  );
  for await (const line of lines) {
    const message = parseLine(line);
    if (message === undefined) continue;
    session.say(site.website_id, message.text, message.author);
    await session.settle();
  }
  await session.settle();
  print("End of input: every message went through the rules; stopping.");
}

function parseLine(line: string): { author: DevAuthor; text: string } | undefined {
  const operator = line.startsWith(OPERATOR_PREFIX);
  const text = (operator ? line.slice(OPERATOR_PREFIX.length) : line).trim();
  return text === "" ? undefined : { author: operator ? "operator" : "visitor", text };
}
