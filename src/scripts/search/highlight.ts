/**
 * Highlights the search query on the article page a result opened (the
 * result link carries ?q=). Matching is the search's own: folded characters,
 * whitespace ignored, across element boundaries. Only text nodes are split and
 * wrapped in <mark>; no HTML is parsed or injected.
 */
import { findRuns, foldCodePoint, matchForm, parseQuery, SEGMENT_BREAK, type FoldTable } from '../../lib/search-text.ts';

interface TokenSource {
  node: Text;
  /** UTF-16 offsets of the source character in node.data. */
  start: number;
  end: number;
}

function textNodesUnder(root: Element): Text[] {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
  return nodes;
}

/** Wrap every occurrence of the query's positive terms inside the roots; returns the marks in document order. */
export function highlightQuery(roots: readonly Element[], query: string, table: FoldTable | undefined): HTMLElement[] {
  const terms = parseQuery(query, table).filter((term) => !term.exclude);
  if (terms.length === 0) return [];
  const tokens: string[] = [];
  const sources: TokenSource[] = [];
  for (const root of roots) {
    for (const node of textNodesUnder(root)) {
      let offset = 0;
      for (const char of node.data) {
        for (const token of foldCodePoint(char, table)) {
          tokens.push(matchForm(token));
          sources.push({ node, start: offset, end: offset + char.length });
        }
        offset += char.length;
      }
    }
    // Headline and body are searched apart, as the index does: no match runs across roots.
    tokens.push(SEGMENT_BREAK);
    sources.push({ node: document.createTextNode(''), start: 0, end: 0 });
  }
  // Per text node, the [start, end) ranges to mark, merged.
  const ranges = new Map<Text, [number, number][]>();
  for (const term of terms) {
    for (const at of findRuns(tokens, term.tokens)) {
      for (let i = at; i < at + term.tokens.length; i++) {
        const source = sources[i]!;
        const list = ranges.get(source.node) ?? [];
        const last = list.at(-1);
        if (last && source.start <= last[1]) last[1] = Math.max(last[1], source.end);
        else list.push([source.start, source.end]);
        ranges.set(source.node, list);
      }
    }
  }
  const marks: HTMLElement[] = [];
  for (const [node, list] of ranges) {
    list.sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const range of list) {
      const last = merged.at(-1);
      if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
      else merged.push([...range]);
    }
    // Split from the end so earlier offsets stay valid.
    for (const [start, end] of merged.reverse()) {
      const middle = node.splitText(start);
      middle.splitText(end - start);
      const mark = document.createElement('mark');
      mark.className = 'search-hit';
      middle.replaceWith(mark);
      mark.append(middle);
      marks.push(mark);
    }
  }
  return marks.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
}
