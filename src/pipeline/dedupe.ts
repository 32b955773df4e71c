/**
 * Pass 7 — remove repeated text. A paragraph (or bulletin case) whose
 * characters were already kept — exactly, or as a near-duplicate (≥ 0.85
 * character-trigram overlap, or wholly contained in a kept paragraph) — is
 * removed and recorded with where the kept copy lives. Articles left with no
 * text of their own become duplicates of the article that kept their text.
 * See docs/adr/0002-deduplication.md.
 */
import { squeeze } from '../shared/han.ts';
import type { Block, Removal } from './types.ts';

export const NEAR_DUPLICATE_THRESHOLD = 0.85;
/** Paragraphs shorter than this (in characters) are too generic to call duplicates. */
const MIN_DUP_CHARS = 8;

/** The distinct trigrams of a squeezed text, each as one exact number (three UTF-16 code units, 16 bits each), sorted. */
function gramCodes(key: string): Float64Array {
  const n = Math.max(0, key.length - 2);
  const codes = new Float64Array(n);
  for (let i = 0; i < n; i++) codes[i] = key.charCodeAt(i) * 4294967296 + key.charCodeAt(i + 1) * 65536 + key.charCodeAt(i + 2);
  codes.sort();
  let u = 0;
  for (let i = 0; i < n; i++) if (i === 0 || codes[i] !== codes[u - 1]) codes[u++] = codes[i]!;
  return codes.subarray(0, u);
}

/**
 * The posting table starts small (an index per ingest call must be cheap), or
 * at the size the caller's `expectedChars` calls for, and grows up to 2^25
 * buckets: about two postings per bucket at 100,000 articles (2^25 buckets
 * take 256 MB). At 2^22 a bucket held about 18, and walking them took about a
 * quarter of dedupe's time there.
 */
const MIN_BUCKET_BITS = 12;
const MAX_BUCKET_BITS = 25;
/** Prefix table size when the caller gives no `expectedChars`. */
const DEFAULT_PREFIX_BITS = 22;
/** Trigram positions in one paragraph stay below this (2^26; a file is at most a few million characters), so count·span + position is exact. */
const RAREST_SPAN = 67108864;

/** A copy of a posting array half as long again. */
function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.ceil(a.length * 1.5));
  b.set(a);
  return b;
}

/** A table of 2^bits buckets with no postings: (first posting −1, count 0) for each. */
function emptyBuckets(bits: number): Int32Array<ArrayBuffer> {
  const table = new Int32Array(2 << bits);
  for (let b = 0; b < table.length; b += 2) table[b] = -1;
  return table;
}

/** Bucket of a trigram code in a table of 2^bits buckets. */
function bucketOf(code: number, bits: number): number {
  const hi = Math.floor(code / 4294967296);
  const lo = code >>> 0;
  let h = Math.imul(hi, 0x9e3779b1) ^ Math.imul(lo, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> (32 - bits);
}

/**
 * A 16-bit fingerprint of a trigram code, independent of its bucket: a posting
 * carries its trigram's, so a list walk skips the postings of other trigrams
 * that share the bucket without comparing their paragraphs. (The table stops
 * growing at MAX_BUCKET_BITS, so past that buckets fill with several trigrams'
 * postings; without this, candidates per paragraph grew with the corpus.)
 */
function fingerprintOf(code: number): number {
  const hi = Math.floor(code / 4294967296);
  const lo = code >>> 0;
  let h = Math.imul(lo ^ 0x5bd1e995, 0xcc9e2d51) ^ Math.imul(hi + 0x1b873593, 0x27d4eb2f);
  h ^= h >>> 13;
  h = Math.imul(h, 0x165667b1);
  h ^= h >>> 16;
  return h & 0xffff;
}

/** A copy of a per-paragraph array twice as long. */
function growLengths(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** A copy of a fingerprint array half as long again. */
function growFingerprints(a: Uint16Array<ArrayBuffer>): Uint16Array<ArrayBuffer> {
  const b = new Uint16Array(Math.ceil(a.length * 1.5));
  b.set(a);
  return b;
}

/**
 * Size of the intersection of two sorted arrays of distinct codes when it is at
 * least `target`; otherwise some number below `target` (the count stops once
 * the rest of the shorter side cannot reach it).
 */
function sharedAtLeast(a: Float64Array, b: Float64Array, target: number): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    if (n + Math.min(a.length - i, b.length - j) < target) return n;
    if (a[i]! < b[j]!) i++;
    else if (a[i]! > b[j]!) j++;
    else {
      n++;
      i++;
      j++;
    }
  }
  return n;
}

