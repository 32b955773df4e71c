/**
 * Pass 8 — describe an article: title, kind, date (with precision and where
 * it came from), authors, places, bulletin cases, summary.
 */
import { createHash } from 'node:crypto';
import { countHan, placesIn, squeeze } from '../shared/han.ts';
import { VERDICTS, type ArticleKind, type BulletinCase, type DATE_SOURCES } from '../shared/schema.ts';
import { CASE_HEAD_RE } from './reflow.ts';
import type { Block } from './types.ts';

/** Per-file facts known before describing articles (from a sidecar file or the text). */
export interface FileContext {
  file: string;
  source: string;
  /** The issue's date, from its sidecar or, failing that, its file name. */
  date?: string;
  /** Where `date` came from. */
  dateFrom?: 'sidecar' | 'file-name';
  /** The year the file's text points to, for month-day datelines. */
  year?: number;
  /** Where `year` came from: case numbers (许昌D2018…, [2018]) or full printed dates. */
  yearSource?: 'case-number' | 'text';
  /** Page headings printed in the file (`# …`), for titling an article continued from another page. */
  pageHeadings?: string[];
}

/** What describe knows about a draft beyond its blocks. */
export interface DraftFacts {
  /** The draft follows a continuation marker (`（上接第一版）`). */
  continued?: boolean;
}

export interface Description {
  title: string;
  titleSource: 'printed' | 'page-heading' | 'derived';
  continued?: boolean;
  kicker?: string;
  subtitle?: string;
  kind: ArticleKind;
  date?: string;
  datePrecision: 'day' | 'month' | 'year' | 'unknown';
  dateSource: (typeof DATE_SOURCES)[number];
  authors: string[];
  places: string[];
  cases: BulletinCase[];
  summary: string;
  chars: number;
}

/** Stable id from the article's own opening text, independent of file names, encodings and wrapping. */
export function articleId(blocks: readonly Block[], salt = ''): string {
  const key = blocks.map((b) => squeeze(b.text)).join('|').slice(0, 200);
  return createHash('sha256').update(key + salt).digest('hex').slice(0, 12);
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `本报讯（记者 许廷合 通讯员 李玎）`, `本报讯(记者张辉)12月29日`. */
const NEWS_BYLINE_RE = /^本报讯[（(]([^）)]*)[）)]\s*(?:(\d{1,2})月(\d{1,2})日)?/u;
const DATELINE_RE = /^(?:(\d{4})年)?(\d{1,2})月\s*(\d{1,2})日/u;
const ROLE_WORD_RE = /本报记者|见习记者|特约记者|实习生|通讯员|记者|□|摄影|摄/gu;
const CASE_DATE_RE = /D(20\d{2})(\d{2})(\d{2})\d{3}/u;
const CASE_YEAR_RE = /\[(20\d{2})\]/u;

/** Names from a byline: `记者 许廷合 通讯员 李玎` → [许廷合, 李玎]. */
export function bylineNames(text: string): string[] {
  return text
    .replace(ROLE_WORD_RE, ' ')
    .split(/[\s，、,]+/u)
    .map((s) => s.trim())
    .filter((s) => s.length >= 2 && s.length <= 4 && /^[\u4e00-\u9fff·]+$/u.test(s));
}

/**
 * The issue year of a file, only from evidence that dates the issue: case
 * numbers (许昌D20181119002, [2018]督察…) and full printed dates
 * (2019年5月28日), the most frequent year winning (ties: the latest). A year
 * merely mentioned (确保2025年, 2018年当选) is not evidence; without evidence
 * the year stays unknown rather than guessed.
 */
export function fileYear(text: string): number | undefined {
  return fileYearWithSource(text)?.year;
}

