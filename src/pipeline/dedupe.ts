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

export function trigrams(text: string): Set<string> {
  const s = squeeze(text);
  const out = new Set<string>();
  for (let i = 0; i + 3 <= s.length; i++) out.add(s.slice(i, i + 3));
  return out;
}

/** Share of `a`'s trigrams that also occur in `b`. */
export function containment(a: Set<string>, b: Set<string>): number {
  if (a.size === 0) return 0;
  let hit = 0;
  for (const g of a) if (b.has(g)) hit++;
  return hit / a.size;
}

/** A trigram as one exact number: three UTF-16 code units, 16 bits each (no substring allocated). */
function gramCodes(key: string): number[] {
  const out = new Set<number>();
  for (let i = 0; i + 3 <= key.length; i++) out.add(key.charCodeAt(i) * 4294967296 + key.charCodeAt(i + 1) * 65536 + key.charCodeAt(i + 2));
  return [...out];
}

/**
 * Stateful index of kept text; the decision itself is pure: a paragraph is a
 * near-duplicate of the kept paragraph that shares the most of its trigrams
 * (earliest on ties), when that share is at least the threshold.
 *
 * Candidates come from prefix filtering, so frequent trigrams cost nothing:
 * if a kept paragraph holds ≥ 85 % of a new paragraph's n trigrams, it must
 * hold at least one of *any* ⌊0.15·n⌋+1 of them — so only the posting lists
 * of that many of the rarest ones are read. The shared count is then computed
 * exactly on the few candidates (sorted id arrays, merged). Trigrams are
 * interned to integer ids, and kept paragraphs store them as Int32Arrays, so
 * the index stays compact at hundreds of thousands of articles.
 */
export class DuplicateIndex {
  private exact = new Map<string, string>();
  private owners: string[] = [];
  private grams: Int32Array[] = [];
  private gramId = new Map<number, number>();
  private postings: number[][] = [];

  /** Returns the owner of an earlier copy, or undefined when the text is new (and records it). */
  check(text: string, owner: string): { owner: string; near: boolean } | undefined {
    const key = squeeze(text);
    if (key.length < MIN_DUP_CHARS) return undefined;
    const seen = this.exact.get(key);
    if (seen !== undefined) return { owner: seen, near: false };
    const codes = gramCodes(key);
    const known: number[] = [];
    for (const c of codes) {
      const id = this.gramId.get(c);
      if (id !== undefined) known.push(id);
    }
    const n = codes.length;
    const need = Math.ceil(NEAR_DUPLICATE_THRESHOLD * n - 1e-9);
    // Trigrams never seen before are in no kept paragraph: too many of them and nothing can match.
    if (n > 0 && known.length >= need) {
      // A match may miss at most n − need trigrams, and the unknown ones are certain misses.
      const probe = n - need + 1 - (n - known.length);
      const candidates = new Set<number>();
      known.sort((a, b) => this.postings[a]!.length - this.postings[b]!.length);
      for (let i = 0; i < probe; i++) for (const idx of this.postings[known[i]!]!) candidates.add(idx);
      const mine = Int32Array.from(known).sort();
      let best = -1;
      let bestHits = 0;
      for (const idx of candidates) {
        const hits = sharedCount(mine, this.grams[idx]!);
        if (hits >= need && (hits > bestHits || (hits === bestHits && idx < best))) {
          best = idx;
          bestHits = hits;
        }
      }
      if (best >= 0) return { owner: this.owners[best]!, near: true };
    }
    this.exact.set(key, owner);
    const idx = this.owners.push(owner) - 1;
    const ids = new Int32Array(codes.length);
    codes.forEach((c, i) => {
      let id = this.gramId.get(c);
      if (id === undefined) {
        id = this.postings.push([]) - 1;
        this.gramId.set(c, id);
      }
      this.postings[id]!.push(idx);
      ids[i] = id;
    });
    this.grams.push(ids.sort());
    return undefined;
  }
}

/** Size of the intersection of two sorted id arrays. */
function sharedCount(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
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

/** Roles whose text is compared for duplication. Headlines repeat legitimately (kickers, section names). */
const DEDUPED_ROLES = new Set<Block['role']>(['paragraph', 'case', 'caption', 'table']);

/** Remove duplicated blocks of one article against everything kept so far. */
export function dedupeBlocks(
  blocks: readonly Block[],
  owner: string,
  index: DuplicateIndex,
): { kept: Block[]; removed: Removal[] } {
  const kept: Block[] = [];
  const removed: Removal[] = [];
  for (const b of blocks) {
    const hit = DEDUPED_ROLES.has(b.role) ? index.check(b.text, owner) : undefined;
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
  return { kept, removed };
}
