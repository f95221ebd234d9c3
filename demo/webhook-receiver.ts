/**
 * A host backend's webhook endpoint, as small as it can safely be: it checks each delivery's
 * `Confab-Signature` (HMAC-SHA256 of `${t}.${body}` with WEBHOOK_SECRET), refuses timestamps
 * more than five minutes off (a captured delivery cannot be replayed later), answers 2xx only
 * once it has taken the event, and skips an event id it has already seen (retries resend the
 * same id).
 *
 *   CONFAB_WEBHOOK_SECRET=... npx tsx demo/webhook-receiver.ts   # listens on 127.0.0.1:8791
 *
 * and start the server with WEBHOOK_URLS=http://127.0.0.1:8791/webhooks and the same
 * WEBHOOK_SECRET (`npm start` does both with development values).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";

/** Deliveries signed longer ago (or further ahead) than this are refused. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * Whether `signatureHeader` (`t=<unix>,v1=<hex>`) signs `body` with `secret` at a time within
 * the tolerance of `now` (unix seconds). `body` must be the raw text received, unparsed.
 */
export function verifyWebhookSignature(
  secret: string,
  signatureHeader: string | undefined,
  body: string,
  now = Math.floor(Date.now() / 1000),
): boolean {
  const fields = new Map((signatureHeader ?? "").split(",").map((part) => part.trim().split("=", 2) as [string, string]));
  const timestamp = Number(fields.get("t"));
  const signature = fields.get("v1") ?? "";
  if (!Number.isInteger(timestamp) || Math.abs(now - timestamp) > SIGNATURE_TOLERANCE_SECONDS) return false;
  const expected = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest();
  const given = Buffer.from(signature, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const secret = process.env.CONFAB_WEBHOOK_SECRET ?? "local-dev-webhook-secret";
  const port = Number(process.env.WEBHOOK_PORT ?? 8791);
  const seen = new Set<string>();
  createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      if (request.method !== "POST" || !verifyWebhookSignature(secret, request.headers["confab-signature"] as string | undefined, body)) {
        response.writeHead(401).end("bad or stale signature");
        return;
      }
      const event = JSON.parse(body) as { id: string; type: string; data: unknown };
      if (!seen.has(event.id)) {
        seen.add(event.id);
        console.log(event.type, JSON.stringify(event.data));
      }
      response.writeHead(204).end();
    });
  }).listen(port, "127.0.0.1", () => console.log(`webhook receiver: http://127.0.0.1:${port}/webhooks`));
}