/** A date with separators: 2019-03-28, 2019_3_28, 2019.03.28, 2019/03/28 (folders), 2019年3月28日. */
const SEPARATED_DATE_RE = /(?<!\d)((?:19|20)\d{2})[-_./年]([01]?\d)[-_./月]([0-3]?\d)(?!\d)/gu;
/** Eight digits not touching a Latin letter or digit (许昌日报20190328); inside a run of them, as in a hash, they are not a date. */
const COMPACT_DATE_RE = /(?<![A-Za-z0-9])((?:19|20)\d{2})(\d{2})(\d{2})(?![A-Za-z0-9])/gu;

/**
 * The issue date a file's path names (`2015/01/2015-01-01_第03版.txt`,
 * `许昌日报20190328.txt`), as YYYY-MM-DD: the last real calendar date in the
 * path, so the file's own name wins over its folders. Undefined when there is none.
 */
export function dateInFileName(name: string): string | undefined {
  let found: { at: number; date: string } | undefined;
  for (const re of [SEPARATED_DATE_RE, COMPACT_DATE_RE]) {
    for (const m of name.matchAll(re)) {
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const day = new Date(Date.UTC(y, mo - 1, d));
      if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) continue;
      if (!found || m.index > found.at) found = { at: m.index, date: `${y}-${pad(mo)}-${pad(d)}` };
    }
  }
  return found?.date;
}

/** `fileYear` and where the winning year was found (case numbers win a tie with printed dates). */
export function fileYearWithSource(text: string): { year: number; source: 'case-number' | 'text' } | undefined {
  const counts = new Map<number, number>();
  const fromCases = new Set<number>();
  const add = (y: number): void => void counts.set(y, (counts.get(y) ?? 0) + 1);
  for (const m of text.matchAll(/D(20\d{2})\d{7}|\[(20\d{2})\]/gu)) {
    add(Number(m[1] ?? m[2]));
    fromCases.add(Number(m[1] ?? m[2]));
  }
  for (const m of text.matchAll(/(?<!\d)((?:19[5-9]|20\d)\d)年\s*\d{1,2}\s*月\s*\d{1,2}\s*日/gu)) add(Number(m[1]));
  let best: number | undefined;
  for (const [y, n] of counts) if (best === undefined || n > counts.get(best)! || (n === counts.get(best)! && y > best)) best = y;
  return best === undefined ? undefined : { year: best, source: fromCases.has(best) ? 'case-number' : 'text' };
}

function field(lines: string[], name: string): string | undefined {
  const line = lines.find((l) => l.startsWith(name));
  return line?.slice(name.length).replace(/^[：:]\s*/u, '').trim() || undefined;
}

export function parseCase(text: string): BulletinCase | undefined {
  const lines = text.split('\n');
  const head = CASE_HEAD_RE.exec(lines[0]!);
  if (!head) return undefined;
  const ordinal = /^([一二三四五六七八九十百]+)、/u.exec(lines[0]!)?.[1] ?? '';
  const finding = field(lines, '调查核实情况') ?? '';
  const verdict = [...VERDICTS].sort((a, b) => b.length - a.length).find((v) => finding.includes(`反映问题${v}`) || finding.includes(`问题${v}`));
  const c: BulletinCase = {
    ordinal,
    district: head[1]!,
    caseNumber: head[2]!.replace(/\*+$/u, '').trim(),
    ...(verdict ? { verdict } : {}),
  };
  const issue = field(lines, '交办问题基本情况');
  const outcome = field(lines, '处理处罚情况');
  const accountability = field(lines, '问责情况');
  if (issue) c.issue = issue;
  if (outcome) c.outcome = outcome;
  if (accountability) c.accountability = accountability;
  return c;
}

/** Words that tell readers what must be done: the register of an editorial, not of a report. */
const NORMATIVE_RE = /必须|务必|要切实|应当|关键是|就要|要坚持|要以|不能|决不/gu;
/** A report names its sources: bylines, datelines, people quoted. */
const REPORTED_RE = /本报讯|记者|通讯员|(?:\d{4}年)?\d{1,2}月\d{1,2}日|[说道]：|表示|介绍|说，|”[^。]{0,12}说/u;

