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
