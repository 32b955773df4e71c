/**
 * The search page: reads the whole search state from the URL, runs the exact
 * search (search/engine.ts) over the Pagefind bundle of the deployed base
 * path, renders ten results at a time and keeps the URL in step with the form.
 */
import { SEARCH_DEBOUNCE_MS, SEARCH_PAGE_SIZE, SEARCH_UI, UI } from '../consts.ts';
import { buildExcerpt, bundleOpener, exactSearch, loadSearchMeta, type PagefindLibrary, type PagefindResult, type PagefindResultData, type SearchMeta, type ShardOpener } from './search/engine.ts';
import { FACETS, hasFilters, readState, toRequest, writeState, type SearchState } from './search/state.ts';

/** Characters of context shown around a hit in an excerpt. */
const EXCERPT_LENGTH = 90;

function requireElement<T extends Element>(root: ParentNode, selector: string, type: new () => T): T {
  const element = root.querySelector(selector);
  if (!(element instanceof type)) throw new Error(`Search page is missing ${selector}`);
  return element;
}

export function startSearchPage(): void {
  const app = requireElement(document, '[data-search-app]', HTMLElement);
  const form = requireElement(document, '[data-search-form]', HTMLFormElement);
  const input = requireElement(form, 'input[name="q"]', HTMLInputElement);
  const filtersForm = requireElement(document, '[data-search-filters]', HTMLFormElement);
  const status = requireElement(app, '[data-search-status]', HTMLElement);
  const list = requireElement(app, '[data-search-results]', HTMLOListElement);
  const loadMoreButton = requireElement(app, '[data-load-more]', HTMLButtonElement);
  const progress = requireElement(app, '[data-search-progress]', HTMLElement);
  const moduleUrl = app.dataset['pagefindModule'] ?? '/pagefind/pagefind.js';
  const metaUrl = app.dataset['searchMeta'] ?? '/pagefind/search-meta.json';
  const baseUrl = app.dataset['baseUrl'] ?? '/';

  let enginePromise: Promise<{ open: ShardOpener; meta: SearchMeta }> | undefined;
  /** Bumped on every new search so answers to stale ones are dropped. */
  let generation = 0;
  let results: PagefindResult[] = [];
  let shownCount = 0;
  let currentState = readState(new URLSearchParams(window.location.search));
  let debounceTimer: ReturnType<typeof setTimeout> | undefined;

  function loadEngine(): Promise<{ open: ShardOpener; meta: SearchMeta }> {
    enginePromise ??= (async () => {
      // The bundle only exists after the index is built, so it must not be resolved at bundle time.
      const libraryUrl = new URL(moduleUrl, window.location.href);
      const [meta, library] = await Promise.all([loadSearchMeta(metaUrl), import(/* @vite-ignore */ libraryUrl.href) as Promise<PagefindLibrary>]);
      // One instance per index bundle, started on first use; a search skips bundles outside its dates.
      const open = bundleOpener(library, (base) => new URL(base, new URL('./', libraryUrl)).href, { baseUrl });
      // The main bundle is wanted by nearly every search: start it with the metadata.
      void open('').catch(() => undefined);
      return { open, meta };
    })();
    enginePromise.catch(() => {
      enginePromise = undefined;
    });
    return enginePromise;
  }

  // ---- form ⇄ state ----

  function stateFromForms(): SearchState {
    const state = readState(new URLSearchParams());
    state.query = input.value;
    const data = new FormData(filtersForm);
    for (const facet of FACETS) state.facets[facet] = data.getAll(facet).map(String);
    state.from = String(data.get('from') ?? '');
    state.to = String(data.get('to') ?? '');
    const sort = String(data.get('sort') ?? 'relevance');
    state.sort = sort === 'date-desc' || sort === 'date-asc' ? sort : 'relevance';
    return state;
  }

  function stateToForms(state: SearchState): void {
    input.value = state.query;
    for (const box of filtersForm.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')) {
      const facet = box.name as (typeof FACETS)[number];
      box.checked = FACETS.includes(facet) && state.facets[facet].includes(box.value);
    }
    for (const name of ['from', 'to'] as const) {
      const field = filtersForm.elements.namedItem(name);
      if (field instanceof HTMLInputElement) field.value = state[name];
    }
    const sort = filtersForm.elements.namedItem('sort');
    if (sort instanceof HTMLSelectElement) sort.value = state.sort;
    // Facet groups with a selection stay open, so the reader sees what narrows the results.
    for (const details of filtersForm.querySelectorAll<HTMLDetailsElement>('details[data-facet]')) {
      const facet = details.dataset['facet'] as (typeof FACETS)[number];
      if (state.facets[facet]?.length) details.open = true;
    }
  }

  function writeUrl(state: SearchState, mode: 'push' | 'replace'): void {
    const url = new URL(window.location.href);
    url.search = writeState(state).toString();
    if (url.href === window.location.href) return;
    if (mode === 'push') window.history.pushState(null, '', url);
    else window.history.replaceState(window.history.state, '', url);
  }

  // ---- rendering ----

  function setStatus(...content: (Node | string)[]): void {
    status.replaceChildren(...content);
  }

  function showCount(total: number): void {
    const count = document.createElement('strong');
    count.dataset['resultCount'] = '';
    count.textContent = String(total);
    setStatus(UI.searchCountBefore, count, UI.searchCountAfter);
  }

  function showNoResults(state: SearchState): void {
    const message = document.createElement('span');
    message.dataset['noResults'] = '';
    message.textContent = state.query.trim() ? UI.searchNoResults(state.query.trim()) : SEARCH_UI.noResultsFiltered;
    setStatus(message);
    if (hasFilters(state)) setStatus(message, ' ', SEARCH_UI.noResultsWithFilters);
  }

  function resetResults(): void {
    results = [];
    shownCount = 0;
    list.replaceChildren();
    loadMoreButton.hidden = true;
    progress.textContent = '';
  }

  function resultHref(url: string, query: string): string {
    const positive = query.trim();
    if (!positive) return url;
    const target = new URL(url, window.location.href);
    target.searchParams.set('q', positive);
    return target.pathname + target.search;
  }

  function renderResult(data: PagefindResultData, state: SearchState): HTMLLIElement {
    const item = document.createElement('li');
    item.className = 'search-result';
    item.dataset['searchResult'] = '';
    const title = data.meta['title'] ?? data.url;

    const kicker = data.meta['kicker'];
    if (kicker) {
      const kickerLine = document.createElement('p');
      kickerLine.className = 'search-result__kicker';
      kickerLine.textContent = kicker;
      item.append(kickerLine);
    }

    const heading = document.createElement('h2');
    heading.className = 'search-result__title';
    const link = document.createElement('a');
    link.href = resultHref(data.url, state.query);
    link.textContent = title;
    heading.append(link);
    item.append(heading);

    // The sort key (yyyy-mm-dd, padded to its precision), for scripts and tests; the reader sees date_label.
    const sortDate = data.meta['date'];
    if (sortDate) item.dataset['date'] = sortDate;
    const metaParts = [data.meta['date_label'], data.meta['kind'], data.meta['source']].filter((part): part is string => Boolean(part));
    if (metaParts.length > 0) {
      const metaLine = document.createElement('p');
      metaLine.className = 'search-result__meta';
      metaLine.textContent = metaParts.join(' · ');
      item.append(metaLine);
    }

    const excerpt = document.createElement('p');
    excerpt.className = 'search-result__excerpt';
    const terms = lastTerms;
    for (const segment of buildExcerpt(data.content, terms, EXCERPT_LENGTH)) {
      if (segment.marked) {
        const mark = document.createElement('mark');
        mark.textContent = segment.text;
        excerpt.append(mark);
      } else {
        excerpt.append(segment.text);
      }
    }
    item.append(excerpt);
    return item;
  }

  let lastTerms: Parameters<typeof buildExcerpt>[1] = [];

  async function showNextPage(forGeneration: number, state: SearchState): Promise<void> {
    const page = results.slice(shownCount, shownCount + SEARCH_PAGE_SIZE);
    loadMoreButton.disabled = true;
    const pageData = await Promise.all(page.map((result) => result.data()));
    if (forGeneration !== generation) return;
    const items = pageData.map((data) => renderResult(data, state));
    list.append(...items);
    shownCount += items.length;
    loadMoreButton.disabled = false;
    loadMoreButton.hidden = shownCount >= results.length;
    progress.textContent = results.length > SEARCH_PAGE_SIZE ? UI.searchShowing(shownCount, results.length) : '';
  }

  async function runSearch(state: SearchState): Promise<void> {
    const thisGeneration = ++generation;
    currentState = state;
    if (state.query.trim() === '' && !hasFilters(state)) {
      resetResults();
      setStatus(UI.searchEmptyPrompt);
      return;
    }
    setStatus(UI.searchLoading);
    app.setAttribute('aria-busy', 'true');
    try {
      const { open, meta } = await loadEngine();
      const outcome = await exactSearch(open, meta, toRequest(state));
      if (thisGeneration !== generation) return;
      resetResults();
      lastTerms = outcome.terms;
      results = outcome.results;
      if (results.length === 0) {
        showNoResults(state);
        return;
      }
      await showNextPage(thisGeneration, state);
      // The count is announced once the first results are on the page.
      if (thisGeneration === generation) showCount(results.length);
    } catch (error) {
      console.error(error);
      if (thisGeneration === generation) {
        resetResults();
        setStatus(UI.searchUnavailable);
      }
    } finally {
      if (thisGeneration === generation) app.removeAttribute('aria-busy');
    }
  }

  function searchFromForms({ debounce, history }: { debounce: boolean; history: 'push' | 'replace' }): void {
    clearTimeout(debounceTimer);
    const state = stateFromForms();
    writeUrl(state, history);
    if (debounce) debounceTimer = setTimeout(() => void runSearch(state), SEARCH_DEBOUNCE_MS);
    else void runSearch(state);
  }

  input.addEventListener('focus', () => void loadEngine().catch(() => undefined), { once: true });
  input.addEventListener('input', (event) => {
    // Wait for the IME to commit: pinyin letters mid-composition are not the query.
    if (event instanceof InputEvent && event.isComposing) return;
    searchFromForms({ debounce: true, history: 'replace' });
  });
  input.addEventListener('compositionend', () => searchFromForms({ debounce: true, history: 'replace' }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    searchFromForms({ debounce: false, history: 'push' });
  });
  filtersForm.addEventListener('change', () => searchFromForms({ debounce: false, history: 'push' }));
  filtersForm.addEventListener('submit', (event) => {
    event.preventDefault();
    searchFromForms({ debounce: false, history: 'push' });
  });
  filtersForm.addEventListener('reset', () => {
    // After the browser has cleared the fields.
    setTimeout(() => searchFromForms({ debounce: false, history: 'push' }), 0);
  });
  window.addEventListener('popstate', () => {
    const state = readState(new URLSearchParams(window.location.search));
    stateToForms(state);
    void runSearch(state);
  });
  loadMoreButton.addEventListener('click', async () => {
    const firstNewIndex = shownCount;
    await showNextPage(generation, currentState);
    // Keyboard and screen-reader users continue from the first newly loaded result.
    list.children[firstNewIndex]?.querySelector('a')?.focus();
  });

  stateToForms(currentState);
  void runSearch(currentState);
}
