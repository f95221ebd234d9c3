import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { LatestOnly, movedIndex, peopleOptions } from "../../src/components/people-picker/people-options.js";

const bob = { id: "bob", name: "Bob Stone", online: true };
const bobby = { id: "bobby", name: "Bobby Tables", online: false };

describe("peopleOptions", () => {
  it("offers the people found, in the server's order (text with a space is no id)", () => {
    assert.deepEqual(peopleOptions([bob, bobby], "Bob S", [], "me"), [
      { person: bob, typed: false },
      { person: bobby, typed: false },
    ]);
  });

  it("leaves out people already picked", () => {
    assert.deepEqual(peopleOptions([bob, bobby], "Bob S", [bob], "me").map((option) => option.person.id), ["bobby"]);
  });

  it("offers the text as an id when it is one and no one found has it", () => {
    assert.deepEqual(peopleOptions([bobby], " bob ", [], "me").at(-1), { person: { id: "bob", name: "bob", online: false }, typed: true });
  });

  it("does not offer the text as an id when a person found has that id, or it is picked", () => {
    assert.equal(peopleOptions([bob], "bob", [], "me").some((option) => option.typed), false);
    assert.deepEqual(peopleOptions([], "bob", [bob], "me"), []);
  });

  it("does not offer text that is not a user id", () => {
    assert.deepEqual(peopleOptions([], "Bob Stone", [], "me"), []);
    assert.deepEqual(peopleOptions([], "", [], "me"), []);
    assert.deepEqual(peopleOptions([], "x".repeat(65), [], "me"), []);
  });

  it("when everyone can be found, offers the text as an id only if no one was found", () => {
    assert.equal(peopleOptions([bobby], "bob", [], "me", true).some((option) => option.typed), false);
    assert.equal(peopleOptions([bobby], "bob", [bobby], "me", true).some((option) => option.typed), false);
    assert.deepEqual(peopleOptions([], "bob", [], "me", true), [{ person: { id: "bob", name: "bob", online: false }, typed: true }]);
  });

  it("names a guest's id as a guest does", () => {
    assert.equal(peopleOptions([], "bob", [], "~alice")[0]!.person.id, "~bob");
  });
});

describe("movedIndex", () => {
  it("moves down and up within the list, stopping at its ends", () => {
    assert.equal(movedIndex("ArrowDown", -1, 3), 0);
    assert.equal(movedIndex("ArrowDown", 0, 3), 1);
    assert.equal(movedIndex("ArrowDown", 2, 3), 2);
    assert.equal(movedIndex("ArrowUp", 2, 3), 1);
    assert.equal(movedIndex("ArrowUp", 0, 3), 0);
    assert.equal(movedIndex("ArrowUp", -1, 3), 0);
  });

  it("goes to the first with Home and the last with End", () => {
    assert.equal(movedIndex("Home", 2, 3), 0);
    assert.equal(movedIndex("End", 0, 3), 2);
  });

  it("does not move for other keys or in an empty list", () => {
    assert.equal(movedIndex("Enter", 1, 3), undefined);
    assert.equal(movedIndex("ArrowDown", -1, 0), undefined);
  });
});

describe("LatestOnly", () => {
  it("lets only the newest search show its answer, whatever order the answers come in", () => {
    const latest = new LatestOnly();
    const first = latest.begin();
    const second = latest.begin();
    assert.equal(second(), true);
    assert.equal(first(), false);
  });

  it("drops every answer in flight once cancelled", () => {
    const latest = new LatestOnly();
    const search = latest.begin();
    latest.cancel();
    assert.equal(search(), false);
  });
});
