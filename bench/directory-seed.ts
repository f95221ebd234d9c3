/**
 * Seeds a local directory (D1 under a wrangler `--persist-to` folder) with generated people,
 * before its server starts: 100,000 users through sign-ins or the server API would take far
 * longer than the benchmark itself. The rows are made by the directory's own code (its CREATE
 * statements, its terms and sort keys), written as a SQL file and run with
 * `wrangler d1 execute DIRECTORY --local --persist-to`.
 */
import { execFile } from "node:child_process";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { DIRECTORY_SCHEMA } from "../src/server/directory/schema.js";
import { sortKeyOf, termsOf } from "../src/server/directory/terms.js";
import { projectRoot } from "../scripts/servers.js";
import { openDatabase } from "../test/support/sqlite-files.js";

// A few hundred first and last names from many languages, some with accents, apostrophes and
// hyphens, so terms hold folded letters and pieces as real names do.
export const FIRST_NAMES = `Aaron Abigail Adam Adèle Adrián Agnès Ahmed Aiko Aisha Alan Albert Alejandro Alessandro Alex
Alexandra Alice Alicia Alma Amélie Amir Ana Anaïs Andrea Andrés André Andrzej Angela Anna Anne Antoine Antonio Ari
Arjun Arthur Astrid Aurélie Ava Axel Beatriz Ben Benjamin Bernard Björn Blanca Bruno Camille Carla Carlos Carmen
Caroline Catalina Cécile Charlotte Chen Chiara Chloé Christian Christine Claire Clara Claude Clément Cristina Dalia
Daniel Daniela David Diana Diego Dmitri Dominik Dora Dylan Edith Eduardo Elena Eli Elif Élise Ella Emil Émile
Emilia Emma Enzo Eric Erik Ernesto Esther Ethan Eva Fabian Fatima Felipe Félix Fernando Fiona Florian François Frida
Gabriel Gabriela Gaël Georg Gérard Giulia Grace Greta Guillaume Gustavo Hana Hannah Hans Harper Héctor Helena Hélène
Henri Hiroshi Hugo Ibrahim Ignacio Inès Ingrid Irene Isaac Isabel Isabella Iván Jack Jakob James Jan Javier Jean
Jean-Luc Jean-Pierre Jérôme Jesús Joana Joël John Jonas Jorge José Josefina Juan Julia Julián Julie Jürgen Kai Karin
Karl Kateřina Kenji Kevin Khalid Kim Klara Lars Laura Léa Leila Léo León Leonie Liam Lina Linnea Lucas Lucía Luis
Luka Łukasz Mads Magnus Maja Malik Manon Manuel Marc Marcel Marco Margaux Margot María Maria Marie Marie-Claire Marek
Mario Marion Marta Martin Martina Mateo Mathilde Matías Matteo Maxime Maya Mehmet Mei Mia Michael Michał Miguel Mika
Milan Mina Miriam Mohammed Mónica Nadia Nathan Nicolás Nicole Niklas Nils Nina Noah Noé Noémie Nora Olga Oliver
Olivia Omar Óscar Pablo Paola Patricia Paul Paula Pedro Per Pierre Pilar Priya Rafael Rahul Raphaël Raúl Rebecca
Renée Ricardo Rita Roberto Rocío Rosa Ruth Sakura Salomé Samuel Sara Sarah Sebastián Séverine Shira Simón Sofia Sofía
Søren Stefan Susana Svetlana Tatiana Théo Thomas Tobias Tomás Valentina Valérie Vera Víctor Vincent Wei Wilhelm Xavier
Yara Yasmin Yusuf Zoé Zoë Zoey Zofia`.split(/\s+/);

