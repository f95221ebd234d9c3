/** TCP proxies on 127.0.0.1 that stand for a client's network in transport tests. */
import { connect, createServer, type Server, type Socket } from "node:net";

/** A listening server on a port the system picks, handing each connection to `onConnection`. */
export async function listenLocally(onConnection: (client: Socket) => void): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  server.on("connection", onConnection);
  return { server, port: (server.address() as { port: number }).port };
}

/**
 * Opens the upstream connection for `client` to `targetPort`, ties the two together (either
 * closing closes the other) and keeps both in `live` while open; the caller moves the bytes.
 */
export function connectUpstream(client: Socket, targetPort: number, live: Set<Socket>): Socket {
  const upstream = connect(targetPort, "127.0.0.1");
  for (const socket of [client, upstream]) {
    live.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => {
      live.delete(socket);
      (socket === client ? upstream : client).destroy();
    });
  }
  return upstream;
}
