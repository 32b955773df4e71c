// @ts-check
import { defineConfig } from 'astro/config';

/** Normalise BASE_PATH to "/" or "/sub/path/" so the site can live under a sub-path. */
function basePathFromEnv() {
  const raw = (process.env.BASE_PATH ?? '/').trim();
  const inner = raw.replace(/^\/+|\/+$/g, '');
  return inner === '' ? '/' : `/${inner}/`;
}

export default defineConfig({
  output: 'static',
  ...(process.env.SITE_URL ? { site: process.env.SITE_URL } : {}),
  base: basePathFromEnv(),
  trailingSlash: 'always',
  build: { format: 'directory' },
  // The archive is read offline and deployed as plain files: no dev toolbar, no prefetch scripts.
  devToolbar: { enabled: false },
});