export const LAST_NAMES = `Abbott Acosta Adler Ahn Alonso Álvarez Andersen Andersson Arnaud Aubert Bach Baker Barbier Bauer Becker
Benoît Berg Bernard Berger Bianchi Blanc Blanco Böhm Bonnet Brandt Braun Brun Bruno Caron Carpentier Castillo Castro
Chen Chevalier Clément Colombo Conti Costa Cruz Dąbrowski Dahl David Delgado Díaz Dubois Dufour Dumont Dupont Durand
Eriksson Esposito Fabre Falk Faure Fernández Ferrari Ferreira Fischer Fontaine Fournier François Fuchs Gallo Garcia
García Garnier Garrido Gauthier Gérard Giraud Gómez González Greco Guerin Gutiérrez Haas Hahn Hansen Hartmann Hernández
Herrera Hoffmann Horvath Hughes Ibáñez Iglesias Ivanova Jakobsen Jensen Jiménez Johansson Jung Kaiser Kang Keller
Kim Klein Koch König Kovács Kowalski Krause Krüger Kuhn Lambert Lang Larsen Laurent Lefebvre Legrand Lehmann Leroy
León Lewandowski Li Lindqvist Lombardi López Lorenz Lozano Lund Maier Marchand Marín Marino Martel Martin Martínez
Martins Mäkinen Medina Meier Mercier Meyer Michel Molina Moreau Moreno Morin Müller Muñoz Navarro Neumann Nguyen Nielsen
Noël Núñez O'Brien O'Connor Olsen Ortega Ortiz Park Pedersen Peña Pereira Pérez Perrin Petit Petrov Pham Pires Popescu
Ramírez Ramos Reyes Ricci Richter Rivera Robert Rodríguez Romano Romero Roussel Roux Rubio Ruiz Russo Saito Sánchez
Santos Sato Schäfer Schmidt Schneider Schröder Schulz Schwarz Silva Simon Sørensen Suárez Suzuki Svensson Szabó Tanaka
Thomas Torres Vargas Vasquez Vidal Vincent Vogel Wagner Walter Wang Weber Weiß Wolf Wójcik Yamamoto Yılmaz Zimmermann
Zhang Zielinski Żak`.split(/\s+/);

export interface SeedPerson {
  id: string;
  name: string;
}

/** The id of the `index`th generated person: `u000123`. */
export const personId = (index: number): string => `u${String(index).padStart(6, "0")}`;

/** A small seeded generator (mulberry32): the same people every run, and in every directory. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** The first `count` generated people: a directory of 1,000 holds the first 1,000 of 100,000. */
export function people(count: number): SeedPerson[] {
  const next = random(18);
  const pick = (names: readonly string[]) => names[Math.floor(next() * names.length)]!;
  return Array.from({ length: count }, (_, index) => ({ id: personId(index), name: `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}` }));
}

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** Rows per INSERT statement: few statements for wrangler to run, each well under SQLite's limits. */
const ROWS_PER_INSERT = 500;

function* inserts(table: string, columns: string, rows: string[]): Generator<string> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    yield `INSERT INTO ${table} (${columns}) VALUES\n${rows.slice(start, start + ROWS_PER_INSERT).join(",\n")};`;
  }
}

/** The SQL that makes the directory's tables and stores `everyone` as the server would (users-sql.ts). */
export function seedSql(everyone: readonly SeedPerson[], at = Date.now()): string {
  const users = everyone.map((person) => `(${[person.id, person.name, sortKeyOf(person.name)].map(quote).join(", ")}, NULL, ${at})`);
  const terms = everyone.flatMap((person) => termsOf(person.id, person.name).map((term) => `(${quote(term)}, ${quote(person.id)})`));
  return [
    ...DIRECTORY_SCHEMA.map((statement) => `${statement};`),
    ...inserts("users", "id, name, sort_key, avatar, updated_at", users),
    ...inserts("terms", "term, user_id", terms),
  ].join("\n");
}

/** The folder under `persistTo` where wrangler keeps local D1 databases. */
const d1Folder = (persistTo: string) => join(persistTo, "v3", "d1", "miniflare-D1DatabaseObject");

export interface Seeded {
  users: number;
  /** Generating the SQL and running it, ms. */
  seedMs: number;
  /** The directory's database, bytes. */
  fileBytes: number;
  /** The directory's SQLite file. */
  file: string;
}

/** The database's size as SQLite holds it (pages × page size), its write-ahead log applied. */
async function databaseBytes(path: string): Promise<number> {
  const db = await openDatabase(path);
  try {
    return Number(db.exec("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")[0]!.values[0]![0]);
  } finally {
    db.close();
  }
}

/** Writes `count` generated people into the directory under `persistTo`, before its server starts. */
export async function seedDirectory(persistTo: string, count: number): Promise<Seeded> {
  const started = performance.now();
  await mkdir(persistTo, { recursive: true });
  const file = `${persistTo}.sql`;
  await writeFile(file, seedSql(people(count)));
  await promisify(execFile)(
    join(projectRoot, "node_modules/.bin/wrangler"),
    ["d1", "execute", "DIRECTORY", "--local", "--persist-to", persistTo, "--file", file, "--yes"],
    { cwd: projectRoot, env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" }, maxBuffer: 64 * 2 ** 20 },
  );
  const seedMs = performance.now() - started;
  const [database] = (await readdir(d1Folder(persistTo))).filter((name) => name.endsWith(".sqlite") && name !== "metadata.sqlite");
  if (!database) throw new Error(`no directory database under ${persistTo} after seeding`);
  const path = join(d1Folder(persistTo), database);
  return { users: count, seedMs, fileBytes: await databaseBytes(path), file: path };
}
