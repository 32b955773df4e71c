/**
 * ASCII quotes in Chinese text become paired curly quotes: `"最后一米"` →
 * `“最后一米”`. Works on a whole paragraph because a quotation can span
 * wrapped lines. Runs of quotes are paired left to right; an odd one out is
 * left as printed rather than guessed.
 */
import { HAN } from '../../shared/han.ts';

const HAS_HAN_RE = new RegExp(`[${HAN}]`, 'u');

function pair(text: string, ascii: string, open: string, close: string): string {
  const parts = text.split(ascii);
  if (parts.length < 3) return text;
  let out = parts[0]!;
  const pairs = Math.floor((parts.length - 1) / 2);
  for (let i = 1; i < parts.length; i++) {
    const inPair = i <= pairs * 2;
    out += (inPair ? (i % 2 === 1 ? open : close) : ascii) + parts[i];
  }
  return out;
}

export function pairQuotes(text: string): string {
  if (!HAS_HAN_RE.test(text)) return text;
  let out = pair(text, '"', '“', '”');
  // Single quotes only when they enclose Han text, so English apostrophes stay.
  if (new RegExp(`'[^']*[${HAN}][^']*'`, 'u').test(out)) out = pair(out, "'", '‘', '’');
  return out;
}
