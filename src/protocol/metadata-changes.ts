/**
 * Merging changes into a metadata object (a conversation's): keys to set and keys to remove,
 * applied to the object as it stands, so members changing different keys at once keep both.
 * The merged object must still fit the metadata limit.
 */
import * as v from "valibot";
import { failure, type Failure } from "./answers.js";
import { LIMITS } from "./limits.js";
import { Metadata } from "./values.js";

export const MetadataChanges = v.object({
  /** Keys to add or overwrite. */
  set: v.optional(Metadata),
  /** Keys to delete; a key both set and removed is removed. The frame's size bounds how many. */
  remove: v.optional(v.array(v.string())),
});
export type MetadataChanges = v.InferOutput<typeof MetadataChanges>;

/** `current` with `changes` applied, or why the result may not be stored. */
export function mergeMetadata(current: Metadata | undefined, changes: MetadataChanges): { ok: true; metadata: Metadata } | Failure {
  const metadata: Metadata = { ...current, ...changes.set };
  for (const key of changes.remove ?? []) delete metadata[key];
  const bytes = JSON.stringify(metadata).length;
  if (bytes > LIMITS.metadataBytes) {
    return failure("bad_frame", `metadata would be ${bytes} bytes of JSON after these changes; at most ${LIMITS.metadataBytes} are allowed, so remove some keys`);
  }
  return { ok: true, metadata };
}
