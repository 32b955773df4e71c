/**
 * Splitting the search index into bundles (docs/adr/0006-search-index-shards.md):
 * how pages are planned into bundles, which bundles a request asks, and how
 * their answers merge into one list.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BundleSchedule, INDEX_BASE_MB, INDEX_MB_PER_PAGE, listSearchablePages, planShards } from '../../src/lib/search-index.ts';
import { daysInRange, mergeShardAnswers, oncePerBundle, shardWanted, type PagefindModule, type PagefindResult, type ShardAnswer } from '../../src/scripts/search/engine.ts';

const page = (sourcePath: string, date?: string) => ({ sourcePath, date });

/**
 * Drive a schedule to the end, finishing the work in hand in a seeded random
 * order; returns the most bundles held and written at once, and whether the
 * estimate ever passed the budget while more than one bundle was held.
 */
function runSchedule(pages: number[], jobs: number, budgetMb: number, seed = 1) {
  const schedule = new BundleSchedule(pages, jobs, budgetMb);
  const inHand: Array<{ i: number; stage: 'adding' | 'writing' }> = [];
  let random = seed;
  const next = () => (random = (random * 16807) % 2147483647) / 2147483647;
  let mostHeld = 0;
  let overBudget = false;
  const order: string[] = [];
  for (let steps = 0; steps < 10_000 && !schedule.done; steps++) {
    const { start, write } = schedule.step();
    for (const i of write) {
      inHand.find((work) => work.i === i)!.stage = 'writing';
      order.push(`write ${i}`);
    }
    for (const i of start) {
      inHand.push({ i, stage: 'adding' });
      order.push(`start ${i}`);
    }
    mostHeld = Math.max(mostHeld, inHand.length);
    if (inHand.length > 1 && schedule.estimate.heldMb > budgetMb + 1e-9) overBudget = true;
    const busy = inHand.filter((work) => work.stage === 'adding' || work.stage === 'writing');
    if (busy.length === 0) throw new Error(`stalled after ${order.join(', ')}`);
    const work = busy[Math.floor(next() * busy.length)]!;
    if (work.stage === 'adding') {
      schedule.added(work.i);
      (work as { stage: string }).stage = 'added';
    } else {
      schedule.finished(work.i);
      inHand.splice(inHand.indexOf(work), 1);
    }
  }
  return { done: schedule.done, mostHeld, mostWrites: schedule.mostWrites, overBudget, order };
}

describe('BundleSchedule', () => {
  const mb = (pages: number) => pages * INDEX_MB_PER_PAGE.writing;

  it('writes bundles side by side when the budget holds both', () => {
    const schedule = new BundleSchedule([5000, 5000], 2, INDEX_BASE_MB + 2 * mb(5000));
    expect(schedule.step()).toEqual({ start: [0, 1], write: [] });
    schedule.added(0);
    expect(schedule.step()).toEqual({ start: [], write: [0] });
    schedule.added(1);
    expect(schedule.step()).toEqual({ start: [], write: [1] });
    expect(schedule.mostWrites).toBe(2);
  });

  it('adds the next bundle while one is written, but writes one at a time, when the budget holds one write', () => {
    const schedule = new BundleSchedule([5000, 5000, 5000], 2, INDEX_BASE_MB + mb(5000) + 5000 * INDEX_MB_PER_PAGE.added);
    expect(schedule.step()).toEqual({ start: [0, 1], write: [] });
    schedule.added(0);
    schedule.added(1);
    expect(schedule.step()).toEqual({ start: [], write: [0] });
    schedule.finished(0);
    expect(schedule.step()).toEqual({ start: [2], write: [1] });
    expect(runSchedule([5000, 5000, 5000], 2, INDEX_BASE_MB + mb(5000) + 5000 * INDEX_MB_PER_PAGE.added)).toMatchObject({ done: true, mostHeld: 2, mostWrites: 1, overBudget: false });
  });

  it('counts the process beside the bundles: the 10k bench plan writes its large bundle alone in 4,000 MB', () => {
    // Measured: bundles of 4,890 and 2,607 pages written at once peaked at 4,420 MB (services 3,840, Node 467 beside them).
    const schedule = new BundleSchedule([4890, 2607, 2608], 2, 4000);
    expect(schedule.step()).toEqual({ start: [0, 1], write: [] });
    schedule.added(0);
    schedule.added(1);
    expect(schedule.step()).toEqual({ start: [], write: [0] });
    expect(schedule.estimate.heldMb).toBeCloseTo(INDEX_BASE_MB + 4890 * INDEX_MB_PER_PAGE.writing + 2607 * INDEX_MB_PER_PAGE.added);
    schedule.finished(0);
    expect(schedule.step()).toEqual({ start: [2], write: [1] });
    schedule.added(2);
    expect(schedule.step()).toEqual({ start: [], write: [2] });
    expect(schedule.estimate.peakMb).toBeLessThanOrEqual(4000);
  });

  it('runs a bundle larger than the budget alone, and never stalls', () => {
    const run = runSchedule([9000, 100, 9000, 100], 2, mb(4000));
    expect(run).toMatchObject({ done: true, mostWrites: 1, overBudget: false });
  });

  it('never passes the budget or stalls, whatever order the work finishes in', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const pages = Array.from({ length: 1 + (seed % 9) }, (_, i) => 100 + ((seed * 7919 + i * 104729) % 8000));
      const run = runSchedule(pages, 1 + (seed % 3), 500 + ((seed * 31) % 4000), seed);
      expect(run.done, `seed ${seed}: ${run.order.join(', ')}`).toBe(true);
      expect(run.overBudget, `seed ${seed}`).toBe(false);
    }
  });

  it('keeps to one bundle at a time with one job', () => {
    expect(runSchedule([10, 10, 10], 1, 1e9)).toMatchObject({ done: true, mostHeld: 1, mostWrites: 1 });
  });
});

