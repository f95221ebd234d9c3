/**
 * Whether wrangler.jsonc's Durable Object migrations match the classes the Worker binds and
 * exports: replays the migrations in order, as Cloudflare applies them on deploy, and names
 * every mismatch with its fix. Pure; test/deploy/dry-run.test.ts reads the config and the
 * exported classes.
 */

/** One entry of wrangler.jsonc's `migrations`, the fields Cloudflare applies. */
export interface DurableObjectMigration {
  tag: string;
  new_classes?: string[];
  new_sqlite_classes?: string[];
  renamed_classes?: { from: string; to: string }[];
  deleted_classes?: string[];
  transferred_classes?: { from: string; from_script: string; to: string }[];
}

export interface DurableObjectConfig {
  durable_objects?: { bindings?: { name: string; class_name: string; script_name?: string }[] };
  migrations?: DurableObjectMigration[];
}

/**
 * What is wrong, one sentence each; none when every class bound here (not another Worker's) is
 * created by exactly one migration as SQLite-backed and not deleted since, every class a
 * migration leaves standing is bound, and `exported` (the Durable Object classes the Worker's
 * entry exports) are the bound ones.
 */
export function migrationProblems(config: DurableObjectConfig, exported: readonly string[]): string[] {
  const problems: string[] = [];
  const standing = new Set<string>();
  const tags = new Set<string>();
  for (const migration of config.migrations ?? []) {
    const { tag } = migration;
    if (tags.has(tag)) problems.push(`the migration tag ${tag} is used twice: each migration needs a tag of its own`);
    tags.add(tag);
    const create = (name: string) => {
      if (standing.has(name)) problems.push(`migration ${tag} creates ${name}, which an earlier migration created: create a class once`);
      standing.add(name);
    };
    for (const name of migration.new_sqlite_classes ?? []) create(name);
    for (const name of migration.new_classes ?? []) {
      problems.push(`migration ${tag} creates ${name} with key-value storage: Confab's objects use SQL, so name it in new_sqlite_classes`);
      create(name);
    }
    for (const { from, to } of migration.renamed_classes ?? []) {
      if (!standing.delete(from)) problems.push(`migration ${tag} renames ${from}, which no earlier migration left standing`);
      create(to);
    }
    for (const name of migration.deleted_classes ?? []) {
      if (!standing.delete(name)) problems.push(`migration ${tag} deletes ${name}, which no earlier migration left standing`);
    }
    for (const { to } of migration.transferred_classes ?? []) create(to);
  }
  const bound = new Set((config.durable_objects?.bindings ?? []).filter(({ script_name }) => !script_name).map(({ class_name }) => class_name));
  for (const name of bound) {
    if (!standing.has(name)) problems.push(`${name} is bound but no migration creates it: add a migration with "new_sqlite_classes": ["${name}"] (or "renamed_classes" from its old name)`);
    if (!exported.includes(name)) problems.push(`${name} is bound but the Worker does not export it`);
  }
  for (const name of standing) {
    if (!bound.has(name)) problems.push(`migrations leave ${name} standing but nothing binds it: bind it, or add a migration that renames or deletes it`);
  }
  for (const name of exported) {
    if (!bound.has(name)) problems.push(`the Worker exports the Durable Object class ${name} but durable_objects.bindings does not bind it`);
  }
  return problems;
}
