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
 * WEBHOOK_SECRET (`npm start` does both with development values). An `unread.digest` is printed
 * as the email a host would send for it (`digestEmail`).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";
import type { UnreadDigest } from "../src/server/inbox/digest-plan.js";

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

/**
 * The email an `unread.digest` makes: to the user (your backend knows their address by id), one
 * section per conversation with the messages it quotes. Replies come back to
 * `reply+<conversationId>@` your domain, for your inbound mail handler to post (see README).
 */
export function digestEmail(digest: UnreadDigest, domain = "example.com"): { to: string; subject: string; replyTo?: string; text: string } {
  const unread = digest.conversations.reduce((total, conversation) => total + conversation.unread, 0);
  const titles = digest.conversations.map((conversation) => conversation.title);
  const subject = `${unread} unread ${unread === 1 ? "message" : "messages"} in ${titles.length > 2 ? `${titles[0]} and ${titles.length - 1} more` : titles.join(" and ")}`;
  const sections = digest.conversations.map((conversation) => {
    const more = conversation.unread - conversation.messages.length;
    return [
      `${conversation.title} (${conversation.unread} unread)`,
      ...conversation.messages.map((message) => `  ${message.senderName}: ${message.text.replaceAll("\n", "\n    ")}`),
      ...(more > 0 ? [`  …and ${more} more`] : []),
    ].join("\n");
  });
  // One conversation: a reply goes to it. Several: the reader opens the chat to answer.
  const replyTo = digest.conversations.length === 1 ? `reply+${digest.conversations[0]!.conversationId}@${domain}` : undefined;
  const closing = replyTo ? "Reply to this email to answer." : "Open the chat to answer.";
  return {
    to: `<address of ${digest.userId}>`,
    subject,
    ...(replyTo ? { replyTo } : {}),
    text: [`Hi ${digest.name},`, "", ...sections.flatMap((section) => [section, ""]), closing].join("\n"),
  };
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
        if (event.type === "unread.digest") {
          const email = digestEmail(event.data as UnreadDigest);
          console.log(`--- email\nTo: ${email.to}\n${email.replyTo ? `Reply-To: ${email.replyTo}\n` : ""}Subject: ${email.subject}\n\n${email.text}\n---`);
        } else console.log(event.type, JSON.stringify(event.data));
      }
      response.writeHead(204).end();
    });
  }).listen(port, "127.0.0.1", () => console.log(`webhook receiver: http://127.0.0.1:${port}/webhooks`));
}
