import { expect, fixture, html } from "@open-wc/testing";
import "../../src/components/index.js";

/**
 * Lit's reactive properties are accessors on the prototype. If the test build compiled class
 * fields with [[Define]] semantics (useDefineForClassFields: true, esbuild's default for
 * ES2022), each field would become an own property that hides its accessor and updates would
 * silently stop. This guards web-test-runner.config.js: it must compile like tsconfig.base.json.
 */
describe("test build", () => {
  const cases = [
    { tag: "chat-composer", properties: ["placeholder", "disabled", "text"] },
    { tag: "chat-message", properties: ["message", "own", "status"] },
    { tag: "chat-window", properties: ["chat", "host", "user", "name", "conversation", "heading", "showMembers"] },
    { tag: "chat-list", properties: ["chat", "host", "user", "name", "selected", "creating"] },
    { tag: "chat-members", properties: ["conversation", "userId", "error"] },
    { tag: "chat-new-conversation", properties: ["chat", "kind", "error", "busy"] },
    { tag: "chat-people-picker", properties: ["chat", "multiple", "picked", "text", "found", "active", "open"] },
  ] as const;

  for (const { tag, properties } of cases) {
    it(`keeps <${tag}>'s reactive properties as Lit accessors, not own class fields`, async () => {
      const element = await fixture(html`<div></div>`).then((container) => {
        const created = document.createElement(tag);
        container.append(created);
        return created;
      });
      await element.updateComplete;
      const shadowing = properties.filter((name) => Object.hasOwn(element, name));
      expect(shadowing).to.deep.equal([]);
    });
  }
});
