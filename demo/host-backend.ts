/**
 * What a host site's backend does for Confab: sign a short-lived JWT for the signed-in user
 * with the secret it shares with the Confab server (JWT_SECRET). Run it to try:
 *
 *   npx tsx demo/host-backend.ts        # then GET http://127.0.0.1:8790/chat-token?user=alice&name=Alice
 *
 * A real backend takes the user from its own session, never from the query string.
 */
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";
import { SignJWT } from "jose";

export interface ChatUser {
  id: string;
  name: string;
  avatar?: string;
}

export async function signChatToken(secret: string, user: ChatUser, ttlSeconds = 60 * 60): Promise<string> {
  return new SignJWT({ name: user.name, ...(user.avatar ? { avatar: user.avatar } : {}) })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(user.id)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(new TextEncoder().encode(secret));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const secret = process.env.JWT_SECRET ?? "local-dev-jwt-secret";
  createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const id = url.searchParams.get("user");
    if (url.pathname !== "/chat-token" || !id) {
      response.writeHead(404).end("GET /chat-token?user=ID&name=NAME");
      return;
    }
    const token = await signChatToken(secret, { id, name: url.searchParams.get("name") ?? id });
    response.writeHead(200, { "content-type": "application/json", "access-control-allow-origin": "*" });
    response.end(JSON.stringify({ token }));
  }).listen(8790, "127.0.0.1", () => console.log("host backend: http://127.0.0.1:8790/chat-token?user=alice&name=Alice"));
}
