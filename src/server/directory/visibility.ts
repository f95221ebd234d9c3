/**
 * The host's DIRECTORY_VISIBILITY: whom a user may find in the directory. "shared" when unset.
 * A value that is none of the three is refused, failing closed: the directory finds nobody
 * (as "nobody") and the error is logged once per isolate, naming the value and the choices.
 */
import type { DirectoryVisibility } from "../../protocol/index.js";

const CHOICES: readonly DirectoryVisibility[] = ["everyone", "shared", "nobody"];

let reported: string | undefined;

export function directoryVisibility(env: Cloudflare.Env): DirectoryVisibility {
  const value = env.DIRECTORY_VISIBILITY?.trim();
  if (value === undefined || value === "") return "shared";
  if ((CHOICES as readonly string[]).includes(value)) return value as DirectoryVisibility;
  if (reported !== value) {
    reported = value;
    console.error(`DIRECTORY_VISIBILITY is "${value}", not one of ${CHOICES.join(", ")}: the directory finds nobody until it is fixed`);
  }
  return "nobody";
}
