/** Month names and "May 2025" labels in the blog's language, made once per month. */
export class MonthNames {
  private readonly name: Intl.DateTimeFormat;
  private readonly label: Intl.DateTimeFormat;
  private readonly cache = new Map<string, { name: string; label: string }>();

  constructor(language: string) {
    const make = (lang: string): [Intl.DateTimeFormat, Intl.DateTimeFormat] => [
      new Intl.DateTimeFormat(lang, { month: "long", timeZone: "UTC" }),
      new Intl.DateTimeFormat(lang, { month: "long", year: "numeric", timeZone: "UTC" }),
    ];
    try {
      [this.name, this.label] = make(language);
    } catch {
      [this.name, this.label] = make("en"); // not a valid BCP 47 tag
    }
  }

  get(year: string, month: string): { name: string; label: string } {
    const key = `${year}-${month}`;
    let names = this.cache.get(key);
    if (!names) {
      // Mid-month at noon UTC: the same calendar month whatever the zone Intl formats in.
      const instant = Date.UTC(Number(year), Number(month) - 1, 15, 12);
      names = { name: this.name.format(instant), label: this.label.format(instant) };
      this.cache.set(key, names);
    }
    return names;
  }
}
