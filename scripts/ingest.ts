/**
 * `npm run ingest -- --input DIR --output DIR [--strict] [--check-accounting] [--max-file-mb N]`
 *
 * Reads every .txt file under the input folder (default: the embedded corpus
 * in content/raw), runs the pipeline, and writes one Markdown file per article
 * plus report.json. Output is written to a temporary folder and swapped in,
 * so a failed run leaves the previous articles intact.
 *
 * Bad input never stops the run: a file that cannot be read, is too large, is
 * a symbolic link out of the corpus, or makes the pipeline throw is skipped
 * with a message naming it, listed in report.json under `skipped`, and the
 * rest of the corpus is built. Exit status: 0 all built; 1 built, but input
 * was skipped or raised warnings; 2 could not run; 3 (--check-accounting) a
 * file's Han characters are not all accounted for; 4 (--strict) input was
 * skipped. On 3 and 4 the previous output is left in place.
 *
 * The per-file passes run on worker threads (one per core; `--workers N` or
 * INGEST_WORKERS, 0 = in-process), each reading its own files, and their
 * results are cached by file content and pipeline version (scripts/runner/
 * cache.ts; `--no-cache`, INGEST_CACHE_DIR), so a rebuild re-processes only
 * new or changed files. Cross-file work (ids, dedupe, describe) always reruns.
 */
import { lstat, mkdir, readdir, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { countHan } from '../src/shared/han.ts';
import { decode } from '../src/pipeline/decode.ts';
import { assemble, ingest, type CorpusFile, type FileWork, type IngestResult, type Sidecar } from '../src/pipeline/index.ts';
import { DEFAULT_CACHE_DIR } from './runner/cache.ts';
import { defaultWorkers, prepareAll, type PrepareFigures } from './runner/parallel.ts';

const { values } = parseArgs({
  options: {
    input: { type: 'string', default: process.env.CORPUS_DIR ?? 'content/raw' },
    output: { type: 'string', default: 'content/articles' },
    strict: { type: 'boolean', default: process.env.STRICT === '1' },
    'check-accounting': { type: 'boolean', default: false },
    'max-file-mb': { type: 'string', default: process.env.MAX_FILE_MB ?? '16' },
    workers: { type: 'string', default: String(defaultWorkers()) },
    'no-cache': { type: 'boolean', default: process.env.INGEST_CACHE === '0' },
  },
});

const input = path.resolve(values.input!);
const output = path.resolve(values.output!);
const maxFileBytes = Number(values['max-file-mb']) * 1e6;
/** Article files written at once. */
const WRITE_CONCURRENCY = 16;

/** An input file left out of the build, and why; written to report.json so nothing goes missing silently. */
interface Skipped {
  file: string;
  reason: 'symlink-outside' | 'broken-symlink' | 'unreadable' | 'too-large' | 'pipeline-error';
  message: string;
  bytes?: number;
  /** Han characters in the file, when it could be read and decoded. */
  han?: number;
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

async function listFiles(dir: string, root: string, skipped: Skipped[]): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true }).catch((err: unknown) => {
    const rel = path.relative(root, dir).split(path.sep).join('/') || '.';
    skipped.push({ file: rel, reason: 'unreadable', message: `folder could not be read (${errorText(err)}), skipped` });
    return [];
  });
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    const rel = path.relative(root, full).split(path.sep).join('/');
    if (e.isSymbolicLink()) {
      // Links are never followed out of the corpus; a link to a folder inside it is not followed
      // either (its files are read where they really are).
      const target = await realpath(full).catch(() => undefined);
      if (!target) {
        if (/\.txt$/iu.test(e.name)) skipped.push({ file: rel, reason: 'broken-symlink', message: 'symbolic link to a missing file (or a loop), skipped' });
        continue;
      }
      const info = await lstat(target);
      if (!info.isDirectory() && !/\.txt$/iu.test(e.name)) continue;
      if (!(target + path.sep).startsWith(root + path.sep)) {
        skipped.push({ file: rel, reason: 'symlink-outside', message: 'symbolic link pointing outside the corpus, skipped' });
        continue;
      }
      if (info.isFile()) out.push(rel);
    } else if (e.isDirectory()) out.push(...(await listFiles(full, root, skipped)));
    else if (e.isFile() && /\.txt$/iu.test(e.name)) out.push(rel);
  }
  return out;
}