describe('listSearchablePages', () => {
  it('lists, in path order, the pages with a data-pagefind-body attribute and their date sort key', async () => {
    const site = await mkdtemp(join(tmpdir(), 'searchable-'));
    const pages: Record<string, string> = {
      'articles/b/index.html': '<h1 data-pagefind-body>标题</h1><dd data-pagefind-sort="date:2019-03-28">2019年</dd>',
      'articles/a/index.html': '<div class="x"\ndata-pagefind-body>正文</div>',
      'articles/c/index.html': '<div data-pagefind-body="">没有日期</div>',
      // Only named in text or in another attribute: not searchable.
      'about/index.html': '<p>data-pagefind-body</p><div data-pagefind-body-note>x</div>',
      'index.html': '<p>首页</p>',
    };
    try {
      for (const [path, html] of Object.entries(pages)) {
        await mkdir(join(site, path, '..'), { recursive: true });
        await writeFile(join(site, path), `<html><body>${html}</body></html>`);
      }
      const refs = await listSearchablePages(site);
      expect(refs.map(({ sourcePath, date }) => ({ sourcePath, date }))).toEqual([
        { sourcePath: 'articles/a/index.html', date: undefined },
        { sourcePath: 'articles/b/index.html', date: '2019-03-28' },
        { sourcePath: 'articles/c/index.html', date: undefined },
      ]);
    } finally {
      await rm(site, { recursive: true, force: true });
    }
  });
});

