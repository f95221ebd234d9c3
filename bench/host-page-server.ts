/**
 * The host pages of bench/host-page.ts: a plain page of text per contender, ending with its embed
 * lines, and each contender's built files from its own dist folder, served from loopback as a CDN
 * would: JavaScript gzip-compressed (level 9, as bench/bundle-size.ts counts it), nothing cached.
 */
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { join, normalize } from "node:path";
import { gzipSync } from "node:zlib";

export interface HostedEmbed {
  /** The path segment the contender's page and files are served under. */
  name: string;
  /** The built files' folder. */
  dist: string;
  /** The embed as the page's last lines, loading files from `dist/` next to the page. */
  embed: string;
}

const page = (embed: string) => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>A host page</title>
    <link rel="icon" href="data:," />
  </head>
  <body>
    <main>
      <h1>A plain HTML page</h1>
      <p>An article a visitor reads. The chat is the button in the corner, added by the two lines at the end of this page.</p>
      <p>Nothing else on this page runs script: what its main thread does is the page's own parsing and layout, and the embed.</p>
    </main>
    ${embed}
  </body>
</html>
`;

/** The origin's empty page: a browser context opens it first, so its renderer has started before a measured page. */
const BLANK = "<!doctype html><title>blank</title>";

/** Serves `/` (an empty page), `/<name>/` (the page) and `/<name>/dist/<file>` for every embed; resolves with the base URL. */
export async function startHostPages(embeds: readonly HostedEmbed[]) {
  const gzipped = new Map<string, Buffer>();
  const server = createServer((request, response) => {
    const [, name, ...rest] = new URL(request.url ?? "/", "http://page").pathname.split("/");
    const hosted = embeds.find((embed) => embed.name === name);
    const path = rest.join("/");
    if (name === "") return void response.writeHead(200, { "content-type": "text/html" }).end(BLANK);
    if (!hosted) return void response.writeHead(404).end();
    if (path === "") return void response.writeHead(200, { "content-type": "text/html", "cache-control": "no-store" }).end(page(hosted.embed));
    const file = normalize(join(hosted.dist, path.replace(/^dist\//, "")));
    if (!path.startsWith("dist/") || !file.startsWith(`${hosted.dist}/`) || !file.endsWith(".js")) return void response.writeHead(404).end();
    const cached = gzipped.get(file);
    const body = cached ? Promise.resolve(cached) : readFile(file).then((bytes) => gzipSync(bytes, { level: 9 }));
    body.then(
      (gzip) => {
        gzipped.set(file, gzip);
        response.writeHead(200, { "content-type": "text/javascript", "content-encoding": "gzip", "cache-control": "no-store" }).end(gzip);
      },
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
