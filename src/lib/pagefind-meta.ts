/**
 * The first word of every index chunk of a Pagefind bundle, read from its
 * metadata file (`pagefind.<hash>.pf_meta`: gzip, the signature
 * `pagefind_dcd`, then CBOR `[version, pages, chunks [[from, to, hash]], …]`).
 * The search engine needs those words to know which chunk a word is in; the
 * browser reads them from the metadata Pagefind downloads anyway. Runs in the
 * browser and in Node (DecompressionStream, TextDecoder).
 *
 * A reader of one field, not a CBOR library: the search page would otherwise
 * ship a general decoder (cbor-x: 40 kB minified) to read a list of words.
 */

/** Pagefind's compressed files start with this signature after gunzip. */
export const PAGEFIND_SIGNATURE = 'pagefind_dcd';

/** Decompressed Pagefind file bytes, signature removed (a file may also be stored uncompressed, signature first). */
export async function pagefindFileBytes(file: Uint8Array): Promise<Uint8Array> {
  const latin1 = (bytes: Uint8Array) => String.fromCharCode(...bytes.subarray(0, PAGEFIND_SIGNATURE.length));
  let bytes = file;
  if (latin1(bytes) !== PAGEFIND_SIGNATURE) {
    const stream = new Blob([file as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
    bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  }
  if (latin1(bytes) !== PAGEFIND_SIGNATURE) throw new Error('not a Pagefind file: signature missing');
  return bytes.subarray(PAGEFIND_SIGNATURE.length);
}

/** A cursor over CBOR with definite lengths, as Pagefind writes it. */
class CborCursor {
  private at = 0;
  private readonly view: DataView;
  private readonly text = new TextDecoder();
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** The next item's major type and argument (length, count or value). */
  head(): { type: number; argument: number } {
    if (this.at >= this.bytes.length) throw new Error('Pagefind metadata ends early');
    const initial = this.bytes[this.at++]!;
    const type = initial >> 5;
    const info = initial & 31;
    let argument: number;
    if (info < 24) argument = info;
    else if (info === 24) argument = this.view.getUint8(this.at);
    else if (info === 25) argument = this.view.getUint16(this.at);
    else if (info === 26) argument = this.view.getUint32(this.at);
    else if (info === 27) argument = Number(this.view.getBigUint64(this.at));
    else throw new Error(`Pagefind metadata: unsupported CBOR item ${initial} at byte ${this.at - 1}`);
    this.at += info < 24 ? 0 : 1 << (info - 24);
    return { type, argument };
  }

  /** An array's length. */
  array(): number {
    const { type, argument } = this.head();
    if (type !== 4) throw new Error(`Pagefind metadata: expected an array at byte ${this.at}`);
    return argument;
  }

  string(): string {
    const { type, argument } = this.head();
    if (type !== 3) throw new Error(`Pagefind metadata: expected a string at byte ${this.at}`);
    const value = this.text.decode(this.bytes.subarray(this.at, this.at + argument));
    this.at += argument;
    return value;
  }

  /** Step over one whole item. */
  skip(): void {
    const { type, argument } = this.head();
    if (type === 2 || type === 3) this.at += argument;
    else if (type === 4) for (let i = 0; i < argument; i++) this.skip();
    else if (type === 5) for (let i = 0; i < 2 * argument; i++) this.skip();
    else if (type === 6) this.skip();
  }
}

/** The chunks' first words, in order, from decompressed metadata (see pagefindFileBytes). */
export function chunkStartsOf(meta: Uint8Array): string[] {
  const cbor = new CborCursor(meta);
  if (cbor.array() < 3) throw new Error('Pagefind metadata: too few fields');
  cbor.skip(); // version
  cbor.skip(); // pages
  const starts: string[] = [];
  for (let chunks = cbor.array(), i = 0; i < chunks; i++) {
    const fields = cbor.array();
    starts.push(cbor.string());
    for (let field = 1; field < fields; field++) cbor.skip();
  }
  return starts;
}
