/**
 * Bringing a Durable Object's SQLite tables up to date: its schema is an ordered list of
 * migrations, and the object records how many it has run. Every migration is written so that
 * running it again is harmless, since objects stored before the count was kept run them all once.
 */

/** One step of a schema: what it adds, and the SQL that adds it. */
export interface Migration {
  name: string;
  up(sql: SqlStorage): void;
}

/** Runs the migrations `sql` has not run yet, in order. */
export function migrate(sql: SqlStorage, migrations: readonly Migration[]): void {
  sql.exec("CREATE TABLE IF NOT EXISTS schema_version (singleton INTEGER PRIMARY KEY CHECK (singleton = 1), version INTEGER NOT NULL)");
  const [row] = sql.exec<{ version: number }>("SELECT version FROM schema_version").toArray();
  const ran = row?.version ?? 0;
  if (ran >= migrations.length) return;
  for (const migration of migrations.slice(ran)) migration.up(sql);
  sql.exec("INSERT OR REPLACE INTO schema_version (singleton, version) VALUES (1, ?)", migrations.length);
}

/** Adds `column` to `table` unless it is there. */
export function addColumn(sql: SqlStorage, table: string, column: string, type: string): void {
  if (sql.exec(`SELECT 1 FROM pragma_table_info('${table}') WHERE name = ?`, column).toArray().length === 0) {
    sql.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
  }
}