/**
 * Stateful index of kept text; the decision itself is pure: a paragraph is a
 * near-duplicate of the kept paragraph that shares the most of its trigrams
 * (earliest on ties), when that share is at least the threshold.
 *
 * Candidates come from prefix filtering, so frequent trigrams cost nothing:
 * if a kept paragraph holds ≥ 85 % of a new paragraph's n trigrams, it must
 * hold at least one of *any* n − ⌈0.85·n⌉ + 1 of them — so only the posting
 * lists of that many of the rarest are read, and the shared count is then
 * computed exactly on the few candidates. Postings live in typed arrays under
 * up to 2^25 hashed buckets (a bucket shared by two trigrams never decides; a
 * 16-bit fingerprint per posting keeps most other trigrams' postings from even
 * becoming candidates), so memory stays flat per posting and no Map grows with the
 * number of distinct trigrams — a JavaScript Map tops out at 2^24 entries,
 * fewer than the distinct trigrams of 100,000 articles.
 */
export class DuplicateIndex {
  private exact = new Map<string, string>();
  private owners: string[] = [];
  /** Squeezed text of each kept paragraph. */
  private keys: string[] = [];
  /** Trigram codes of each kept paragraph (`gramCodes` of its key), computed once when it is kept. */
  private grams: Float64Array[] = [];
  /**
   * Per kept paragraph, the length of its key and its number of trigrams, in
   * flat arrays: the filters of a list walk read them for every posting, and
   * reading them through `keys` and `grams` would chase a pointer each time.
   */
  private keyLengths = new Int32Array(1 << 10);
  private gramCounts = new Int32Array(1 << 10);
  /** Per kept paragraph, the last candidate search that listed it (`stamp`), so each is listed once. */
  private marks = new Int32Array(1 << 10);
  private stamp = 0;
  private bits: number;
  /** Per bucket, its first posting (-1 for none) and its number of postings, side by side: they are read together. */
  private buckets: Int32Array<ArrayBuffer>;
  private next = new Int32Array(1 << 14);
  private para = new Int32Array(1 << 14);
  /** Fingerprint of each posting's trigram (fingerprintOf). */
  private fingerprints = new Uint16Array(1 << 14);
  private size = 0;
  /**
   * Reverse prefix postings: each kept paragraph K posts only |K| − ⌈0.85·|K|⌉ + 1
   * of its trigrams, the rarest when it was kept. A new paragraph N holding
   * ≥ 85 % of K's trigrams must hold one of any that many, so looking up N's
   * trigrams here finds every kept paragraph N contains (K cut short, N whole).
   */
  private prefixHead: Int32Array;
  private readonly prefixBits: number;
  /** Prefix postings as linked lists, like the main ones; a head or next of 0 ends a list (positions are stored plus one). */
  private prefixNext = new Int32Array(1 << 12);
  private prefixPara = new Int32Array(1 << 12);
  private prefixFingerprints = new Uint16Array(1 << 12);
  private prefixSize = 0;
  /** One bit per prefix bucket, set once it holds a posting. */
  private prefixUsed: Int32Array;
  /** Caller's handle on each kept paragraph, so a fuller later copy can replace it. */
  private refs: unknown[] = [];
  /** 1 for kept paragraphs already replaced by a fuller copy: no longer candidates for replacement. Grows with `marks`. */
  private replaced = new Uint8Array(1 << 10);

