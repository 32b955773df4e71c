/**
 * Merges Pagefind bundles of consecutive pages into one bundle, laid out as
 * Pagefind writes a bundle of all their pages at once (docs/adr/0006).
 *
 * Pagefind holds every position of every word of a bundle while writing it,
 * so the pages are indexed in pieces that fit in memory; a search, though,
 * pays for every bundle it opens (its metadata and one index chunk per word),
 * so the pieces are published merged. The merge streams: index chunks are
 * read one per piece at a time and their words merged in order, so it holds
 * a few chunks, not the pieces.
 *
 * Pagefind's files: `pagefind-entry.json` names the language's metadata
 * `pagefind.<hash>.pf_meta`; metadata, index chunks and filters are gzipped
 * "pagefind_dcd" + CBOR, fragments gzipped "pagefind_dcd" + JSON (or, with
 * `maxFragments`, JSON objects of several pages' fragments keyed by page).
 * Metadata: [version, pages [fragment, word count, fragment group], chunks
 * [from, to, file], filters [name, file], sorts [name, page numbers in
 * order], meta fields]. A chunk: [[word, [[page, positions, meta positions]],
 * variants]] in word order. A filter: [name, [[value, pages]]]. File names are
 * the language and the start of the SHA-1 of the uncompressed content.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzip } from 'node:zlib';
import { decode, encode } from 'cbor-x';
import { PAGEFIND_SIGNATURE } from './pagefind-meta.ts';

const SIGNATURE = Buffer.from(PAGEFIND_SIGNATURE);
const gzipAsync = promisify(gzip);

/** Pagefind closes an index chunk once it holds this many positions (plus one per page of each word). */
export const CHUNK_POSITIONS = 20000;

type Positions = number[];
type WordPage = [page: number, positions: Positions, metaPositions: Positions];
type WordEntry = [word: string, pages: WordPage[], variants: Array<[form: string, pages: WordPage[]]>];
type MetaPage = [fragment: string, wordCount: number, group: string];
type MetaChunk = [from: string, to: string, file: string];
type Meta = [version: string, pages: MetaPage[], chunks: MetaChunk[], filters: Array<[string, string]>, sorts: Array<[string, number[]]>, fields: string[], ...rest: unknown[]];
type FilterFile = [name: string, values: Array<[value: string, pages: number[]]>];
interface Entry {
  version: string;
  languages: Record<string, { hash: string; wasm: string | null; page_count: number }>;
  include_characters?: string[];
}

