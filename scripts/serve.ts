/**
 * Minimal static server for the built site in dist/, for previews and the e2e
 * tests: serves under BASE_PATH, maps directories to index.html, answers misses
 * with 404.html and never reads outside dist/.
 *
 *   PORT=4321 BASE_PATH=/archive/ npm run preview
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  // Browsers only stream-compile WebAssembly served with this exact type.
  '.wasm': 'application/wasm',
};

/** Content type for a file; Pagefind's .pf_* index chunks are opaque binary. */
export function contentTypeFor(filePath: string): string {
  const extension = extname(filePath).toLowerCase();
  if (extension.startsWith('.pf_')) return 'application/octet-stream';
  return MIME_TYPES[extension] ?? 'application/octet-stream';
}

/** "/", "archive", "/archive/" → "/" or "/archive/". */
export function normaliseBasePath(raw: string | undefined): string {
  const inner = (raw ?? '/').trim().replace(/^\/+|\/+$/g, '');
  return inner === '' ? '/' : `/${inner}/`;
}

export type Resolution =
  | { kind: 'file'; path: string }
  | { kind: 'redirect'; location: string }
  | { kind: 'not-found' };

/**
 * Map a request URL to a path inside root. Returns not-found for anything
 * outside the base path or that would escape root after decoding.
 */
export function resolveRequestPath(rawUrl: string, root: string, basePath: string): Resolution {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(rawUrl, 'http://localhost').pathname);
  } catch {
    return { kind: 'not-found' };
  }
  if (pathname.includes('\0')) return { kind: 'not-found' };
  if (`${pathname}/` === basePath) return { kind: 'redirect', location: basePath };
  if (!pathname.startsWith(basePath)) return { kind: 'not-found' };

  const relative = pathname.slice(basePath.length);
  const rootDir = resolve(root);
  const target = resolve(rootDir, `.${sep}${relative}`);
  if (target !== rootDir && !target.startsWith(rootDir + sep)) return { kind: 'not-found' };
  return { kind: 'file', path: target };
}

async function fileIfExists(path: string): Promise<{ path: string; size: number } | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? { path, size: info.size } : undefined;
  } catch {
    return undefined;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

function sendFile(request: IncomingMessage, response: ServerResponse, file: { path: string; size: number }, status = 200): void {
  response.writeHead(status, {
    'Content-Type': contentTypeFor(file.path),
    'Content-Length': file.size,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(file.path).pipe(response);
}

export function createStaticServer(root: string, basePath: string) {
  const rootDir = resolve(root);
  const notFoundPage = resolve(rootDir, '404.html');

  async function sendNotFound(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const page = await fileIfExists(notFoundPage);
    if (page) {
      sendFile(request, response, page, 404);
      return;
    }
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404 Not Found');
  }

  return createServer((request, response) => {
    void (async () => {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      const url = request.url ?? '/';
      const resolution = resolveRequestPath(url, rootDir, basePath);
      if (resolution.kind === 'redirect') {
        response.writeHead(301, { Location: resolution.location }).end();
        return;
      }
      if (resolution.kind === 'not-found') {
        await sendNotFound(request, response);
        return;
      }
      if (await isDirectory(resolution.path)) {
        const { pathname, search } = new URL(url, 'http://localhost');
        // Pages are built as dir/index.html; relative links only work from the slash form.
        if (!pathname.endsWith('/')) {
          response.writeHead(301, { Location: `${pathname}/${search}` }).end();
          return;
        }
        const index = await fileIfExists(resolve(resolution.path, 'index.html'));
        if (index) sendFile(request, response, index);
        else await sendNotFound(request, response);
        return;
      }
      const file = await fileIfExists(resolution.path);
      if (file) sendFile(request, response, file);
      else await sendNotFound(request, response);
    })().catch((error: unknown) => {
      console.error(error);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
}

function main(): void {
  const port = Number(process.env.PORT ?? 4321);
  const host = process.env.HOST ?? '127.0.0.1';
  const basePath = normaliseBasePath(process.env.BASE_PATH);
  const root = resolve(process.env.DIST_DIR ?? resolve(import.meta.dirname, '..', 'dist'));

  const server = createStaticServer(root, basePath);
  server.on('error', (error) => {
    console.error(`Preview server failed: ${error.message}`);
    process.exit(1);
  });
  server.listen(port, host, () => {
    console.log(`Serving ${root} at http://${host}:${port}${basePath}`);
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => server.close(() => process.exit(0)));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
