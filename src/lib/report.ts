/**
 * Reads content/articles/report.json at build time and reshapes it for display
 * without assuming its exact fields: every top-level array becomes a section,
 * its entries grouped by their `file` field when they have one.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export type ReportValue = string | number | boolean | null | ReportValue[] | { [key: string]: ReportValue };
export type ReportRecord = { [key: string]: ReportValue };

export interface ReportGroup {
  /** The shared `file` of the entries, or undefined for entries without one. */
  file: string | undefined;
  entries: ReportRecord[];
}

export interface ReportSection {
  key: string;
  count: number;
  groups: ReportGroup[];
  /** Array items that are not objects, shown as a plain list. */
  values: ReportValue[];
}

export interface ReportModel {
  /** Top-level fields that are not arrays (totals, timestamps, options). */
  summary: [string, ReportValue][];
  sections: ReportSection[];
}

export type ReportLoad =
  | { status: 'missing'; path: string }
  | { status: 'invalid'; path: string; error: string }
  | { status: 'ok'; path: string; model: ReportModel };

export function reportPath(articlesDir = process.env.ARTICLES_DIR ?? 'content/articles'): string {
  return join(articlesDir, 'report.json');
}

function isRecord(value: ReportValue): value is ReportRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function groupByFile(entries: ReportRecord[]): ReportGroup[] {
  const groups = new Map<string | undefined, ReportRecord[]>();
  for (const entry of entries) {
    const file = typeof entry['file'] === 'string' ? entry['file'] : undefined;
    // The file becomes the group heading, so it is not repeated inside each entry.
    const { file: _file, ...rest } = entry;
    const rows = groups.get(file) ?? [];
    rows.push(file === undefined ? entry : rest);
    groups.set(file, rows);
  }
  return [...groups].map(([file, groupEntries]) => ({ file, entries: groupEntries }));
}

export function buildReportModel(data: ReportValue): ReportModel {
  if (!isRecord(data)) {
    return { summary: [], sections: Array.isArray(data) ? [sectionFor('entries', data)] : [] };
  }
  const summary: [string, ReportValue][] = [];
  const sections: ReportSection[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (Array.isArray(value)) sections.push(sectionFor(key, value));
    else summary.push([key, value]);
  }
  return { summary, sections };
}

function sectionFor(key: string, items: ReportValue[]): ReportSection {
  const records = items.filter(isRecord);
  return {
    key,
    count: items.length,
    groups: groupByFile(records),
    values: items.filter((item) => !isRecord(item)),
  };
}

/** Scalars up to this many characters sit on one line with their neighbours. */
const INLINE_TEXT_LIMIT = 40;

export interface EntryLayout {
  /** Short scalar fields, shown side by side. */
  inline: [string, ReportValue][];
  /** Lists, objects and long text, each on its own row. */
  block: [string, ReportValue][];
}

/**
 * The fields of a record as shown: a numeric from/to pair becomes one line
 * range, and a `file` equal to the surrounding group's file is left out.
 */
export function displayFields(record: ReportRecord, contextFile?: string): [string, ReportValue][] {
  const { from, to } = record;
  const hasLineRange = typeof from === 'number' && typeof to === 'number';
  const fields: [string, ReportValue][] = hasLineRange ? [['lineRange', from === to ? String(from) : `${from}–${to}`]] : [];
  for (const [key, value] of Object.entries(record)) {
    if (hasLineRange && (key === 'from' || key === 'to')) continue;
    if (key === 'file' && contextFile !== undefined && value === contextFile) continue;
    fields.push([key, value]);
  }
  return fields;
}

/** Arrange one report entry for display: short values share a row, long ones get their own. */
export function layoutEntry(entry: ReportRecord, contextFile?: string): EntryLayout {
  const layout: EntryLayout = { inline: [], block: [] };
  for (const [key, value] of displayFields(entry, contextFile)) {
    const isShort =
      value === null ||
      typeof value === 'number' ||
      typeof value === 'boolean' ||
      (typeof value === 'string' && value.length <= INLINE_TEXT_LIMIT);
    (isShort ? layout.inline : layout.block).push([key, value]);
  }
  return layout;
}

export async function loadReport(path = reportPath()): Promise<ReportLoad> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing', path };
    throw error;
  }
  try {
    return { status: 'ok', path, model: buildReportModel(JSON.parse(text) as ReportValue) };
  } catch (error) {
    return { status: 'invalid', path, error: error instanceof Error ? error.message : String(error) };
  }
}
