/**
 * Site constants and every user-facing string, kept in one place so wording
 * can be reviewed (and one day translated) without touching templates.
 */
import type { ArticleKind } from './shared/schema.ts';

export const SITE_TITLE = '许昌地方报纸文库';
export const SITE_DESCRIPTION = '许昌地方报纸文章的可检索静态文库：新闻、通讯、通报与评论全文。';
export const SITE_LANG = 'zh-CN';

/** Source names listed on the home page before the rest are summarised as a count. */
export const HOME_SOURCE_NAME_LIMIT = 5;
/** Articles shown on the home page. */
export const LATEST_ARTICLE_COUNT = 10;
/** Search results loaded per "load more" click. */
export const SEARCH_PAGE_SIZE = 10;
/** Milliseconds to wait after the last keystroke before searching. */
export const SEARCH_DEBOUNCE_MS = 300;

export const KIND_LABELS: Record<ArticleKind, string> = {
  news: '消息',
  feature: '通讯',
  bulletin: '通报',
  commentary: '评论',
  photo: '图片新闻',
  digest: '综述',
  table: '表格',
  notice: '公告',
};

export const DATE_PRECISION_LABELS = {
  day: '精确到日',
  month: '精确到月',
  year: '精确到年',
  unknown: '日期不详',
} as const;

export const DATE_SOURCE_LABELS = {
  text: '据正文',
  'case-number': '据案件编号',
  sidecar: '据附注文件',
  'file-name': '据文件名',
  none: '无来源',
} as const;

export const UI = {
  skipToContent: '跳到正文',
  navHome: '首页',
  navArticles: '全部文章',
  navSearch: '搜索',
  navReport: '处理报告',
  mainNavLabel: '主导航',
  searchLabel: '搜索文库',
  searchPlaceholder: '输入关键词，如：魏都区',
  searchButton: '搜索',
  footerNote: '本站为静态文库，文字据原始报纸文本整理，如有出入以原报为准。',

  homeIntro: '本文库收录许昌地方报纸的文章全文，可按关键词检索，也可按时间浏览。',
  homeStatsHeading: '文库概况',
  statArticles: '文章',
  statSources: '来源',
  statDateRange: '时间跨度',
  statUndated: '篇未注明日期',
  moreSources: (count: number) => `等 ${count} 个来源`,
  homeLatestHeading: '最新文章',
  homeAllArticles: '浏览全部文章',
  noDateRange: '暂无日期信息',
  noArticles: '文库中暂无文章。',

  articlesHeading: '全部文章',
  articlesIntro: (count: number) => `共 ${count} 篇，按日期从新到旧排列。`,

  articleMetaHeading: '文章信息',
  metaDate: '日期',
  metaAuthors: '作者',
  metaPlaces: '涉及地区',
  metaKind: '体裁',
  metaSource: '来源',
  metaSourceFiles: '原始文本',
  metaChars: '字数',
  metaDuplicates: '重复或转载',
  sourceSpan: (from: number, to: number) => (from === to ? `第 ${from} 行` : `第 ${from}–${to} 行`),
  charCount: (chars: number) => `${chars} 字`,
  casesHeading: '通报案件',
  caseOrdinal: '序号',
  caseNumber: '案件编号',
  caseDistrict: '地区',
  caseVerdict: '调查结论',
  backToList: '返回文章列表',
  undated: '日期不详',

  searchHeading: '搜索',
  searchIntro: '支持多个关键词，用空格分隔；用引号包住词组可精确匹配。',
  searchNoScript: '搜索功能需要启用 JavaScript。也可以浏览全部文章列表。',
  searchLoading: '正在搜索…',
  searchUnavailable: '搜索索引暂不可用，请稍后再试。',
  searchEmptyPrompt: '请输入关键词开始搜索。',
  /** Split around the count so the count itself can sit in its own element. */
  searchCountBefore: '找到 ',
  searchCountAfter: ' 篇相关文章',
  searchNoResults: (query: string) => `没有找到与“${query}”相关的文章。请换一个关键词，或减少关键词数量。`,
  searchLoadMore: '加载更多',
  searchShowing: (shown: number, total: number) => `已显示 ${shown} / ${total} 篇`,

  reportHeading: '处理报告',
  reportIntro: '原始文本在整理成文章时的处理记录：每个文件的概况，以及被删除的重复或无效片段。',
  reportMissing: '尚未生成处理报告。运行构建后会在此显示。',
  reportEmpty: '无',
  reportSummaryHeading: '概况',

  notFoundHeading: '页面不存在',
  notFoundBody: '找不到这个页面，可能是地址有误，或文章已被合并。',
  notFoundHome: '回到首页',
} as const;

