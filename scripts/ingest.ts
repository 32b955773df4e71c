/**
 * `npm run ingest -- --input DIR --output DIR [--strict] [--check-accounting]`
 *
 * Reads every .txt file under the input folder (default: the embedded corpus
 * in content/raw), runs the pipeline, and writes one Markdown file per article
 * plus report.json. Output is written to a temporary folder and swapped in,
 * so a failed run leaves the previous articles intact.
 */
import { lstat, mkdir, readdir, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ingest, type CorpusFile, type Sidecar } from '../src/pipeline/index.ts';

const { values } = parseArgs({
  options: {
    input: { type: 'string', default: process.env.CORPUS_DIR ?? 'content/raw' },
    output: { type: 'string', default: 'content/articles' },
    strict: { type: 'boolean', default: false },
    'check-accounting': { type: 'boolean', default: false },
  },
});

const input = path.resolve(values.input!);
const output = path.resolve(values.output!);

async function listFiles(dir: string, root: string, warnings: string[]): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    const rel = path.relative(root, full).split(path.sep).join('/');
    if (e.isSymbolicLink()) {
      const target = await realpath(full).catch(() => undefined);
      if (!target || !(target + path.sep).startsWith(root + path.sep)) {
        warnings.push(`${rel}: symbolic link pointing outside the corpus, skipped`);
        continue;
      }
      if ((await lstat(target)).isFile() && /\.txt$/iu.test(e.name)) out.push(rel);
    } else if (e.isDirectory()) out.push(...(await listFiles(full, root, warnings)));
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

async function main(): Promise<number> {
  const warnings: string[] = [];
  const rootReal = await realpath(input).catch(() => undefined);
  if (!rootReal) {
    console.error(`ingest: input folder not found: ${values.input}`);
    return 2;
  }
  const names = await listFiles(rootReal, rootReal, warnings);
  const files: CorpusFile[] = [];
  for (const name of names) {
    const bytes = await readFile(path.join(rootReal, name));
    const sidecar = await readSidecar(name, warnings);
    files.push({ name, bytes, ...(sidecar ? { sidecar } : {}) });
  }
  const started = performance.now();
  const { articles, report } = ingest(files);
  const ms = performance.now() - started;

  const tmp = `${output}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  for (const a of articles) await writeFile(path.join(tmp, `${a.data.id}.md`), a.markdown);
  await writeFile(path.join(tmp, 'report.json'), JSON.stringify({ ...report, warnings }, null, 1) + '\n');
  const old = `${output}.old-${process.pid}`;
  await rename(output, old).catch(() => undefined);
  await mkdir(path.dirname(output), { recursive: true });
  await rename(tmp, output);
  await rm(old, { recursive: true, force: true });

  for (const w of warnings) console.warn(`warning: ${w}`);
  for (const f of report.files) for (const i of f.issues) console.warn(`warning: ${f.file}${i.line ? `:${i.line}` : ''}${i.byte !== undefined ? ` (byte ${i.byte})` : ''}: ${i.message}`);
  const unbalanced = report.files.filter((f) => !f.accounting.balanced && f.accounting.input > 0);
  for (const f of unbalanced) console.warn(`warning: ${f.file}: accounting does not balance (input ${f.accounting.input} Han characters, ${f.accounting.inArticles} in articles, ${f.accounting.removed} removed)`);
  const totalBytes = files.reduce((n, f) => n + f.bytes.length, 0);
  console.log(`ingest: ${files.length} files (${(totalBytes / 1e6).toFixed(2)} MB) → ${articles.length} articles, ${report.removed.length} removed spans, ${report.totals.skippedFiles} skipped files in ${ms.toFixed(0)} ms → ${path.relative(process.cwd(), output) || output}`);
  if (values['check-accounting'] && unbalanced.length > 0) return 3;
  if (values.strict && (report.totals.skippedFiles > 0 || warnings.length > 0)) return 4;
  return report.totals.skippedFiles > 0 || warnings.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('ingest failed:', err);
    process.exit(2);
  },
);
