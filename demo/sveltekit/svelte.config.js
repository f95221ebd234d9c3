/**
 * The SvelteKit demo's settings: built for Node (adapter-node, `node dist/app`), everything it
 * writes under dist/. SvelteKit reads this file from the working folder: build from here.
 */
import adapter from "@sveltejs/adapter-node";

export default {
  kit: {
    adapter: adapter({ out: "dist/app" }),
    outDir: "dist/kit",
  },
};
