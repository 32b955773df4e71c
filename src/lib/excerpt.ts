/**
 * Pagefind excerpts arrive as HTML: entity-encoded text with <mark> around hits.
 * Rather than trusting that string as innerHTML, it is turned into plain segments
 * that the page renders with textContent, so only <mark> can ever reach the DOM.
 */
export interface ExcerptSegment {
  text: string;
  marked: boolean;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/giu, (whole, name: string) => {
    if (name.startsWith('#')) {
      const codePoint = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isInteger(codePoint) && codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Split excerpt HTML into text runs; any tag other than <mark>/</mark> is dropped. */
export function excerptSegments(html: string): ExcerptSegment[] {
  const segments: ExcerptSegment[] = [];
  let marked = false;
  // split() with a capture group puts the tags at odd indexes and the text between them at even ones.
  for (const [index, piece] of html.split(/(<[^>]*>)/u).entries()) {
    if (index % 2 === 1) {
      const tag = /^<\s*(\/?)\s*mark\b[^>]*>$/iu.exec(piece);
      if (tag) marked = tag[1] !== '/';
      continue;
    }
    const text = decodeEntities(piece);
    if (text === '') continue;
    const last = segments.at(-1);
    if (last && last.marked === marked) last.text += text;
    else segments.push({ text, marked });
  }
  return segments;
}

/**
 * Pagefind joins a heading to the following text with ". ", which reads as a
 * stray Latin full stop in Chinese. After Han text (or closing CJK punctuation,
 * or a highlight ending in either) it is shown as an ideographic space instead.
 */
export function softenBlockSeparators(html: string): string {
  return html.replace(/(?<=[\p{Script=Han}”」』）》](?:<\/mark>)?)\. /gu, '\u3000');
}
