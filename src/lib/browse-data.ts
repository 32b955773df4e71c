/** Collection access for the browse pages: all articles newest first, and paths of paginated facet pages. */
import { LIST_PAGE_SIZE } from '../consts.ts';
import type { Article } from '../shared/schema.ts';
import { paginate, type Facet, type PageSlice } from './browse.ts';

/** getStaticPaths entries for every page of every facet: /<prefix>/<key>/ and /<prefix>/<key>/page/<n>/. */
export function facetPagePaths(facets: Facet<Article>[], paramName: string) {
  return facets.flatMap((facet) =>
    paginate(facet.articles, LIST_PAGE_SIZE).map((slice) => ({
      params: { [paramName]: facet.key, page: slice.page > 1 ? `page/${slice.page}` : undefined },
      props: { facet: { key: facet.key, label: facet.label }, slice },
    })),
  );
}

export interface FacetPageProps {
  facet: { key: string; label: string };
  slice: PageSlice<Article>;
}
