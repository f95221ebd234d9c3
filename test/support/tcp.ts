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

/** A TCP proxy on 127.0.0.1 that holds back the server's first answer on each connection by `delayMs`. */
export class SlowLink {
  readonly #sockets = new Set<Socket>();

  private constructor(
    readonly server: Server,
    readonly port: number,
  ) {}

  static async open(targetPort: number, delayMs: number): Promise<SlowLink> {
    let link: SlowLink | undefined;
    const { server, port } = await listenLocally((client) => link!.#forward(client, targetPort, delayMs));
    link = new SlowLink(server, port);
    return link;
  }

  #forward(client: Socket, targetPort: number, delayMs: number): void {
    const upstream = connectUpstream(client, targetPort, this.#sockets);
    const opensAt = Date.now() + delayMs;
    client.pipe(upstream);
    upstream.on("data", (chunk: Buffer) => {
      const wait = opensAt - Date.now();
      if (wait <= 0) return void client.write(chunk);
      upstream.pause();
      setTimeout(() => {
        client.write(chunk);
        upstream.resume();
      }, wait);
    });
  }

  close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
