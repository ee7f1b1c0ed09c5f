/**
 * Takes docs/settings-page.png: the settings page of docs/settings-page.example.yaml, as Crisp
 * opens it for a website, drawn by Debian's Chromium (never a downloaded browser).
 *
 *   node --import tsx scripts/screenshot-settings-page.ts [output.png] [--width 720] [--locale fr]
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { createLogger } from "../src/core/logging/logger.js";
import { startRuntime } from "../src/runtime/run/start-runtime.js";
import { settingsPageLink } from "../src/runtime/settings-page/settings-page-link.js";
import { startCrispSimulator } from "../src/devkit/simulator/start-crisp-simulator.js";
import { CHROMIUM, CHROMIUM_LAUNCH, HAS_CHROMIUM } from "../test/support/chromium.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const WEBSITE = { website_id: "8c842203-7ed8-4e29-a608-7cf78a7d2fcc", token: "token-of-the-acme-website" };

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { width: { type: "string", default: "720" }, locale: { type: "string" } },
});
const output = resolve(positionals[0] ?? resolve(ROOT, "docs", "settings-page.png"));
if (!HAS_CHROMIUM) {
  console.error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)`);
  process.exit(1);
}

const sim = await startCrispSimulator({
  pluginUrn: "urn:acme:support-assistant:0",
  websites: [{ ...WEBSITE, settings: { escalation_email: "support-leads@acme.example", max_replies: 2 } }],
});
const runtime = await startRuntime({
  manifest: "docs/settings-page.example.yaml",
  cwd: ROOT,
  identifier: sim.credentials.identifier,
  key: sim.credentials.key,
  restHost: sim.url,
  mode: "websockets",
  port: 0,
  host: "127.0.0.1",
  watch: false,
  log: createLogger({ level: "warn" }),
});
const browser = await chromium.launch(CHROMIUM_LAUNCH);
try {
  const page = await browser.newPage({
    viewport: { width: Number(values.width), height: 800 },
    javaScriptEnabled: false,
  });
  const link = settingsPageLink(`http://127.0.0.1:${runtime.port}`, WEBSITE.website_id, WEBSITE.token, values.locale);
  const response = await page.goto(link);
  if (response?.status() !== 200) throw new Error(`the settings page answered ${response?.status() ?? "nothing"}`);
  await page.screenshot({ path: output, fullPage: true });
  console.log(`wrote ${output}`);
} finally {
  await browser.close();
  await runtime.close();
  await sim.close();
}
