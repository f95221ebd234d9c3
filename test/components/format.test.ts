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

    it("shows the time of day for an item from the same day", () => {
      const earlier = new Date(2024, 4, 15, 0, 5).getTime();
      expect(formatListTime(earlier, now)).to.equal(hourMinute.format(earlier));
      expect(formatListTime(earlier, now)).to.equal(formatTime(earlier));
      expect(formatListTime(earlier, now)).to.match(/05/);
    });

    it("shows the day for an item from yesterday, even minutes before midnight", () => {
      const lastNight = new Date(2024, 4, 14, 23, 55).getTime();
      const formatted = formatListTime(lastNight, now);
      expect(formatted).to.equal(monthDay.format(lastNight));
      expect(formatted).to.match(/14/);
      expect(formatted).to.not.equal(hourMinute.format(lastNight));
    });

    it("shows the day for the same date in another year", () => {
      const lastYear = new Date(2023, 4, 15, 9, 0).getTime();
      expect(formatListTime(lastYear, now)).to.equal(monthDay.format(lastYear));
    });

    it("defaults now to the current time", () => {
      const justNow = Date.now() - 1_000;
      const expected =
        new Date(justNow).toDateString() === new Date().toDateString() ? hourMinute.format(justNow) : monthDay.format(justNow);
      expect(formatListTime(justNow)).to.equal(expected);
    });
  });
});
