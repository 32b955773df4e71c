import type { Page } from '@playwright/test';

/** Article URLs end in /articles/<12 hex id>/, wherever the site is deployed. */
export const ARTICLE_PATH = /\/articles\/[0-9a-f]{12}\/$/;

/** At least this many Han characters in a row-free sample means real Chinese text rendered. */
export const HAN_CHARACTER = /\p{Script=Han}/gu;

export function countHan(text: string): number {
  return text.match(HAN_CHARACTER)?.length ?? 0;
}

/** Relative to baseURL (no leading slash), so the tests also pass under a BASE_PATH. */
export function searchUrl(query: string): string {
  return `search/?q=${encodeURIComponent(query)}`;
}

export function queryInAddressBar(page: Page): string | null {
  return new URL(page.url()).searchParams.get('q');
}
