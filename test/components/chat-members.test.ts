import { expect, fixture, html, waitUntil } from "@open-wc/testing";
import "../../src/components/chat-members/chat-members.js";
import type { ChatMembers } from "../../src/components/chat-members/chat-members.js";
import { de } from "../../src/components/strings-de.js";
import { ChatError, type Member, type Role } from "../../src/store/index.js";
import { deferred, fakeConversation, makeMember, makeMeta, type FakeConversation } from "./fake-chat.js";
import { fill, hasPart, maybePart, part, parts, settle } from "./helpers.js";

const GROUP_MEMBERS: Member[] = [
  makeMember("olga", { name: "Olga Owner", role: "owner", joinedAt: 1 }),
  makeMember("adam", { name: "Adam Admin", role: "admin", joinedAt: 2 }),
  makeMember("abby", { name: "Abby Admin", role: "admin", joinedAt: 3 }),
  makeMember("mo", { name: "Mo Member", role: "member", joinedAt: 4 }),
];

function groupConversation(): FakeConversation {
  return fakeConversation("g-1", { meta: makeMeta("g-1", { type: "group", title: "Group" }), members: GROUP_MEMBERS });
}

async function renderMembers(conversation: FakeConversation | null, userId: string): Promise<ChatMembers> {
  return fixture<ChatMembers>(html`<chat-members .conversation=${conversation} .userId=${userId}></chat-members>`);
}

interface Row {
  name: string;
  role: string | null;
  remove: boolean;
}

function rows(element: ChatMembers): Row[] {
  return parts(element, "member").map((row) => ({
    name: row.querySelector('[part~="member-name"]')!.textContent!,
    role: row.querySelector('[part~="role"]')?.textContent ?? null,
    remove: row.querySelector('[part~="kick-button"]') !== null,
  }));
}

function removeButton(element: ChatMembers, name: string): HTMLButtonElement {
  const button = parts<HTMLButtonElement>(element, "kick-button").find((b) => b.getAttribute("aria-label") === `Remove ${name}`);
  if (!button) throw new Error(`no Remove button for ${name}`);
  return button;
}

function errorText(element: ChatMembers): string | null {
  const error = maybePart(element, "error");
  if (!error) return null;
  expect(error.getAttribute("role")).to.equal("alert");
  return error.textContent!.trim();
}

