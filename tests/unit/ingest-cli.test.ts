/** The ingest command reads the corpus named by CORPUS_DIR and writes articles plus a report. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';

const ROOT = path.join(import.meta.dirname, '../..');
const out = mkdtempSync(path.join(tmpdir(), 'ingest-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

test('CORPUS_DIR selects the corpus the ingest command reads', { timeout: 60_000 }, () => {
  const corpus = path.join(ROOT, 'tests/fixtures/golden/narrow-column');
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/ingest.ts', '--output', out], {
    cwd: ROOT,
    env: { ...process.env, CORPUS_DIR: corpus },
    stdio: 'pipe',
  });
  const articles = readdirSync(out).filter((f) => f.endsWith('.md'));
  expect(articles).toHaveLength(1);
  expect(readFileSync(path.join(out, articles[0]!), 'utf8')).toContain('title: 李朝锋主持召开十五届区委常委会第27次会议');
  const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as { files: Array<{ file: string }> };
  expect(report.files.map((f) => f.file)).toEqual(['input.txt']);
});
