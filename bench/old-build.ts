/**
 * An older commit's build, for benchmarks whose baseline is Confab before a change: the commit's
 * files (git archive) in a temporary folder with the project's node_modules linked, built with
 * `vite build` (its embed pass: dist/confab.js and, where that commit made one, dist/confab.iife.js).
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectRoot } from "../scripts/servers.js";

export interface OldBuild {
  /** The build's dist folder. */
  dist: string;
  remove: () => Promise<void>;
}

export async function buildCommit(commit: string): Promise<OldBuild> {
  const folder = await mkdtemp(join(tmpdir(), `confab-${commit}-`));
  try {
    execFileSync("sh", ["-c", `git archive ${commit} | tar -x -C ${JSON.stringify(folder)}`], { cwd: projectRoot });
    await symlink(join(projectRoot, "node_modules"), join(folder, "node_modules"));
    execFileSync("npx", ["vite", "build", "--logLevel", "error"], { cwd: folder, stdio: "inherit" });
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
  return { dist: join(folder, "dist"), remove: () => rm(folder, { recursive: true, force: true }) };
}