describe("<chat-members>", () => {
  let conversation: FakeConversation;

  beforeEach(() => {
    conversation = groupConversation();
  });

  describe("list", () => {
    it('lists every member with "(you)" after the current user and role labels', async () => {
      const element = await renderMembers(conversation, "mo");
      expect(rows(element).map(({ name, role }) => ({ name, role }))).to.deep.equal([
        { name: "Olga Owner", role: "Owner" },
        { name: "Adam Admin", role: "Admin" },
        { name: "Abby Admin", role: "Admin" },
        { name: "Mo Member (you)", role: null },
      ]);
      expect(part(element, "members").getAttribute("aria-label")).to.equal("Members");
    });

    it("tells apart members who share a name by their ids, in the list and on Remove", async () => {
      const twins = fakeConversation("g-2", {
        meta: makeMeta("g-2", { type: "group", title: "Group" }),
        members: [
          makeMember("olga", { name: "Olga Owner", role: "owner", joinedAt: 1 }),
          makeMember("olga-2", { name: "olga owner", role: "member", joinedAt: 2 }),
        ],
      });
      const element = await renderMembers(twins, "olga");
      expect(rows(element).map(({ name }) => name)).to.deep.equal(["Olga Owner (olga) (you)", "olga owner (olga-2)"]);
      expect(removeButton(element, "olga owner (olga-2)")).to.exist;
    });

    it("shows each member's initials", async () => {
      const element = await renderMembers(conversation, "mo");
      expect(parts(element, "avatar").map((avatar) => avatar.textContent)).to.deep.equal(["OO", "AA", "AA", "MM"]);
    });

    it("follows the members store", async () => {
      const element = await renderMembers(conversation, "mo");
      conversation.members.set([...GROUP_MEMBERS, makeMember("nia", { name: "Nia", joinedAt: 5 })]);
      await element.updateComplete;
      expect(rows(element).map((row) => row.name)).to.deep.equal([
        "Olga Owner",
        "Adam Admin",
        "Abby Admin",
        "Mo Member (you)",
        "Nia",
      ]);
    });

    it("renders an empty list without a conversation", async () => {
      const element = await renderMembers(null, "mo");
      expect(parts(element, "member").length).to.equal(0);
      expect(hasPart(element, "add-form"), "add-form").to.equal(false);
      expect(hasPart(element, "leave-button"), "leave-button").to.equal(false);
    });
  });

  describe("rights", () => {
    const cases: { as: string; role: Role; removable: string[]; adds: boolean }[] = [
      { as: "olga", role: "owner", removable: ["Adam Admin", "Abby Admin", "Mo Member"], adds: true },
      { as: "adam", role: "admin", removable: ["Abby Admin", "Mo Member"], adds: true },
      { as: "mo", role: "member", removable: [], adds: false },
    ];

    for (const { as, role, removable, adds } of cases) {
      it(`an ${role} sees Remove for ${removable.length ? removable.join(", ") : "nobody"}${adds ? " and the add form" : ", and no add form"}`, async () => {
        const element = await renderMembers(conversation, as);
        const withRemove = rows(element)
          .filter((row) => row.remove)
          .map((row) => row.name);
        expect(withRemove).to.deep.equal(removable);
        expect(maybePart(element, "add-form") !== null).to.equal(adds);
        expect(maybePart(element, "leave-button") !== null).to.equal(true);
      });
    }

    it("an owner may remove another owner", async () => {
      conversation.members.set([...GROUP_MEMBERS, makeMember("otto", { name: "Otto", role: "owner", joinedAt: 5 })]);
      const element = await renderMembers(conversation, "olga");
      expect(rows(element).find((row) => row.name === "Otto")!.remove).to.equal(true);
    });

    it("nobody manages a one-to-one conversation, and there is no Leave", async () => {
      const direct = fakeConversation("d-1", {
        meta: makeMeta("d-1", { type: "direct" }),
        members: [makeMember("me", { name: "Me", role: "owner" }), makeMember("bob", { name: "Bob" })],
      });
      const element = await renderMembers(direct, "me");
      expect(rows(element).map((row) => row.name)).to.deep.equal(["Me (you)", "Bob"]);
      expect(parts(element, "kick-button").length).to.equal(0);
      expect(hasPart(element, "add-form"), "add-form").to.equal(false);
      expect(hasPart(element, "leave-button"), "leave-button").to.equal(false);
    });

    it("shows no actions before the conversation's meta has arrived", async () => {
      conversation.meta.set(null);
      const element = await renderMembers(conversation, "olga");
      expect(parts(element, "kick-button").length).to.equal(0);
      expect(hasPart(element, "add-form"), "add-form").to.equal(false);
      expect(hasPart(element, "leave-button"), "leave-button").to.equal(false);

      conversation.meta.set(makeMeta("g-1", { type: "group" }));
      await element.updateComplete;
      expect(parts(element, "kick-button").length).to.equal(3);
    });

    it("shows no Leave to someone who is not among the members", async () => {
      const element = await renderMembers(conversation, "stranger");
      expect(hasPart(element, "leave-button"), "leave-button").to.equal(false);
      expect(parts(element, "kick-button").length).to.equal(0);
    });

    it("updates the actions when the user's role changes", async () => {
      const element = await renderMembers(conversation, "mo");
      expect(hasPart(element, "add-form"), "add-form").to.equal(false);
      conversation.members.set(GROUP_MEMBERS.map((m) => (m.userId === "mo" ? { ...m, role: "admin" as const } : m)));
      await element.updateComplete;
      expect(hasPart(element, "add-form"), "add-form").to.equal(true);
    });
  });

  describe("actions", () => {
    it("Remove calls kick with the member's user id", async () => {
      const element = await renderMembers(conversation, "olga");
      removeButton(element, "Mo Member").click();
      await settle();
      expect(conversation.calls).to.deep.equal([{ action: "kick", args: ["mo"] }]);
      expect(errorText(element)).to.equal(null);
    });

    it("the add form calls add with the trimmed user id and clears its field", async () => {
      const element = await renderMembers(conversation, "adam");
      const input = part(element, "add-form").querySelector<HTMLInputElement>("input[name=userId]")!;
      expect(input.getAttribute("aria-label")).to.equal("User id to add");
      fill(input, "  nia ");
      part<HTMLButtonElement>(element, "add-button").click();
      await settle();
      expect(conversation.calls).to.deep.equal([{ action: "add", args: ["nia"] }]);
      expect(input.value).to.equal("");
    });

    it("the add form does not call add for a blank id", async () => {
      const element = await renderMembers(conversation, "adam");
      const input = part(element, "add-form").querySelector<HTMLInputElement>("input[name=userId]")!;
      fill(input, "   ");
      part<HTMLFormElement>(element, "add-form").requestSubmit();
      await settle();
      expect(conversation.calls).to.deep.equal([]);
    });

    it("Leave calls leave", async () => {
      const element = await renderMembers(conversation, "mo");
      part<HTMLButtonElement>(element, "leave-button").click();
      await settle();
      expect(conversation.calls).to.deep.equal([{ action: "leave", args: [] }]);
    });

    it("shows a rejected kick's message in an alert", async () => {
      conversation.nextResult = () => Promise.reject(new Error("only an owner may remove an owner"));
      const element = await renderMembers(conversation, "olga");
      removeButton(element, "Adam Admin").click();
      await settle();
      await element.updateComplete;
      expect(errorText(element)).to.equal("only an owner may remove an owner");
    });

    it("words a refused kick in the element's language, not the server's English", async () => {
      conversation.nextResult = () => Promise.reject(new ChatError("forbidden", "only an owner may remove an owner"));
      const element = await fixture<ChatMembers>(html`<chat-members lang="de" .conversation=${conversation} .userId=${"olga"}></chat-members>`);
      await waitUntil(() => part(element, "leave-button").textContent!.trim() === de.leave);
      parts<HTMLButtonElement>(element, "kick-button").find((b) => b.getAttribute("aria-label") === de.remove("Adam Admin"))!.click();
      await settle();
      await element.updateComplete;
      expect(errorText(element)).to.equal(de.errors.forbidden);
    });

    it("shows a rejected add's message and keeps the typed id", async () => {
      conversation.nextResult = () => Promise.reject(new Error("no such user"));
      const element = await renderMembers(conversation, "olga");
      const input = part(element, "add-form").querySelector<HTMLInputElement>("input[name=userId]")!;
      fill(input, "ghost");
      part<HTMLButtonElement>(element, "add-button").click();
      await settle();
      await element.updateComplete;
      expect(errorText(element)).to.equal("no such user");
      expect(input.value).to.equal("ghost");
    });

    it("shows a rejected leave's message", async () => {
      conversation.nextResult = () => Promise.reject(new Error("the connection was closed"));
      const element = await renderMembers(conversation, "mo");
      part<HTMLButtonElement>(element, "leave-button").click();
      await settle();
      await element.updateComplete;
      expect(errorText(element)).to.equal("the connection was closed");
    });

    it("clears the error when the next action starts", async () => {
      const failure = deferred<void>();
      conversation.nextResult = () => failure.promise;
      const element = await renderMembers(conversation, "olga");
      removeButton(element, "Mo Member").click();
      failure.reject(new Error("forbidden"));
      await settle();
      await element.updateComplete;
      expect(errorText(element)).to.equal("forbidden");

      conversation.nextResult = () => Promise.resolve();
      removeButton(element, "Mo Member").click();
      await settle();
      await element.updateComplete;
      expect(errorText(element)).to.equal(null);
    });

    it("clears the error when it is given another conversation", async () => {
      conversation.nextResult = () => Promise.reject(new Error("forbidden"));
      const element = await renderMembers(conversation, "olga");
      removeButton(element, "Mo Member").click();
      await settle();
      await element.updateComplete;
      expect(errorText(element)).to.equal("forbidden");

      element.conversation = groupConversation();
      await element.updateComplete;
      expect(errorText(element)).to.equal(null);
    });
  });
  describe("presence", () => {
    function dots(element: ChatMembers): [string, string | null, string | null][] {
      return parts(element, "member").map((row) => {
        const dot = row.querySelector('[part~="presence"]');
        return [row.querySelector('[part~="member-name"]')!.textContent!, dot?.getAttribute("part") ?? null, dot?.getAttribute("aria-label") ?? null];
      });
    }

    it("puts a presence dot on each member's avatar, following the online store", async () => {
      conversation.online.set(["adam"]);
      const element = await renderMembers(conversation, "mo");
      expect(dots(element)).to.deep.equal([
        ["Olga Owner", "presence", "offline"],
        ["Adam Admin", "presence presence-online", "online"],
        ["Abby Admin", "presence", "offline"],
        ["Mo Member (you)", "presence", "offline"],
      ]);

      conversation.online.set(["olga", "mo"]);
      await element.updateComplete;
      expect(dots(element).map(([, dot]) => dot)).to.deep.equal([
        "presence presence-online",
        "presence",
        "presence",
        "presence presence-online",
      ]);
    });
  });
});
