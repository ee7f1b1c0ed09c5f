import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/core/logging/logger.js";
import { startDevSession, type DevSession } from "../../src/devkit/dev/start-dev-session.js";
import { CHROMIUM, CHROMIUM_LAUNCH, HAS_CHROMIUM } from "../support/chromium.js";

const IN_CI = process.env.CI === "true";

describe.runIf(!HAS_CHROMIUM && IN_CI)("the widget preview browser tests in CI", () => {
  it("have Chromium to run in", () => {
    expect.fail(`${CHROMIUM} is missing: .ci/run must install Debian's chromium (CI=true, so not skipped)`);
  });
});

/** A widget whose data item and button rules answer without leaving the machine. */
const MANIFEST = `version: 1
plugin: { urn: "urn:acme:widget-preview:0", name: Widget Preview }
scopes:
  - { scope: website:conversation:sessions, access: [read] }
  - { scope: website:conversation:messages, access: [read, write] }
widget:
  sections:
    - id: visitor
      title: Visitor
      items:
        - { id: greeting, type: data, label: Greeting, data: { name: "{conversation.meta.nickname}" } }
        - { id: wave, type: button, kind: hook, label: Wave, color: blue, data: { name: "{conversation.meta.nickname}" } }
    - id: order
      title: <b>Order</b>
      condition: "{conversation.meta.data.order_id}"
      items:
        - { id: order_id, type: data, label: Order, value: none }
rules:
  - id: greeting
    on: widget:data
    if: { path: data.item_id, equals: greeting }
    do:
      - action: reply
        with: { value: "Hello {{data.payload.data.name}}" }
  - id: wave
    on: widget:button
    if: { path: data.item_id, equals: wave }
    do:
      - action: send_message
        with: { type: note, content: "{{data.payload.data.name}} was waved at" }
`;

describe.runIf(HAS_CHROMIUM)("dev's widget preview in headless Chromium", () => {
  let browser: Browser;
  let context: BrowserContext | undefined;
  let session: DevSession | undefined;
  let dir: string | undefined;

  beforeAll(async () => {
    browser = await chromium.launch(CHROMIUM_LAUNCH);
  }, 30_000);
  afterAll(async () => {
    await browser.close();
  });
  afterEach(async () => {
    await context?.close();
    await session?.close(1_000);
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    context = undefined;
    session = undefined;
    dir = undefined;
  });

  it("fills a data item through POST /widget, and a button's press shows its effect in the conversation", async () => {
    dir = await mkdtemp(join(tmpdir(), "crisp-widget-preview-"));
    await writeFile(join(dir, "plugin.yaml"), MANIFEST);
    const printed: string[] = [];
    session = await startDevSession({
      manifest: "plugin.yaml",
      cwd: dir,
      log: createLogger({ level: "error", write: () => undefined }),
      print: (line) => printed.push(line),
    });
    const link = printed.find((line) => line.startsWith("[Demo Shop] widget preview: "))?.split(": ")[1];
    expect(link).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/widget-preview\?website_id=demo-website-1&session_id=session_demo-website-1$/,
    );
    session.simulator.createConversation("demo-website-1", {
      session_id: "session_demo-website-1",
      meta: { nickname: "Jane" },
    });
    context = await browser.newContext({ viewport: { width: 480, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));

    await page.goto(link ?? "");

    await expect.poll(() => page.textContent('[data-item="greeting"] .value'), { timeout: 15_000 }).toBe("Hello Jane");
    const fetched = session.simulator.calls({ route: "sendMessageInConversation" });
    expect(fetched).toEqual([]);
    await page.click("text=Wave");
    await expect.poll(() => page.textContent("#status"), { timeout: 15_000 }).toBe("Wave: done");
    await expect
      .poll(() => page.textContent("#messages"), { timeout: 15_000 })
      .toContain("private note: Jane was waved at");
    expect(await page.textContent('[data-section="order"] h2')).toBe("<b>Order</b>");
    expect(await page.textContent('[data-section="order"] .note')).toBe(
      "hidden in Crisp: {conversation.meta.data.order_id} is empty in this conversation",
    );
    expect(errors).toEqual([]);
  });
});
