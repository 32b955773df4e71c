/**
 * Checks a built site for what must never reach a reader's browser:
 *
 *  - script that did not come from the site's own bundles: inline <script>
 *    elements, event-handler attributes (onerror=…), javascript: URLs — the
 *    signs of corpus text rendered as markup;
 *  - a page without the Content-Security-Policy, or with one that allows inline
 *    script or lacks 'wasm-unsafe-eval' for Pagefind;
 *  - absolute local paths (the repository, home and temp folders, file:// URLs)
 *    and secrets (private keys, cloud and GitHub tokens) in any file, including
 *    the compressed Pagefind index.
 *
 *   npx tsx scripts/check-site.ts [DIR]   (default dist/); exit 0 clean, 1 problems found, 2 could not run
 */
import { readdir, readFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { extname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';

export interface Problem {
  file: string;
  line?: number;
  message: string;
}

const ROOT = resolve(import.meta.dirname, '..');

/** Files whose text is scanned; Pagefind's .pf_* chunks are gzip-compressed and scanned after decompressing. */
const TEXT_EXTENSIONS = new Set(['.html', '.htm', '.js', '.mjs', '.css', '.json', '.xml', '.txt', '.svg', '.webmanifest', '.map', '']);

const SECRET_PATTERNS: Array<[string, RegExp]> = [
  ['private key', /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/u],
  ['AWS access key id', /\bAKIA[0-9A-Z]{16}\b/u],
  ['GitHub token', /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/u],
  ['Slack token', /\bxox[abprs]-[A-Za-z0-9-]{10,}/u],
  ['Google API key', /\bAIza[0-9A-Za-z_-]{35}\b/u],
  ['OpenAI-style secret key', /\bsk-(?:proj-)?[A-Za-z0-9_-]{32,}\b/u],
];

/** Files that have no business in a deployed site. */
const FORBIDDEN_NAMES = /(?:^|\/)(?:\.env(?:\..*)?|\.git|\.npmrc|id_rsa|id_ed25519|.*\.pem|.*\.key)$/u;

async function* walk(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      yield full;
      yield* walk(full);
    } else yield full;
  }
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Local paths that would reveal the machine the site was built on. */
function localPaths(extra: readonly string[]): string[] {
  const paths = [ROOT, homedir(), tmpdir(), ...extra].map((p) => resolve(p)).filter((p) => p.length > 1 && p !== sep);
  return [...new Set(paths)].sort((a, b) => b.length - a.length);
}

/** Attributes of a start tag, names lower-cased; `<` or `on…=` inside a quoted value is text, not markup. */
function attributes(tag: string): Array<{ name: string; value: string }> {
  const inner = tag.replace(/^<[a-zA-Z][a-zA-Z0-9-]*/u, '').replace(/\/?>$/u, '');
  return [...inner.matchAll(/([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/gu)].map((m) => ({
    name: m[1]!.toLowerCase(),
    value: m[2] ?? m[3] ?? m[4] ?? '',
  }));
}

/** Start tags in an HTML document, outside comments. */
function* startTags(html: string): Generator<{ tag: string; name: string; index: number }> {
  const withoutComments = html.replace(/<!--[\s\S]*?-->/gu, (m) => ' '.repeat(m.length));
  for (const m of withoutComments.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/gu)) {
    yield { tag: m[0], name: m[1]!.toLowerCase(), index: m.index };
  }
}

/** The Content-Security-Policy a `_headers` file sends for every path, if any. */
function headerPolicy(headers: string | undefined): string | undefined {
  return headers ? /^\s+Content-Security-Policy:\s*(.+)$/imu.exec(headers)?.[1]?.trim() : undefined;
}

function directive(csp: string, name: string): string | undefined {
  return new RegExp(`(?:^|;)\\s*${name}\\s+([^;]*)`, 'u').exec(csp)?.[1];
}

function checkHtml(file: string, html: string, problems: Problem[], headerCsp?: string): void {
  // The _headers policy is the same for every page, so it cannot allow an inline <style> or style="" by hash.
  const headerStyle = headerCsp ? (directive(headerCsp, 'style-src') ?? directive(headerCsp, 'default-src') ?? '') : undefined;
  const headerBlocksInlineStyle = headerStyle !== undefined && !headerStyle.includes("'unsafe-inline'");
  let csp: string | undefined;
  const inScriptOrStyle: Array<[number, number]> = [];
  for (const m of html.matchAll(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/giu)) inScriptOrStyle.push([m.index, m.index + m[0].length]);
  for (const { tag, name, index } of startTags(html)) {
    // Inside a bundled <script> or <style>, "<x" is code, not markup.
    if (name !== 'script' && name !== 'style' && inScriptOrStyle.some(([a, b]) => index > a && index < b)) continue;
    const at = { file, line: lineOf(html, index) };
    const attrs = attributes(tag);
    const attr = (n: string): string | undefined => attrs.find((a) => a.name === n)?.value;
    if (name === 'script') {
      const src = attr('src');
      if (!src) problems.push({ ...at, message: `inline <script> element: ${tag.slice(0, 120)}` });
      else if (/^(?:[a-z][a-z0-9+.-]*:)?\/\//iu.test(src) || /^javascript:/iu.test(src)) problems.push({ ...at, message: `script from outside the site: ${src}` });
    }
    if (['iframe', 'object', 'embed', 'base', 'frame'].includes(name)) problems.push({ ...at, message: `<${name}> element: ${tag.slice(0, 120)}` });
    if (headerBlocksInlineStyle && name === 'style') problems.push({ ...at, message: `inline <style> element, blocked by the _headers policy (style-src ${headerStyle}): keep CSS in files` });
    if (headerBlocksInlineStyle && attrs.some((a) => a.name === 'style')) problems.push({ ...at, message: `style="" attribute, blocked by the _headers policy (style-src ${headerStyle}): ${tag.slice(0, 120)}` });
    const handler = attrs.find((a) => /^on[a-z]+$/u.test(a.name));
    if (handler) problems.push({ ...at, message: `event-handler attribute ${handler.name}= in ${tag.slice(0, 120)}` });
    const jsUrl = attrs.find((a) => ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc'].includes(a.name) && /^\s*(?:javascript:|vbscript:|data:text\/html)/iu.test(a.value.replace(/&#0*58;|&colon;/giu, ':')));
    if (jsUrl) problems.push({ ...at, message: `script URL in ${tag.slice(0, 120)}` });
    if (name === 'meta' && attr('http-equiv')?.toLowerCase() === 'content-security-policy') csp = attr('content');
  }
  if (!csp) {
    problems.push({ file, message: 'no Content-Security-Policy <meta http-equiv> in the page' });
    return;
  }
  const scriptSrc = directive(csp, 'script-src') ?? '';
  if (!scriptSrc) problems.push({ file, message: `Content-Security-Policy has no script-src: ${csp}` });
  if (/'unsafe-inline'|'unsafe-eval'|(?:^|\s)\*(?:\s|$)|(?:^|\s)(?:https?|data):(?:\s|$)/u.test(scriptSrc)) problems.push({ file, message: `Content-Security-Policy script-src allows injected script: ${scriptSrc}` });
  if (!scriptSrc.includes("'wasm-unsafe-eval'")) problems.push({ file, message: "Content-Security-Policy script-src lacks 'wasm-unsafe-eval' (Pagefind needs it)" });
  if (!/(?:^|;)\s*object-src\s+'none'/u.test(csp)) problems.push({ file, message: "Content-Security-Policy lacks object-src 'none'" });
}

function checkText(file: string, text: string, paths: readonly string[], problems: Problem[]): void {
  for (const p of paths) {
    const i = text.indexOf(p);
    // A path counts when followed by a separator or the end of a token, so /tmp does not match /tmpl.
    if (i >= 0 && !/[A-Za-z0-9_-]/u.test(text[i + p.length] ?? '')) problems.push({ file, line: lineOf(text, i), message: `absolute local path ${p}` });
  }
  const fileUrl = /file:\/\/\/[^\s"'<>)]+/u.exec(text);
  if (fileUrl) problems.push({ file, line: lineOf(text, fileUrl.index), message: `local file URL ${fileUrl[0].slice(0, 80)}` });
  for (const [what, re] of SECRET_PATTERNS) {
    const m = re.exec(text);
    if (m) problems.push({ file, line: lineOf(text, m.index), message: `looks like a ${what}` });
  }
}

export interface CheckOptions {
  /** More absolute paths that must not appear (e.g. the corpus folder). */
  forbiddenPaths?: readonly string[];
}

export async function checkSite(dir: string, options: CheckOptions = {}): Promise<{ problems: Problem[]; pages: number; files: number }> {
  const root = resolve(dir);
  const problems: Problem[] = [];
  const paths = localPaths(options.forbiddenPaths ?? []);
  const headerCsp = headerPolicy(await readFile(join(root, '_headers'), 'utf8').catch(() => undefined));
  if (headerCsp !== undefined) {
    const scriptSrc = directive(headerCsp, 'script-src') ?? '';
    if (!scriptSrc.includes("'wasm-unsafe-eval'")) problems.push({ file: '_headers', message: "Content-Security-Policy script-src lacks 'wasm-unsafe-eval': Pagefind's worker cannot compile its WebAssembly" });
    if (/'unsafe-inline'|'unsafe-eval'/u.test(scriptSrc)) problems.push({ file: '_headers', message: `Content-Security-Policy script-src allows injected script: ${scriptSrc}` });
  }
  let pages = 0;
  let files = 0;
  for await (const full of walk(root)) {
    const file = relative(root, full).split(sep).join('/');
    if (FORBIDDEN_NAMES.test(file)) problems.push({ file, message: 'file that does not belong in a deployed site' });
    const ext = extname(full).toLowerCase();
    let text: string | undefined;
    if (ext.startsWith('.pf_')) {
      const bytes = await readFile(full).catch(() => undefined);
      if (!bytes) continue;
      try {
        text = gunzipSync(bytes).toString('utf8');
      } catch {
        text = bytes.toString('latin1');
      }
    } else if (TEXT_EXTENSIONS.has(ext)) {
      const bytes = await readFile(full).catch(() => undefined);
      if (!bytes) continue; // a folder
      text = bytes.toString('utf8');
    } else continue;
    files++;
    checkText(file, text, paths, problems);
    if (ext === '.html' || ext === '.htm') {
      pages++;
      checkHtml(file, text, problems, headerCsp);
    }
  }
  if (pages === 0) problems.push({ file: '.', message: `no HTML pages in ${root}` });
  return { problems, pages, files };
}

async function main(): Promise<number> {
  const dir = process.argv.slice(2).find((a) => !a.startsWith('-')) ?? process.env.DIST_DIR ?? 'dist';
  const corpus = process.env.CORPUS_DIR ? [resolve(process.env.CORPUS_DIR)] : [];
  const { problems, pages, files } = await checkSite(dir, { forbiddenPaths: corpus }).catch((error: unknown) => {
    console.error(`check-site: could not check ${dir}: ${String(error)}`);
    process.exit(2);
  });
  for (const p of problems) console.error(`${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
  console.log(`check-site: ${pages} pages, ${files} files checked in ${dir}: ${problems.length === 0 ? 'no problems' : `${problems.length} problem(s)`}`);
  return problems.length === 0 ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then((code) => process.exit(code));
}
