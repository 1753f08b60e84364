import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { REPO } from "../helpers/temp-blog";
import { dateParts, isValidDay, longDate, monthNumber, parseDate, rfc822Date, w3cDate } from "../../core/dates";

// PyBlosxom test_entries.py::test_time (blosxom-spec.md §4.3): local 2008-07-21 12:51:47 in US/Eastern (DST).
const TIME1 = Date.UTC(2008, 6, 21, 16, 51, 47);

describe("dates in the blog's time zone", () => {
  it("gives the Blosxom date fields in the zone", () => {
    const p = dateParts(TIME1, "America/New_York");
    expect(p).toMatchObject({ yr: "2008", mo: "Jul", mo_num: "07", da: "21", dw: "Monday", ti: "12:51" });
    expect(longDate(p)).toBe("Mon, 21 Jul 2008");
  });

  it("gives the same fields from Intl and, once the process runs in the zone, from Date's own offset", () => {
    // A child process: jest's process.env is a sandbox copy, so setting TZ here would not reach the clock.
    const script = `
      const { dateParts, adoptProcessTimeZone } = require(${JSON.stringify(join(REPO, "dist", "lib", "core", "dates.js"))});
      const zone = process.argv[1];
      // Every 97 minutes through 2011 (Samoa skipped a day) and 2024: DST starts and ends at each zone's own hour.
      const instants = [];
      for (const year of [2011, 2024]) for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 97 * 60000) instants.push(t);
      const fromIntl = instants.map((t) => JSON.stringify(dateParts(t, zone)));
      adoptProcessTimeZone(zone);
      const fromDate = instants.map((t) => JSON.stringify(dateParts(t, zone)));
      const differing = instants.filter((t, i) => fromIntl[i] !== fromDate[i]).map((t) => new Date(t).toISOString());
      process.stdout.write(JSON.stringify({ checked: instants.length, differing }));
    `;
    for (const zone of ["Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Apia"]) {
      const run = spawnSync(process.execPath, ["-e", script, zone], { encoding: "utf8", env: { PATH: process.env.PATH } });
      expect(run.stderr).toBe("");
      const result = JSON.parse(run.stdout) as { checked: number; differing: string[] };
      expect([zone, result.checked > 10_000, result.differing]).toEqual([zone, true, []]);
    }
  });

  it("writes feeds' dates in UTC", () => {
    expect(w3cDate(TIME1)).toBe("2008-07-21T16:51:47Z");
    expect(rfc822Date(TIME1)).toBe("Mon, 21 Jul 2008 16:51:47 +0000");
  });

  it("parses a #date without an offset as wall-clock time in the zone, across DST", () => {
    expect(parseDate("2008-07-21 12:51:47", "America/New_York")).toBe(TIME1);
    expect(parseDate("2008-01-21T12:00", "America/New_York")).toBe(Date.UTC(2008, 0, 21, 17, 0));
    expect(parseDate("2025-03-30 12:00", "Europe/London")).toBe(Date.UTC(2025, 2, 30, 11, 0));
    expect(parseDate("2024-05-01", "UTC")).toBe(Date.UTC(2024, 4, 1));
  });

  it("honours an explicit offset", () => {
    expect(parseDate("2008-07-21T12:51:47-04:00", "Asia/Tokyo")).toBe(TIME1);
    expect(parseDate("2008-07-21T16:51:47Z", "Asia/Tokyo")).toBe(TIME1);
    expect(parseDate("2008-07-21T18:51:47+0200", "UTC")).toBe(TIME1);
  });

  it("rejects what is not a real ISO 8601 date", () => {
    for (const bad of ["yesterday", "2024-02-30", "2024-13-01", "2024-01-01 25:00", "21/07/2008", ""]) {
      expect(parseDate(bad, "UTC")).toBeUndefined();
    }
  });

  it("reads months as digits or English abbreviations in any case", () => {
    expect(["05", "May", "may", "MAY"].map(monthNumber)).toEqual(["05", "05", "05", "05"]);
    expect(["5", "13", "00", "nil", "Mai"].map(monthNumber)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it("knows real days", () => {
    expect(isValidDay("2024", "02", "29")).toBe(true);
    expect(isValidDay("2023", "02", "29")).toBe(false);
    expect(isValidDay("2024", "04", "31")).toBe(false);
    expect(isValidDay("2024", "04", "4")).toBe(false);
  });
});
