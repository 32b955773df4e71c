import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  byPlace,
  bySourceFile,
  calendarWeeks,
  dateTree,
  neighboursInSource,
  pageHref,
  pageNumbers,
  paginate,
  primaryFile,
  relatedArticles,
  relatedIndex,
  sourceNeighbourIndex,
  type BrowseArticle,
} from '../../src/lib/browse.ts';
import { compareNewestFirst } from '../../src/lib/dates.ts';
import type { Article } from '../../src/shared/schema.ts';
import { allFilters, casesPath, filterParam, matchesFilter } from '../../src/lib/cases.ts';
import { bibtexCitation, bibtexEscape, plainCitation } from '../../src/lib/cite.ts';
import { SITEMAP_MAX_URLS, SITEMAP_PART_URLS, sitemapIndexXml, sitemapPartPath, sitemapParts, sitemapPaths, urlsetXml } from '../../src/lib/sitemap.ts';
import { annotateFile, lineOwners, movedParts, sourcePageOrder } from '../../src/lib/source.ts';
import { atomFeed, escapeXml } from '../../src/lib/xml.ts';

function article(id: string, fields: Partial<BrowseArticle> = {}): BrowseArticle {
  return {
    id,
    slug: id,
    title: `标题${id}`,
    kind: 'news',
    datePrecision: 'unknown',
    places: [],
    source: '许昌日报',
    sources: [{ file: 'a.txt', from: 1, to: 2 }],
    ...fields,
  };
}

describe('dateTree', () => {
  test('articles sit at the precision of their date: year-only, month-only or on a day', () => {
    const tree = dateTree([
      article('1', { date: '2018-11-19', datePrecision: 'day' }),
      article('2', { date: '2018-11-01', datePrecision: 'month' }),
      article('3', { date: '2018-01-01', datePrecision: 'year' }),
      article('4', { date: '2019-05-27', datePrecision: 'day' }),
      article('5'),
    ]);
    expect(tree.map((year) => [year.year, year.count])).toEqual([
      ['2019', 1],
      ['2018', 3],
    ]);
    const y2018 = tree[1]!;
    expect(y2018.yearOnly.map((a) => a.id)).toEqual(['3']);
    expect(y2018.months[0]!.monthOnly.map((a) => a.id)).toEqual(['2']);
    expect(y2018.months[0]!.days).toEqual([{ day: '19', articles: [expect.objectContaining({ id: '1' })] }]);
  });
});

describe('calendarWeeks', () => {
  test('November 2018 starts on a Thursday in a Monday-first grid and counts articles per day', () => {
    const weeks = calendarWeeks(2018, 11, new Map([[19, 2]]));
    expect(weeks[0]!.slice(0, 4).map((cell) => cell.day)).toEqual([undefined, undefined, undefined, 1]);
    expect(weeks.flat().find((cell) => cell.day === 19)?.count).toBe(2);
    expect(weeks.every((week) => week.length === 7)).toBe(true);
    expect(weeks.flat().filter((cell) => cell.day !== undefined)).toHaveLength(30);
  });
});

describe('facets', () => {
  test('an article counts once under each distinct place it mentions, most-covered place first', () => {
    const facets = byPlace([article('1', { places: ['魏都区', '建安区', '魏都区'] }), article('2', { places: ['建安区'] })]);
    expect(facets.map((facet) => [facet.label, facet.articles.length])).toEqual([
      ['建安区', 2],
      ['魏都区', 1],
    ]);
  });

  test('source facets are keyed by the file an article starts in, without its extension', () => {
    const facets = bySourceFile([article('1', { sources: [{ file: '000_x.txt', from: 1, to: 1 }] })]);
    expect(facets[0]).toMatchObject({ key: '000_x', label: '许昌日报' });
  });
});

describe('neighboursInSource', () => {
  test('previous and next follow printed order within the same file only', () => {
    const a = article('a', { sources: [{ file: 'f.txt', from: 10, to: 20 }] });
    const b = article('b', { sources: [{ file: 'f.txt', from: 30, to: 40 }] });
    const c = article('c', { sources: [{ file: 'f.txt', from: 1, to: 5 }] });
    const other = article('x', { sources: [{ file: 'g.txt', from: 15, to: 16 }] });
    const result = neighboursInSource(a, [a, b, c, other]);
    expect(result.previous?.id).toBe('c');
    expect(result.next?.id).toBe('b');
  });
});

describe('relatedArticles', () => {
  test('articles sharing the article’s main place rank first; articles sharing nothing are left out', () => {
    const here = article('h', { places: ['魏都区', '建安区'] });
    const related = relatedArticles(here, [
      here,
      article('1', { places: ['建安区'] }),
      article('2', { places: ['魏都区'] }),
      article('3', { places: ['禹州市'] }),
    ]);
    expect(related.map((a) => a.id)).toEqual(['2', '1']);
  });
});

