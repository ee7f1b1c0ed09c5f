import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { silentLogger } from "../../src/core/logging/logger.js";
import { startDevSession, type DevSession } from "../../src/devkit/dev/start-dev-session.js";
import type { JsonObject } from "../../src/devkit/simulator/json-object.js";
import { REPO_ROOT } from "../cli/run-cli.js";
import { recipeManifest } from "./recipe-names.js";

// The three ported crisp-api plugins (Crisp's node example, crisp-dialogflow, a GPT bot with a
// human handover) run for real here, against the built-in Crisp simulator, through the same
// runtime as `crisp-plugin dev`; the bot recipes call a bot on loopback. Their manifests' own
// tests answer the bot and the read steps from mocks.

const WEBSITE = "demo-website-1";

let session: DevSession | undefined;
const bots: Server[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await session?.close(1_000);
  session = undefined;
  await Promise.all(bots.splice(0).map((bot) => new Promise((resolve) => bot.close(resolve))));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Runs a recipe (or a copy of it) in a dev session, with the demo websites' settings. */
async function start(
  recipe: string,
  where: { manifest: string; cwd: string } = { manifest: recipeManifest(recipe), cwd: REPO_ROOT },
  settings: Readonly<Record<string, JsonObject>> = {},
): Promise<DevSession> {
  session = await startDevSession({ ...where, log: silentLogger, print: () => undefined, settings });
  return session;
}

/** A request the outside bot received: its path and JSON body. */
interface BotRequest {
  readonly url: string;
  readonly body: Record<string, unknown>;
}

/**
 * An outside HTTP bot on loopback, as bot-relay and bot-handover call it: it answers each request
 * with `answer(text)` (`{ answer }` with 200, or the status it gives), and records every request.
 */
async function startBot(answer: (text: string) => { status: number; answer?: string }): Promise<{
  host: string;
  requests: BotRequest[];
}> {
  const requests: BotRequest[] = [];
  const bot = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      const parsed = JSON.parse(body) as Record<string, unknown>;
      requests.push({ url: request.url ?? "", body: parsed });
      const { status, answer: text } = answer(String(parsed.text));
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(text === undefined ? { error: "down" } : { answer: text }));
    });
  });
  bots.push(bot);
  await new Promise<void>((resolve) => bot.listen(0, "127.0.0.1", resolve));
  const address = bot.address();
  return { host: `127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`, requests };
}

/**
 * A copy of a bot recipe in a temporary folder, calling the bot at `host` (plain HTTP on loopback)
 * instead of bot.northwind-apps.example: in `http.allow` (a loopback address is reached only when
 * listed as such), in the default `bot_url` and in its pattern.
 */
async function withBotAt(recipe: string, host: string): Promise<{ manifest: string; cwd: string }> {
  let text = await readFile(join(REPO_ROOT, recipeManifest(recipe)), "utf8");
  const replace = (from: string, to: string, all = false): void => {
    expect(text, `${recipe} has ${from}`).toContain(from);
    text = all ? text.replaceAll(from, to) : text.replace(from, to);
  };
  // The YAML text doubles its backslashes: `\\.` there is `\.` in the pattern.
  replace(String.raw`"^https://bot\\.northwind-apps\\.example/"`, String.raw`"^http://127\\.0\\.0\\.1:[0-9]+/"`);
  replace("allow: [bot.northwind-apps.example]", `allow: ["${host}"]`);
  replace("https://bot.northwind-apps.example", `http://${host}`, true);
  const cwd = await mkdtemp(join(tmpdir(), `crisp-recipe-${recipe}-`));
  dirs.push(cwd);
  await writeFile(join(cwd, "plugin.yaml"), text);
  return { manifest: "plugin.yaml", cwd };
}

/** The messages the plugin sent in a conversation, as Crisp received them. */
function sentIn(dev: DevSession, sessionId: string): Record<string, unknown>[] {
  return dev.simulator
    .calls({ route: "sendMessageInConversation", sessionId })
    .map((call) => call.body as Record<string, unknown>);
}

/** How many events of this name the runtime counted with this outcome (`own`: the plugin's own). */
async function counted(dev: DevSession, event: string, outcome: string): Promise<number> {
  const { values } = await dev.runtime.metrics.eventsReceived.get();
  return values
    .filter(({ labels }) => labels.event === event && labels.outcome === outcome)
    .reduce((sum, { value }) => sum + value, 0);
}

/** A visitor writes in a conversation of the demo website, as Crisp would deliver it. */
function visitorWrites(dev: DevSession, sessionId: string, text: string): void {
  dev.simulator.visitorWrites(WEBSITE, sessionId, text, "Jane");
}

