import { readFile, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import { sendWidgetAction, type WidgetActionInput } from "../../src/devkit/simulator/send-widget-action.js";
import { REPO_ROOT, runEnvironment, TestWorld, type RunningCli } from "./runtime-harness.js";

/** Distinctive, so that a log line carrying them would be found. */
const SECRET = "widget-secret-8e21f4";
const TOKEN = "website-token-3b9d77";
const URN = "urn:northwind-apps:order-widget:0";

const world = new TestWorld();
const shops: Server[] = [];
afterEach(async () => {
  await world.dispose();
  await Promise.all(shops.splice(0).map((shop) => new Promise((resolve) => shop.close(resolve))));
});

interface ShopRequest {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
  readonly body: string;
}

/** A shop API on loopback: order 1042 is shipped, and can be refunded. Records every request. */
async function startShop(): Promise<{ port: number; requests: ShopRequest[] }> {
  const requests: ShopRequest[] = [];
  const shop = createServer((request: IncomingMessage, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      requests.push({
        method: request.method ?? "",
        url: request.url ?? "",
        authorization: request.headers.authorization,
        body,
      });
      const known = request.url === "/v1/orders/1042" || request.url === "/v1/orders/1042/refund";
      response.writeHead(known ? 200 : 404, { "content-type": "application/json" });
      response.end(JSON.stringify(request.method === "POST" ? { refunded: true } : { id: "1042", status: "shipped" }));
    });
  });
  shops.push(shop);
  await new Promise<void>((resolve) => shop.listen(0, "127.0.0.1", resolve));
  const address = shop.address();
  return { port: typeof address === "object" && address !== null ? address.port : 0, requests };
}

/**
 * The order-widget recipe, run by `crisp-plugin run` (in-process, through the CLI's `main`) against
 * the simulator (Web Hooks mode: no socket to wait for), calling the loopback shop.
 */
async function runningOrderWidget(
  secrets: Record<string, string> = { CRISP_HOOKS_SECRET: "hooks-secret-1", CRISP_WIDGET_SECRET: SECRET },
): Promise<{
  sim: CrispSimulator;
  child: RunningCli;
  widgetUrl: string;
  shop: ShopRequest[];
}> {
  const shop = await startShop();
  const host = `127.0.0.1:${shop.port}`;
  const recipe = await readFile(join(REPO_ROOT, "recipes", "order-widget", "plugin.yaml"), "utf8");
  const dir = await world.pluginDir();
  await writeFile(
    join(dir, "plugin.yaml"),
    recipe
      .replaceAll("api.shop.example", host)
      .replace("default: https://", "default: http://")
      .replace('pattern: "^https://"', 'pattern: "^http://"'),
  );
  const sim = await world.simulator({
    pluginUrn: URN,
    websites: [{ website_id: "website-1", token: TOKEN, settings: { shop_api_key: "shop-key-1" } }],
  });
  sim.createConversation("website-1", {
    session_id: "session-1",
    meta: { nickname: "Jane", data: { order_id: "1042" } },
  });
  const child = world.start(
    ["run", "plugin.yaml"],
    dir,
    runEnvironment(sim, { CRISP_RTM_MODE: "webhooks", ...secrets }),
  );
  const port = await child.ready();
  return { sim, child, widgetUrl: `http://127.0.0.1:${port}/widget`, shop: shop.requests };
}

const STATUS_ITEM: WidgetActionInput = {
  website_id: "website-1",
  session_id: "session-1",
  item_id: "order_status",
  section_id: "order",
  type: "data",
  data: { order_id: "{conversation.meta.data.order_id}" },
};

const REFUND_BUTTON: WidgetActionInput = {
  website_id: "website-1",
  session_id: "session-1",
  item_id: "refund",
  section_id: "order",
  type: "button",
  data: { order_id: "{conversation.meta.data.order_id}", operator: "{operator.first_name}" },
};

