/**
 * Text repair, in order. Line passes run on each physical line before reflow;
 * paragraph passes run on each re-flowed paragraph. Every pass is a pure
 * `(text) => text` function with its own table test, and all are idempotent.
 */
import { collapseHanSpacing } from './spacing.ts';
import { fullWidthPunctuation } from './punctuation.ts';
import { removeInvisible } from './invisible.ts';
import { pairQuotes } from './quotes.ts';
import { fixStrayLatin } from './stray-latin.ts';

export type TextPass = (text: string) => string;

export const LINE_PASSES: ReadonlyArray<[name: string, pass: TextPass]> = [
  ['remove-invisible', removeInvisible],
  ['collapse-han-spacing', collapseHanSpacing],
];

export const PARAGRAPH_PASSES: ReadonlyArray<[name: string, pass: TextPass]> = [
  // Punctuation first, so a space after a converted `,` is seen as inside Chinese text.
  ['full-width-punctuation', fullWidthPunctuation],
  ['collapse-han-spacing', collapseHanSpacing],
  ['pair-quotes', pairQuotes],
  // Again: a space next to an ASCII quote was not inside Chinese text until the quote was paired.
  ['collapse-han-spacing-after-quotes', collapseHanSpacing],
  ['fix-stray-latin', fixStrayLatin],
];

/**
 * The paragraph chain in two parts around reassembly: quotes are paired on the
 * reassembled paragraph, since a fragment cut inside a quotation holds an odd
 * quote that its continuation closes.
 */
const QUOTES_FROM = PARAGRAPH_PASSES.findIndex(([name]) => name === 'pair-quotes');
export const BEFORE_REASSEMBLY_PASSES = PARAGRAPH_PASSES.slice(0, QUOTES_FROM);
export const AFTER_REASSEMBLY_PASSES = PARAGRAPH_PASSES.slice(QUOTES_FROM);

export function runPasses(text: string, passes: ReadonlyArray<[string, TextPass]>): string {
  return passes.reduce((t, [, pass]) => pass(t), text);
}

export const repairLine = (text: string): string => runPasses(text, LINE_PASSES);