describe('neighbour and related indexes', () => {
  // The per-article scans the indexes replace: each page used to run these over the whole collection.
  function scanNeighbours(here: BrowseArticle, articles: readonly BrowseArticle[]) {
    const inFile = articles
      .filter((other) => primaryFile(other) === primaryFile(here))
      .sort((a, b) => (a.sources[0]?.from ?? 0) - (b.sources[0]?.from ?? 0) || a.id.localeCompare(b.id));
    const index = inFile.findIndex((other) => other.id === here.id);
    return { previous: index > 0 ? inFile[index - 1] : undefined, next: index >= 0 ? inFile[index + 1] : undefined };
  }
  function scanRelated(here: BrowseArticle, articles: readonly BrowseArticle[], limit: number) {
    const weights = new Map(here.places.map((place, index) => [place, 1 / (index + 1)]));
    const scored: { other: BrowseArticle; score: number }[] = [];
    for (const other of articles) {
      if (other.id === here.id) continue;
      let score = 0;
      for (const place of new Set(other.places)) score += weights.get(place) ?? 0;
      if (score === 0) continue;
      if (other.kind === here.kind) score += 0.25;
      scored.push({ other, score });
    }
    return scored
      .sort((a, b) => b.score - a.score || compareNewestFirst(a.other as Article, b.other as Article))
      .slice(0, limit)
      .map(({ other }) => other);
  }

  // Few places, kinds, dates, files and positions, so that scores, dates and positions tie often.
  const generated = fc.record({
    id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'),
    kind: fc.constantFrom('news', 'feature', 'notice'),
    date: fc.option(fc.constantFrom('2018-01-01', '2018-05-01', '2019-03-02'), { nil: undefined }),
    places: fc.array(fc.constantFrom('魏都区', '建安区', '禹州市', '长葛市', '鄢陵县'), { maxLength: 4 }),
    file: fc.constantFrom('f.txt', 'g.txt'),
    from: fc.integer({ min: 1, max: 4 }),
  });
  const collection = fc.array(generated, { maxLength: 40 }).map((rows) =>
    rows.map((row, index) =>
      article(`${row.id}${index % 7}`, {
        kind: row.kind as BrowseArticle['kind'],
        date: row.date,
        datePrecision: row.date === undefined ? 'unknown' : 'day',
        places: row.places,
        sources: [{ file: row.file, from: row.from, to: row.from + 1 }],
      }),
    ),
  );

  test('give what a scan of the whole collection gives, for every article', () => {
    fc.assert(
      fc.property(collection, fc.integer({ min: 0, max: 6 }), (articles, limit) => {
        const neighbours = sourceNeighbourIndex(articles);
        const related = relatedIndex(articles);
        for (const here of articles) {
          expect(neighbours(here)).toEqual(scanNeighbours(here, articles));
          expect(related(here, limit)).toEqual(scanRelated(here, articles, limit));
        }
      }),
      { seed: 20_261_123, numRuns: 300 },
    );
  });

  test('an article outside the collection has no neighbours', () => {
    const outside = article('z', { sources: [{ file: 'f.txt', from: 1, to: 1 }] });
    expect(sourceNeighbourIndex([article('a', { sources: [{ file: 'f.txt', from: 2, to: 2 }] })])(outside)).toEqual({ previous: undefined, next: undefined });
  });
});

describe('sitemap', () => {
  const urls = (count: number) => Array.from({ length: count }, (_, index) => `https://example.org/articles/${index}/`);

  test('a site within the protocol limit of 50,000 URLs has one sitemap file and no parts', () => {
    expect(SITEMAP_MAX_URLS).toBe(50_000);
    expect(sitemapParts(urls(1))).toEqual([]);
    expect(sitemapParts(urls(SITEMAP_MAX_URLS))).toEqual([]);
  });

  test('past the limit the URLs split, in order, into parts of 10,000 at most', () => {
    const all = urls(SITEMAP_MAX_URLS + 1);
    const parts = sitemapParts(all);
    expect(parts.map((part) => part.length)).toEqual([10_000, 10_000, 10_000, 10_000, 10_000, 1]);
    expect(parts.every((part) => part.length <= SITEMAP_PART_URLS && part.length <= SITEMAP_MAX_URLS)).toBe(true);
    expect(parts.flat()).toEqual(all);
    expect(sitemapParts(urls(250_000)).length).toBe(25);
  });

  test('the index lists each part, the parts list their URLs, both escaped', () => {
    const index = sitemapIndexXml([1, 2].map((part) => `https://example.org/a&b/${sitemapPartPath(part)}`));
    expect(index).toContain('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    expect(index.match(/<sitemap><loc>[^<]+<\/loc><\/sitemap>/g)).toEqual([
      '<sitemap><loc>https://example.org/a&amp;b/sitemap-1.xml</loc></sitemap>',
      '<sitemap><loc>https://example.org/a&amp;b/sitemap-2.xml</loc></sitemap>',
    ]);
    const urlset = urlsetXml(['https://example.org/x?a=1&b=2']);
    expect(urlset).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    expect(urlset).toContain('<url><loc>https://example.org/x?a=1&amp;b=2</loc></url>');
  });

  test('every article is listed with its original-text page', () => {
    const paths = sitemapPaths([article('abc', { places: ['魏都区'] }) as Article]);
    expect(paths).toContain('articles/abc/');
    expect(paths).toContain('articles/abc/source/');
    expect(paths).toContain('browse/place/魏都区/');
  });
});