/** Headings for the top-level arrays of report.json; unknown keys are shown as-is. */
export const REPORT_SECTION_LABELS: Record<string, string> = {
  files: '文件',
  removed: '删除的片段',
  duplicateArticles: '重复文章',
  warnings: '警告',
};

/** Labels for fields inside report.json entries; unknown keys are shown as-is. */
export const REPORT_FIELD_LABELS: Record<string, string> = {
  version: '格式版本',
  generatedAt: '生成时间',
  totals: '总计',
  files: '文件数',
  skippedFiles: '跳过的文件',
  articles: '文章',
  removedSpans: '删除的片段',
  duplicateArticles: '重复文章',
  balanced: '字数核算平衡',
  file: '文件',
  bytes: '字节数',
  encoding: '编码',
  lines: '行数',
  issues: '问题',
  repairs: '修复',
  accounting: '汉字核算',
  input: '原文',
  inArticles: '进入文章',
  removed: '已删除',
  line: '行',
  byte: '字节',
  message: '说明',
  from: '起始行',
  to: '结束行',
  lineRange: '行',
  passes: '处理步骤',
  hanDelta: '汉字增减',
  reason: '原因',
  note: '备注',
  text: '内容',
  title: '标题',
  duplicateOf: '重复于',
};

export const REPORT_BOOLEAN_LABELS = { true: '是', false: '否' } as const;

/** Articles per page on long lists (all articles, browse pages). */
export const LIST_PAGE_SIZE = 20;
/** Related articles shown under an article. */
export const RELATED_ARTICLE_COUNT = 5;
/** Articles in the Atom feed. */
export const FEED_ARTICLE_COUNT = 20;

