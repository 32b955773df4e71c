/**
 * OCR and translation leftovers: an English `etc`/`etc.` standing for 等 between
 * Chinese words. Only whole Latin tokens flanked by Han text are touched.
 */
import { HAN } from '../../shared/han.ts';

const ETC_RE = new RegExp(`([${HAN}、])\\s*etc\\.?\\s*(?=[${HAN}，。；）“‘《])`, 'gu');

export function fixStrayLatin(text: string): string {
  return text.replace(ETC_RE, '$1等');
}
