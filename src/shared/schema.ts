/**
 * The one article schema, shared by the ingest pipeline (validates before it
 * writes Markdown) and by Astro's content collection (validates when it reads).
 */
import { z } from 'zod';

/** Where a piece of an article came from: a raw file and a 1-based line range. */
export const SourceSpan = z.object({
  /** Raw file name, relative to the corpus folder. */
  file: z.string().min(1),
  /** First source line (1-based, inclusive). */
  from: z.number().int().positive(),
  /** Last source line (1-based, inclusive). */
  to: z.number().int().positive(),
});
export type SourceSpan = z.output<typeof SourceSpan>;

export const ARTICLE_KINDS = [
  'news',
  'feature',
  'bulletin',
  'commentary',
  'photo',
  'digest',
  'table',
  'notice',
] as const;
export const ArticleKind = z.enum(ARTICLE_KINDS);
export type ArticleKind = z.output<typeof ArticleKind>;

export const VERDICTS = ['属实', '部分属实', '不属实'] as const;

/** One case of an environmental-inspection bulletin (通报). */
export const BulletinCase = z.object({
  /** Ordinal label as printed, e.g. 十一. */
  ordinal: z.string(),
  /** Case number as printed, e.g. 许昌D20181117011 or [2018]督察许昌市146号. */
  caseNumber: z.string(),
  /** District or county named in the case heading. */
  district: z.string(),
  /** Finding of the investigation, when the text states one. */
  verdict: z.enum(VERDICTS).optional(),
  /** 交办问题基本情况: the complaint as handed over. */
  issue: z.string().optional(),
  /** 处理处罚情况: what was done. */
  outcome: z.string().optional(),
  /** 问责情况: who was held accountable. */
  accountability: z.string().optional(),
});
export type BulletinCase = z.output<typeof BulletinCase>;

export const DATE_PRECISIONS = ['day', 'month', 'year', 'unknown'] as const;
export const DATE_SOURCES = ['text', 'case-number', 'sidecar', 'file-name', 'none'] as const;

export const Article = z.object({
  /** Stable id: a hash of the source file's content and the article's first source line text; never changes when other files are added. */
  id: z.string().regex(/^[0-9a-f]{12}$/),
  /** URL slug; equals id so article URLs are permanent. */
  slug: z.string().min(1),
  /** Headline as printed (repaired); see `titleSource` for articles printed without one. */
  title: z.string().min(1),
  /**
   * Where `title` came from: `printed` — the article's own headline;
   * `page-heading` — the page heading of the file, for an article continued
   * from another page whose text matches it; `derived` — no headline was
   * printed, so the title is the article's own first sentence or clause.
   * Absent in articles written before the field existed (read as printed).
   */
  titleSource: z.enum(['printed', 'page-heading', 'derived']).optional(),
  /** The article continues from another page (printed after a `（上接第一版）` marker). */
  continued: z.boolean().optional(),
  /** 引题: the line printed above the headline. */
  kicker: z.string().optional(),
  /** 副题: the line printed below the headline. */
  subtitle: z.string().optional(),
  /** What sort of piece this is. */
  kind: ArticleKind,
  /** Publication or event date, ISO yyyy-mm-dd padded to the precision (e.g. 2018-11-01 for month precision). */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  /** How much of `date` is known. */
  datePrecision: z.enum(DATE_PRECISIONS),
  /** Where `date` came from. */
  dateSource: z.enum(DATE_SOURCES),
  /** Reporters, correspondents and photographers named in bylines. */
  authors: z.array(z.string()).default([]),
  /** Districts and counties mentioned, most mentioned first. */
  places: z.array(z.string()).default([]),
  /** Newspaper or source name (from a sidecar file, else the file name). */
  source: z.string().min(1),
  /** Raw files and line ranges this article was assembled from, in reading order. */
  sources: z.array(SourceSpan).min(1),
  /** Other printings of this article found at ingest (`file:line` of each copy), whose text was kept here once. */
  duplicates: z.array(z.string()).default([]),
  /** Cases, for bulletins. */
  cases: z.array(BulletinCase).default([]),
  /** First sentence or so, for lists and <meta name=description>. */
  summary: z.string(),
  /** Number of Han characters in the body, for lists. */
  chars: z.number().int().nonnegative(),
});
export type Article = z.output<typeof Article>;
export type ArticleInput = z.input<typeof Article>;
