/**
 * Reading what wrangler dev left on disk for a Durable Object: its SQLite file with the
 * write-ahead log applied (workerd keeps recent writes in the `-wal` file), opened with sql.js
 * (SQLite in WebAssembly), so a test can look at every table and every raw byte the server
 * keeps. Used to prove that deleted text is gone and that touching an unknown id stores nothing;
 * `editDatabase` changes a file while its server is stopped, to stage what an older version left.
 */
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import initSqlJs, { type Database } from "sql.js";

const WAL_HEADER_BYTES = 32;
const FRAME_HEADER_BYTES = 24;

/** The SQLite files of one Durable Object class under a wrangler `--persist-to` folder (not the runtime's metadata). */
export async function objectFiles(persistTo: string, className: string): Promise<string[]> {
  const folder = join(persistTo, "v3", "do", `confab-${className}`);
  const names = await readdir(folder).catch(() => [] as string[]);
  return names.filter((name) => name.endsWith(".sqlite") && name !== "metadata.sqlite").map((name) => join(folder, name));
}

/** The main file and its write-ahead log, byte for byte: everything the object ever left on disk. */
export async function rawBytes(path: string): Promise<Buffer> {
  const [main, wal] = await Promise.all([readFile(path), readFile(`${path}-wal`).catch(() => Buffer.alloc(0))]);
  return Buffer.concat([main, wal]);
}

/** The database as SQLite would read it now: the main file with the log's committed frames applied. */
export async function openDatabase(path: string): Promise<Database> {
  const [main, wal] = await Promise.all([readFile(path), readFile(`${path}-wal`).catch(() => Buffer.alloc(0))]);
  const SQL = await initSqlJs();
  return new SQL.Database(applyWal(main, wal));
}

/**
 * Runs `edit` on the database at `path` and writes it back as one file, its log folded in and
 * removed. Only while no server has the file open (between stop and start).
 */
export async function editDatabase(path: string, edit: (db: Database) => void): Promise<void> {
  const db = await openDatabase(path);
  try {
    edit(db);
    await writeFile(path, db.export());
  } finally {
    db.close();
  }
  await Promise.all([rm(`${path}-wal`, { force: true }), rm(`${path}-shm`, { force: true })]);
}

/** The SQLite files of the D1 databases under a wrangler `--persist-to` folder. */
export async function d1Files(persistTo: string): Promise<string[]> {
  const folder = join(persistTo, "v3", "d1", "miniflare-D1DatabaseObject");
  const names = await readdir(folder).catch(() => [] as string[]);
  return names.filter((name) => name.endsWith(".sqlite") && name !== "metadata.sqlite").map((name) => join(folder, name));
}

function applyWal(main: Buffer, wal: Buffer): Uint8Array {
  if (wal.length < WAL_HEADER_BYTES) return withRollbackHeader(Buffer.from(main));
  const pageSize = wal.readUInt32BE(8);
  const salts = [wal.readUInt32BE(16), wal.readUInt32BE(20)];
  const frameBytes = FRAME_HEADER_BYTES + pageSize;
  const pages = new Map<number, Buffer>();
  let committed = new Map<number, Buffer>();
  let size = Math.ceil(main.length / pageSize);
  for (let offset = WAL_HEADER_BYTES; offset + frameBytes <= wal.length; offset += frameBytes) {
    // Frames of an earlier generation of the log carry other salts: the log ends there.
    if (wal.readUInt32BE(offset + 8) !== salts[0] || wal.readUInt32BE(offset + 12) !== salts[1]) break;
    const pageNumber = wal.readUInt32BE(offset);
    pages.set(pageNumber, wal.subarray(offset + FRAME_HEADER_BYTES, offset + frameBytes));
    const sizeAfterCommit = wal.readUInt32BE(offset + 4);
    if (sizeAfterCommit > 0) {
      committed = new Map(pages);
      size = sizeAfterCommit;
    }
  }
  const database = Buffer.alloc(size * pageSize);
  main.copy(database, 0, 0, Math.min(main.length, database.length));
  for (const [pageNumber, page] of committed) if (pageNumber <= size) page.copy(database, (pageNumber - 1) * pageSize);
  return withRollbackHeader(database);
}

/** sql.js has no log of its own to read: the header says the file needs none. */
function withRollbackHeader(database: Buffer): Uint8Array {
  if (database.length >= 20) database[18] = database[19] = 1;
  return new Uint8Array(database);
}

/** The user tables of `db` (not SQLite's, workerd's or miniflare's own, not virtual tables). */
export function tablesOf(db: Database): string[] {
  const [result] = db.exec(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND name NOT LIKE '\\_\\_%' ESCAPE '\\' AND sql NOT LIKE 'CREATE VIRTUAL%'",
  );
  return (result?.values ?? []).map(([name]) => String(name));
}

/** Every value in every user table of `db` as text (blobs as Latin-1), with where it was found. */
export function everyValue(db: Database): { table: string; value: string }[] {
  return tablesOf(db).flatMap((table) => {
    const [result] = db.exec(`SELECT * FROM "${table}"`);
    return (result?.values ?? []).flatMap((row) =>
      row.map((cell) => ({ table, value: cell instanceof Uint8Array ? Buffer.from(cell).toString("latin1") : String(cell) })),
    );
  });
}
