/**
 * Whole-pipeline golden tests: each folder in tests/fixtures/golden holds an
 * input.txt and the expected Markdown articles plus report. Run with UPDATE=1
 * to regenerate the expected files, then review the diff.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ingest } from '../../src/pipeline/index.ts';

const ROOT = path.join(import.meta.dirname, '../fixtures/golden');
const UPDATE = process.env.UPDATE === '1';

/**
 * A fixture folder holds its input .txt files, or a `source.txt` naming a
 * folder (relative to the fixture) to read them from — the seeds golden points
 * at content/raw instead of copying it, and keeps only a compact summary.
 */
function run(dir: string): Map<string, string> {
  const pointer = path.join(dir, 'source.txt');
  const input = existsSync(pointer) ? path.resolve(dir, readFileSync(pointer, 'utf8').trim()) : dir;
  const names = readdirSync(input).filter((n) => n.endsWith('.txt') && n !== 'source.txt').sort();
  const { articles, report } = ingest(names.map((name) => ({ name, bytes: readFileSync(path.join(input, name)) })));
  const out = new Map<string, string>();
  if (input !== dir) {
    const summary = articles.map(({ data: a, body }) => ({
      id: a.id,
      kind: a.kind,
      date: a.date ?? null,
      title: a.title,
      ...(a.titleSource && a.titleSource !== 'printed' ? { titleSource: a.titleSource } : {}),
      sources: a.sources.map((s) => `${s.file.slice(0, 3)}:${s.from}-${s.to}`).join(' '),
      body: body.replace(/\s+/gu, ' ').slice(0, 30),
    }));
    out.set('summary.json', JSON.stringify({ articles: summary, removed: report.removed.length, balanced: report.totals.balanced }, null, 1) + '\n');
    return out;
  }
  articles.forEach((a, i) => out.set(`${String(i + 1).padStart(2, '0')}-${a.data.id}.md`, a.markdown));
  out.set('report.json', JSON.stringify(report, null, 1) + '\n');
  return out;
}

describe.each(readdirSync(ROOT).sort())('golden fixture %s', (name) => {
  const dir = path.join(ROOT, name);
  const expectedDir = path.join(dir, 'expected');
  const actual = run(dir);

  if (UPDATE) {
    rmSync(expectedDir, { recursive: true, force: true });
    mkdirSync(expectedDir, { recursive: true });
    for (const [file, text] of actual) writeFileSync(path.join(expectedDir, file), text);
  }

  test('produces exactly the expected files', () => {
    expect(existsSync(expectedDir)).toBe(true);
    expect([...actual.keys()].sort()).toEqual(readdirSync(expectedDir).sort());
  });

  test.each([...actual.keys()])('%s matches', (file) => {
    expect(actual.get(file)).toBe(readFileSync(path.join(expectedDir, file), 'utf8'));
  });

  test('is deterministic', () => {
    expect(run(dir)).toEqual(actual);
  });
});
