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

interface Kept {
  key: string;
  grams: Set<string>;
  owner: string;
}

/**
 * Stateful index of kept text; the decision itself (`judge`) is pure.
 * Candidates are found through an inverted trigram index so the cost grows
 * with the number of similar paragraphs, not with all pairs.
 */
export class DuplicateIndex {
  private exact = new Map<string, string>();
  private kept: Kept[] = [];
  private byGram = new Map<string, number[]>();

  /** Returns the owner of an earlier copy, or undefined when the text is new (and records it). */
  check(text: string, owner: string): { owner: string; near: boolean } | undefined {
    const key = squeeze(text);
    if (key.length < MIN_DUP_CHARS) return undefined;
    const seen = this.exact.get(key);
    if (seen !== undefined) return { owner: seen, near: false };
    const grams = trigrams(text);
    const votes = new Map<number, number>();
    for (const g of grams) for (const idx of this.byGram.get(g) ?? []) votes.set(idx, (votes.get(idx) ?? 0) + 1);
    for (const [idx, hits] of [...votes].sort((a, b) => b[1] - a[1] || a[0] - b[0])) {
      if (hits / grams.size < NEAR_DUPLICATE_THRESHOLD) break;
      const k = this.kept[idx]!;
      if (k.key.includes(key) || containment(grams, k.grams) >= NEAR_DUPLICATE_THRESHOLD) return { owner: k.owner, near: true };
    }
    this.exact.set(key, owner);
    const idx = this.kept.push({ key, grams, owner }) - 1;
    for (const g of grams) {
      const list = this.byGram.get(g);
      if (list) list.push(idx);
      else this.byGram.set(g, [idx]);
    }
    return undefined;
  }
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
