/**
 * Pass 5 — split a file's blocks into article drafts. A headline group (1–3
 * consecutive heading blocks, optionally followed by a byline) opens an
 * article; Markdown `#`/`##` headings always do. A headline printed after its
 * body (common in these layouts) is moved back to the body it belongs to.
 */
import type { Block, Draft } from './types.ts';

/** A paragraph that opens a news item with its own dateline byline. */
const NEWS_OPENING_RE = /^本报讯/u;
/** Sections that open a digest of short items. */
const DIGEST_RE = /要闻|简讯|快讯|短讯|动态$/u;

type Item = { kind: 'head'; blocks: Block[] } | { kind: 'body'; blocks: Block[] };

const isHeading = (b: Block): boolean => b.role === 'title' || (b.role === 'section' && (b.depth ?? 9) <= 2);

/** Cut the block stream into alternating headline groups and bodies. */
function items(blocks: readonly Block[]): Item[] {
  const out: Item[] = [];
  for (const b of blocks) {
    const last = out.at(-1);
    const heading = isHeading(b) || (b.role === 'section' && DIGEST_RE.test(b.text));
    // A subtitle (`——…`) or a byline right after a headline belongs to the headline.
    const joinsHead = last?.kind === 'head' && (b.role === 'byline' || (b.role === 'section' && b.text.startsWith('——')));
    if (heading && last?.kind === 'head' && last.blocks.length < 3 && last.blocks.every(isHeading)) last.blocks.push(b);
    else if (joinsHead) last.blocks.push(b);
    else if (heading) out.push({ kind: 'head', blocks: [b] });
    else if (last?.kind === 'body') last.blocks.push(b);
    else out.push({ kind: 'body', blocks: [b] });
  }
  return out;
}

/**
 * Decide, for each headline group, whether it belongs to the body after it
 * (normal) or to the body before it (headline printed after the text). A group
 * goes back when the body before it has no headline and the body after it
 * opens with its own `本报讯` dateline or another headline follows at once.
 */
function attach(list: Item[]): Draft[] {
  const drafts: Array<{ head?: Block[]; body: Block[] }> = [];
  let pendingHead: Block[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const item = list[i]!;
    if (item.kind === 'body') {
      drafts.push({ ...(pendingHead ? { head: pendingHead } : {}), body: item.blocks });
      pendingHead = undefined;
      continue;
    }
    const prev = drafts.at(-1);
    const next = list[i + 1];
    const prevOrphan = prev !== undefined && prev.head === undefined && pendingHead === undefined && list[i - 1]?.kind === 'body';
    const nextOpensItself = next === undefined || next.kind === 'head' || NEWS_OPENING_RE.test(next.blocks[0]?.text ?? '') || next.blocks[0]?.role === 'caption';
    if (prevOrphan && nextOpensItself && !item.blocks.some((b) => b.role === 'section')) {
      prev.head = item.blocks;
    } else if (pendingHead) {
      // Two headline groups in a row with no body: the first stands alone.
      drafts.push({ head: pendingHead, body: [] });
      pendingHead = item.blocks;
    } else pendingHead = item.blocks;
  }
  if (pendingHead) drafts.push({ head: pendingHead, body: [] });
  return drafts.map((d) => ({ file: (d.head ?? d.body)[0]!.file, blocks: [...labelHead(d.head ?? []), ...d.body] }));
}

/** Name the parts of a headline group: 引题 / 主题 / 副题. */
export function labelHead(head: Block[]): Block[] {
  const lines = head.filter((b) => b.role !== 'byline');
  const rest = head.filter((b) => b.role === 'byline');
  const roles: Array<Block['role']> =
    lines.length === 1
      ? ['title']
      : lines.length === 2
        ? lines[1]!.text.startsWith('——') || !/(?:要求|强调|指出|表示|时说|[区县市镇乡街道])$/u.test(lines[0]!.text)
          ? ['title', 'subtitle']
          : ['kicker', 'title']
        : ['kicker', 'title', 'subtitle'];
  return [...lines.map((b, i) => ({ ...b, role: roles[i]!, text: b.text.replace(/^——\s*/u, '') })), ...rest];
}

export function segment(blocks: readonly Block[]): Draft[] {
  return attach(items(blocks)).filter((d) => d.blocks.length > 0);
}
