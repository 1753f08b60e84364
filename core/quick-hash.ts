/**
 * A fast 64-bit non-cryptographic hash (two 32-bit multiply-xorshift lanes, in the manner of cyrb53), as 13
 * base-36 digits. It tells versions of a text apart (ETags, cache generations) without loading node:crypto,
 * which costs a CGI request ~8 ms; it is not for secrets or for inputs chosen by an attacker.
 */
export function quickHash(input: string | Uint8Array): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const text = typeof input === "string";
  for (let i = 0; i < input.length; i++) {
    const unit = text ? input.charCodeAt(i) : input[i]!;
    h1 = Math.imul(h1 ^ unit, 2654435761);
    h2 = Math.imul(h2 ^ unit, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(36).padStart(7, "0") + (h1 >>> 0).toString(36).padStart(7, "0");
}
