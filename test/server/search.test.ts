/**
 * Search in a conversation's history (issue #9): SQLite FTS5 in the Conversation DO, against
 * a real wrangler dev. Finds current text only (edits re-indexed, deletions gone), answers
 * members only, and treats every query as plain words: no input is a syntax error or an operator.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ErrorFrame, PageFrame, StoredMessage } from "../../src/protocol/index.js";
import { freshRef, freshUser, messagesIn, useTestServer, type ConversationClient } from "../support/server-clients.js";

async function search(client: ConversationClient, query: string, limit?: number): Promise<PageFrame | ErrorFrame> {
  const ref = freshRef();
  client.send({ type: "search", ref, query, ...(limit ? { limit } : {}) });
  return client.frames.next((frame): frame is PageFrame | ErrorFrame => (frame.type === "page" || frame.type === "error") && frame.ref === ref, `answer to search ${ref}`);
}

async function found(client: ConversationClient, query: string, limit?: number): Promise<StoredMessage[]> {
  const answer = await search(client, query, limit);
  assert.equal(answer.type, "page", `search ${JSON.stringify(query)}: ${JSON.stringify(answer)}`);
  return messagesIn((answer as PageFrame).events);
}

const texts = (messages: StoredMessage[]) => messages.map((message) => message.text);

describe("search", () => {
  const { clients } = useTestServer();

  it("finds messages holding every word, newest first, the last word as a prefix, case and accents ignored", async () => {
    const [alice, bob] = [freshUser("alice"), freshUser("bob")];
    const id = await clients.group(alice, [bob]);
    const { client: atAlice } = await clients.enter(id, alice);
    const { client: atBob } = await clients.enter(id, bob);
    await atAlice.say("The quarterly report is ready");
    await atBob.say("Lunch at noon?");
    await atBob.say("I read the REPORT, nice charts");
    await atAlice.say("Café tomorrow for the report review");

    assert.deepEqual(texts(await found(atBob, "report")), [
      "Café tomorrow for the report review",
      "I read the REPORT, nice charts",
      "The quarterly report is ready",
    ]);
    assert.deepEqual(texts(await found(atBob, "report char")), ["I read the REPORT, nice charts"]);
    assert.deepEqual(texts(await found(atBob, "cafe")), ["Café tomorrow for the report review"]);
    assert.deepEqual(texts(await found(atBob, "nothing-like-this")), []);
    const limited = await search(atBob, "report", 2);
    assert.equal(limited.type, "page");
    assert.equal((limited as PageFrame).events.length, 2);
    assert.equal((limited as PageFrame).hasMore, true);
  });

  it("finds edited text by its new words only, and never a deleted message", async () => {
    const [alice, bob] = [freshUser("alice"), freshUser("bob")];
    const id = await clients.group(alice, [bob]);
    const { client: atAlice } = await clients.enter(id, alice);
    const edited = await atAlice.say("meet at the pier");
    const deleted = await atAlice.say("the secret pier code is 4711");
    await atAlice.expectDone({ type: "edit", ref: freshRef(), messageId: edited.id, text: "meet at the lighthouse" });
    await atAlice.expectDone({ type: "delete", ref: freshRef(), messageId: deleted.id });

    assert.deepEqual(texts(await found(atAlice, "pier")), []);
    assert.deepEqual(texts(await found(atAlice, "4711")), []);
    assert.deepEqual(texts(await found(atAlice, "lighthouse")), ["meet at the lighthouse"]);
  });

  it("answers members only: a non-member's socket is refused at once, before it can search", async () => {
    const [alice, bob, eve] = [freshUser("alice"), freshUser("bob"), freshUser("eve")];
    const id = await clients.group(alice, [bob]);
    const { client: atAlice } = await clients.enter(id, alice);
    await atAlice.say("members only words");
    const refusal = await clients.refused("conversation", id, eve);
    assert.equal(refusal.error.code, "not_member");
    assert.deepEqual(refusal.frames.map((frame) => frame.type), ["error"]);
  });

  it("takes any text as plain words: FTS5 operators, quotes and columns neither fail nor inject", async () => {
    const [alice] = [freshUser("alice")];
    const id = await clients.group(alice, []);
    const { client: atAlice } = await clients.enter(id, alice);
    await atAlice.say("alpha beta gamma");
    await atAlice.say("NOT this one OR that");

    for (const query of ['alpha"', "alpha OR delta", "NEAR(alpha beta)", "text:alpha", "alpha*", "^alpha", "(alpha", "alpha AND", "-alpha", "' OR 1=1 --", "{alpha}", "alpha NOT beta"]) {
      const answer = await search(atAlice, query);
      assert.equal(answer.type, "page", `${query}: ${JSON.stringify(answer)}`);
    }
    // Operators are words: "alpha OR delta" needs both words, so nothing matches.
    assert.deepEqual(texts(await found(atAlice, "alpha OR delta")), []);
    assert.deepEqual(texts(await found(atAlice, "alpha NOT beta")), []);
    assert.deepEqual(texts(await found(atAlice, "not or")), ["NOT this one OR that"]);
    assert.deepEqual(texts(await found(atAlice, "NEAR(alpha beta)")), []);
    assert.deepEqual(texts(await found(atAlice, "text:alpha")), []);
    assert.deepEqual(texts(await found(atAlice, 'alpha"')), ["alpha beta gamma"]);

    for (const query of ["", "   ", '"', '"*"', "!!! ???"]) {
      const answer = await search(atAlice, query);
      assert.equal(answer.type, "error", `${JSON.stringify(query)}: ${JSON.stringify(answer)}`);
      assert.equal((answer as ErrorFrame).code, "bad_frame");
      assert.match((answer as ErrorFrame).message, /at least one word/);
    }
  });
});