describe('pageNumbers', () => {
  test('a short list links every page', () => {
    expect(pageNumbers(1, 1)).toEqual([1]);
    expect(pageNumbers(4, 9)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  test('a long list links the first, the last and the pages around the current one', () => {
    expect(pageNumbers(1, 5000)).toEqual([1, 2, 3, 4, 5, 6, 7, undefined, 5000]);
    expect(pageNumbers(2500, 5000)).toEqual([1, undefined, 2498, 2499, 2500, 2501, 2502, undefined, 5000]);
    expect(pageNumbers(5000, 5000)).toEqual([1, undefined, 4994, 4995, 4996, 4997, 4998, 4999, 5000]);
    expect(pageNumbers(5, 100)).toEqual([1, 2, 3, 4, 5, 6, 7, undefined, 100]);
  });

  test('at most nine slots, in order, with the current page, and no gap hiding a single page', () => {
    for (let pageCount = 1; pageCount <= 40; pageCount += 1) {
      for (let page = 1; page <= pageCount; page += 1) {
        const slots = pageNumbers(page, pageCount);
        const numbers = slots.filter((slot) => slot !== undefined);
        expect(slots.length).toBeLessThanOrEqual(9);
        expect(numbers).toContain(page);
        expect(numbers[0]).toBe(1);
        expect(numbers.at(-1)).toBe(pageCount);
        slots.forEach((slot, index) => {
          if (slot === undefined) expect(slots[index + 1]! - slots[index - 1]!).toBeGreaterThan(2);
          else if (index > 0 && slots[index - 1] !== undefined) expect(slot).toBe(slots[index - 1]! + 1);
        });
      }
    }
  });
});

describe('paginate', () => {
  test('splits into pages with page 1 at the base path and the rest under page/<n>/', () => {
    const pages = paginate([1, 2, 3, 4, 5], 2);
    expect(pages.map((page) => page.items)).toEqual([[1, 2], [3, 4], [5]]);
    expect(pages[2]).toMatchObject({ page: 3, pageCount: 3, total: 5 });
    expect(pageHref('/articles/', 1)).toBe('/articles/');
    expect(pageHref('/articles/', 3)).toBe('/articles/page/3/');
  });

  test('an empty list still has one empty page', () => {
    expect(paginate([], 20)).toEqual([{ items: [], page: 1, pageCount: 1, total: 0 }]);
  });
});

describe('citations', () => {
  const citable = {
    id: 'abc123abc123',
    title: '标题',
    subtitle: '副题',
    authors: ['李新', '王五'],
    source: '许昌日报',
    date: '2018-11-01',
    datePrecision: 'month' as const,
  };

  test('the plain citation states the date only to its known precision', () => {
    expect(plainCitation(citable, 'https://x/a/', '2026-01-02')).toBe('李新, 王五. 标题——副题[N]. 许昌日报, 2018-11. https://x/a/ (2026-01-02).');
  });

  test('the BibTeX entry escapes braces and specials but not the URL', () => {
    const entry = bibtexCitation({ ...citable, title: '{50%}_x' }, 'https://x/a_b/', '2026-01-02');
    expect(entry).toContain('title = {\\{50\\%\\}\\_x——副题}');
    expect(entry).toContain('url = {https://x/a_b/}');
    expect(entry).toContain('author = {李新 and 王五}');
    expect(bibtexEscape('a&b')).toBe('a\\&b');
  });
});

describe('case filters', () => {
  const row = (district: string, verdict?: '属实' | '不属实') => ({
    ordinal: '一',
    caseNumber: 'n',
    district,
    ...(verdict ? { verdict } : {}),
    article: { id: 'a', slug: 'a', title: 't', datePrecision: 'unknown' as const, date: undefined },
  });

  test('filter paths put district before verdict and the unfiltered page has no parameter', () => {
    expect(casesPath({ district: '魏都区', verdict: '属实' })).toBe('cases/district/魏都区/verdict/属实/');
    expect(filterParam({})).toBeUndefined();
    expect(filterParam({ verdict: '不属实' })).toBe('verdict/不属实');
  });

  test('only filters that match at least one case get a page', () => {
    const rows = [row('魏都区', '属实'), row('建安区')];
    const filters = allFilters(rows);
    expect(filters).toHaveLength(5);
    expect(filters).toEqual(expect.arrayContaining([{}, { verdict: '属实' }, { district: '魏都区' }, { district: '魏都区', verdict: '属实' }, { district: '建安区' }]));
    expect(matchesFilter(rows[1]!, { verdict: '属实' })).toBe(false);
  });
});

describe('original-text annotation', () => {
  const lines = ['标题', '', '正文一', '（上接第一版）', '正文二', '别的文章', '别的文章', '', '', '', '', '', '', '', '', '尾'];

  test('lines are marked as this article, removed or another article’s, with long unrelated runs folded', () => {
    const here = { id: 'here', sources: [{ file: 'f.txt', from: 1, to: 5 }] };
    const other = { id: 'other', sources: [{ file: 'f.txt', from: 6, to: 7 }] };
    const owners = lineOwners([here, other]).get('f.txt')!;
    const view = annotateFile(here, 'f.txt', lines, owners, [{ file: 'f.txt', from: 4, to: 4, reason: 'marker', text: '（上接第一版）' }]);
    const statuses = view.rows.map((row) => (row.type === 'line' ? `${row.line.number}:${row.line.status}` : 'gap'));
    expect(statuses).toEqual(['1:this', '2:this', '3:this', '4:removed', '5:this', '6:other', '7:other']);
  });

  test('a headline printed after its body is marked as moved', () => {
    expect([...movedParts({ sources: [{ file: 'f.txt', from: 30, to: 30 }, { file: 'f.txt', from: 10, to: 29 }] })]).toEqual([1]);
    expect([...movedParts({ sources: [31, 64, 143, 72, 98, 147].map((from) => ({ file: 'f.txt', from, to: from + 5 })) })]).toEqual([3]);
    expect(movedParts({ sources: [{ file: 'f.txt', from: 1, to: 3 }, { file: 'f.txt', from: 5, to: 9 }] }).size).toBe(0);
  });

  test('an unreadable raw file yields no rows and says so', () => {
    expect(annotateFile({ id: 'x', sources: [{ file: 'f.txt', from: 1, to: 1 }] }, 'f.txt', undefined, new Map(), [])).toEqual({ file: 'f.txt', found: false, rows: [] });
  });
});

describe('Atom feed', () => {
  test('escapes corpus text and dates undated entries at the epoch', () => {
    expect(escapeXml('<a & "b">')).toBe('&lt;a &amp; &quot;b&quot;&gt;');
    const xml = atomFeed({
      title: 'T',
      subtitle: 'S',
      author: 'A',
      home: 'https://x/',
      self: 'https://x/feed.xml',
      articles: [
        { id: '1', title: '<script>', summary: 's', authors: [], date: '2018-11-19', datePrecision: 'day', url: 'https://x/a/' },
        { id: '2', title: 'u', summary: 's', authors: ['李'], datePrecision: 'unknown', url: 'https://x/b/' },
      ],
    });
    expect(xml).toContain('<title>&lt;script&gt;</title>');
    expect(xml).toContain('<updated>2018-11-19T00:00:00Z</updated>\n    <summary>');
    expect(xml).toContain('<updated>1970-01-01T00:00:00Z</updated>');
    expect(xml).toMatch(/<feed[^>]*>\n  <title>T<\/title>[\s\S]*<updated>2018-11-19T00:00:00Z<\/updated>\n  <entry>/);
  });
});

describe('sourcePageOrder', () => {
  test('puts the original-text pages that read one raw file together, by first file then id', () => {
    const article = (id: string, ...files: string[]) => ({ id, sources: files.map((file, i) => ({ file, from: i + 1, to: i + 1 })) });
    const articles = [article('c', 'b.txt'), article('a', 'b.txt', 'a.txt'), article('b', 'a.txt'), article('d', 'a.txt', 'b.txt'), article('e')];
    expect(sourcePageOrder(articles).map((a) => a.id)).toEqual(['e', 'b', 'd', 'a', 'c']);
    expect(articles.map((a) => a.id)).toEqual(['c', 'a', 'b', 'd', 'e']);
  });
});
