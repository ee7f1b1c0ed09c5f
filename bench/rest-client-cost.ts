/**
 * What one REST call costs the client, in CPU: Node's global `fetch` (what crisp-api uses) against
 * undici's `request` (what the runtime's `request-crisp.ts` uses, with one deadline per request as
 * it has), each POSTing a message-sized JSON body to a loopback server answering Crisp's envelope.
 * CPU is the whole process's (the server's share is the same for both). Development tool:
 * `node --import tsx bench/rest-client-cost.ts [requests] [in flight]` (5,000 and 16 by default).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent, request } from "undici";

const requests = Number(process.argv[2] ?? 5_000);
const inFlight = Number(process.argv[3] ?? 16);
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ error: false, reason: "dispatched", data: { fingerprint: 123 } }));
  });
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/website/w/conversation/session_x/message`;
const body = JSON.stringify({ type: "text", from: "operator", origin: "chat", content: "Thanks for your message" });
const headers = { "X-Crisp-Tier": "plugin", Authorization: "Basic aWQ6a2V5", "Content-Type": "application/json" };
const agent = new Agent();

const viaFetch = async (): Promise<unknown> => {
  const response = await fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(10_000) });
  return JSON.parse(await response.text()) as unknown;
};
const viaRequest = async (): Promise<unknown> => {
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort();
  }, 10_000);
  try {
    const response = await request(url, {
      method: "POST",
      headers,
      body,
      signal: controller.signal,
      dispatcher: agent,
    });
    return JSON.parse(await response.body.text()) as unknown;
  } finally {
    clearTimeout(timer);
  }
};

async function measure(name: string, call: () => Promise<unknown>): Promise<void> {
  for (let index = 0; index < 500; index += 1) await call(); // warm-up
  const cpu = process.cpuUsage();
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next++ < requests) await call();
    }),
  );
  const used = process.cpuUsage(cpu);
  process.stdout.write(`${name}: ${((used.user + used.system) / requests).toFixed(0)} µs of CPU per request\n`);
}

for (let round = 1; round <= 2; round += 1) {
  await measure("fetch          ", viaFetch);
  await measure("undici request ", viaRequest);
}
server.close();
await agent.close();
