/**
 * The bench's search probe on Pagefind's default index (the search issue's
 * bound: our bytes per query against the default's on the same site). The
 * baseline is only a fair bound if it is counted as our own engine is: every
 * file the client fetches, once.
 */
import { readdir, readFile, rm, mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as pagefind from 'pagefind';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureSearch } from '../../scripts/bench/search.ts';

let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bench-search-'));
  const { index } = await pagefind.createIndex({});
  const pages = ['春风又绿江南岸', '明月何时照我还', '春风不度玉门关'];
  for (const [i, text] of pages.entries()) {
    await index!.addHTMLFile({ sourcePath: `articles/${i}/index.html`, content: `<html lang="zh-CN"><body><main data-pagefind-body><p>${text}</p></main></body></html>` });
  }
  await index!.writeFiles({ outputPath: path.join(dir, 'pagefind') });
  await pagefind.close();
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Bytes of the files directly in a folder whose names match. */
async function bytesOf(folder: string, pattern: RegExp): Promise<number> {
  let total = 0;
  for (const name of await readdir(folder)) if (pattern.test(name)) total += (await stat(path.join(folder, name))).size;
  return total;
}

describe('measureSearch on a default Pagefind index', () => {
  it("answers with Pagefind's own search and counts the library, metadata and WebAssembly as loaded before the query", async () => {
    const figures = await measureSearch(dir, ['春风', '明月'], {}, 'default');
    const root = path.join(dir, 'pagefind');
    const library = (await readFile(path.join(root, 'pagefind.js'))).length + (await bytesOf(root, /^(?:pagefind-entry\.json|.*\.pf_meta|wasm\..*\.pagefind)$/u));
    expect(figures.libraryBytes).toBe(library);
    expect(figures.queries.map((q) => [q.query, q.results])).toEqual([
      ['春风', 2],
      ['明月', 1],
    ]);
    for (const q of figures.queries) {
      // Index chunks and fragments on top of the library, each counted.
      expect(q.bytes).toBe(library + q.queryBytes);
      expect(q.queryBytes).toBeGreaterThan(0);
      expect(q.requests).toBeGreaterThan(4);
      expect(q.wireBytes).toBeLessThan(q.bytes);
    }
  }, 30_000);
});