  /**
   * `maxBits`: the largest table is 2^maxBits buckets (fewer only in tests, to
   * crowd the buckets). `expectedChars`: about how many characters will be
   * checked (an upper bound is best). Each kept character posts about one
   * trigram, so the posting arrays and the table are sized for them at once,
   * rather than grown and re-posted step by step; decisions are the same
   * either way.
   */
  constructor(
    private readonly maxBits = MAX_BUCKET_BITS,
    expectedChars = 0,
  ) {
    let bits = MIN_BUCKET_BITS;
    while (bits < maxBits && expectedChars > 4 << bits) bits += 2;
    this.bits = Math.min(bits, maxBits);
    this.buckets = emptyBuckets(this.bits);
    if (expectedChars > this.next.length) {
      this.next = new Int32Array(expectedChars);
      this.para = new Int32Array(expectedChars);
      this.fingerprints = new Uint16Array(expectedChars);
    }
    // The prefix table does not grow: sized once, with about one bucket per two characters (a kept paragraph posts a sixth of its trigrams there).
    this.prefixBits = Math.min(maxBits, expectedChars > 0 ? Math.max(MIN_BUCKET_BITS, Math.ceil(Math.log2(expectedChars / 2))) : DEFAULT_PREFIX_BITS);
    this.prefixHead = new Int32Array(1 << this.prefixBits);
    this.prefixUsed = new Int32Array(Math.max(1, (1 << this.prefixBits) >>> 5));
  }

  /**
   * Kept paragraphs that `text` wholly or nearly contains (≥ 85 % of their
   * trigrams) while they do not contain it: shorter, cut copies of it.
   */
  private containedIn(key: string, codes: Float64Array): number[] {
    const stamp = this.nextStamp();
    const candidates: number[] = [];
    for (let i = 0; i < codes.length; i++) {
      const bucket = bucketOf(codes[i]!, this.prefixBits);
      // Most buckets hold no prefix posting: a bit in a small table says so before the large one is read.
      if ((this.prefixUsed[bucket >>> 5]! & (1 << (bucket & 31))) === 0) continue;
      const fingerprint = fingerprintOf(codes[i]!);
      for (let p = this.prefixHead[bucket]! - 1; p >= 0; p = this.prefixNext[p]! - 1) {
        if (this.prefixFingerprints[p] !== fingerprint) continue;
        const idx = this.prefixPara[p]!;
        if (this.marks[idx] === stamp) continue;
        this.marks[idx] = stamp;
        // Only a shorter kept paragraph not yet replaced can be a cut copy of this one.
        if (this.replaced[idx] !== 1 && this.keyLengths[idx]! < key.length && this.gramCounts[idx]! > 0) candidates.push(idx);
      }
    }
    if (candidates.length === 0) return candidates;
    // In the order they were kept, which is the order they are replaced in.
    if (candidates.length > 1) candidates.sort((a, b) => a - b);
    const out: number[] = [];
    for (const idx of candidates) {
      const kept = this.grams[idx]!;
      const need = Math.ceil(NEAR_DUPLICATE_THRESHOLD * kept.length - 1e-9);
      if (sharedAtLeast(codes, kept, need) >= need) out.push(idx);
    }
    return out;
  }

  /**
   * Like `check`, and when the text is new, also the handles of kept
   * paragraphs it is a fuller copy of: those are now removed in its favour
   * (later copies of them are attributed to `owner`).
   */
  checkFuller(text: string, owner: string, ref: unknown): { hit?: { owner: string; near: boolean }; replaces: Array<{ ref: unknown; owner: string }> } {
    const hit = this.check(text, owner, ref);
    if (hit) return { hit, replaces: [] };
    const key = squeeze(text);
    if (key.length < MIN_DUP_CHARS) return { replaces: [] };
    const self = this.owners.length - 1;
    const replaces = this.containedIn(key, this.grams[self]!)
      .filter((idx) => idx !== self)
      .map((idx) => {
        const was = { ref: this.refs[idx], owner: this.owners[idx]! };
        this.replaced[idx] = 1;
        this.owners[idx] = owner;
        this.exact.set(this.keys[idx]!, owner);
        return was;
      });
    return { replaces };
  }

