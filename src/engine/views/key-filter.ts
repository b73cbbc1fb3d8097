/**
 * A Bloom filter over (view, key) pairs: a fixed number of bits that answers "surely never added"
 * or "maybe added". A rebuild remembers in one every row it writes, so its reads and deletes of rows
 * it never wrote need not ask the store, in memory that does not grow with the log.
 */

/** Bits set per pair: with a filter 8× larger than the pairs added, about 2% of misses say "maybe". */
const probes = 4;

/** A fixed-size set of (view, key) pairs that may answer "maybe" for one never added. */
export class KeyFilter {
  readonly #words: Uint32Array;
  readonly #mask: number;
  /** Each view's two hashes so far, with the separator: a key's hashes go on from them. */
  readonly #views = new Map<string, Int32Array>();
  /** The two hashes of the pair last hashed (kept here rather than returned in a new array). */
  #first = 0;
  #step = 0;

  /** A filter of 2^`log2Bits` bits (at least 2^5). */
  constructor(log2Bits: number) {
    const bits = 2 ** Math.max(5, Math.min(31, Math.trunc(log2Bits)));
    this.#words = new Uint32Array(bits / 32);
    this.#mask = bits - 1;
  }

  /** Remembers a pair. */
  add(view: string, key: string): void {
    this.#hash(view, key);
    const words = this.#words;
    for (let i = 0, h = this.#first; i < probes; i += 1, h = (h + this.#step) | 0) {
      const bit = h & this.#mask;
      words[bit >>> 5] = (words[bit >>> 5] ?? 0) | (1 << (bit & 31));
    }
  }

  /** False only when the pair was surely never added. */
  mayHold(view: string, key: string): boolean {
    this.#hash(view, key);
    const words = this.#words;
    for (let i = 0, h = this.#first; i < probes; i += 1, h = (h + this.#step) | 0) {
      const bit = h & this.#mask;
      if (((words[bit >>> 5] ?? 0) & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }

  /**
   * Two 32-bit hashes of the pair (FNV-1a and a multiplicative one), for double hashing, into
   * `#first` and `#step`. The view's part is hashed once per view: a rebuild has a handful.
   */
  #hash(view: string, key: string): void {
    let seed = this.#views.get(view);
    if (seed === undefined) {
      seed = viewSeed(view);
      this.#views.set(view, seed);
    }
    let a = seed[0] ?? 0;
    let b = seed[1] ?? 0;
    for (let i = 0; i < key.length; i += 1) {
      const c = key.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
    }
    b ^= b >>> 15;
    this.#first = a ^ (a >>> 16);
    // An odd step visits distinct bits.
    this.#step = b | 1;
  }
}

/** The two hashes of a view's name and the separator that follows it (pure). */
function viewSeed(view: string): Int32Array {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < view.length; i += 1) {
    const c = view.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  // A separator, so ('ab', 'c') and ('a', 'bc') hash apart (a rare clash costs only a read).
  a = Math.imul(a ^ 0xffff, 0x01000193);
  b = Math.imul(b ^ 0xffff, 0x5bd1e995);
  return Int32Array.of(a, b);
}
