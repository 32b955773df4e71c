/**
 * Article page: when opened from a search result (?q=…), mark the query in
 * the headline and body and bring the first hit into view.
 */
import { sitePath } from '../../lib/paths.ts';
import { loadSearchMeta } from './engine.ts';
import { highlightQuery } from './highlight.ts';

export async function highlightFromUrl(): Promise<void> {
  const query = new URLSearchParams(window.location.search).get('q')?.trim();
  if (!query) return;
  const roots = [...document.querySelectorAll('[data-pagefind-body]')];
  if (roots.length === 0) return;
  // The fold table lets a traditional-character query mark simplified text; without it, plain matching still works.
  const table = await loadSearchMeta(sitePath('pagefind/search-meta.json')).then(
    (meta) => meta.fold,
    () => undefined,
  );
  const marks = highlightQuery(roots, query, table);
  const first = marks[0];
  if (first && !window.location.hash) first.scrollIntoView({ block: 'center' });
}