function readPagefindFile(bytes: Buffer): Buffer {
  const raw = gunzipSync(bytes);
  if (!raw.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error('not a Pagefind index file');
  return raw.subarray(SIGNATURE.length);
}

async function readCbor<T>(file: string): Promise<T> {
  return decode(readPagefindFile(await readFile(file))) as T;
}

/** Pagefind's full hash: SHA-1 as hex, each byte without its leading zero. */
function pagefindHash(content: Uint8Array): string {
  return [...createHash('sha1').update(content).digest()].map((b) => b.toString(16)).join('');
}

/**
 * Pagefind compresses at level 9; at level 6 an index chunk is 2% larger and
 * compresses six times faster (a 10,000-page bundle: 4 s instead of 21 s).
 */
const CHUNK_GZIP_LEVEL = 6;

function packed(content: Uint8Array, level = 9): Promise<Buffer> {
  return gzipAsync(Buffer.concat([SIGNATURE, content]), { level });
}

/** Writes whose compression runs on libuv's threads while the merge goes on, a few at a time. */
class PendingWrites {
  private readonly pending = new Set<Promise<void>>();

  async add(file: string, content: Promise<Buffer>): Promise<void> {
    const write = content.then((bytes) => writeFile(file, bytes));
    this.pending.add(write);
    void write.finally(() => this.pending.delete(write)).catch(() => undefined);
    if (this.pending.size >= 8) await Promise.race(this.pending);
  }

  async done(): Promise<void> {
    await Promise.all(this.pending);
  }
}

/** Code point order (Rust's string order, which Pagefind sorts words and chunk ranges by); JS `<` compares UTF-16 units. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+D800–DFFF) stand for code points above U+FFFF: rank them after U+E000–FFFF.
    const rank = (c: number) => (c >= 0xd800 && c <= 0xdfff ? c + 0x2000 : c >= 0xe000 ? c - 0x800 : c);
    return rank(x) - rank(y);
  }
  return a.length - b.length;
}

/** Pagefind's chunk ranges: the shortest prefixes that tell the last word of a chunk from the first of the next. */
function rangePrefixes(last: string, first: string): [string, string] {
  const a = [...last];
  const b = [...first];
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return [a.slice(0, common + 1).join(''), b.slice(0, common + 1).join('')];
}

/** Names index chunks and filters by content as Pagefind does: the start of the hash, longer while another content has it. */
class FileNames {
  private readonly taken = new Set<string>();
  constructor(private readonly prefix: string) {}

  name(fullHash: string): string {
    for (let length = 7; ; length++) {
      const name = `${this.prefix}${fullHash.slice(0, length)}`;
      if (!this.taken.has(name) || length >= fullHash.length) {
        this.taken.add(name);
        return name;
      }
    }
  }
}

/**
 * Fragment names in the merged bundle: each piece's own (Pagefind's hash of
 * the fragment), unless another piece's fragment has it; then the same
 * fragment shares it, a different one gets a longer hash, as Pagefind
 * lengthens colliding names within a bundle (about 20 collisions are to be
 * expected among 100,000 pages).
 */
class FragmentNames {
  private readonly owners = new Map<string, () => Promise<string>>();
  constructor(private readonly prefix: string) {}

  /**
   * Claim `name` for a fragment. `fullHash` gives its full hash where it is
   * now, asked only on a collision; `placedHash` gives it where it will be
   * once placed under `name`, asked if a later fragment collides with it.
   */
  async claim(name: string, fullHash: () => Promise<string>, placedHash: () => Promise<string> = fullHash): Promise<{ name: string; fresh: boolean }> {
    if (!this.owners.has(name)) {
      let known: Promise<string> | undefined;
      this.owners.set(name, () => (known ??= placedHash()));
      return { name, fresh: true };
    }
    const own = await fullHash();
    for (let length = name.length - this.prefix.length; ; length++) {
      const candidate = `${this.prefix}${own.slice(0, length)}`;
      const owner = this.owners.get(candidate);
      if (!owner) {
        this.owners.set(candidate, async () => own);
        return { name: candidate, fresh: true };
      }
      if ((await owner()) === own || length >= own.length) return { name: candidate, fresh: false };
    }
  }
}

/** One piece's words in order, reading its chunks one at a time. */
class WordCursor {
  private words: WordEntry[] = [];
  private at = 0;
  private chunk = 0;
  constructor(
    private readonly dir: string,
    private readonly chunks: MetaChunk[],
    readonly pageOffset: number,
  ) {}

  async peek(): Promise<WordEntry | undefined> {
    while (this.at >= this.words.length) {
      if (this.chunk >= this.chunks.length) return undefined;
      const [words] = await readCbor<[WordEntry[]]>(join(this.dir, 'index', `${this.chunks[this.chunk++]![2]}.pf_index`));
      this.words = words;
      this.at = 0;
    }
    return this.words[this.at];
  }

  next(): void {
    this.at++;
  }
}

/**
 * Make a piece's page list for a word (or a variant form of it) follow the
 * pieces before it: page numbers in a list are each the difference from the
 * one before (the first, from 0), so only its first entry changes; meta
 * positions name their field by its place in the meta fields (-1 - place),
 * so those are mapped to the merged list. `last` holds the page each list
 * ended on so far. Returns the positions the list counts toward a chunk.
 */
function renumber(list: WordPage[], pageOffset: number, last: Map<string, number>, form: string, fieldMap: ((n: number) => number) | undefined): number {
  if (list.length === 0) return 0;
  let page = pageOffset;
  let positions = 0;
  for (const entry of list) {
    page += entry[0];
    positions += entry[1].length + entry[2].length + 1;
    if (fieldMap && entry[2].length > 0) entry[2] = entry[2].map(fieldMap);
  }
  list[0]![0] += pageOffset - (last.get(form) ?? 0);
  last.set(form, page);
  return positions;
}

export interface MergedBundle {
  pages: number;
}

export interface MergeOptions {
  /** Move the pieces' fragment files instead of copying them (the pieces are thrown away after). */
  move?: boolean;
}

/**
 * Merge Pagefind bundles (folders), whose pages follow one another in every
 * sort order (here: runs in date order), into one bundle in `outDir`. Page
 * numbers of each piece follow those of the pieces before it. Pagefind's
 * library and WebAssembly are taken from the first piece.
 */
export async function mergeBundles(pieceDirs: readonly string[], outDir: string, options: MergeOptions = {}): Promise<MergedBundle> {
  if (pieceDirs.length === 0) throw new Error('mergeBundles: no bundle to merge');
  const entries = await Promise.all(pieceDirs.map(async (dir) => JSON.parse(await readFile(join(dir, 'pagefind-entry.json'), 'utf8')) as Entry));
  const languages = new Set(entries.flatMap((entry) => Object.keys(entry.languages)));
  if (languages.size !== 1) throw new Error(`mergeBundles: the bundles must hold one and the same language, found ${[...languages].join(', ') || 'none'}`);
  const language = [...languages][0]!;
  const metas = await Promise.all(pieceDirs.map((dir, i) => readCbor<Meta>(join(dir, `pagefind.${entries[i]!.languages[language]!.hash}.pf_meta`))));
  await mkdir(join(outDir, 'fragment'), { recursive: true });
  await mkdir(join(outDir, 'index'), { recursive: true });
  await mkdir(join(outDir, 'filter'), { recursive: true });

  // Pages, and their fragments under names unique in the merged bundle.
  const fragmentNames = new FragmentNames(`${language}_`);
  const groupNames = new FragmentNames(`${language}_group_`);
  const writes = new PendingWrites();
  const pages: MetaPage[] = [];
  const offsets: number[] = [];
  const place = options.move ? rename : copyFile;
  const fragmentHash = (file: string) => async () => pagefindHash(readPagefindFile(await readFile(file)));
  for (const [p, dir] of pieceDirs.entries()) {
    offsets.push(pages.length);
    const groups = new Map<string, MetaPage[]>();
    for (const page of metas[p]![1]) {
      const own: MetaPage = [...page];
      pages.push(own);
      if (own[2]) {
        groups.set(own[2], [...(groups.get(own[2]) ?? []), own]);
        continue;
      }
      const file = join(dir, 'fragment', `${own[0]}.pf_fragment`);
      const target = (name: string) => join(outDir, 'fragment', `${name}.pf_fragment`);
      // With `move`, a fragment that keeps its name is read from the merged bundle afterwards.
      const { name, fresh } = await fragmentNames.claim(own[0], fragmentHash(file), fragmentHash(target(own[0])));
      if (fresh) await (name === own[0] ? place(file, target(name)) : copyFile(file, target(name)));
      own[0] = name;
    }
    // Packed fragments (maxFragments): a group file holds several pages' fragments keyed by page; rewritten if a key must change.
    for (const [group, members] of groups) {
      const file = join(dir, 'fragment', `${group}.pf_fragment`);
      const content = readPagefindFile(await readFile(file));
      const fragments = JSON.parse(content.toString('utf8')) as Record<string, unknown>;
      let renamed = false;
      const rekeyed: Record<string, unknown> = {};
      for (const member of members) {
        const fragment = fragments[member[0]];
        const { name } = await fragmentNames.claim(member[0], async () => pagefindHash(Buffer.from(JSON.stringify(fragment))));
        renamed ||= name !== member[0];
        rekeyed[name] = fragment;
        member[0] = name;
      }
      const written = renamed ? Buffer.from(JSON.stringify(rekeyed)) : content;
      const groupHash = pagefindHash(written);
      const { name: groupName, fresh } = await groupNames.claim(`${language}_group_${groupHash.slice(0, group.length - `${language}_group_`.length)}`, async () => groupHash);
      for (const member of members) member[2] = groupName;
      const target = join(outDir, 'fragment', `${groupName}.pf_fragment`);
      if (!fresh) continue;
      if (renamed) await writes.add(target, packed(written));
      else await place(file, target);
    }
  }

  // Meta fields: all the pieces'. A word's meta positions name their field by its place in that list (-1 - place).
  const fields = [...new Set(metas.flatMap((meta) => meta[5]))].sort(compareCodePoints);
  const fieldMaps = metas.map((meta) => {
    const to = meta[5].map((field) => fields.indexOf(field));
    return to.every((place, i) => place === i) ? undefined : (n: number): number => (n < 0 ? -1 - to[-1 - n]! : n);
  });

  // Index chunks: the pieces' words merged in order, a word in several pieces given all their pages.
  const cursors = pieceDirs.map((dir, p) => new WordCursor(dir, metas[p]![2], offsets[p]!));
  const chunkNames = new FileNames(`${language}_`);
  const chunks: Array<{ first: string; last: string; file: string }> = [];
  let chunk: WordEntry[] = [];
  let positions = 0;
  const flush = async (): Promise<void> => {
    if (chunk.length === 0) return;
    const content = encode([chunk]);
    const name = chunkNames.name(pagefindHash(content));
    await writes.add(join(outDir, 'index', `${name}.pf_index`), packed(content, CHUNK_GZIP_LEVEL));
    chunks.push({ first: chunk[0]![0], last: chunk.at(-1)![0], file: name });
    chunk = [];
    positions = 0;
  };
  for (;;) {
    const heads = await Promise.all(cursors.map((cursor) => cursor.peek()));
    let word: string | undefined;
    for (const head of heads) if (head && (word === undefined || compareCodePoints(head[0], word) < 0)) word = head[0];
    if (word === undefined) break;
    let merged: WordEntry | undefined;
    const last = new Map<string, number>();
    for (const [p, head] of heads.entries()) {
      if (!head || head[0] !== word) continue;
      cursors[p]!.next();
      const { pageOffset } = cursors[p]!;
      const fieldMap = fieldMaps[p];
      positions += renumber(head[1], pageOffset, last, '', fieldMap);
      for (const variant of head[2]) renumber(variant[1], pageOffset, last, variant[0], fieldMap);
      if (!merged) {
        merged = head;
        continue;
      }
      for (const entry of head[1]) merged[1].push(entry);
      for (const variant of head[2]) {
        const same = merged[2].find(([form]) => form === variant[0]);
        if (same) for (const entry of variant[1]) same[1].push(entry);
        else merged[2].push(variant);
      }
    }
    chunk.push(merged!);
    if (positions >= CHUNK_POSITIONS) await flush();
  }
  await flush();
  const chunkMeta: MetaChunk[] = chunks.map((c) => [c.first, c.last, c.file]);
  for (let i = 0; i + 1 < chunkMeta.length; i++) [chunkMeta[i]![1], chunkMeta[i + 1]![0]] = rangePrefixes(chunks[i]!.last, chunks[i + 1]!.first);

  // Filters: each value's pages, renumbered, in piece order.
  const filterValues = new Map<string, Map<string, number[]>>();
  for (const [p, dir] of pieceDirs.entries()) {
    for (const [, file] of metas[p]![3]) {
      const [name, values] = await readCbor<FilterFile>(join(dir, 'filter', `${file}.pf_filter`));
      const merged = filterValues.get(name) ?? new Map<string, number[]>();
      filterValues.set(name, merged);
      for (const [value, valuePages] of values) merged.set(value, [...(merged.get(value) ?? []), ...valuePages.map((page) => page + offsets[p]!)]);
    }
  }
  const filterNames = new FileNames(`${language}_`);
  const filters: Array<[string, string]> = [];
  for (const name of [...filterValues.keys()].sort(compareCodePoints)) {
    const values = [...filterValues.get(name)!].sort(([a], [b]) => compareCodePoints(a, b));
    const content = encode([name, values] satisfies FilterFile);
    const file = filterNames.name(pagefindHash(content));
    await writes.add(join(outDir, 'filter', `${file}.pf_filter`), packed(content));
    filters.push([name, file]);
  }

  // Sorts: the pieces follow one another in every sort order, so each is the pieces' orders one after another.
  const sortNames = [...new Set(metas.flatMap((meta) => meta[4].map(([name]) => name)))].sort(compareCodePoints);
  const sorts: Array<[string, number[]]> = sortNames.map((name) => [name, metas.flatMap((meta, p) => (meta[4].find(([n]) => n === name)?.[1] ?? []).map((page) => page + offsets[p]!))]);

  const meta: Meta = [metas[0]![0], pages, chunkMeta, filters, sorts, fields, ...metas[0]!.slice(6)];
  const metaContent = encode(meta);
  const metaHash = `${language}_${pagefindHash(metaContent).slice(0, entries[0]!.languages[language]!.hash.length - language.length - 1)}`;
  await writes.add(join(outDir, `pagefind.${metaHash}.pf_meta`), packed(metaContent));
  await writes.done();

  const includeCharacters = [...new Set(entries.flatMap((entry) => entry.include_characters ?? []))];
  const entry: Entry = {
    ...entries[0]!,
    languages: { [language]: { ...entries[0]!.languages[language]!, hash: metaHash, page_count: pages.length } },
    ...(entries[0]!.include_characters ? { include_characters: includeCharacters } : {}),
  };
  await writeFile(join(outDir, 'pagefind-entry.json'), JSON.stringify(entry));
  // Pagefind's library, WebAssembly and UI: the same in every piece.
  for (const name of await readdir(pieceDirs[0]!)) {
    if (/\.(?:js|css|pagefind)$/u.test(name)) await copyFile(join(pieceDirs[0]!, name), join(outDir, name));
  }
  return { pages: pages.length };
}
