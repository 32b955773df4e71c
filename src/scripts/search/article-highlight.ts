/**
 * Article page: when opened from a search result (?q=…), mark the query in
 * the headline and body and bring the first hit into view.
 */
import { sitePath } from '../../lib/paths.ts';
import { parseQuery, searchKey, SEGMENT_BREAK } from '../../lib/search-text.ts';
import { loadSearchMeta } from './engine.ts';
import { highlightQuery } from './highlight.ts';

export async function highlightFromUrl(): Promise<void> {
  const query = new URLSearchParams(window.location.search).get('q')?.trim();
  if (!query) return;
  const roots = [...document.querySelectorAll('[data-pagefind-body]')];
  if (roots.length === 0) return;
  // Most queries occur as typed; only when a term does not is the fold table fetched, so a
  // traditional-character query can still mark simplified text (and vice versa).
  const plainText = searchKey(roots.map((root) => root.textContent ?? '').join(SEGMENT_BREAK), undefined);
  const matchesAsTyped = parseQuery(query, undefined)
    .filter((term) => !term.exclude)
    .every((term) => plainText.includes(term.tokens.join('')));
  const table = matchesAsTyped
    ? undefined
    : await loadSearchMeta(sitePath('pagefind/search-meta.json')).then(
        (meta) => meta.fold,
        () => undefined,
      );
  const marks = highlightQuery(roots, query, table);
  const first = marks[0];
  if (first && !window.location.hash) first.scrollIntoView({ block: 'center' });
}