describe('planShards', () => {
  it('keeps a site that fits in one bundle whole', () => {
    const pages = [page('b'), page('a', '2019-01-02')];
    expect(planShards(pages, 10)).toEqual([[page('a', '2019-01-02'), page('b')]]);
  });

  it('orders by date, ties by path, in contiguous runs of the bundle size from the oldest, with undated pages in runs of their own', () => {
    const pages = [page('e'), page('d', '2019-03-01'), page('h', '2019-04-01'), page('b', '2019-03-01'), page('a'), page('c', '2019-01-01'), page('g')];
    const shards = planShards(pages, 2);
    expect(shards.map((shard) => shard.map((p) => p.sourcePath))).toEqual([['c', 'b'], ['d', 'h'], ['a', 'e'], ['g']]);
  });

  it('never lets a run span two years: each year is counted from its own oldest page', () => {
    const pages = [page('a', '2018-12-30'), page('b', '2018-12-31'), page('c', '2018-12-31'), page('d', '2019-01-01'), page('e', '2020'), page('f')];
    const shards = planShards(pages, 2);
    expect(shards.map((shard) => shard.map((p) => p.sourcePath))).toEqual([['a', 'b'], ['c'], ['d'], ['e'], ['f']]);
  });

  it('keeps the runs of the other years the same when pages are added to one year', () => {
    const year = (y: number, n: number) => Array.from({ length: n }, (_, i) => page(`${y}-${i}`, `${y}-03-${String((i % 28) + 1).padStart(2, '0')}`));
    const before = [...year(2018, 7), ...year(2019, 6), ...year(2020, 4)];
    const after = [...before, page('late-2018', '2018-12-31'), page('early-2018', '2018-01-01')];
    const old = planShards(before, 5);
    const now = planShards(after, 5);
    expect(old.map((shard) => shard.length)).toEqual([5, 2, 5, 1, 4]);
    expect(now.map((shard) => shard.length)).toEqual([5, 4, 5, 1, 4]);
    expect(now.slice(2)).toEqual(old.slice(2));
  });

  it('keeps every bundle but the last the same when newer pages are added (so they come from the index cache)', () => {
    const before = Array.from({ length: 23 }, (_, i) => page(`p${i}`, `2020-01-${String((i % 28) + 1).padStart(2, '0')}`));
    const after = [...before, ...Array.from({ length: 9 }, (_, i) => page(`n${i}`, `2020-02-${String(i + 1).padStart(2, '0')}`))];
    const old = planShards(before, 5);
    const now = planShards(after, 5);
    expect(old.map((shard) => shard.length)).toEqual([5, 5, 5, 5, 3]);
    expect(now.slice(0, old.length - 1)).toEqual(old.slice(0, -1));
  });

  it('gives an empty site one empty bundle', () => {
    expect(planShards([], 5)).toEqual([[]]);
  });

  it('never exceeds the bundle size and loses no page', () => {
    const pages = Array.from({ length: 103 }, (_, i) => page(`p${i}`, i % 3 === 0 ? undefined : `2020-01-${String((i % 28) + 1).padStart(2, '0')}`));
    const shards = planShards(pages, 10);
    // 68 dated pages in 7 runs, 35 undated in 4.
    expect(shards.map((shard) => shard.length)).toEqual([10, 10, 10, 10, 10, 10, 8, 10, 10, 10, 5]);
    expect(shards.slice(0, 7).every((shard) => shard.every((p) => p.date !== undefined))).toBe(true);
    expect(shards.flat().map((p) => p.sourcePath).sort()).toEqual(pages.map((p) => p.sourcePath).sort());
  });

  it('is the same for the same pages in any input order', () => {
    const pages = [page('x', '2020-02-02'), page('y'), page('z', '2020-01-01'), page('w', '2020-02-02')];
    expect(planShards([...pages].reverse(), 2)).toEqual(planShards(pages, 2));
  });
});

describe('shardWanted', () => {
  const dated = { from: '2019-01-01', to: '2019-06-30' };
  const undated = { from: undefined, to: undefined };

  it('asks every bundle when the request has no date bound', () => {
    expect(shardWanted(dated, {})).toBe(true);
    expect(shardWanted(undated, { dateFrom: '', dateTo: '' })).toBe(true);
  });

  it('skips bundles whose dates all fall outside the bound, and undated bundles', () => {
    expect(shardWanted(dated, { dateFrom: '2019-07-01' })).toBe(false);
    expect(shardWanted(dated, { dateTo: '2018-12-31' })).toBe(false);
    expect(shardWanted(dated, { dateFrom: '2019-06-30' })).toBe(true);
    expect(shardWanted(dated, { dateFrom: '2018-01-01', dateTo: '2019-01-01' })).toBe(true);
    expect(shardWanted(undated, { dateFrom: '2000-01-01' })).toBe(false);
  });

  it('skips bundles that hold none of the years chosen in the year facet, and undated bundles', () => {
    const years = { from: '2018-11-03', to: '2020-02-01' };
    const year = (...chosen: string[]) => ({ facets: { year: chosen, place: ['许昌'] } });
    expect(shardWanted(dated, year('2019'))).toBe(true);
    expect(shardWanted(dated, year('2018', '2020'))).toBe(false);
    expect(shardWanted(years, year('2018'))).toBe(true);
    expect(shardWanted(years, year('2020'))).toBe(true);
    expect(shardWanted(years, year('2017', '2021'))).toBe(false);
    expect(shardWanted(undated, year('2019'))).toBe(false);
    expect(shardWanted(undated, year())).toBe(true);
    expect(shardWanted(dated, { ...year('2019'), dateFrom: '2019-07-01' })).toBe(false);
    expect(shardWanted({ from: '2019', to: '2019' }, year('2019'))).toBe(true);
  });
});

