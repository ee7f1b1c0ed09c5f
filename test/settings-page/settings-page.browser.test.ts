import { createServer, type Server } from "node:http";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/core/logging/logger.js";
import { startDevSession, type DevSession } from "../../src/devkit/dev/start-dev-session.js";
import { REPO_ROOT, say } from "../runtime/runtime-harness.js";
import { CHROMIUM, CHROMIUM_LAUNCH, HAS_CHROMIUM } from "../support/chromium.js";
import { SettingsPageWorld } from "./settings-page-harness.js";

const IN_CI = process.env.CI === "true";

if (!HAS_CHROMIUM && !IN_CI) {
  console.warn(
    `settings page browser tests SKIPPED: ${CHROMIUM} is missing (install Debian's chromium: apt-get install chromium)`,
  );
}

describe.runIf(!HAS_CHROMIUM && IN_CI)("the settings page browser tests in CI", () => {
  it("have Chromium to run in", () => {
    expect.fail(`${CHROMIUM} is missing: .ci/run must install Debian's chromium (CI=true, so not skipped)`);
  });
});

const HOSTILE_GREETING = `<img src=x onerror="window.__pwned='img'"><script>window.__pwned='setting'</script>`;

describe.runIf(HAS_CHROMIUM)("the settings page in headless Chromium", () => {
  let browser: Browser;
  let context: BrowserContext | undefined;
  const world = new SettingsPageWorld();

  beforeAll(async () => {
    browser = await chromium.launch(CHROMIUM_LAUNCH);
  }, 30_000);
  afterAll(async () => {
    await browser.close();
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
    await world.dispose();
  });

  /** A fresh page; without JavaScript unless asked, as the form must work without it. */
  async function newPage(javaScriptEnabled = false): Promise<Page> {
    context = await browser.newContext({ javaScriptEnabled, viewport: { width: 720, height: 900 } });
    return context.newPage();
  }

  /** The content of the plugin's next answer on `websiteId`, after a visitor writes. */
  async function nextAnswer(websiteId: string, sessionId: string): Promise<unknown> {
    say(world.sim, websiteId, sessionId, "Hello?");
    const call = await world.sim.waitForCall({ route: "sendMessageInConversation", websiteId, sessionId });
    return (call.body as { content?: unknown }).content;
  }

  it("saves settings changed on the page as Crisp opens it, and the plugin's next answer uses them", async () => {
    await world.start([{ website_id: "website-1", token: "token-one", settings: { greeting: "Hello before" } }]);
    expect(await nextAnswer("website-1", "session-1")).toBe("Hello before");
    const page = await newPage();

    const opened = await page.goto(world.link("website-1", "token-one"));
    expect(opened?.status()).toBe(200);
    const greeting = page.getByRole("textbox", { name: "Greeting" });
    await expect.poll(() => greeting.inputValue()).toBe("Hello before");
    await greeting.fill("Hello after");
    await page.getByRole("checkbox", { name: "Answer automatically" }).uncheck();
    await page.getByRole("textbox", { name: "Keywords" }).fill("refund\n\nlate delivery");
    await page.getByRole("checkbox", { name: "tue" }).check();
    await page.getByRole("combobox", { name: "Tone" }).selectOption("formal");
    await page.getByRole("spinbutton", { name: "Replies per conversation" }).fill("2");
    // Enter in a text field submits the form, as with any HTML form.
    await Promise.all([page.waitForURL(/saved=1/), greeting.press("Enter")]);

    await expect.poll(() => page.getByRole("status").textContent()).toContain("Settings saved.");
    expect(await page.getByRole("textbox", { name: "Greeting" }).inputValue()).toBe("Hello after");
    expect(world.sim.website("website-1")?.settings).toEqual({
      greeting: "Hello after",
      language: "en",
      tone: "formal",
      max_replies: 2,
      enabled: false,
      keywords: ["refund", "late delivery"],
      weekdays: ["mon", "tue"],
      hours: { opens: "09:00", timezone: "Europe/Paris" },
      // `type: [string, "null"]` left empty.
      nickname: null,
    });
    expect(await nextAnswer("website-1", "session-2")).toBe("Hello after");
  });

  it("shows a refused value's error tied to its field, keeps what was typed, and saves nothing", async () => {
    await world.start([{ website_id: "website-1", token: "token-one", settings: { greeting: "Hello before" } }]);
    const page = await newPage();
    await page.goto(world.link("website-1", "token-one"));

    await page.getByRole("textbox", { name: "Language" }).fill("English");
    await page.getByRole("textbox", { name: "Greeting" }).fill("Never saved");
    const [answer] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === "POST"),
      page.getByRole("button", { name: "Save" }).click(),
    ]);

    expect(answer.status()).toBe(422);
    const language = page.getByRole("textbox", { name: "Language" });
    await expect.poll(() => language.getAttribute("aria-invalid")).toBe("true");
    expect(await language.inputValue()).toBe("English");
    expect(await page.getByRole("alert").textContent()).toContain("Nothing was saved");
    const described = (await language.getAttribute("aria-describedby")) ?? "";
    const description = (
      await Promise.all(described.split(" ").map((id) => page.locator(`#${id}`).textContent()))
    ).join(" ");
    expect(description).toBe("Two lowercase letters. This value is not in the expected format.");
    expect(world.sim.calls({ route: "saveSubscriptionSettings" })).toEqual([]);
    expect(world.sim.website("website-1")?.settings).toEqual({ greeting: "Hello before" });
    expect(await nextAnswer("website-1", "session-1")).toBe("Hello before");
  });

  it("answers 403 to a wrong token, with nothing of the website on the page", async () => {
    await world.start([{ website_id: "website-1", token: "token-one", settings: { greeting: "Secret greeting" } }]);
    const page = await newPage();

    const opened = await page.goto(world.link("website-1", "token-wrong"));

    expect(opened?.status()).toBe(403);
    const text = await page.locator("body").innerText();
    expect(text).toContain("This link is not valid.");
    expect(text).not.toMatch(/Secret greeting|website-1|Settings Page Test/);
    expect(await page.locator("form, input, textarea, select").count()).toBe(0);
  });

  it("shows a hostile setting and schema description as text, and runs none of them", async () => {
    await world.start([{ website_id: "website-1", token: "token-one", settings: { greeting: HOSTILE_GREETING } }]);
    const page = await newPage(true);
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });

    await page.goto(world.link("website-1", "token-one"));

    const greeting = page.getByRole("textbox", { name: "Greeting" });
    expect(await greeting.inputValue()).toBe(HOSTILE_GREETING);
    expect(await page.getByText("Sent to every visitor. <script>window.__pwned = 'description'</script>").count()).toBe(
      1,
    );
    expect(await page.evaluate("typeof window.__pwned")).toBe("undefined");
    expect(await page.evaluate("typeof document.title")).toBe("string");
    expect(await page.locator("script, img").count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it("cannot be framed by a site other than Crisp's dashboard", async () => {
    await world.start([{ website_id: "website-1", token: "token-one", settings: {} }]);
    const link = world.link("website-1", "token-one");
    const framing = await serveOnce(`<!doctype html><title>elsewhere</title><iframe src="${link}"></iframe>`);
    try {
      const page = await newPage(true);
      const blocked = page.waitForEvent("console", { predicate: (message) => /frame-ancestors/.test(message.text()) });

      await page.goto(framing.url);

      expect((await blocked).text()).toContain("frame-ancestors 'self' https://app.crisp.chat");
      const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
      expect(
        await frame
          ?.locator("form")
          .count()
          .catch(() => 0),
      ).toBe(0);
    } finally {
      await framing.close();
    }
  });

  it("is what `crisp-plugin dev` links to: change a setting of a demo website there, and the plugin's next answer changes", async () => {
    const lines: string[] = [];
    // A Tuesday at 21:00 in Paris: the root plugin.yaml answers with its after-hours reply.
    const session: DevSession = await startDevSession({
      manifest: "plugin.yaml",
      cwd: REPO_ROOT,
      log: createLogger({ level: "warn", write: () => undefined }),
      print: (line) => lines.push(line),
      now: () => new Date("2026-11-24T20:00:00Z"),
    });
    try {
      const link = /^\[Demo Shop\] settings page: (\S+)$/.exec(
        lines.find((line) => line.includes("settings page")) ?? "",
      )?.[1];
      expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/settings\?website_id=demo-website-1&token=/);
      const page = await newPage();
      await page.goto(link ?? "");
      await page.getByRole("textbox", { name: "After-hours reply" }).fill("Back at 9, promise!");
      await Promise.all([page.waitForURL(/saved=1/), page.getByRole("button", { name: "Save" }).click()]);

      session.say("demo-website-1", "Is anyone there?");

      await session.simulator.waitForCall(
        (call) =>
          call.route === "sendMessageInConversation" &&
          (call.body as { content?: unknown }).content === "Back at 9, promise!",
      );
      expect(lines).toContain(
        '[Demo Shop] settings saved: {"after_hours_message":"Back at 9, promise!","timezone":"Europe/Paris"}',
      );
      expect(lines).toContain("[Demo Shop] Hello Hours: Back at 9, promise!");
    } finally {
      await session.close(1_000);
    }
  });
});

/** Serves `html` on another loopback origin (a port of its own), as another site would. */
async function serveOnce(html: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
