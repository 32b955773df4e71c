/**
 * Pass 10 — write an article as Markdown: YAML frontmatter (already validated)
 * and a body in which every character of the corpus is escaped, so text that
 * looks like Markdown or HTML renders as text.
 */
import { stringify } from 'yaml';
import { escapeHtml } from '../shared/html.ts';
import type { Article } from '../shared/schema.ts';
import type { Block } from './types.ts';

/** ASCII punctuation that means something to Markdown or HTML. */
const MD_SPECIAL_RE = /[\\`*_{}[\]()<>#+!|~&$^=:-]/gu;

/** Escape text so CommonMark renders it literally. */
export function escapeMarkdown(text: string): string {
  return text.replace(MD_SPECIAL_RE, (c) => (c === '-' || c === ':' || c === '=' || c === '(' || c === ')' ? c : '\\' + c))
    .replace(/^(\s*)(\d+)\.(\s)/gmu, '$1$2\\.$3')
    .replace(/^(\s*)([-=])/gmu, '$1\\$2');
}

/**
 * A table as an HTML block. Articles are CommonMark without GFM (article-body.ts
 * says why), so there is no pipe-table syntax; each row stays on one line and
 * the block has no blank line, which would end it. Cells are HTML-escaped:
 * inside an HTML block Markdown's backslash escapes do not apply.
 */
function table(text: string): string {
  const rows = text.split('\n').map((r) => r.split('\t').map((c) => escapeHtml(c.trim())));
  const width = Math.max(...rows.map((r) => r.length));
  const row = (r: string[], cell: 'th' | 'td'): string =>
    `<tr>${Array.from({ length: width }, (_, i) => `<${cell}>${r[i] ?? ''}</${cell}>`).join('')}</tr>`;
  return ['<table>', `<thead>${row(rows[0]!, 'th')}</thead>`, '<tbody>', ...rows.slice(1).map((r) => row(r, 'td')), '</tbody>', '</table>'].join('\n');
}

function caseBlock(text: string): string {
  const [head, ...fields] = text.split('\n');
  return [`### ${escapeMarkdown(head!)}`, ...fields.map((f) => {
    const m = /^([^：:]{2,10})[：:](.*)$/u.exec(f);
    return m ? `**${escapeMarkdown(m[1]!)}**：${escapeMarkdown(m[2]!)}` : escapeMarkdown(f);
  })].join('\n\n');
}

export function renderBody(blocks: readonly Block[]): string {
  const parts: string[] = [];
  for (const b of blocks) {
    switch (b.role) {
      case 'title':
      case 'kicker':
      case 'subtitle':
      case 'marker':
        break; // in the frontmatter, or in the report
      case 'section':
        parts.push(`## ${escapeMarkdown(b.text)}`);
        break;
      case 'caption':
        parts.push(`> ${escapeMarkdown(b.text)}`);
        break;
      case 'table':
        parts.push(table(b.text));
        break;
      case 'case':
        parts.push(caseBlock(b.text));
        break;
      default:
        parts.push(escapeMarkdown(b.text));
    }
  }
  return parts.join('\n\n') + '\n';
}

/** Frontmatter keys in schema order, so output is byte-stable. */
export function renderArticle(data: Article, body: string): string {
  // YAML 1.1 quoting: Astro reads frontmatter as YAML 1.1, where an unquoted 2019-01-01 would become a Date.
  const yaml = stringify(data, { lineWidth: 0, sortMapEntries: false, schema: 'yaml-1.1' });
  return `---\n${yaml}---\n\n${body}`;
}
