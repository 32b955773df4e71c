/** Plain data that flows between the pipeline's passes. */
import type { Article, BulletinCase } from '../shared/schema.ts';

/** One physical line of a decoded raw file. */
export interface Line {
  file: string;
  /** 1-based line number in the raw file. */
  line: number;
  text: string;
}

/**
 * What a block is on the page. Blocks are the unit of segmentation,
 * reassembly, deduplication and accounting.
 */
export type Role =
  | 'title' // headline
  | 'kicker' // 引题, above the headline
  | 'subtitle' // 副题, below the headline (often starts with ——)
  | 'section' // sub-heading inside an article
  | 'byline' // 本报记者 X 通讯员 Y
  | 'paragraph'
  | 'caption' // photo caption (… X 摄)
  | 'marker' // （上接第一版） and similar
  | 'table'
  | 'case'; // one bulletin case: heading line plus its field lines

/** A run of source lines re-flowed into one unit of text. */
export interface Block {
  file: string;
  /** First and last source line (1-based, inclusive). */
  from: number;
  to: number;
  role: Role;
  /** Repaired, re-flowed text (Markdown-free). For tables: rows joined by \n, cells by \t. */
  text: string;
  /** Source line ranges in reading order, when reassembly joined text printed apart (from/to then span them all). */
  parts?: Array<{ from: number; to: number }>;
  /** Heading depth hint from Markdown marks already in the input (1 = #). */
  depth?: number;
  /**
   * Column-join points: where the raw line had a space between two pieces of
   * text (narrow-column lines joined by extraction), each given as the number
   * of Han characters after that point (counted from the end, so prepending
   * a byline keeps them valid). Reassembly may split a spliced line there.
   */
  joins?: number[];
  /**
   * Set by reassembly on the text left after a glued dateline byline was split
   * off it: text printed from the middle of another paragraph, so it continues
   * the open paragraph before it. Dropped when reassembly ends.
   */
  unglued?: true;
}

/** Why a span of input is not in any article. */
export type RemovalReason = 'duplicate' | 'near-duplicate' | 'marker' | 'noise' | 'undecodable';

export interface Removal {
  file: string;
  from: number;
  to: number;
  reason: RemovalReason;
  text: string;
  /** For duplicates: the id of the article holding the kept copy. */
  keptIn?: string;
  /** Human explanation. */
  note?: string;
}

/** An article while it is being assembled. */
export interface Draft {
  file: string;
  blocks: Block[];
  /** The text follows a continuation marker (`（上接第一版）`): the article began on another page. */
  continued?: boolean;
}

/** A finished article: frontmatter plus Markdown body. */
export interface Built {
  data: Article;
  body: string;
}

export type { Article, BulletinCase };
