/**
 * Search cost per query, measured with the site's own Pagefind client and
 * the search page's exact engine (src/scripts/search/engine.ts):
 * `pagefind.js` from the built site is loaded in Node with `fetch` answered
 * from the files on disk, and every byte it asks for is counted: as files
 * (`bytes`), and as a browser would download them from a host that gzips
 * text (`wireBytes`: the JavaScript and JSON gzipped; Pagefind's index files
 * are already compressed).
 *
 *   node --import tsx scripts/bench/search.ts DIST_DIR [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--year YYYY …] [--engine default] [query…]
 *
 * With --from/--to every query carries that date range, and with --year
 * those years chosen in the year facet (as the search page's 年份 filter), so
 * only the index bundles of that period are asked
 * (docs/adr/0006-search-index-shards.md).
 * With --engine default, DIST_DIR/pagefind is Pagefind's default index of
 * the site (its CLI with no options), searched with Pagefind's own
 * `search()`: the baseline the search issue bounds our bytes by.
 *
 * Prints JSON: the bytes and time of loading the library and index metadata,
 * then per query (each in a fresh client, i.e. a cold cache) the total bytes
 * and requests including the library, the result count, and the latency from
 * search() to the data of the first 5 results (Pagefind's default page);
 * then the next query of the list on the same client, which has the library,
 * the bundles it opened and their chunks already loaded: what a reader's
 * second search costs.
 */
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleOpener, exactSearch, loadSearchMeta, type PagefindLibrary, type PagefindModule } from '../../src/scripts/search/engine.ts';

export interface QueryFigures {
  query: string;
  results: number;
  requests: number;
  /** Bytes transferred for this query on a cold client, library included. */
  bytes: number;
  /** The same over the wire from a host that gzips JavaScript and JSON. */
  wireBytes: number;
  /** Bytes of the query itself after the library and metadata were loaded. */
  queryBytes: number;
  ms: number;
  /** The next query of the list, asked on the same client right after (a reader's second search): its bytes and time. */
  next: { query: string; bytes: number; ms: number };
}

export interface SearchFigures {
  libraryBytes: number;
  queries: QueryFigures[];
}

export const DEFAULT_QUERIES = ['春风', '明月', '许昌', '江南', '故人', '黄金', '千里', '本报讯', '记者', '不知', '白云深处', '桃花'];

const RESULTS_SHOWN = 5;

export type SearchEngine = 'exact' | 'default';

/** What narrows every query of a run: a date range, or years chosen in the year facet. */
export interface Narrowing {
  dateFrom?: string;
  dateTo?: string;
  years?: string[];
}

export async function measureSearch(dist: string, queries: readonly string[] = DEFAULT_QUERIES, narrowing: Narrowing = {}, engine: SearchEngine = 'exact'): Promise<SearchFigures> {
  const { years, ...range } = narrowing;
  const facets = years ? { year: years } : {};
  const root = path.resolve(dist, 'pagefind');
  let bytes = 0;
  let wireBytes = 0;
  let requests = 0;
  /** Count one file as fetched. */
  const fetched = (file: string, body: Buffer): void => {
    bytes += body.length;
    wireBytes += /\.(?:js|json)$/u.test(file) ? gzipSync(body).length : body.length;
    requests++;
  };
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (input: string | URL | Request) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, pathToFileURL(root + '/'));
    const body = await readFile(url.pathname.startsWith(root) ? url : new URL(path.join(root, url.pathname), 'file:'));
    fetched(url.pathname, body);
    return new Response(body, { headers: { 'content-type': url.pathname.endsWith('.wasm') || url.pathname.includes('wasm') ? 'application/wasm' : 'application/octet-stream' } });
  }) as typeof fetch;
  try {
    const out: SearchFigures = { libraryBytes: 0, queries: [] };
    for (const [i, query] of queries.entries()) {
      bytes = 0;
      wireBytes = 0;
      requests = 0;
      // A fresh library per query (cold cache, as a first visit), opened as one instance per index bundle when the search needs it.
      const lib = path.join(root, 'pagefind.js');
      fetched(lib, await readFile(lib));
      const library = (await import(`${pathToFileURL(lib).href}?q=${i}`)) as PagefindLibrary;
      const started: Array<PagefindModule & { destroy?: () => Promise<void> }> = [];
      const opener = bundleOpener(library, (base) => pathToFileURL(path.join(root, base) + path.sep).href);
      const open = async (base: string) => {
        const bundle = await opener(base);
        if (!started.includes(bundle.pagefind)) started.push(bundle.pagefind);
        return bundle;
      };
      const meta = engine === 'exact' ? await loadSearchMeta(pathToFileURL(path.join(root, 'search-meta.json')).href) : undefined;
      const main = await open('');
      const before = bytes;
      if (i === 0) out.libraryBytes = before;
      // The search page's own engine (exact matching over the bigram index) or Pagefind's search, then the first page of results.
      const run = async (q: string): Promise<{ results: number; ms: number }> => {
        const t = performance.now();
        const r = meta ? await exactSearch(open, meta, { query: q, facets, sort: 'relevance', ...range }) : await main.pagefind.search(q);
        await Promise.all(r.results.slice(0, RESULTS_SHOWN).map((x) => x.data()));
        return { results: r.results.length, ms: performance.now() - t };
      };
      const { results, ms } = await run(query);
      const cold = { results, requests, bytes, wireBytes, queryBytes: bytes - before, ms };
      const nextQuery = queries[(i + 1) % queries.length]!;
      const next = await run(nextQuery);
      out.queries.push({ query, ...cold, next: { query: nextQuery, bytes: bytes - cold.bytes, ms: next.ms } });
      for (const pf of started) await pf.destroy?.();
    }
    return out;
  } finally {
    globalThis.fetch = realFetch;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { from: { type: 'string' }, to: { type: 'string' }, year: { type: 'string', multiple: true }, engine: { type: 'string', default: 'exact' } },
  });
  const [dist, ...qs] = positionals;
  if (!dist || (values.engine !== 'exact' && values.engine !== 'default')) {
    console.error('usage: search.ts DIST_DIR [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--year YYYY …] [--engine exact|default] [query…]');
    process.exit(2);
  }
  const narrowing = { ...(values.from ? { dateFrom: values.from } : {}), ...(values.to ? { dateTo: values.to } : {}), ...(values.year ? { years: values.year } : {}) };
  measureSearch(dist, qs.length ? qs : DEFAULT_QUERIES, narrowing, values.engine).then(
    (f) => console.log(JSON.stringify(f)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
