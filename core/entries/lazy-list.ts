/**
 * A read-only array whose items are made on first access. A CGI request restores a 10,000-entry index only to
 * show ten of them; building every record would cost it more than Node's own start-up. The list is a real
 * array to its users (`Array.isArray`, indexing, `length`, `slice`, spreading, `for…of`, `JSON.stringify`), so
 * the `filelist` contract (`readonly EntryRecord[]`) holds. Writes are refused, as for a frozen array.
 */
export function lazyList<T>(length: number, itemAt: (index: number) => T): readonly T[] {
  const indexOf = (key: string | symbol): number => {
    if (typeof key !== "string") return -1;
    const index = Number(key);
    return Number.isInteger(index) && index >= 0 && index < length && String(index) === key ? index : -1;
  };
  const target: T[] = [];
  target.length = length;
  return new Proxy(target, {
    get(list, key, receiver) {
      const index = indexOf(key);
      return index < 0 ? Reflect.get(list, key, receiver) : itemAt(index);
    },
    has(list, key) {
      return indexOf(key) >= 0 || Reflect.has(list, key);
    },
    getOwnPropertyDescriptor(list, key) {
      const index = indexOf(key);
      if (index < 0) return Reflect.getOwnPropertyDescriptor(list, key);
      return { value: itemAt(index), writable: false, enumerable: true, configurable: true };
    },
    ownKeys(list) {
      return [...Array.from({ length }, (_, i) => String(i)), ...Reflect.ownKeys(list)];
    },
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
    setPrototypeOf: () => false,
  });
}
