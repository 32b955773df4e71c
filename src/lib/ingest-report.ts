/**
 * Typed, tolerant access to content/articles/report.json for the pages that
 * need specific parts of it (the original-text view, article reprints, the
 * per-file build report). Missing or unreadable reports read as empty.
 */
import { readFile } from 'node:fs/promises';
import { reportPath } from './report.ts';
import type { RemovalEntry } from './source.ts';

export interface RepairEntry {
  file?: string;
  from: number;
  to: number;
  passes: string[];
  hanDelta?: number;
}

export interface FileEntry {
  file: string;
  bytes?: number;
  encoding?: string;
  repairedFrom?: string;
  lines?: number;
  articles: string[];
  issues: { line?: number; byte?: number; message: string }[];
  repairs: RepairEntry[];
  accounting?: { input: number; inArticles: number; removed: number; balanced: boolean };
}

export interface DuplicateArticleEntry {
  file: string;
  from: number;
  to: number;
  title: string;
  duplicateOf: string;
}

export interface IngestReport {
  totals: Record<string, number | boolean>;
  files: FileEntry[];
  removed: RemovalEntry[];
  duplicateArticles: DuplicateArticleEntry[];
  warnings: string[];
}

const EMPTY: IngestReport = { totals: {}, files: [], removed: [], duplicateArticles: [], warnings: [] };

function arrayOf<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

export function normaliseReport(data: unknown): IngestReport {
  if (typeof data !== 'object' || data === null) return EMPTY;
  const record = data as Record<string, unknown>;
  return {
    totals: typeof record['totals'] === 'object' && record['totals'] !== null ? (record['totals'] as IngestReport['totals']) : {},
    files: arrayOf<FileEntry>(record['files']).map((file) => ({
      ...file,
      articles: arrayOf<string>(file.articles),
      issues: arrayOf(file.issues),
      repairs: arrayOf(file.repairs),
    })),
    removed: arrayOf(record['removed']),
    duplicateArticles: arrayOf(record['duplicateArticles']),
    warnings: arrayOf(record['warnings']),
  };
}

let pending: Promise<IngestReport> | undefined;

/** report.json, read once per build. */
export function ingestReport(): Promise<IngestReport> {
  pending ??= readFile(reportPath(), 'utf8').then(
    (text) => {
      try {
        return normaliseReport(JSON.parse(text));
      } catch {
        return EMPTY;
      }
    },
    () => EMPTY,
  );
  return pending;
}

/** Repairs of one file grouped by pass: how many lines each pass changed, and which. */
export function repairsByPass(repairs: readonly RepairEntry[]): { pass: string; count: number; lines: number[] }[] {
  const byPass = new Map<string, number[]>();
  for (const repair of repairs) {
    for (const pass of repair.passes) {
      const lines = byPass.get(pass) ?? [];
      lines.push(repair.from);
      byPass.set(pass, lines);
    }
  }
  return [...byPass]
    .map(([pass, lines]) => ({ pass, count: lines.length, lines: lines.sort((a, b) => a - b) }))
    .sort((a, b) => b.count - a.count || a.pass.localeCompare(b.pass));
}
