/** Size of the embed bundle as a site owner's visitors download it. */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { projectRoot } from "../scripts/servers.js";

export interface BundleSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export async function measureBundle(file = "dist/confab.js"): Promise<BundleSize> {
  const bundle = await readFile(join(projectRoot, file));
  return { file, bytes: bundle.length, gzipBytes: gzipSync(bundle, { level: 9 }).length };
}
