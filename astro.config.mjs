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
  // The benchmark builds large sites beside the working one; their content caches must not mix.
  ...(process.env.ASTRO_CACHE_DIR ? { cacheDir: process.env.ASTRO_CACHE_DIR } : {}),
  ...(process.env.SITE_URL ? { site: process.env.SITE_URL } : {}),
  base: basePathFromEnv(),
  trailingSlash: 'always',
  // Stylesheets as files, never inlined: public/_headers sends one static CSP for every page
  // (style-src 'self'), which cannot carry the per-page hashes an inlined <style> would need.
  // concurrency: pages rendered at once. Rendering waits on file writes between pages; 16 in flight
  // cut the 10k-article build from 41 s to 26 s (npm run bench) with byte-identical output.
  build: { format: 'directory', inlineStylesheets: 'never', concurrency: 16 },
  // The archive is read offline and deployed as plain files: no dev toolbar, no prefetch scripts.
  devToolbar: { enabled: false },
  // Article bodies are rendered by src/lib/article-body.ts with its own settings (it says why). Astro
  // renders no other Markdown, but with its default highlighter it warns that Shiki's styles break the CSP.
  markdown: { syntaxHighlight: false },
  // Content-Security-Policy as a <meta http-equiv> on every page: scripts and styles only from the
  // site itself or by hash (Astro adds the hashes of what it inlines), so corpus text or a search
  // query can never run as script. 'wasm-unsafe-eval' lets Pagefind compile its WebAssembly.
  // public/_headers repeats the page-independent part for hosts that send headers.
  security: {
    csp: {
      algorithm: 'SHA-256',
      directives: [
        "default-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
      ],
      scriptDirective: { resources: ["'self'", "'wasm-unsafe-eval'"] },
      styleDirective: { resources: ["'self'"] },
    },
  },
});