/**
 * A commentary (评论员文章, 短评) carries no byline, dateline or quoted
 * source, and argues: normative words (必须, 要切实, 关键是…) recur through
 * its few paragraphs. Judged on the text's register, not on its wording.
 */
export function readsAsCommentary(blocks: readonly Block[]): boolean {
  if (blocks.some((b) => b.role === 'byline' || b.role === 'case' || b.role === 'table')) return false;
  const body = blocks.filter((b) => b.role === 'paragraph');
  if (body.length === 0 || body.length > 8) return false;
  const text = body.map((b) => b.text).join('');
  if (REPORTED_RE.test(text) || countHan(text) < 100) return false;
  const normative = text.match(NORMATIVE_RE)?.length ?? 0;
  return normative * 250 >= countHan(text);
}

/** Share of a heading's character bigrams found in a text. */
function bigramShare(heading: string, text: string): number {
  const h = squeeze(heading).replace(/[^\u4e00-\u9fff]/gu, '');
  if (h.length < 2) return 0;
  let hit = 0;
  for (let i = 0; i + 2 <= h.length; i++) if (text.includes(h.slice(i, i + 2))) hit++;
  return hit / (h.length - 1);
}

/**
 * A title for an article printed without a headline, taken from its own
 * text (never invented): its first sentence when short, else its first
 * clause, else its opening characters with an ellipsis.
 */
/** A date opening a text (`4月1日上午，`): it says when, not what, so it is no title. */
const LEADING_DATE_RE = /^(?:\d{4}年)?\d{1,2}月\s*\d{1,2}日(?:上午|下午|晚上|晚间|早上|凌晨|中午|傍晚)?[，,]\s*/u;

export function derivedTitle(text: string): string {
  const t = text.replace(NEWS_BYLINE_RE, '').replace(/^[，,]/u, '').trim().replace(LEADING_DATE_RE, '');
  // A photo caption says what the picture shows after 图为.
  const shown = /图为(.{4,28}?)[。！？]/u.exec(t)?.[1];
  if (shown) return shown;
  const sentence = /^(.{4,28}?)[。！？]/u.exec(t)?.[1];
  if (sentence) return sentence;
  const clause = /^(.{4,24}?)[，、；：,;:]/u.exec(t)?.[1];
  if (clause) return clause;
  return t.slice(0, 24) + (t.length > 24 ? '…' : '');
}

function kindOf(blocks: readonly Block[], title: string, cases: number): ArticleKind {
  if (cases > 0 || /通报/u.test(title)) return 'bulletin';
  if (/要闻|简讯|快讯|短讯/u.test(title)) return 'digest';
  const body = blocks.filter((b) => b.role === 'paragraph');
  if (blocks.some((b) => b.role === 'table') && body.length <= 1) return 'table';
  if (body.length === 0 && blocks.some((b) => b.role === 'caption')) return 'photo';
  if (/评论|短评|时评|论|社论/u.test(title) || readsAsCommentary(blocks)) return 'commentary';
  // A news item opens with its dateline; a date inside a feature's later section does not make it news.
  if (body.slice(0, 2).some((b) => NEWS_BYLINE_RE.test(b.text) || DATELINE_RE.test(b.text))) return 'news';
  return body.length >= 6 ? 'feature' : 'news';
}

