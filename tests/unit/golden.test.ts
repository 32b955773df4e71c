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

function run(dir: string): Map<string, string> {
  const names = readdirSync(dir).filter((n) => n.endsWith('.txt')).sort();
  const { articles, report } = ingest(names.map((name) => ({ name, bytes: readFileSync(path.join(dir, name)) })));
  const out = new Map<string, string>();
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
