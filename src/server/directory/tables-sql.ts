/** Makes the directory's tables (schema.ts) on D1 on first use, once per isolate. */
import { DIRECTORY_SCHEMA } from "./schema.js";

/** The tables being made, or made, in this isolate (one deployment, one directory). */
let made: Promise<void> | undefined;

/** `db` once its tables exist; a failure is tried again on the next call. */
export async function directoryTables(db: D1Database): Promise<D1Database> {
  made ??= db.batch(DIRECTORY_SCHEMA.map((statement) => db.prepare(statement))).then(
    () => undefined,
    (error: unknown) => {
      made = undefined;
      throw error;
    },
  );
  await made;
  return db;
}

/**
 * `db` for reads that may lag a moment behind writes (searches, "do these two share a
 * conversation"): deployed, D1 answers them from the nearest read replica, so searching scales
 * with replicas rather than one primary. Reads that must see every write (the server API's
 * deletion) use `directoryTables`.
 */
export async function directoryReads(db: D1Database): Promise<D1DatabaseSession> {
  return (await directoryTables(db)).withSession("first-unconstrained");
}