export function describe(blocks: readonly Block[], ctx: FileContext, facts: DraftFacts = {}): Description {
  const by = (role: Block['role']): Block | undefined => blocks.find((b) => b.role === role);
  const paragraphs = blocks.filter((b) => b.role === 'paragraph');
  const cases = blocks.filter((b) => b.role === 'case').map((b) => parseCase(b.text)).filter((c): c is BulletinCase => !!c);
  const firstText = paragraphs[0]?.text ?? blocks.find((b) => b.role !== 'marker')?.text ?? '';
  // A section heading titles the article only when it is printed above the text, not inside it.
  const opening = blocks.find((b) => b.role !== 'byline');
  const printed = by('title')?.text ?? (opening?.role === 'section' ? opening.text : undefined);
  const bodyText = blocks.filter((b) => b.role !== 'title' && b.role !== 'kicker' && b.role !== 'subtitle').map((b) => b.text).join('');
  // An article continued from another page may be the one the file's page heading names.
  const pageHeading = !printed && facts.continued ? ctx.pageHeadings?.find((h) => bigramShare(h, bodyText) >= 0.5) : undefined;
  const title = printed ?? pageHeading ?? derivedTitle(firstText || by('section')?.text || '');
  const titleSource: Description['titleSource'] = printed ? 'printed' : pageHeading ? 'page-heading' : 'derived';

  const authors = new Set<string>();
  for (const b of blocks) {
    if (b.role === 'byline') bylineNames(b.text).forEach((n) => authors.add(n));
    const news = NEWS_BYLINE_RE.exec(b.text);
    if (news) bylineNames(news[1]!).forEach((n) => authors.add(n));
    if (b.role === 'caption') {
      const photo = /(\S{2,4})\s?摄$/u.exec(b.text);
      if (photo) bylineNames(photo[1]!).forEach((n) => authors.add(n));
    }
  }

  let date: string | undefined;
  let datePrecision: Description['datePrecision'] = 'unknown';
  let dateSource: Description['dateSource'] = 'none';
  const all = blocks.map((b) => b.text).join('\n');
  const news = paragraphs.map((p) => NEWS_BYLINE_RE.exec(p.text)).find((m) => m?.[2]);
  const dateline = news ? [undefined, undefined, news[2], news[3]] : paragraphs.slice(0, 2).map((p) => DATELINE_RE.exec(p.text)).find(Boolean);
  const caseDate = CASE_DATE_RE.exec(all);
  if (ctx.date) {
    date = ctx.date;
    datePrecision = 'day';
    dateSource = ctx.dateFrom ?? 'sidecar';
  } else if (dateline && (dateline[1] || ctx.year)) {
    date = `${dateline[1] ?? ctx.year}-${pad(Number(dateline[2]))}-${pad(Number(dateline[3]))}`;
    datePrecision = 'day';
    // Month and day are printed; the year may come from the file's case numbers.
    dateSource = dateline[1] ? 'text' : ctx.yearSource === 'case-number' ? 'case-number' : 'text';
  } else if (caseDate) {
    date = `${caseDate[1]}-${caseDate[2]}-${caseDate[3]}`;
    datePrecision = 'day';
    dateSource = 'case-number';
  } else if (CASE_YEAR_RE.test(all) || ctx.year) {
    date = `${CASE_YEAR_RE.exec(all)?.[1] ?? ctx.year}-01-01`;
    datePrecision = 'year';
    dateSource = CASE_YEAR_RE.test(all) || ctx.yearSource === 'case-number' ? 'case-number' : 'text';
  }


  const summarySource = cases[0]?.issue ?? firstText.replace(NEWS_BYLINE_RE, '');
  const summary = (/^.{10,120}?[。！？]/u.exec(summarySource)?.[0] ?? summarySource.slice(0, 120)).trim();
  const kicker = by('kicker')?.text;
  const subtitle = by('subtitle')?.text;
  return {
    title,
    titleSource,
    ...(facts.continued ? { continued: true } : {}),
    ...(kicker ? { kicker } : {}),
    ...(subtitle ? { subtitle } : {}),
    kind: kindOf(blocks, title, cases.length),
    ...(date ? { date } : {}),
    datePrecision,
    dateSource,
    authors: [...authors],
    places: placesIn(all),
    cases,
    summary,
    chars: countHan(blocks.filter((b) => !['title', 'kicker', 'subtitle'].includes(b.role)).map((b) => b.text).join('')),
  };
}