/** Strings for browsing, the article page's reading aids, the original-text view, cases and the feed. */
export const READING = {
  navBrowse: '浏览',
  navCases: '通报案件',
  themeToggle: '切换深色模式',
  feedTitle: `${SITE_TITLE} · 最新文章`,

  bodyHeading: '正文',
  permalink: '永久链接',
  viewSource: '查看原始文本',
  citeHeading: '引用本文',
  citePlain: '文本格式',
  citeBibtex: 'BibTeX 格式',
  articleNavLabel: '同一来源中的文章',
  previousInSource: '上一篇',
  nextInSource: '下一篇',
  relatedHeading: '相关文章',
  relatedNote: '涉及相同地区的文章。',
  reprintsHeading: '重复与转载',
  reprintsNote: '整理时发现的其他印本，其文字只在本文保留一次：',
  reprintAt: (file: string, line: string) => `${file} 第 ${line} 行`,
  reprintArticle: (title: string) => `同文另见：${title}`,
  casesTableLabel: (heading: string) => `${heading}（表格，可横向滚动）`,
  caseIssue: '交办问题',
  caseOutcome: '处理处罚情况',
  caseAccountability: '问责情况',
  caseArticle: '所在通报',
  caseNone: '—',

  sourceHeading: '原始文本',
  sourceIntro: '本文整理前的原始文本行。标出了哪些行进入本文、哪些作为重复或标记被删除、哪些属于其他文章，以及阅读顺序与印刷顺序不同的部分。',
  sourceBack: '返回文章',
  sourceLegend: '图例',
  statusThis: '进入本文',
  statusRemoved: '已删除',
  statusOther: '属于其他文章',
  statusNone: '未归入文章',
  statusMoved: '已移位',
  sourcePart: (part: number) => `第 ${part} 段`,
  sourceMovedNote: '本文有的部分在原文中印在别处（如标题印在正文之后），整理时按阅读顺序移回：',
  sourceSpans: '阅读顺序',
  sourceFileMissing: '构建时找不到这个原始文件。',
  sourceGap: (from: number, to: number) => `第 ${from}–${to} 行：其他内容，已折叠`,
  sourceGapArticles: '见：',
  sourceElsewhere: '本文文字在别处的重复，已删除：',
  sourceKeptIn: '保留在',
  sourceKeptHere: '本文已保留同样的文字',
  lineNumber: '行号',
  removalReasons: {
    duplicate: '重复',
    'near-duplicate': '近似重复',
    marker: '转版标记',
    noise: '杂讯',
    undecodable: '无法解码',
  } as Record<string, string>,

  casesHeading: '通报案件',
  casesIntro: '各期环保督察交办问题调查处理情况通报中的全部案件，可按地区和调查结论筛选。',
  casesFilterDistrict: '按地区',
  casesFilterVerdict: '按调查结论',
  casesAll: '全部',
  casesCount: (shown: number, total: number) => (shown === total ? `共 ${total} 件` : `${shown} 件（共 ${total} 件）`),
  casesNone: '没有符合条件的案件。',
  casesFiltered: (parts: string[]) => `筛选：${parts.join('，')}`,

  browseHeading: '浏览文库',
  browseIntro: '按日期、来源、地区或体裁浏览全部文章。',
  byDate: '按日期',
  bySource: '按来源',
  byPlace: '按地区',
  byKind: '按体裁',
  undatedArticles: '日期不详的文章',
  yearHeading: (year: string) => `${year}年`,
  monthHeading: (year: string, month: string) => `${year}年${Number(month)}月`,
  dayHeading: (year: string, month: string, day: string) => `${year}年${Number(month)}月${Number(day)}日`,
  yearOnly: '只知年份的文章',
  monthOnly: '只知月份的文章',
  weekdays: ['一', '二', '三', '四', '五', '六', '日'],
  calendarDay: (day: number, count: number) => `${day}日，${count} 篇`,
  articleCount: (count: number) => `${count} 篇`,
  sourceFileLabel: (file: string) => `原始文件 ${file}`,
  placeHeading: (place: string) => `涉及${place}的文章`,
  kindHeading: (kind: string) => `${kind}`,
  paginationLabel: '分页',
  previousPage: '上一页',
  nextPage: '下一页',
  pageOf: (page: number, count: number) => `第 ${page} / ${count} 页`,

  reportFilesHeading: '逐个文件',
  reportFileSize: (bytes: number, lines: number) => `${bytes} 字节，${lines} 行`,
  reportBrowseFile: '按原文顺序浏览这个文件的文章',
  reportFileArticles: '整理出的文章',
  reportFileRepairs: '修复',
  reportFileRemoved: '删除的片段',
  reportFileDuplicates: '与其他文章重复而合并',
  reportFileIssues: '问题',
  reportRepairLines: (count: number) => `${count} 行`,
  reportAccounting: (input: number, kept: number, removed: number) => `原文 ${input} 个汉字：进入文章 ${kept}，删除 ${removed}`,
  reportBalanced: '核算平衡',
  reportUnbalanced: '核算不平衡',
  reportWarnings: '警告',
  reportRawJson: '原始 report.json 数据',
  reportLines: (from: number, to: number) => (from === to ? `第 ${from} 行` : `第 ${from}–${to} 行`),
} as const;

/** Strings for the search page's query help, facets, date range and sort (see also UI.search*). */
export const SEARCH_UI = {
  intro: '像在页面里查找一样：文中出现的任何一串字都能找到，繁体简体通用。多个关键词用空格分隔（须全部出现）；用英文引号包住含空格的词组；在词前加减号（如 -环保）排除含该词的文章。',
  filtersLabel: '筛选与排序',
  sortLabel: '排序',
  sortOptions: { relevance: '相关度（标题命中优先）', 'date-desc': '日期：从新到旧', 'date-asc': '日期：从旧到新' },
  dateRange: '日期范围',
  dateFrom: '从',
  dateTo: '到',
  facetLabels: { kind: '体裁', place: '地区', source: '来源', year: '年份' },
  facetCount: (count: number) => `${count} 篇`,
  yearLabel: (year: string) => `${year}年`,
  clearFilters: '清除筛选',
  noResultsFiltered: '没有符合筛选条件的文章。',
  noResultsWithFilters: '当前设置了筛选条件，可以清除筛选后再试。',
} as const;
