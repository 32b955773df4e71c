/**
 * Chunk boundaries in the browser: the first word of every index chunk read
 * from a bundle's Pagefind metadata (src/lib/pagefind-meta.ts), and the fetch
 * tap that hands the engine the metadata Pagefind downloads as a bundle opens
 * (src/scripts/search/bundle-meta.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { decode, encode } from 'cbor-x';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeArticlePage } from './site-fixture.ts';
import { chunkStartsOf, pagefindFileBytes } from '../../src/lib/pagefind-meta.ts';
import { withChunkStarts } from '../../src/scripts/search/bundle-meta.ts';

const SIGNATURE = 'pagefind_dcd';
const pfFile = (value: unknown): Uint8Array => gzipSync(Buffer.concat([Buffer.from(SIGNATURE), encode(value)]));

let work = '';
let metaBytes: Uint8Array;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'pagefind-meta-'));
  const site = path.join(work, 'site');
  const texts = ['春风又绿江南岸，明月何时照我还。', '许昌市魏都区召开会议，部署冬季safety工作。', '本报讯（记者 王明）1月4日，我市迎来新年第一场雪。'];
  for (const [i, text] of texts.entries()) await writeArticlePage(site, i + 1, text, '<span data-pagefind-filter="kind">消息</span>');
  const out = path.join(work, 'out');
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/reindex.ts', '--site', site, '--out', out], { cwd: path.resolve(import.meta.dirname, '../..') });
  const bundle = path.join(out, 'pagefind');
  metaBytes = await readFile(path.join(bundle, (await readdir(bundle)).find((name) => name.endsWith('.pf_meta'))!));
}, 60_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('chunkStartsOf', () => {
  it('reads the chunk list of metadata Pagefind wrote, as a full CBOR decoder does', async () => {
    const decoded = decode(gunzipSync(metaBytes).subarray(SIGNATURE.length)) as [string, unknown[], Array<[string, string, string]>];
    const expected = decoded[2].map(([from]) => from);
    expect(expected.length).toBeGreaterThan(0);
    expect(chunkStartsOf(await pagefindFileBytes(metaBytes))).toEqual(expected);
  });

  it('steps over every kind of item Pagefind could put before and beside the chunks', async () => {
    const long = '长'.repeat(100); // 300 bytes: a two-byte length
    const pages = [['a'.repeat(30), 70_000, ''], ['b', 5_000_000_000, 'g'], new Map([['x', new Uint8Array([1, 2, 3])]]), new Map([[1, -2.5]])];
    const chunks = [['', '春风', 'h1'], ['春风', long, 'h2', { extra: [1.5, -3, true, null] }], [long, '龙', 'h3']];
    const meta = ['1.6.0', pages, chunks, [['kind', 'f1']]];
    expect(chunkStartsOf(await pagefindFileBytes(pfFile(meta)))).toEqual(['', '春风', long]);
  });

  it('accepts a file stored uncompressed, signature first', async () => {
    const raw = Buffer.concat([Buffer.from(SIGNATURE), encode(['1.6.0', [], [['甲乙', '丙丁', 'h']]])]);
    expect(chunkStartsOf(await pagefindFileBytes(raw))).toEqual(['甲乙']);
  });

  it('names what is wrong with a file it cannot read', async () => {
    await expect(pagefindFileBytes(gzipSync(Buffer.from('not pagefind')))).rejects.toThrow('signature missing');
    const cut = Buffer.concat([Buffer.from(SIGNATURE), encode(['1.6.0', [], [['甲乙', '丙丁', 'h']]])]).subarray(0, 24);
    expect(() => chunkStartsOf(cut.subarray(SIGNATURE.length))).toThrow('ends early');
    expect(() => chunkStartsOf(encode({ version: 1 }))).toThrow('expected an array');
  });
});

describe('withChunkStarts', () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  /** A host serving the metadata of two bundles; records what was fetched. */
  function serve(): string[] {
    const files: Record<string, Uint8Array> = {
      '/pagefind/pagefind.main1.pf_meta': pfFile(['1.6.0', [], [['', '中', 'a'], ['中国', '乙', 'b']]]),
      '/pagefind/shard-1/pagefind.other.pf_meta': pfFile(['1.6.0', [], [['', '龙', 'c']]]),
    };
    const fetched: string[] = [];
    globalThis.fetch = (async (input: string | URL | Request) => {
      const url = String(input);
      fetched.push(url);
      const body = files[url];
      return body ? new Response(body as Uint8Array<ArrayBuffer>) : new Response('missing', { status: 404 });
    }) as typeof fetch;
    return fetched;
  }

  it('hands over the chunk starts of the bundle being opened, the response still readable by Pagefind', async () => {
    const fetched = serve();
    const { opened, chunkStarts } = await withChunkStarts('/pagefind/', async () => {
      // A nested bundle's metadata is not the main bundle's, though its URL starts alike.
      await fetch('/pagefind/shard-1/pagefind.other.pf_meta');
      const response = await fetch('/pagefind/pagefind.main1.pf_meta');
      return (await response.arrayBuffer()).byteLength;
    });
    expect(opened).toBeGreaterThan(SIGNATURE.length);
    expect(chunkStarts).toEqual(['', '中国']);
    expect(fetched).toEqual(['/pagefind/shard-1/pagefind.other.pf_meta', '/pagefind/pagefind.main1.pf_meta']);
  });

  it('opens bundles at once, each with its own metadata, through a fetch replaced since', async () => {
    serve();
    await withChunkStarts('/pagefind/', () => fetch('/pagefind/pagefind.main1.pf_meta'));
    serve();
    const [main, shard] = await Promise.all([
      withChunkStarts('/pagefind/', () => fetch('/pagefind/pagefind.main1.pf_meta')),
      withChunkStarts('/pagefind/shard-1/', () => fetch('/pagefind/shard-1/pagefind.other.pf_meta')),
    ]);
    expect([main.chunkStarts, shard.chunkStarts]).toEqual([['', '中国'], ['']]);
  });

  it('matches the folder and the fetch however each is spelt: absolute or from the root, with or without the last slash', async () => {
    serve();
    vi.stubGlobal('location', new URL('http://archive.test/search/?q=x'));
    try {
      const { chunkStarts } = await withChunkStarts('http://archive.test/pagefind', () => fetch('/pagefind/pagefind.main1.pf_meta'));
      expect(chunkStarts).toEqual(['', '中国']);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('fails, naming the bundle, when opening it fetched no metadata', async () => {
    serve();
    await expect(withChunkStarts('/pagefind/', () => fetch('/pagefind/pagefind.missing.pf_meta'))).rejects.toThrow('/pagefind/: Pagefind opened the bundle without fetching its metadata');
  });
});
