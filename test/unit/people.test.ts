import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { InboxClientFrame } from "../../src/protocol/index.js";
import { createUsers } from "../../src/store/people.js";
import { ChatError } from "../../src/transport/chat-error.js";

const bob = { id: "bob", name: "Bob Stone", online: true };

describe("chat.users", () => {
  it("searches with find_people and gives the page, its next cursor and the visibility", async () => {
    const sent: InboxClientFrame[] = [];
    const users = createUsers(async (frame) => {
      sent.push(frame);
      return { type: "people", ref: frame.ref, people: [bob], next: "c2", visibility: "everyone" };
    });
    assert.deepEqual(await users.search("bo", { cursor: "c1", limit: 5 }), { people: [bob], next: "c2", visibility: "everyone" });
    const { ref, ...frame } = sent[0] as InboxClientFrame & { ref: string };
    assert.equal(typeof ref, "string");
    assert.deepEqual(frame, { type: "find_people", text: "bo", cursor: "c1", limit: 5 });
  });

  it("leaves next out on the last page", async () => {
    const users = createUsers(async (frame) => ({ type: "people", ref: frame.ref, people: [], visibility: "nobody" }));
    assert.deepEqual(await users.search(""), { people: [], visibility: "nobody" });
  });

  it("gets one person with find_person, undefined when the answer holds nobody", async () => {
    const asked: string[] = [];
    const users = createUsers(async (frame) => {
      if (frame.type === "find_person") asked.push(frame.userId);
      return { type: "people", ref: frame.ref, people: frame.type === "find_person" && frame.userId === "bob" ? [bob] : [], visibility: "shared" };
    });
    assert.deepEqual(await users.get("bob"), bob);
    assert.equal(await users.get("zed"), undefined);
    assert.deepEqual(asked, ["bob", "zed"]);
  });

  it("passes a refusal on as the ChatError it is", async () => {
    const users = createUsers(async () => Promise.reject(new ChatError("rate_limited", "slow down")));
    await assert.rejects(users.search("a"), (error: ChatError) => error.code === "rate_limited");
  });
});
