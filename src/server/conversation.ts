/**
 * One Durable Object per conversation (room name = conversation id). It owns the
 * conversation's messages in SQLite, gives each the next seq, and fans them out live.
 */
import { Server, type Connection, type ConnectionContext, type WSMessage } from "partyserver";
import {
  LIMITS,
  parseClientFrame,
  type ErrorFrame,
  type HelloFrame,
  type SendFrame,
  type ServerFrame,
  type WelcomeFrame,
} from "../protocol/index.js";
import { identityOf, type Identity } from "./identity.js";
import {
  createMessageTable,
  findMessage,
  insertMessage,
  lastSeq,
  latestMessages,
  messagesAfter,
} from "./message-table.js";

type Member = Connection<Identity>;

export class Conversation extends Server {
  static options = { hibernate: true };

  private get db(): SqlStorage {
    return this.ctx.storage.sql;
  }

  onStart(): void {
    createMessageTable(this.db);
  }

  onConnect(connection: Member, context: ConnectionContext): void {
    connection.setState(identityOf(context.request));
  }

  onMessage(connection: Member, raw: WSMessage): void {
    const parsed = parseClientFrame(raw);
    if (!parsed.ok) {
      send(connection, parsed.error);
      return;
    }
    const { frame } = parsed;
    try {
      switch (frame.type) {
        case "hello":
          return this.handleHello(connection, frame);
        case "send":
          return this.handleSend(connection, frame);
      }
    } catch (error) {
      // The room keeps serving: the sender learns its frame failed and may retry it.
      console.error(`conversation ${this.name}: ${frame.type} failed`, error);
      send(connection, {
        type: "error",
        code: "internal",
        message: `the server could not handle this ${frame.type} frame; try again`,
        ref: frame.type === "send" ? frame.id : undefined,
      });
    }
  }

  onError(connection: Member, error: unknown): void {
    console.error(`conversation ${this.name}: connection ${connection.id} failed`, error);
  }

  private handleHello(connection: Member, hello: HelloFrame): void {
    const identity = connection.state!;
    send(connection, {
      type: "welcome",
      conversationId: this.name,
      userId: identity.userId,
      ...this.catchUp(hello.since),
    });
  }

  /** What a client holding everything up to `since` is missing, bounded by the replay limit. */
  private catchUp(since: number | undefined): Pick<WelcomeFrame, "lastSeq" | "messages" | "reset"> {
    const last = lastSeq(this.db);
    const replayable = since !== undefined && since <= last && last - since <= LIMITS.replayLimit;
    if (replayable) {
      return { lastSeq: last, messages: messagesAfter(this.db, since, LIMITS.replayLimit), reset: false };
    }
    return {
      lastSeq: last,
      messages: latestMessages(this.db, LIMITS.latestPageSize),
      reset: since !== undefined,
    };
  }

  private handleSend(connection: Member, request: SendFrame): void {
    const sender = connection.state!;
    const existing = findMessage(this.db, request.id);
    if (existing) {
      if (existing.senderId !== sender.userId) {
        send(connection, {
          type: "error",
          code: "id_conflict",
          message: "another sender already used this message id; pick a fresh UUID",
          ref: request.id,
        });
        return;
      }
      // A resend after a lost ack: acknowledge again with the seq it already has.
      send(connection, { type: "ack", id: existing.id, seq: existing.seq, createdAt: existing.createdAt });
      return;
    }
    const message = insertMessage(this.db, {
      id: request.id,
      senderId: sender.userId,
      senderName: sender.name,
      text: request.text,
      metadata: request.metadata,
      createdAt: Date.now(),
    });
    send(connection, { type: "ack", id: message.id, seq: message.seq, createdAt: message.createdAt });
    this.broadcast(JSON.stringify({ type: "message", message } satisfies ServerFrame), [connection.id]);
  }
}

function send(connection: Connection, frame: ServerFrame | ErrorFrame): void {
  connection.send(JSON.stringify(frame));
}
