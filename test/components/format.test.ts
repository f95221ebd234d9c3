import { expect } from "@open-wc/testing";
import { formatListTime, formatTime, initials } from "../../src/components/format.js";

describe("format", () => {
  describe("initials", () => {
    const cases: [string, string][] = [
      ["Ada Lovelace", "AL"],
      ["bob", "B"],
      ["ada byron lovelace", "AL"],
      ["  Grace   Hopper  ", "GH"],
      ["élodie durand", "ÉD"],
      ["😀 Smile", "😀S"],
      ["", "?"],
      ["   ", "?"],
    ];
    for (const [name, expected] of cases) {
      it(`${JSON.stringify(name)} → ${JSON.stringify(expected)}`, () => {
        expect(initials(name)).to.equal(expected);
      });
    }
  });

  describe("formatListTime", () => {
    // Local times, so "same day" means the same calendar day wherever the browser runs.
    const now = new Date(2024, 4, 15, 9, 30).getTime();
    const hourMinute = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
    const monthDay = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });

    it("says now, then minutes ago, within the hour, in the element's language", () => {
      expect(formatListTime(now - 20_000, "en", now)).to.equal("now");
      expect(formatListTime(now - 5 * 60_000, "en", now)).to.equal("5 min. ago");
      expect(formatListTime(now - 59 * 60_000, "de", now)).to.equal("vor 59 Min.");
    });

    it("shows the time of day for an earlier item from the same day", () => {
      const earlier = new Date(2024, 4, 15, 0, 5).getTime();
      expect(formatListTime(earlier, "", now)).to.equal(hourMinute.format(earlier));
      expect(formatListTime(earlier, "", now)).to.equal(formatTime(earlier));
      expect(formatListTime(earlier, "", now)).to.match(/05/);
    });

    it("says yesterday for an item from yesterday, even minutes before midnight", () => {
      const lastNight = new Date(2024, 4, 14, 23, 55).getTime();
      expect(formatListTime(lastNight, "en", now)).to.equal("yesterday");
      expect(formatListTime(lastNight, "de", now)).to.equal("gestern");
    });

    it("shows the day for older items, and for the same date in another year", () => {
      const lastYear = new Date(2023, 4, 15, 9, 0).getTime();
      expect(formatListTime(lastYear, "", now)).to.equal(monthDay.format(lastYear));
      expect(formatListTime(new Date(2024, 4, 13, 9, 0).getTime(), "de", now)).to.equal("13. Mai");
    });
  });

  describe("formatTime", () => {
    it("writes the time in the element's language", () => {
      const evening = new Date(2024, 4, 15, 21, 5).getTime();
      expect(formatTime(evening, "en-US")).to.equal("09:05 PM");
      expect(formatTime(evening, "de")).to.equal("21:05");
    });
  });
});
