/**
 * Dev: serves the demo pages and proxies `/parties` (the chat sockets), `/auth` and
 * `/attachments` to wrangler dev.
 * Build: two ES entries that share their chunks, `dist/confab.js` (every element and the
 * headless API) and `dist/confab-widget.js` (the `<chat-widget>` launcher, which loads the rest
 * on intent), and `dist/confab.iife.js`, a classic script that loads the launcher (global
 * `Confab`). `vite build --mode headless` then adds `dist/confab-headless.js`, the store API
 * alone (no Lit), as a pass of its own, so no chunk of the embed is shared with it.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { build, transform } from "esbuild";
import { minify } from "terser";
import ts from "typescript";
import { defineConfig, type LibraryOptions, type Plugin } from "vite";

const serverPort = process.env.CONFAB_SERVER_PORT ?? "8787";

/** Minifies the CSS inside Lit's css`` templates (the JS minifier leaves strings as they are). */
function minifyLitCss(): Plugin {
  return {
    name: "confab:minify-lit-css",
    apply: "build",
    async transform(code, id) {
      if (!id.endsWith(".styles.ts")) return null;
      let minified = code;
      for (const [template, text] of code.matchAll(/css`([^`$\\]*)`/g)) {
        const css = await transform(text!, { loader: "css", minify: true });
        // esbuild keeps custom property values as written: drop the spaces after their colons and commas.
        const code = css.code.trim().replace(/(--[\w-]+): /g, "$1:").replace(/, /g, ",");
        minified = minified.replace(template, `css\`${code}\``);
      }
      return { code: minified, map: null };
    },
  };
}

/**
 * Collapses each run of whitespace that holds a line break in Lit's html`` templates into one
 * space, which is how HTML shows it anyway (the JS minifier leaves template text as written).
 * Our templates keep no line breaks where they would show: markdown and the message bubble
 * (white-space: pre-wrap) are written on one line, and the textarea has no content.
 */