  /** Returns the owner of an earlier copy, or undefined when the text is new (and records it). */
  check(text: string, owner: string, ref?: unknown): { owner: string; near: boolean } | undefined {
    const key = squeeze(text);
    if (key.length < MIN_DUP_CHARS) return undefined;
    const seen = this.exact.get(key);
    if (seen !== undefined) return { owner: seen, near: false };
    const codes = gramCodes(key);
    const n = codes.length;
    const buckets = new Int32Array(n);
    for (let i = 0; i < n; i++) buckets[i] = bucketOf(codes[i]!, this.bits);
    const need = Math.ceil(NEAR_DUPLICATE_THRESHOLD * n - 1e-9);
    // A trigram whose bucket is empty is in no kept paragraph: a certain miss.
    const live: number[] = [];
    for (let i = 0; i < n; i++) if (this.buckets[2 * buckets[i]! + 1]! > 0) live.push(i);
    if (n > 0 && live.length >= need) {
      // A match misses at most n − need trigrams, and the empty-bucket ones are among them.
      // Which buckets are probed does not change the outcome (any match is in every such choice), only its cost.
      const probe = live.length - need + 1;
      // Ordered by (bucket count, position): an exact number per trigram.
      const order = new Float64Array(live.length);
      for (let i = 0; i < live.length; i++) order[i] = this.buckets[2 * buckets[live[i]!]! + 1]! * RAREST_SPAN + live[i]!;
      order.sort();
      const stamp = this.nextStamp();
      const candidates: number[] = [];
      for (let i = 0; i < probe; i++) {
        const gram = order[i]! % RAREST_SPAN;
        const fingerprint = fingerprintOf(codes[gram]!);
        for (let p = this.buckets[2 * buckets[gram]!]!; p >= 0; p = this.next[p]!) {
          if (this.fingerprints[p] !== fingerprint) continue;
          const idx = this.para[p]!;
          if (this.marks[idx] === stamp) continue;
          this.marks[idx] = stamp;
          candidates.push(idx);
        }
      }
      let best = -1;
      let bestHits = 0;
      for (const idx of candidates) {
        // Below max(need, bestHits) a candidate can neither match nor win (a tie can, so bestHits itself counts).
        const target = Math.max(need, bestHits);
        // Fewer trigrams than that cannot share enough (sharedAtLeast would say so; this skips reading them).
        if (this.gramCounts[idx]! < target) continue;
        const hits = sharedAtLeast(codes, this.grams[idx]!, target);
        if (hits >= need && (hits > bestHits || (hits === bestHits && idx < best))) {
          best = idx;
          bestHits = hits;
        }
      }
      if (best >= 0) return { owner: this.owners[best]!, near: true };
    }
    this.exact.set(key, owner);
    const idx = this.owners.push(owner) - 1;
    this.keys.push(key);
    this.grams.push(codes);
    if (idx === this.keyLengths.length) {
      this.keyLengths = growLengths(this.keyLengths);
      this.gramCounts = growLengths(this.gramCounts);
    }
    this.keyLengths[idx] = key.length;
    this.gramCounts[idx] = n;
    this.refs.push(ref);
    for (let i = 0; i < n; i++) this.post(buckets[i]!, fingerprintOf(codes[i]!), idx);
    // Its rarest trigrams so far: any n − need + 1 of them will do, and rare ones keep the lists short.
    // Ordered by (count, position), packed into one exact number per trigram.
    const rarest = new Float64Array(n);
    for (let i = 0; i < n; i++) rarest[i] = this.buckets[2 * buckets[i]! + 1]! * RAREST_SPAN + i;
    rarest.sort();
    for (let i = 0; i < n - need + 1 && i < n; i++) {
      const code = codes[rarest[i]! % RAREST_SPAN]!;
      this.postPrefix(bucketOf(code, this.prefixBits), fingerprintOf(code), idx);
    }
    if (this.size > 4 << this.bits && this.bits < this.maxBits) this.rehash(this.bits + 2);
    return undefined;
  }