describe('daysInRange', () => {
  it('lists every calendar day of a bundle span inside the bound, across months and leap days', () => {
    expect(daysInRange('2020-02-27', '2020-03-02', undefined, undefined)).toEqual(['2020-02-27', '2020-02-28', '2020-02-29', '2020-03-01', '2020-03-02']);
    expect(daysInRange('2019-12-30', '2020-01-02', '2019-12-31', undefined)).toEqual(['2019-12-31', '2020-01-01', '2020-01-02']);
    expect(daysInRange('2019-12-30', '2020-01-02', undefined, '2019-12-30')).toEqual(['2019-12-30']);
    expect(daysInRange('2018-01-01', '2018-12-31', '2018-01-01', '2018-12-31')).toHaveLength(365);
  });

  it('lists nothing when the bound misses the span, or the span is not a pair of dates', () => {
    expect(daysInRange('2019-01-01', '2019-06-30', '2019-07-01', undefined)).toEqual([]);
    expect(daysInRange('2019', '2019-06-30', undefined, undefined)).toEqual([]);
    expect(daysInRange('2019-06-30', '2019-01-01', undefined, undefined)).toEqual([]);
  });
});

describe('mergeShardAnswers', () => {
  const result = (id: string): PagefindResult => ({ id, score: 0, words: [], data: async () => ({ url: `/${id}/`, content: '', excerpt: '', locations: [], meta: {}, filters: {} }) });
  const answer = (hits: [string, number, number][], dated: string[] = []): ShardAnswer => ({
    hits: new Map(hits.map(([id, headline, score]) => [id, { result: result(id), headline, score }])),
    dated,
  });
  // Bundle '' holds the older dated pages, shard-1/ the newer ones and an undated one. Page ids repeat across bundles.
  const answers = [
    { base: '', answer: answer([['p1', 0, 2], ['p2', 1, 1]], ['p1', 'p2']) },
    { base: 'shard-1/', answer: answer([['p1', 0, 5], ['p9', 0, 9]], ['p1']) },
  ];

  it('ranks by headline hits, then score, across bundles, with ids unique per bundle', () => {
    expect(mergeShardAnswers(answers, 'relevance').map((r) => r.id)).toEqual(['p2', 'shard-1/p9', 'shard-1/p1', 'p1']);
  });

  it('sorts by date by joining the bundles in date order, undated last by relevance', () => {
    const ascending = [
      { base: '', answer: answer([['p1', 0, 2], ['p2', 1, 1]], ['p1', 'p2']) },
      { base: 'shard-1/', answer: answer([['p1', 0, 5], ['p9', 0, 9]], ['p1']) },
    ];
    const descending = [
      { base: '', answer: answer([['p1', 0, 2], ['p2', 1, 1]], ['p2', 'p1']) },
      { base: 'shard-1/', answer: answer([['p1', 0, 5], ['p9', 0, 9]], ['p1']) },
    ];
    expect(mergeShardAnswers(ascending, 'date-asc').map((r) => r.id)).toEqual(['p1', 'p2', 'shard-1/p1', 'shard-1/p9']);
    expect(mergeShardAnswers(descending, 'date-desc').map((r) => r.id)).toEqual(['shard-1/p1', 'p2', 'p1', 'shard-1/p9']);
  });

  it('keeps the main bundle results as Pagefind gave them, and the others loading their own data', async () => {
    const merged = mergeShardAnswers(answers, 'relevance');
    expect(merged.find((r) => r.id === 'p2')).toBe(answers[0]!.answer.hits.get('p2')!.result);
    expect((await merged.find((r) => r.id === 'shard-1/p9')!.data()).url).toBe('/p9/');
  });
});

describe('oncePerBundle', () => {
  it('starts each bundle once, and again only after its start failed', async () => {
    const started: string[] = [];
    let fail = true;
    const open = oncePerBundle(async (base) => {
      started.push(base);
      if (base === 'shard-1/' && fail) throw new Error('offline');
      return {} as PagefindModule;
    });
    await Promise.all([open(''), open(''), open('shard-2/')]);
    await expect(open('shard-1/')).rejects.toThrow('offline');
    fail = false;
    await open('shard-1/');
    await open('shard-1/');
    expect(started).toEqual(['', 'shard-2/', 'shard-1/', 'shard-1/']);
  });
});
