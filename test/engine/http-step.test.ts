import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CrispRest } from "../../src/core/ports/crisp-rest.js";
import { handleEvent } from "../../src/core/engine/handle-event.js";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import { SESSION, startWorld, visitorMessage, WEBSITE } from "../actions/action-harness.js";
import { createTempDir, engineDeps, loadRuleSet, logStep, websiteFor, type TempDir } from "./engine-harness.js";

let sim: CrispSimulator;
let crisp: CrispRest;
let dir: TempDir;
let crm: Server;
let crmHost: string;
let received: { url: string; headers: IncomingHttpHeaders; body: string }[];

beforeEach(async () => {
  ({ sim, crisp } = await startWorld());
  dir = await createTempDir();
  received = [];
  // An outside CRM that knows the plan of each conversation.
  crm = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      received.push({ url: request.url ?? "", headers: request.headers, body });
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ plan: "enterprise", seats: 40 }));
    });
  });
  await new Promise<void>((resolve) => crm.listen(0, "127.0.0.1", resolve));
  crmHost = `127.0.0.1:${String((crm.address() as AddressInfo).port)}`;
});
afterEach(async () => {
  await dir.remove();
  await new Promise((resolve) => crm.close(resolve));
  await sim.close();
});

describe("an http step run by the engine", () => {
  it("sends the rendered URL, headers and body, and its answer is steps.<id> for the next steps", async () => {
    const { manifest, ruleSet } = await loadRuleSet(dir, {
      settings: {
        type: "object",
        properties: { crm_host: { type: "string" }, crm_token: { type: "string" } },
      },
      http: { allow: [crmHost] },
      rules: [
        {
          id: "enrich",
          on: "message:send",
          do: [
            {
              action: "http",
              id: "crm",
              with: {
                url: "http://{{settings.crm_host}}/plans/{{data.session_id}}",
                headers: { authorization: "Bearer {{settings.crm_token}}" },
                body: { website: "{{website.id}}", text: "{{data.content}}" },
              },
            },
            {
              action: "add_segments",
              with: { segments: ["plan-{{steps.crm.body.plan}}"] },
              if: { path: "steps.crm.body.seats", gte: 10 },
            },
            logStep("CRM answered {{steps.crm.status}}"),
          ],
        },
      ],
    });
    const { deps, info } = engineDeps(crisp);
    const website = websiteFor(manifest, { crm_host: crmHost, crm_token: "s3cret" });

    const record = await handleEvent(ruleSet, visitorMessage("upgrade?"), website, deps);

    expect(received).toHaveLength(1);
    expect(received[0]?.url).toBe(`/plans/${SESSION}`);
    expect(received[0]?.headers.authorization).toBe("Bearer s3cret");
    expect(JSON.parse(received[0]?.body ?? "")).toEqual({ website: WEBSITE, text: "upgrade?" });
    expect(record.rules[0]?.steps[0]?.result).toEqual({ status: 200, body: { plan: "enterprise", seats: 40 } });
    expect(sim.conversation(WEBSITE, SESSION)?.meta.segments).toEqual(["vip", "plan-enterprise"]);
    expect(info()).toEqual(["CRM answered 200"]);
  });

  it("fails the step with HOST_NOT_ALLOWED when a templated host renders to one outside http.allow", async () => {
    const { manifest, ruleSet } = await loadRuleSet(dir, {
      settings: { type: "object", properties: { crm_host: { type: "string" } } },
      http: { allow: [crmHost] },
      rules: [
        {
          id: "enrich",
          on: "message:send",
          do: [{ action: "http", with: { url: "http://{{settings.crm_host}}/plans" } }, logStep("after")],
        },
        { id: "other", on: "message:send", do: [logStep("other rule")] },
      ],
    });
    const { deps, info } = engineDeps(crisp);
    const website = websiteFor(manifest, { crm_host: "169.254.169.254" });

    const record = await handleEvent(ruleSet, visitorMessage(), website, deps);

    expect(record.rules[0]?.steps[0]).toMatchObject({
      outcome: "failed",
      code: "HOST_NOT_ALLOWED",
      reason: "http: host 169.254.169.254 is not listed in http.allow",
    });
    expect(info()).toEqual(["other rule"]);
    expect(received).toEqual([]);
  });
});