describe("the ported plugins' recipes at run time", () => {
  it("operator-pong answers an operator's message, as the visitor, with the website's text", async () => {
    const dev = await start("operator-pong", undefined, { [WEBSITE]: { message: "Bien reçu !" } });

    dev.simulator.operatorWrites(WEBSITE, "session_pong", "Hello from the team");
    await dev.simulator.waitForCall({ route: "sendMessageInConversation", sessionId: "session_pong" });
    await dev.runtime.idle();

    expect(sentIn(dev, "session_pong")).toEqual([
      expect.objectContaining({
        type: "text",
        from: "user",
        origin: "urn:northwind-apps:operator-pong:0",
        content: "Bien reçu !",
        user: { type: "participant", nickname: "Ping-pong" },
      }),
    ]);
  });

  it("bot-relay posts the outside bot's answer in the conversation, once per visitor message", async () => {
    const bot = await startBot((text) => ({ status: 200, answer: `You asked: ${text}` }));
    const dev = await start("bot-relay", await withBotAt("bot-relay", bot.host));

    visitorWrites(dev, "session_bot", "Do you ship to Norway?");
    await dev.simulator.waitForCall({ route: "sendMessageInConversation", sessionId: "session_bot" });
    visitorWrites(dev, "session_bot", "And to Iceland?");
    await vi.waitFor(() => {
      expect(sentIn(dev, "session_bot")).toHaveLength(2);
    });
    await dev.runtime.idle();

    expect(bot.requests).toEqual([
      {
        url: "/v1/answer",
        body: { website_id: WEBSITE, session_id: "session_bot", text: "Do you ship to Norway?", nickname: "Jane" },
      },
      {
        url: "/v1/answer",
        body: { website_id: WEBSITE, session_id: "session_bot", text: "And to Iceland?", nickname: "Jane" },
      },
    ]);
    expect(sentIn(dev, "session_bot")).toEqual([
      expect.objectContaining({
        from: "operator",
        content: "You asked: Do you ship to Norway?",
        user: { type: "participant", nickname: "Assistant" },
      }),
      expect.objectContaining({ content: "You asked: And to Iceland?" }),
    ]);
    const answers = dev.simulator.conversation(WEBSITE, "session_bot")?.messages.filter((m) => m.from === "operator");
    expect(answers?.map((message) => message.content)).toEqual([
      "You asked: Do you ship to Norway?",
      "You asked: And to Iceland?",
    ]);
  });

  it("bot-relay tells the visitor and the team when the bot fails, and posts nothing from it", async () => {
    const bot = await startBot(() => ({ status: 502 }));
    const dev = await start("bot-relay", await withBotAt("bot-relay", bot.host));

    visitorWrites(dev, "session_down", "Where is my order?");
    await vi.waitFor(() => {
      expect(sentIn(dev, "session_down")).toHaveLength(2);
    });
    await dev.runtime.idle();

    expect(bot.requests).toHaveLength(1);
    expect(sentIn(dev, "session_down").map((body) => [body.type, body.content])).toEqual([
      ["text", "Sorry, I cannot answer right now. Someone from the team will reply here shortly."],
      ["note", "Assistant could not answer this message (the bot failed or timed out): over to you."],
    ]);
  });

  it("bot-handover's bot goes quiet once a human operator wrote, not after its own answers", async () => {
    const bot = await startBot((text) => ({ status: 200, answer: `Bot: ${text}` }));
    const dev = await start("bot-handover", await withBotAt("bot-handover", bot.host));

    visitorWrites(dev, "session_h", "When are you open?");
    await dev.simulator.waitForCall({ route: "sendMessageInConversation", sessionId: "session_h" });
    // The bot's answer comes back as an operator's message:received: the loop guard takes it for
    // the plugin's own, so it does not mark the conversation as a human's.
    await vi.waitFor(async () => {
      expect(await counted(dev, "message:received", "own")).toBe(1);
    });
    await dev.runtime.idle();
    expect(dev.simulator.conversation(WEBSITE, "session_h")?.meta.segments ?? []).toEqual([]);

    dev.simulator.operatorWrites(WEBSITE, "session_h", "Hi, Sam here: we open at 9.");
    await vi.waitFor(() => {
      expect(dev.simulator.conversation(WEBSITE, "session_h")?.meta.segments).toEqual(["human"]);
    });
    visitorWrites(dev, "session_h", "Thanks Sam!");
    // The bot's rule reads the conversation (its second read), finds the segment and stops.
    await vi.waitFor(() => {
      expect(dev.simulator.calls({ route: "getConversation", sessionId: "session_h" })).toHaveLength(2);
    });
    await dev.runtime.idle();

    expect(bot.requests.map((request) => request.body.text)).toEqual(["When are you open?"]);
    expect(sentIn(dev, "session_h").map((body) => body.content)).toEqual(["Bot: When are you open?"]);
  });

  it("bot-handover assigns a visitor who asks for a human to the operator named in the settings", async () => {
    const bot = await startBot((text) => ({ status: 200, answer: `Bot: ${text}` }));
    const dev = await start("bot-handover", await withBotAt("bot-handover", bot.host), {
      [WEBSITE]: { handover_operator: "grace hopper" },
    });

    visitorWrites(dev, "session_k", "Can I talk to a human please?");
    const assigned = await dev.simulator.waitForCall({ route: "assignConversationRouting", sessionId: "session_k" });
    visitorWrites(dev, "session_k", "Hello?");
    await vi.waitFor(() => {
      expect(dev.simulator.calls({ route: "getConversation", sessionId: "session_k" })).toHaveLength(2);
    });
    await dev.runtime.idle();

    // Grace Hopper, one of dev's demo operators, found by name through listWebsiteOperators.
    expect(dev.simulator.calls({ route: "listWebsiteOperators" })).toHaveLength(1);
    expect(assigned.body).toMatchObject({ assigned: { user_id: "operator-demo-website-1-grace" } });
    const conversation = dev.simulator.conversation(WEBSITE, "session_k");
    expect(conversation?.assigned).toEqual({ user_id: "operator-demo-website-1-grace" });
    expect(conversation?.meta.segments).toEqual(["human"]);
    expect(sentIn(dev, "session_k").map((body) => body.content)).toEqual([
      "I am passing you to a member of the team: they will answer you here.",
    ]);
    expect(bot.requests).toEqual([]);
  });
});