function minifyLitHtml(): Plugin {
  return {
    name: "confab:minify-lit-html",
    apply: "build",
    transform(code, id) {
      if (!id.includes("/src/components/") || !id.endsWith(".ts") || !code.includes("html`")) return null;
      const source = ts.createSourceFile(id, code, ts.ScriptTarget.Latest);
      const texts: ts.Node[] = [];
      const visit = (node: ts.Node): void => {
        if (ts.isTaggedTemplateExpression(node) && node.tag.getText(source) === "html") {
          const template = node.template;
          texts.push(...(ts.isTemplateExpression(template) ? [template.head, ...template.templateSpans.map((span) => span.literal)] : [template]));
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
      let minified = code;
      for (const text of texts.sort((a, b) => b.end - a.end)) {
        const start = text.getStart(source);
        minified = minified.slice(0, start) + minified.slice(start, text.end).replace(/\s*\n\s*/g, " ") + minified.slice(text.end);
      }
      return { code: minified, map: null };
    },
  };
}

/**
 * partysocket explains a missing EventTarget or WebSocket in two long help texts (~330 B gzip),
 * for Node setups: browsers have both, and Node users of the headless API pass `WebSocket`
 * to createChat. One line each says the same. Fails the build when partysocket's text changes,
 * so the replacement never silently stops applying.
 */
function shortenPartysocketHelp(): Plugin {
  const texts: [RegExp, string][] = [
    [/console\.error\(`\n  PartySocket requires[\s\S]*?still having trouble\.\n`\);/, 'console.error("partysocket: no global EventTarget; import partysocket/event-target-polyfill first");'],
    [/console\.error\(`‼️ No WebSocket implementation available\.[\s\S]*?\n`\);/, 'console.error("partysocket: no WebSocket implementation; pass options.WebSocket");'],
  ];
  return {
    name: "confab:shorten-partysocket-help",
    apply: "build",
    transform(code, id) {
      if (!id.endsWith("/partysocket/dist/ws.js")) return null;
      let shortened = code;
      for (const [text, line] of texts) {
        if (!text.test(shortened)) throw new Error(`partysocket's help text changed: update ${text} in vite.config.ts`);
        shortened = shortened.replace(text, line);
      }
      return { code: shortened, map: null };
    },
  };
}

/**
 * Lets the built files be imported where there is no DOM (a framework's server render): Lit's
 * browser build, which the bundle carries, reads `HTMLElement` and `document` as it loads. Like
 * Lit's own Node build (its `node` export condition), the element base extends `HTMLElement`
 * only where there is one, and lit-html makes its tree walker only where there is a document;
 * unlike it, no DOM shim comes along (16 B gzip on the launcher, where the shim is kilobytes):
 * Confab promises import, not rendering, on a server. src/components/define.ts registers
 * elements only where `customElements` exists. Fails the build when Lit's text changes, so the
 * bundle never silently stops importing in Node.
 */
function litImportsWithoutDom(): Plugin {
  const patches: Record<string, (code: string) => string | undefined> = {
    "/@lit/reactive-element/reactive-element.js": (code) =>
      code.includes(" extends HTMLElement{") ? code.replace(" extends HTMLElement{", " extends(globalThis.HTMLElement??Object){") : undefined,
    "/lit-html/lit-html.js": (code) => {
      const name = /\b(\w+)=document,/.exec(code)?.[1];
      const walker = `${name}.createTreeWalker(${name},`;
      if (!name || !code.includes(walker)) return undefined;
      return code.replace(`${name}=document,`, `${name}=globalThis.document,`).replace(walker, `${name}?.createTreeWalker(${name},`);
    },
  };
  return {
    name: "confab:lit-imports-without-dom",
    apply: "build",
    transform(code, id) {
      const patch = Object.entries(patches).find(([file]) => id.endsWith(file))?.[1];
      if (!patch) return null;
      const patched = patch(code);
      if (patched === undefined) throw new Error(`Lit's ${id} changed: update litImportsWithoutDom in vite.config.ts`);
      return { code: patched, map: null };
    },
  };
}

/**
 * Runs terser over the minified bundle: its extra passes take about 1 KB (gzip) more off the
 * embed than the bundler's minifier alone. The source map follows.
 * partysocket logs through `this._debug(…)` only when its `debug` option is set, which
 * src/transport/room-socket.ts never does: dropping those calls and their strings saves ~160 B
 * gzip. Pass `debug` there and this line must go.
 * Property names that start with `_` and a letter are partysocket's internals (`_ws`,
 * `_retryCount`…): terser shortens them (~160 B gzip). Lit's cross-version names start `_$` and
 * stay; Confab's own code and wire format use no such names, and must not.
 */
function terserAfterMinify(): Plugin {
  return {
    name: "confab:terser-after-minify",
    apply: "build",
    async generateBundle(options, bundle) {
      // One property name cache for every chunk of the build, so a shortened name is the same
      // wherever a property is read.
      let props: unknown;
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== "chunk") continue;
        const nameCache: { props?: unknown } = props ? { props } : {};
        const mapFile = bundle[`${chunk.fileName}.map`];
        const result = await minify(chunk.code, {
          ecma: 2020,
          // Only a module's top level is private: the classic script's must keep its `Confab`.
          module: options.format === "es",
          compress: { passes: 3, pure_funcs: ["this._debug"] },
          mangle: { properties: { regex: /^_[a-zA-Z]/ } },
          nameCache,
          sourceMap: chunk.map ? { content: JSON.stringify(chunk.map), url: `${chunk.fileName}.map` } : false,
        });
        props = nameCache.props;
        chunk.code = result.code!;
        if (mapFile?.type === "asset" && typeof result.map === "string") mapFile.source = result.map;
      }
    },
  };
}

/** `entry` bundled by esbuild into one minified classic script, with `define` replaced. */
async function classicBuild(entry: string, define: Record<string, string> = {}): Promise<string> {
  const result = await build({
    entryPoints: [resolve(import.meta.dirname, entry)],
    bundle: true,
    minify: true,
    format: "iife",
    target: "es2022",
    write: false,
    logLevel: "error",
    define,
    // No "use strict" (tsconfig's `strict` would add one): neither script relies on what it changes.
    tsconfigRaw: {},
  });
  return result.outputFiles[0]!.text;
}

/**
 * The classic script (src/classic.ts) is a few lines that load the ES embed next to it: built
 * here with esbuild beside the ES pass, as the lib build makes one format per pass.
 */
