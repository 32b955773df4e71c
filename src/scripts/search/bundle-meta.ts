/**
 * Each bundle's index chunk boundaries, taken from the metadata file Pagefind
 * downloads when a bundle opens. Pagefind keeps that file to itself, so fetch
 * is tapped: the response for `<bundle>pagefind.<hash>.pf_meta` is copied to
 * whoever waits for that bundle, and the file is downloaded once (shipping
 * the boundaries again in search-meta.json cost a search 16 kB gzipped per
 * 20,000 pages).
 */
import { chunkStartsOf, pagefindFileBytes } from '../../lib/pagefind-meta.ts';

const META_FILE = /^pagefind\.[^/?#]+\.pf_meta(?:[?#]|$)/u;

/** Bundle folder URL (absolute, ending in /) → taker of the next metadata response fetched from it. */
const waiting = new Map<string, (body: Promise<ArrayBuffer>) => void>();
let tap: typeof fetch | undefined;

/**
 * A URL made absolute against the page, so that a folder and a fetch match
 * however each is spelt (Pagefind drops the page's origin from its base path).
 */
function absolute(url: string): string {
  return typeof location === 'undefined' ? url : new URL(url, location.href).href;
}

function urlOf(input: Parameters<typeof fetch>[0]): string {
  return absolute(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
}

/** Wrap whatever fetch is current (once; again if someone has replaced it since). */
function installTap(): void {
  if (tap !== undefined && globalThis.fetch === tap) return;
  const inner = globalThis.fetch;
  tap = async (input, init) => {
    const response = await inner(input, init);
    if (waiting.size > 0 && response.ok) {
      const url = urlOf(input);
      for (const [folder, take] of waiting) {
        if (url.startsWith(folder) && META_FILE.test(url.slice(folder.length))) {
          waiting.delete(folder);
          const copy = response.clone().arrayBuffer();
          // Read by withChunkStarts only if the bundle opens; a failed read is its error then, not an unhandled one.
          copy.catch(() => undefined);
          take(copy);
          break;
        }
      }
    }
    return response;
  };
  globalThis.fetch = tap;
}

/**
 * Run open() — which makes Pagefind load the bundle in `bundleFolder` — and return
 * its result with the first word of every index chunk of that bundle.
 */
export async function withChunkStarts<T>(bundleFolder: string, open: () => Promise<T>): Promise<{ opened: T; chunkStarts: string[] }> {
  installTap();
  const folder = absolute(bundleFolder.endsWith('/') ? bundleFolder : `${bundleFolder}/`);
  let body: Promise<ArrayBuffer> | undefined;
  waiting.set(folder, (taken) => (body = taken));
  try {
    const opened = await open();
    if (!body) throw new Error(`search index ${folder}: Pagefind opened the bundle without fetching its metadata`);
    return { opened, chunkStarts: chunkStartsOf(await pagefindFileBytes(new Uint8Array(await body))) };
  } finally {
    waiting.delete(folder);
  }
}
