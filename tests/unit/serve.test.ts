import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeFor, normaliseBasePath, resolveRequestPath } from '../../scripts/serve.ts';

const ROOT = resolve('/srv/site/dist');

describe('resolveRequestPath', () => {
  it('maps URLs under the base path into the root', () => {
    expect(resolveRequestPath('/archive/articles/abc/?q=1', ROOT, '/archive/')).toEqual({
      kind: 'file',
      path: resolve(ROOT, 'articles/abc'),
    });
  });

  it('decodes percent-encoded Chinese file names', () => {
    expect(resolveRequestPath('/%E9%AD%8F.html', ROOT, '/')).toEqual({ kind: 'file', path: resolve(ROOT, '魏.html') });
  });

  it('refuses paths that escape the root, however they are encoded', () => {
    for (const url of ['/../etc/passwd', '/..%2f..%2fetc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/a/..%5c..%5c']) {
      const resolution = resolveRequestPath(url, ROOT, '/');
      if (resolution.kind === 'file') expect(resolution.path.startsWith(ROOT)).toBe(true);
    }
  });

  it('refuses URLs outside the base path and redirects the bare base', () => {
    expect(resolveRequestPath('/other/', ROOT, '/archive/')).toEqual({ kind: 'not-found' });
    expect(resolveRequestPath('/archive', ROOT, '/archive/')).toEqual({ kind: 'redirect', location: '/archive/' });
  });

  it('refuses malformed escapes', () => {
    expect(resolveRequestPath('/%E9%AD', ROOT, '/')).toEqual({ kind: 'not-found' });
  });
});

describe('contentTypeFor', () => {
  it('serves WebAssembly and Pagefind chunks with the right types', () => {
    expect(contentTypeFor('pagefind/wasm.zh.pagefind')).toBe('application/octet-stream');
    expect(contentTypeFor('x.wasm')).toBe('application/wasm');
    expect(contentTypeFor('pagefind/index/zh-cn_1.pf_index')).toBe('application/octet-stream');
    expect(contentTypeFor('pagefind/pagefind.js')).toBe('text/javascript; charset=utf-8');
  });
});

describe('normaliseBasePath', () => {
  it('always yields a leading and trailing slash', () => {
    expect(normaliseBasePath(undefined)).toBe('/');
    expect(normaliseBasePath('archive')).toBe('/archive/');
    expect(normaliseBasePath('/a/b//')).toBe('/a/b/');
  });
});