describe("POST /widget, the Action URL of crisp-plugin run", () => {
  it("answers a signed data fetch with the value a rule's reply read from the shop", async () => {
    const { sim, widgetUrl, shop } = await runningOrderWidget();

    const answer = await sendWidgetAction(sim, widgetUrl, STATUS_ITEM, { secret: SECRET });

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { value: "shipped" } });
    expect(shop).toEqual([{ method: "GET", url: "/v1/orders/1042", authorization: "Bearer shop-key-1", body: "" }]);
  });

  it.each([
    ["the website's token is wrong", { tamper: "token" as const }],
    ["the signature does not match", { tamper: "signature" as const }],
  ])("answers 401 and runs nothing when %s", async (_why, tamper) => {
    const { sim, child, widgetUrl, shop } = await runningOrderWidget();

    const fetch = await sendWidgetAction(sim, widgetUrl, STATUS_ITEM, { secret: SECRET, ...tamper });
    const press = await sendWidgetAction(sim, widgetUrl, REFUND_BUTTON, { secret: SECRET, ...tamper });

    expect([fetch.status, press.status]).toEqual([401, 401]);
    expect(fetch.body).toEqual({ error: "unauthorized", reason: "the website token or the signature does not match" });
    await child.waitForLines(/widget action refused \(401\)/, 2);
    expect(shop).toEqual([]);
    expect(sim.calls({ route: "sendMessageInConversation" })).toEqual([]);
    expect(child.lines().join("\n")).not.toContain(TOKEN);
    expect(child.lines().join("\n")).not.toContain(SECRET);
  });

  it("checks the signature with the hooks secret when CRISP_WIDGET_SECRET is not set", async () => {
    const { sim, widgetUrl } = await runningOrderWidget({ CRISP_HOOKS_SECRET: SECRET });

    const good = await sendWidgetAction(sim, widgetUrl, STATUS_ITEM, { secret: SECRET });
    const bad = await sendWidgetAction(sim, widgetUrl, STATUS_ITEM, { secret: "another-secret" });

    expect([good.status, bad.status]).toEqual([200, 401]);
  });

  it("answers 401 to a website that did not install the plugin", async () => {
    const { sim, widgetUrl, shop } = await runningOrderWidget();
    sim.install({ website_id: "website-2", token: "other-token" });
    sim.uninstall("website-2");

    const answer = await sendWidgetAction(
      sim,
      widgetUrl,
      { ...STATUS_ITEM, website_id: "website-2" },
      { secret: SECRET },
    );

    expect(answer.status).toBe(401);
    expect(shop).toEqual([]);
  });

  it("runs a button press delivered twice once: one refund, one private note", async () => {
    const { sim, child, widgetUrl, shop } = await runningOrderWidget();

    const first = await sendWidgetAction(sim, widgetUrl, REFUND_BUTTON, { secret: SECRET, timestamp: 1_767_000_000 });
    const again = await sendWidgetAction(sim, widgetUrl, REFUND_BUTTON, { secret: SECRET, timestamp: 1_767_000_000 });

    expect(first).toMatchObject({ status: 200, body: {} });
    expect(again).toMatchObject({ status: 200, body: {} });
    expect(again.sent).toEqual(first.sent);
    const note = await sim.waitForCall({ route: "sendMessageInConversation", sessionId: "session-1" });
    expect(note.body).toMatchObject({
      type: "note",
      content: "Order 1042 refunded by Sam from the Order widget.",
      origin: URN,
    });
    await child.waitForLine(/rule refund ran: http:done, send_message:done/);
    expect(child.matching(/widget button already handled \(duplicate delivery\)/)).toHaveLength(1);
    expect(shop.filter((request) => request.method === "POST")).toEqual([
      {
        method: "POST",
        url: "/v1/orders/1042/refund",
        authorization: "Bearer shop-key-1",
        body: JSON.stringify({ requested_by: "Sam" }),
      },
    ]);
    expect(sim.calls({ route: "sendMessageInConversation" })).toHaveLength(1);
  });
});
