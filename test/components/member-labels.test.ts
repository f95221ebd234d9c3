import { expect } from "@open-wc/testing";
import { memberLabels } from "../../src/components/member-labels.js";

describe("member labels", () => {
  it("name each member by their name, and by name and id where two share a name in any case", () => {
    const labels = memberLabels([
      { userId: "alex-1", name: "Alex" },
      { userId: "alex-2", name: "alex " },
      { userId: "sam", name: "Sam" },
    ]);
    expect([...labels]).to.deep.equal([
      ["alex-1", "Alex (alex-1)"],
      ["alex-2", "alex  (alex-2)"],
      ["sam", "Sam"],
    ]);
  });
});
