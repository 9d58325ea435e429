/**
 * A read-only array of `length` texts whose elements are fetched by `at` when indexed, for callers typed
 * against `readonly string[]` (the runner's `sources`) while the texts stay in the results table, not in a
 * second copy. Iteration and array methods work; each access reads the table again.
 */
export function lazyTexts(length: number, at: (index: number) => string): readonly string[] {
  const isIndex = (key: string | symbol): key is string => typeof key === "string" && /^(0|[1-9]\d*)$/.test(key) && Number(key) < length;
  return new Proxy<string[]>([], {
    get(target, key, receiver) {
      if (key === "length") return length;
      if (isIndex(key)) return at(Number(key));
      return Reflect.get(target, key, receiver) as unknown;
    },
    has(target, key) {
      return isIndex(key) || Reflect.has(target, key);
    },
    set() {
      return false;
    },
  });
}
