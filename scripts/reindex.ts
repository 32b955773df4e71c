/**
 * Rebuild only the search index of a built site, optionally into a copy:
 *
 *   npm run reindex -- [--site dist] [--out DIR] [--shard-pages N] [--bundle-pages N] [--jobs N] [--memory-mb M] [--fragment-files N] [--cache-dir DIR]
 *
 * With --out, the site is copied to DIR first and DIR is indexed (the
 * original is not touched); without it, the site's own pagefind/ is replaced.
 * With --cache-dir, bundles whose pages are unchanged are copied from that
 * index cache (src/lib/search-index-cache.ts); without it, all are indexed.
 * The end-to-end tests use it to serve the seed site split into many small
 * index bundles, so the multi-bundle search path runs on every test run.
 */
import { cp, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_BUNDLE_PAGES, DEFAULT_SHARD_PAGES, writeShardedIndex } from '../src/lib/search-index.ts';

const ROOT = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    site: { type: 'string', default: 'dist' },
    out: { type: 'string' },
    'shard-pages': { type: 'string', default: process.env.SEARCH_SHARD_PAGES ?? String(DEFAULT_SHARD_PAGES) },
    'bundle-pages': { type: 'string', default: process.env.SEARCH_BUNDLE_PAGES ?? String(DEFAULT_BUNDLE_PAGES) },
    jobs: { type: 'string', default: process.env.SEARCH_INDEX_JOBS },
    'memory-mb': { type: 'string', default: process.env.SEARCH_INDEX_MEMORY_MB },
    'fragment-files': { type: 'string', default: process.env.SEARCH_FRAGMENT_FILES },
    'cache-dir': { type: 'string' },
  },
});

const site = resolve(ROOT, args.site!);
const target = args.out ? resolve(ROOT, args.out) : site;
const shardPages = Number(args['shard-pages']);
if (!Number.isInteger(shardPages) || shardPages < 1) {
  console.error(`reindex: --shard-pages takes a positive whole number, got ${args['shard-pages']}`);
  process.exit(2);
}
for (const name of ['bundle-pages', 'jobs', 'memory-mb', 'fragment-files'] as const) {
  const value = args[name];
  if (value !== undefined && !(Number.isInteger(Number(value)) && Number(value) > 0)) {
    console.error(`reindex: --${name} takes a positive whole number, got ${value}`);
    process.exit(2);
  }
}
if (target !== site) {
  await rm(target, { recursive: true, force: true });
  await cp(site, target, { recursive: true });
}
await rm(resolve(target, 'pagefind'), { recursive: true, force: true });
const written = await writeShardedIndex(target, resolve(target, 'pagefind'), {
  shardPages,
  bundlePages: Number(args['bundle-pages']),
  ...(args.jobs ? { jobs: Number(args.jobs) } : {}),
  ...(args['memory-mb'] ? { memoryMb: Number(args['memory-mb']) } : {}),
  ...(args['fragment-files'] ? { fragmentFiles: Number(args['fragment-files']) } : {}),
  ...(args['cache-dir'] ? { cacheDir: resolve(ROOT, args['cache-dir']) } : {}),
  log: (line) => console.log(line),
});
if (written.errors.length > 0 || written.pagesIndexed === 0) {
  console.error(`reindex failed:\n  ${written.errors.join('\n  ') || 'no page has data-pagefind-body'}`);
  process.exit(1);
}
console.log(`reindex: ${written.pagesIndexed} pages in ${written.shards} bundle(s) from ${written.runs} run(s)${written.cachedShards > 0 ? `, ${written.cachedShards} from the index cache` : ''}${written.cachedBundles > 0 ? ` (and ${written.cachedBundles} merged bundle(s))` : ''} in ${target}/pagefind`);
