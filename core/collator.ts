const collators = new Map<string, Intl.Collator>();

/**
 * Compares names the way the blog's language sorts them ("Éclairs" beside "eggs", "2" before "10"). The collator
 * is made on first use, not at start: building one costs a CGI request ~10 ms, and a request whose lists come
 * from the derived-data cache never needs it.
 */
export function compareNames(language: string): (a: string, b: string) => number {
  return (a, b) => collatorFor(language).compare(a, b);
}

function collatorFor(language: string): Intl.Collator {
  let collator = collators.get(language);
  if (!collator) {
    try {
      collator = new Intl.Collator(language, { numeric: true });
    } catch {
      collator = new Intl.Collator("en", { numeric: true }); // not a valid BCP 47 tag
    }
    collators.set(language, collator);
  }
  return collator;
}
