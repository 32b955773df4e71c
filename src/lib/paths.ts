/** Join a site-relative path onto the deploy base, keeping exactly one slash between them. */
export function joinBase(base: string, path: string): string {
  const trimmedBase = base.endsWith('/') ? base : `${base}/`;
  return trimmedBase + path.replace(/^\/+/, '');
}

/** Site URL for a path such as "articles/abc/": respects the BASE_PATH the site was built with. */
export function sitePath(path = ''): string {
  return joinBase(import.meta.env.BASE_URL, path);
}

export function articlePath(slug: string): string {
  return sitePath(`articles/${slug}/`);
}
