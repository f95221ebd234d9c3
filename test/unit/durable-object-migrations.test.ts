/** test/support/durable-object-migrations.ts: migrations that match the bound and exported classes, and each way they do not. */
import { it } from "node:test";
import assert from "node:assert/strict";
import { migrationProblems, type DurableObjectConfig } from "../support/durable-object-migrations.js";

const bind = (...classes: string[]) => ({ bindings: classes.map((name) => ({ name, class_name: name })) });

const confab: DurableObjectConfig = {
  durable_objects: bind("Conversation", "Inbox"),
  migrations: [
    { tag: "v1", new_sqlite_classes: ["Conversation"] },
    { tag: "v2", new_sqlite_classes: ["Inbox"] },
  ],
};

it("finds nothing wrong when each bound class is created once and exported", () => {
  assert.deepEqual(migrationProblems(confab, ["Conversation", "Inbox"]), []);
});

it("asks for a migration when a class is bound and exported but never created", () => {
  const config = { ...confab, durable_objects: bind("Conversation", "Inbox", "Room") };
  assert.deepEqual(migrationProblems(config, ["Conversation", "Inbox", "Room"]), [
    'Room is bound but no migration creates it: add a migration with "new_sqlite_classes": ["Room"] (or "renamed_classes" from its old name)',
  ]);
});

it("refuses a class created twice", () => {
  const config = { ...confab, migrations: [...confab.migrations!, { tag: "v3", new_sqlite_classes: ["Inbox"] }] };
  assert.deepEqual(migrationProblems(config, ["Conversation", "Inbox"]), ["migration v3 creates Inbox, which an earlier migration created: create a class once"]);
});

it("refuses key-value storage, which Confab's SQL cannot use", () => {
  const config = { ...confab, migrations: [{ tag: "v1", new_sqlite_classes: ["Conversation"] }, { tag: "v2", new_classes: ["Inbox"] }] };
  assert.match(migrationProblems(config, ["Conversation", "Inbox"]).join("\n"), /v2 creates Inbox with key-value storage/);
});

it("follows a rename to the class's new name", () => {
  const config = {
    durable_objects: bind("Conversation", "Mailbox"),
    migrations: [...confab.migrations!, { tag: "v3", renamed_classes: [{ from: "Inbox", to: "Mailbox" }] }],
  };
  assert.deepEqual(migrationProblems(config, ["Conversation", "Mailbox"]), []);
});

it("names a class that is gone from the bindings unless a later migration deletes or renames it", () => {
  const unbound = { ...confab, durable_objects: bind("Conversation") };
  assert.deepEqual(migrationProblems(unbound, ["Conversation"]), [
    "migrations leave Inbox standing but nothing binds it: bind it, or add a migration that renames or deletes it",
  ]);
  const deleted = { ...unbound, migrations: [...confab.migrations!, { tag: "v3", deleted_classes: ["Inbox"] }] };
  assert.deepEqual(migrationProblems(deleted, ["Conversation"]), []);
});

it("refuses to rename or delete a class no migration left standing", () => {
  const config = { ...confab, migrations: [...confab.migrations!, { tag: "v3", deleted_classes: ["Room"] }, { tag: "v4", renamed_classes: [{ from: "Room", to: "Inbox" }] }] };
  const problems = migrationProblems(config, ["Conversation", "Inbox"]);
  assert.ok(problems.includes("migration v3 deletes Room, which no earlier migration left standing"), problems.join("\n"));
  assert.ok(problems.includes("migration v4 renames Room, which no earlier migration left standing"), problems.join("\n"));
});

it("matches the bindings with the classes the Worker exports", () => {
  assert.deepEqual(migrationProblems(confab, ["Conversation", "Inbox", "Room"]), [
    "the Worker exports the Durable Object class Room but durable_objects.bindings does not bind it",
  ]);
  assert.deepEqual(migrationProblems(confab, ["Conversation"]), ["Inbox is bound but the Worker does not export it"]);
});

it("leaves classes bound from another Worker to that Worker's migrations", () => {
  const config = { ...confab, durable_objects: { bindings: [...bind("Conversation", "Inbox").bindings, { name: "Other", class_name: "Other", script_name: "other-worker" }] } };
  assert.deepEqual(migrationProblems(config, ["Conversation", "Inbox"]), []);
});

it("refuses a tag used twice", () => {
  const config = { ...confab, migrations: [{ tag: "v1", new_sqlite_classes: ["Conversation"] }, { tag: "v1", new_sqlite_classes: ["Inbox"] }] };
  assert.deepEqual(migrationProblems(config, ["Conversation", "Inbox"]), ["the migration tag v1 is used twice: each migration needs a tag of its own"]);
});
