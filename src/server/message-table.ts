/** The Conversation Durable Object's SQLite schema for messages, and the queries on it. */
import type { Metadata, StoredMessage } from "../protocol/index.js";

type Row = {
  seq: number;
  id: string;
  sender_id: string;
  sender_name: string;
  text: string;
  metadata: string | null;
  created_at: number;
};

export function createMessageTable(sql: SqlStorage): void {
  sql.exec(`CREATE TABLE IF NOT EXISTS messages (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    sender_id TEXT NOT NULL,
    sender_name TEXT NOT NULL,
    text TEXT NOT NULL,
    metadata TEXT,
    created_at INTEGER NOT NULL
  )`);
}

function toMessage(row: Row): StoredMessage {
  const message: StoredMessage = {
    id: row.id,
    seq: row.seq,
    senderId: row.sender_id,
    senderName: row.sender_name,
    text: row.text,
    createdAt: row.created_at,
  };
  if (row.metadata !== null) message.metadata = JSON.parse(row.metadata) as Metadata;
  return message;
}

export function lastSeq(sql: SqlStorage): number {
  const [row] = sql.exec<{ last: number | null }>("SELECT MAX(seq) AS last FROM messages").toArray();
  return row?.last ?? 0;
}

export function findMessage(sql: SqlStorage, id: string): StoredMessage | undefined {
  const [row] = sql.exec<Row>("SELECT * FROM messages WHERE id = ?", id).toArray();
  return row ? toMessage(row) : undefined;
}

/** Stores a new message under the next seq and returns it as stored. */
export function insertMessage(
  sql: SqlStorage,
  message: Omit<StoredMessage, "seq">,
): StoredMessage {
  const seq = lastSeq(sql) + 1;
  sql.exec(
    `INSERT INTO messages (seq, id, sender_id, sender_name, text, metadata, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    seq,
    message.id,
    message.senderId,
    message.senderName,
    message.text,
    message.metadata === undefined ? null : JSON.stringify(message.metadata),
    message.createdAt,
  );
  return { ...message, seq };
}

export function messagesAfter(sql: SqlStorage, since: number, limit: number): StoredMessage[] {
  return sql
    .exec<Row>("SELECT * FROM messages WHERE seq > ? ORDER BY seq LIMIT ?", since, limit)
    .toArray()
    .map(toMessage);
}

export function latestMessages(sql: SqlStorage, limit: number): StoredMessage[] {
  return sql
    .exec<Row>("SELECT * FROM messages ORDER BY seq DESC LIMIT ?", limit)
    .toArray()
    .reverse()
    .map(toMessage);
}
