const ENGLISH = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/**
 * Month names and "May 2025" labels in the blog's language, made once per month. English needs no Intl
 * (whose first formatter costs a CGI request tens of milliseconds); other languages build theirs on first use.
 */
export class MonthNames {
  private formatters: [Intl.DateTimeFormat, Intl.DateTimeFormat] | undefined;
  private readonly english: boolean;
  private readonly cache = new Map<string, { name: string; label: string }>();

  constructor(private readonly language: string) {
    this.english = /^en(-|$)/i.test(language);
  }

  get(year: string, month: string): { name: string; label: string } {
    const key = `${year}-${month}`;
    let names = this.cache.get(key);
    if (!names) {
      if (this.english) {
        const name = ENGLISH[Number(month) - 1]!;
        names = { name, label: `${name} ${Number(year)}` };
      } else {
        const [nameFormat, labelFormat] = (this.formatters ??= this.makeFormatters());
        // Mid-month at noon UTC: the same calendar month whatever the zone Intl formats in.
        const instant = Date.UTC(Number(year), Number(month) - 1, 15, 12);
        names = { name: nameFormat.format(instant), label: labelFormat.format(instant) };
      }
      this.cache.set(key, names);
    }
    return names;
  }

  private makeFormatters(): [Intl.DateTimeFormat, Intl.DateTimeFormat] {
    const make = (lang: string): [Intl.DateTimeFormat, Intl.DateTimeFormat] => [
      new Intl.DateTimeFormat(lang, { month: "long", timeZone: "UTC" }),
      new Intl.DateTimeFormat(lang, { month: "long", year: "numeric", timeZone: "UTC" }),
    ];
    try {
      return make(this.language);
    } catch {
      return make("en"); // not a valid BCP 47 tag
    }
  }
}
