/**
 * Live search for /search/: loads the Pagefind bundle from the deployed base
 * path, mirrors the query into ?q= and renders results ten at a time.
 */
import { SEARCH_DEBOUNCE_MS, SEARCH_PAGE_SIZE, UI } from '../consts.ts';
import { excerptSegments, softenBlockSeparators } from '../lib/excerpt.ts';

/** The part of the Pagefind browser API this page uses. */
interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: Partial<Record<string, string>>;
}
interface PagefindResult {
  id: string;
  data(): Promise<PagefindResultData>;
}
interface PagefindSearchResponse {
  results: PagefindResult[];
}
interface PagefindModule {
  options(options: { baseUrl?: string; excerptLength?: number }): Promise<void>;
  init(): Promise<void>;
  search(query: string): Promise<PagefindSearchResponse>;
  debouncedSearch(query: string, options?: object, timeoutMs?: number): Promise<PagefindSearchResponse | null>;
}

function requireElement<T extends Element>(root: ParentNode, selector: string, type: new () => T): T {
  const element = root.querySelector(selector);
  if (!(element instanceof type)) throw new Error(`Search page is missing ${selector}`);
  return element;
}

export function startSearchPage(): void {
  const app = requireElement(document, '[data-search-app]', HTMLElement);
  const form = requireElement(document, '[data-search-form]', HTMLFormElement);
  const input = requireElement(form, 'input[name="q"]', HTMLInputElement);
  const status = requireElement(app, '[data-search-status]', HTMLElement);
  const list = requireElement(app, '[data-search-results]', HTMLOListElement);
  const loadMoreButton = requireElement(app, '[data-load-more]', HTMLButtonElement);
  const progress = requireElement(app, '[data-search-progress]', HTMLElement);
  const moduleUrl = app.dataset['pagefindModule'] ?? '/pagefind/pagefind.js';
  const baseUrl = app.dataset['baseUrl'] ?? '/';

  let pagefindPromise: Promise<PagefindModule> | undefined;
  /** Bumped on every new query so answers to stale queries are dropped. */
  let generation = 0;
  let results: PagefindResult[] = [];
  let shownCount = 0;

  function loadPagefind(): Promise<PagefindModule> {
    pagefindPromise ??= (async () => {
      // The bundle only exists after the index is built, so it must not be resolved at bundle time.
      const pagefind = (await import(/* @vite-ignore */ moduleUrl)) as PagefindModule;
      await pagefind.options({ baseUrl, excerptLength: 40 });
      await pagefind.init();
      return pagefind;
    })();
    return pagefindPromise;
  }

  function setStatus(...content: (Node | string)[]): void {
    status.replaceChildren(...content);
  }

  function showCount(total: number): void {
    const count = document.createElement('strong');
    count.dataset['resultCount'] = '';
    count.textContent = String(total);
    setStatus(UI.searchCountBefore, count, UI.searchCountAfter);
  }

  function showNoResults(query: string): void {
    const message = document.createElement('span');
    message.dataset['noResults'] = '';
    message.textContent = UI.searchNoResults(query);
    setStatus(message);
  }

  function resetResults(): void {
    results = [];
    shownCount = 0;
    list.replaceChildren();
    loadMoreButton.hidden = true;
    progress.textContent = '';
  }

  function writeQueryToUrl(query: string): void {
    const url = new URL(window.location.href);
    if (query === '') url.searchParams.delete('q');
    else url.searchParams.set('q', query);
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, '', url);
  }

  function renderResult(data: PagefindResultData): HTMLLIElement {
    const item = document.createElement('li');
    item.className = 'search-result';
    item.dataset['searchResult'] = '';

    const heading = document.createElement('h2');
    heading.className = 'search-result__title';
    const link = document.createElement('a');
    link.href = data.url;
    link.textContent = data.meta['title'] ?? data.url;
    heading.append(link);

    const metaParts = [data.meta['date_label'], data.meta['kind'], data.meta['source']].filter(
      (part): part is string => Boolean(part),
    );
    const meta = document.createElement('p');
    meta.className = 'search-result__meta';
    meta.textContent = metaParts.join(' · ');

    const excerpt = document.createElement('p');
    excerpt.className = 'search-result__excerpt';
    for (const segment of excerptSegments(softenBlockSeparators(data.excerpt))) {
      if (segment.marked) {
        const mark = document.createElement('mark');
        mark.textContent = segment.text;
        excerpt.append(mark);
      } else {
        excerpt.append(segment.text);
      }
    }

    const kicker = data.meta['kicker'];
    if (kicker) {
      const kickerLine = document.createElement('p');
      kickerLine.className = 'search-result__kicker';
      kickerLine.textContent = kicker;
      item.append(kickerLine);
    }
    item.append(heading);
    if (metaParts.length > 0) item.append(meta);
    item.append(excerpt);
    return item;
  }

  async function showNextPage(forGeneration: number): Promise<void> {
    const page = results.slice(shownCount, shownCount + SEARCH_PAGE_SIZE);
    loadMoreButton.disabled = true;
    const pageData = await Promise.all(page.map((result) => result.data()));
    if (forGeneration !== generation) return;
    const items = pageData.map(renderResult);
    list.append(...items);
    shownCount += items.length;
    loadMoreButton.disabled = false;
    loadMoreButton.hidden = shownCount >= results.length;
    progress.textContent = results.length > SEARCH_PAGE_SIZE ? UI.searchShowing(shownCount, results.length) : '';
  }

  async function runSearch(rawQuery: string, { debounce }: { debounce: boolean }): Promise<void> {
    const query = rawQuery.trim();
    const thisGeneration = ++generation;
    writeQueryToUrl(query);
    if (query === '') {
      resetResults();
      setStatus(UI.searchEmptyPrompt);
      return;
    }
    if (!debounce || results.length === 0) setStatus(UI.searchLoading);

    let response: PagefindSearchResponse | null;
    try {
      const pagefind = await loadPagefind();
      response = debounce
        ? await pagefind.debouncedSearch(query, {}, SEARCH_DEBOUNCE_MS)
        : await pagefind.search(query);
    } catch (error) {
      console.error(error);
      if (thisGeneration === generation) {
        resetResults();
        setStatus(UI.searchUnavailable);
      }
      return;
    }
    // null means Pagefind saw a newer debounced call; a changed generation means a newer query of ours.
    if (response === null || thisGeneration !== generation) return;

    resetResults();
    results = response.results;
    if (results.length === 0) {
      showNoResults(query);
      return;
    }
    showCount(results.length);
    await showNextPage(thisGeneration);
  }

  input.addEventListener('focus', () => void loadPagefind().catch(() => undefined), { once: true });
  input.addEventListener('input', (event) => {
    // Wait for the IME to commit: pinyin letters mid-composition are not the query.
    if (event instanceof InputEvent && event.isComposing) return;
    void runSearch(input.value, { debounce: true });
  });
  input.addEventListener('compositionend', () => void runSearch(input.value, { debounce: true }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void runSearch(input.value, { debounce: false });
  });
  loadMoreButton.addEventListener('click', async () => {
    const firstNewIndex = shownCount;
    await showNextPage(generation);
    // Keyboard and screen-reader users continue from the first newly loaded result.
    list.children[firstNewIndex]?.querySelector('a')?.focus();
  });

  const initialQuery = new URLSearchParams(window.location.search).get('q') ?? '';
  input.value = initialQuery;
  void runSearch(initialQuery, { debounce: false });
}