async function readSidecar(file: string, warnings: string[]): Promise<Sidecar | undefined> {
  const p = path.join(input, file.replace(/\.txt$/iu, '.meta.json'));
  const text = await readFile(p, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const data = JSON.parse(text) as Sidecar;
    return { ...(typeof data.source === 'string' ? { source: data.source } : {}), ...(typeof data.date === 'string' && /^\d{4}-\d{2}-\d{2}$/u.test(data.date) ? { date: data.date } : {}) };
  } catch (cause) {
    warnings.push(`${path.relative(input, p)}: sidecar is not valid JSON (${(cause as Error).message}), ignored`);
    return undefined;
  }
}

/** Files over the limit are not read at all: the pipeline holds a file's text several times over, so a huge file could exhaust memory. */
function skippedAsTooLarge(name: string, size: number, skipped: Skipped[]): boolean {
  if (size <= maxFileBytes) return false;
  skipped.push({ file: name, reason: 'too-large', bytes: size, message: `file is ${(size / 1e6).toFixed(1)} MB, over the ${values['max-file-mb']} MB per-file limit; split it or raise --max-file-mb (MAX_FILE_MB), skipped` });
  return true;
}

async function readCorpus(root: string, names: readonly string[], skipped: Skipped[], warnings: string[]): Promise<CorpusFile[]> {
  const files: CorpusFile[] = [];
  for (const name of names) {
    const full = path.join(root, name);
    try {
      const size = (await stat(full)).size;
      if (skippedAsTooLarge(name, size, skipped)) continue;
      const bytes = await readFile(full);
      const sidecar = await readSidecar(name, warnings);
      files.push({ name, bytes, ...(sidecar ? { sidecar } : {}) });
    } catch (err) {
      skipped.push({ file: name, reason: 'unreadable', message: `could not be read (${errorText(err)}), skipped` });
    }
  }
  return files;
}

/**
 * Run the pipeline; if it throws, find the file(s) that make it throw on their
 * own, leave them out with the error as their message, and build the rest.
 */
function ingestIsolated(files: CorpusFile[], skipped: Skipped[]): IngestResult {
  try {
    return ingest(files);
  } catch (whole) {
    const ok: CorpusFile[] = [];
    for (const f of files) {
      try {
        ingest([f]);
        ok.push(f);
      } catch (err) {
        let han: number | undefined;
        try {
          han = countHan(decode(f.bytes).text);
        } catch {
          han = undefined;
        }
        skipped.push({ file: f.name, reason: 'pipeline-error', bytes: f.bytes.length, ...(han !== undefined ? { han } : {}), message: `the pipeline failed on this file (${errorText(err)}), skipped` });
      }
    }
    if (ok.length === files.length) throw whole; // no single file is to blame
    return ingest(ok);
  }
}

/**
 * Stat each file and read its sidecar (cheap), then run the per-file passes on
 * worker threads, which read the bytes themselves, and the corpus-wide passes
 * here. A file that cannot be read or makes a per-file pass throw is skipped
 * by name; if the corpus-wide passes throw, fall back to isolating the culprit.
 */
async function ingestStreaming(root: string, names: readonly string[], skipped: Skipped[], warnings: string[]): Promise<{ result: IngestResult; files: number; bytes: number; figures: PrepareFigures }> {
  const tasks: Array<{ name: string; path: string; sidecar?: Sidecar }> = [];
  for (const name of names) {
    const full = path.join(root, name);
    try {
      const size = (await stat(full)).size;
      if (skippedAsTooLarge(name, size, skipped)) continue;
      const sidecar = await readSidecar(name, warnings);
      tasks.push({ name, path: full, ...(sidecar ? { sidecar } : {}) });
    } catch (err) {
      skipped.push({ file: name, reason: 'unreadable', message: `could not be read (${errorText(err)}), skipped` });
    }
  }
  const cacheDir = values['no-cache'] ? null : path.resolve(process.env.INGEST_CACHE_DIR ?? DEFAULT_CACHE_DIR);
  const { outcomes, figures } = await prepareAll(tasks, { workers: Number(values.workers), cacheDir });
  const work: FileWork[] = [];
  let bytes = 0;
  outcomes.forEach((o, i) => {
    const name = tasks[i]!.name;
    if (o.ok) {
      work.push(o.work);
      bytes += o.bytes;
    } else if (o.stage === 'read') skipped.push({ file: name, reason: 'unreadable', message: `could not be read (${o.message}), skipped` });
    else skipped.push({ file: name, reason: 'pipeline-error', ...(o.bytes !== undefined ? { bytes: o.bytes } : {}), ...(o.han !== undefined ? { han: o.han } : {}), message: `the pipeline failed on this file (${o.message}), skipped` });
  });
  try {
    return { result: assemble(work), files: work.length, bytes, figures };
  } catch {
    const ok = new Set(work.map((w) => w.file.name));
    const files = await readCorpus(root, names.filter((n) => ok.has(n)), skipped, warnings);
    return { result: ingestIsolated(files, skipped), files: files.length, bytes: files.reduce((n, f) => n + f.bytes.length, 0), figures };
  }
}

