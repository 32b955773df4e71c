/**
 * Bulletin cases printed more than once: merge the copies field by field, so
 * a field printed in full in one copy and cut or missing in another is not
 * lost. Pure functions over case texts (heading line, then one line per field).
 */
import { squeeze } from '../shared/han.ts';
import { CASE_FIELD_RE } from './reflow.ts';

/** A field whose text says there is nothing to report (`无。`): it never conflicts. */
const EMPTY_FIELD_RE = /^(?:无|暂无|没有)[。.]?$/u;

interface Field {
  name: string;
  text: string;
  line: string;
}

function fields(text: string): Field[] {
  return text
    .split('\n')
    .slice(1)
    .map((line) => {
      const m = CASE_FIELD_RE.exec(line);
      return m ? { name: m[1]!, text: squeeze(line.slice(m[0].length)), line } : { name: '', text: squeeze(line), line };
    });
}

/**
 * Two copies agree when every field both print with real content has one
 * text containing the other. A copy that disagrees (another case's finding
 * spliced in) contributes nothing.
 */
export function copiesAgree(a: string, b: string): boolean {
  const fa = fields(a);
  for (const g of fields(b)) {
    if (!g.name || EMPTY_FIELD_RE.test(g.text)) continue;
    const same = fa.filter((f) => f.name === g.name && !EMPTY_FIELD_RE.test(f.text));
    if (same.length && !same.some((f) => f.text.includes(g.text) || g.text.includes(f.text))) return false;
  }
  return true;
}

/**
 * Merge copies into the kept one: for each field, the union of the distinct
 * texts printed (when one contains another, the longer one; when one copy
 * says `无。` and another prints content, the content), in the kept copy's
 * field order. Returns the merged text, for each copy the lines it
 * gave to the merge (so they are not also reported as removed), and the kept
 * copy's lines a longer text replaced (to be reported as removed).
 */
export function mergeCaseCopies(kept: string, copies: readonly string[]): { merged: string; given: string[][]; dropped: string[] } {
  const order = ['交办问题基本情况', '调查核实情况', '处理处罚情况', '问责情况'];
  const head = kept.split('\n')[0]!;
  const merged: Array<Field & { from: number }> = fields(kept).map((f) => ({ ...f, from: -1 }));
  const given: string[][] = copies.map(() => []);
  const dropped: string[] = [];
  copies.forEach((copy, c) => {
    if (!copiesAgree(kept, copy)) return;
    for (const g of fields(copy)) {
      if (!g.name) continue;
      const same = merged.filter((f) => f.name === g.name);
      const empty = EMPTY_FIELD_RE.test(g.text);
      // `无。` adds nothing to a field another copy prints with content.
      if (same.some((f) => f.text.includes(g.text)) || (empty && same.length)) continue;
      const entry = { ...g, from: c };
      // A cut printing, or `无。`, gives way to the fuller printing of the field.
      const shorter = same.find((f) => g.text.includes(f.text) || (!empty && EMPTY_FIELD_RE.test(f.text)));
      if (shorter) {
        merged[merged.indexOf(shorter)] = entry;
        if (shorter.from < 0) dropped.push(shorter.line);
        else given[shorter.from]!.splice(given[shorter.from]!.indexOf(shorter.line), 1);
      } else {
        const after = merged.map((f) => f.name).lastIndexOf(g.name);
        const next = merged.findIndex((f) => order.indexOf(f.name) > order.indexOf(g.name));
        merged.splice(after >= 0 ? after + 1 : next < 0 ? merged.length : next, 0, entry);
      }
      given[c]!.push(g.line);
    }
  });
  return { merged: [head, ...merged.map((f) => f.line)].join('\n'), given, dropped };
}

/** `text` without the given lines (each removed once). */
export function withoutLines(text: string, lines: readonly string[]): string {
  const rest = text.split('\n');
  for (const l of lines) {
    const i = rest.indexOf(l);
    if (i >= 0) rest.splice(i, 1);
  }
  return rest.join('\n');
}