function classicScript(): Plugin {
  return {
    name: "confab:classic-script",
    apply: "build",
    async generateBundle(options, bundle) {
      if (options.format !== "es") return;
      // The ES launcher entry only re-exports its chunk: the loader imports that chunk itself,
      // one round trip fewer.
      const entry = bundle["confab-widget.js"];
      if (entry?.type !== "chunk" || entry.imports.length !== 1 || !/^export\{[^}]*\}from"[^"]+";?\s*$/.test(entry.code)) {
        throw new Error("dist/confab-widget.js is no longer a re-export of one chunk: update classicScript in vite.config.ts");
      }
      const source = await classicBuild("src/classic.ts", { __LAUNCHER__: JSON.stringify(entry.imports[0]) });
      this.emitFile({ type: "asset", fileName: "confab.iife.js", source });
    },
  };
}

/**
 * The service worker (src/sw/confab-sw.ts) is a script of its own, which the site hosts as
 * dist/confab-sw.js: built here with esbuild beside the ES pass, as the classic script is.
 */
function serviceWorker(): Plugin {
  return {
    name: "confab:service-worker",
    apply: "build",
    async generateBundle(options) {
      if (options.format !== "es") return;
      this.emitFile({ type: "asset", fileName: "confab-sw.js", source: await classicBuild("src/sw/confab-sw.ts") });
    },
  };
}

/**
 * The demo pages load the built files from `/dist/` as a CDN would serve them: as they are.
 * Vite's dev server would otherwise rewrite them as source modules (the classic script's
 * dynamic imports gain an `import` statement, which a classic script cannot hold).
 */
function serveDistAsBuilt(): Plugin {
  const dist = resolve(import.meta.dirname, "dist");
  return {
    name: "confab:serve-dist-as-built",
    apply: "serve",
    configureServer(server) {
      // The service worker at the site's root, as a host serves it, so its scope is every page.
      server.middlewares.use("/confab-sw.js", (_request, response) => {
        response.setHeader("content-type", "text/javascript");
        response.end(readFileSync(resolve(dist, "confab-sw.js")));
      });
      server.middlewares.use("/dist", (request, response, next) => {
        const file = resolve(dist, `.${decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname)}`);
        if (!file.startsWith(`${dist}/`) || !file.endsWith(".js") || !existsSync(file)) return next();
        response.setHeader("content-type", "text/javascript");
        response.end(readFileSync(file));
      });
    },
  };
}

const libraries: Record<"embed" | "headless", LibraryOptions> = {
  embed: {
    entry: { confab: resolve(import.meta.dirname, "src/index.ts"), "confab-widget": resolve(import.meta.dirname, "src/widget.ts") },
    formats: ["es"],
    fileName: (_format, entry) => `${entry}.js`,
  },
  headless: {
    entry: resolve(import.meta.dirname, "src/headless.ts"),
    formats: ["es"],
    fileName: () => "confab-headless.js",
  },
};

export default defineConfig(({ command, mode }) => ({
  plugins: [minifyLitCss(), minifyLitHtml(), litImportsWithoutDom(), shortenPartysocketHelp(), terserAfterMinify(), serveDistAsBuilt(), ...(mode === "headless" ? [] : [classicScript(), serviceWorker()])],
  // Host pages have no `process`; nanostores reads process.env.NODE_ENV to pick its checks.
  define: command === "build" ? { "process.env.NODE_ENV": JSON.stringify("production") } : {},
  server: {
    host: "127.0.0.1",
    proxy: {
      "/parties": { target: `http://127.0.0.1:${serverPort}`, ws: true },
      "/auth": { target: `http://127.0.0.1:${serverPort}` },
      "/attachments": { target: `http://127.0.0.1:${serverPort}` },
    },
  },
  build: {
    lib: mode === "headless" ? libraries.headless : libraries.embed,
    // The headless pass writes beside the embed's files, which the first pass has just made.
    emptyOutDir: mode !== "headless",
    target: "es2022",
    minify: true,
    // No comments in the bundle: its tree-shaking annotations (/* @__PURE__ */, some 270 B gzip)
    // have done their work once it is built.
    rolldownOptions: { output: { minify: true, comments: false } },
    sourcemap: true,
  },
}));
