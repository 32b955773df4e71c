/** Drop control and zero-width characters: they carry no text and break matching. */
import { CONTROL, INVISIBLE } from '../../shared/han.ts';

const INVISIBLE_RE = new RegExp(`[${CONTROL}${INVISIBLE}]`, 'gu');
/** Ideographic space and no-break space become plain spaces; later passes decide if they stay. */
const ODD_SPACE_RE = /[\u00a0\u3000\u2000-\u200a\u202f\u205f]/gu;

export function removeInvisible(text: string): string {
  return text.replace(INVISIBLE_RE, '').replace(ODD_SPACE_RE, ' ');
}