/** Replace `output` with `tmp`; if the second rename fails, put the previous output back. */
async function swapIn(tmp: string): Promise<void> {
  const old = `${output}.old-${process.pid}`;
  await mkdir(path.dirname(output), { recursive: true });
  const hadOld = await rename(output, old).then(
    () => true,
    () => false,
  );
  try {
    await rename(tmp, output);
  } catch (err) {
    if (hadOld) await rename(old, output);
    throw err;
  }
  await rm(old, { recursive: true, force: true });
}

async function main(): Promise<number> {
  if (!Number.isFinite(maxFileBytes) || maxFileBytes <= 0) {
    console.error(`ingest: --max-file-mb must be a positive number, got ${values['max-file-mb']}`);
    return 2;
  }
  const warnings: string[] = [];
  const skipped: Skipped[] = [];
  const rootReal = await realpath(input).catch(() => undefined);
  if (!rootReal || !(await stat(rootReal)).isDirectory()) {
    console.error(`ingest: input folder not found: ${values.input}`);
    return 2;
  }
  const names = await listFiles(rootReal, rootReal, skipped);
  const started = performance.now();
  const { result, files: fileCount, bytes: totalBytes, figures } = await ingestStreaming(rootReal, names, skipped, warnings);
  const { articles, report } = result;
  const ms = performance.now() - started;

  for (const w of warnings) console.warn(`warning: ${w}`);
  for (const f of report.files) for (const i of f.issues) console.warn(`warning: ${f.file}${i.line ? `:${i.line}` : ''}${i.byte !== undefined ? ` (byte ${i.byte})` : ''}: ${i.message}`);
  for (const s of skipped) console.warn(`warning: ${s.file}: ${s.message}`);
  const unbalanced = report.files.filter((f) => !f.accounting.balanced && f.accounting.input > 0);
  for (const f of unbalanced) console.warn(`warning: ${f.file}: accounting does not balance (input ${f.accounting.input} Han characters, ${f.accounting.inArticles} in articles, ${f.accounting.removed} removed)`);

  const skippedCount = report.totals.skippedFiles + skipped.length;
  let code = skippedCount > 0 || warnings.length > 0 ? 1 : 0;
  if (values.strict && code === 1) code = 4;
  if (values['check-accounting'] && unbalanced.length > 0) code = 3;

  const peakMb = process.resourceUsage().maxRSS / 1024;
  const target = path.relative(process.cwd(), output) || output;
  console.log(`ingest: ${fileCount} files (${(totalBytes / 1e6).toFixed(2)} MB) → ${articles.length} articles, ${report.removed.length} removed spans, ${skippedCount} skipped files in ${ms.toFixed(0)} ms (${figures.workers} worker${figures.workers === 1 ? '' : 's'}, ${figures.cached} files from cache), peak memory ${peakMb.toFixed(0)} MB → ${target}`);

  if (code >= 3) {
    const why = code === 4 ? `--strict: ${skippedCount} input file(s) skipped, ${warnings.length} warning(s)` : `--check-accounting: ${unbalanced.length} file(s) do not balance`;
    console.error(`ingest: failed (${why}); previous output in ${target} left unchanged`);
    return code;
  }

  const tmp = `${output}.tmp-${process.pid}`;
  try {
    await rm(tmp, { recursive: true, force: true });
    await mkdir(tmp, { recursive: true });
    // A few writes in flight at once: one at a time, 100,000 small files wait on the disk 100,000 times.
    let next = 0;
    const writer = async () => {
      while (next < articles.length) {
        const a = articles[next++]!;
        await writeFile(path.join(tmp, `${a.data.id}.md`), a.markdown);
      }
    };
    await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, articles.length) }, writer));
    await writeFile(path.join(tmp, 'report.json'), JSON.stringify({ ...report, totals: { ...report.totals, files: report.totals.files + skipped.length, skippedFiles: skippedCount }, warnings, skipped }, null, 1) + '\n');
    await swapIn(tmp);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return code;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('ingest failed:', err);
    process.exit(2);
  },
);