  /** More buckets: every kept paragraph's trigrams are posted again (amortised O(1) per posting). */
  private rehash(bits: number): void {
    this.bits = Math.min(bits, this.maxBits);
    this.buckets = emptyBuckets(this.bits);
    this.size = 0;
    this.grams.forEach((codes, idx) => {
      for (const code of codes) this.post(bucketOf(code, this.bits), fingerprintOf(code), idx);
    });
  }

  /** A fresh stamp for one candidate search, with room in `marks` for every kept paragraph. */
  private nextStamp(): number {
    if (this.marks.length < this.keys.length) {
      const grown = new Int32Array(Math.max(this.keys.length, this.marks.length * 2));
      grown.set(this.marks);
      this.marks = grown;
      const replaced = new Uint8Array(grown.length);
      replaced.set(this.replaced);
      this.replaced = replaced;
    }
    if (this.stamp === 0x7fffffff) {
      this.marks.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }

  /** Post a kept paragraph under a prefix bucket, once per fingerprint in a row (its own latest posting heads the bucket). */
  private postPrefix(bucket: number, fingerprint: number, idx: number): void {
    const head = this.prefixHead[bucket]!;
    if (head > 0 && this.prefixPara[head - 1] === idx && this.prefixFingerprints[head - 1] === fingerprint) return;
    if (this.prefixSize === this.prefixNext.length) {
      this.prefixNext = grow(this.prefixNext);
      this.prefixPara = grow(this.prefixPara);
      this.prefixFingerprints = growFingerprints(this.prefixFingerprints);
    }
    this.prefixNext[this.prefixSize] = head;
    this.prefixPara[this.prefixSize] = idx;
    this.prefixFingerprints[this.prefixSize] = fingerprint;
    this.prefixHead[bucket] = ++this.prefixSize;
    this.prefixUsed[bucket >>> 5]! |= 1 << (bucket & 31);
  }

  private post(bucket: number, fingerprint: number, idx: number): void {
    if (this.size === this.next.length) {
      this.next = grow(this.next);
      this.para = grow(this.para);
      this.fingerprints = growFingerprints(this.fingerprints);
    }
    this.next[this.size] = this.buckets[2 * bucket]!;
    this.para[this.size] = idx;
    this.fingerprints[this.size] = fingerprint;
    this.buckets[2 * bucket] = this.size++;
    this.buckets[2 * bucket + 1]!++;
  }
}

/** Roles whose text is compared for duplication. Headlines repeat legitimately (kickers, section names). */
const DEDUPED_ROLES = new Set<Block['role']>(['paragraph', 'case', 'caption', 'table']);

/** Characters of the blocks dedupeBlocks compares: an upper bound on what a DuplicateIndex for them will post (`expectedChars`). */
export function dedupedChars(blocks: Iterable<Block>): number {
  let n = 0;
  for (const b of blocks) if (DEDUPED_ROLES.has(b.role)) n += b.text.length;
  return n;
}

/**
 * Remove duplicated blocks of one article against everything kept so far.
 * `replaced` lists earlier kept blocks that one of these blocks prints in
 * fuller form (the earlier copy was cut short): the caller removes them from
 * their articles in favour of this one.
 */
export function dedupeBlocks(
  blocks: readonly Block[],
  owner: string,
  index: DuplicateIndex,
): { kept: Block[]; removed: Removal[]; replaced: Array<{ block: Block; owner: string }> } {
  const kept: Block[] = [];
  const removed: Removal[] = [];
  const replaced: Array<{ block: Block; owner: string }> = [];
  for (const b of blocks) {
    const checked = DEDUPED_ROLES.has(b.role) ? index.checkFuller(b.text, owner, b) : undefined;
    for (const r of checked?.replaces ?? []) replaced.push({ block: r.ref as Block, owner: r.owner });
    const hit = checked?.hit;
    if (hit) {
      removed.push({
        file: b.file,
        from: b.from,
        to: b.to,
        reason: hit.near ? 'near-duplicate' : 'duplicate',
        text: b.text,
        keptIn: hit.owner,
      });
    } else kept.push(b);
  }
  return { kept, removed, replaced };
}
