import { LogsiftError } from '../../model/index.js';

/**
 * The byte layout of detector snapshots: little-endian numbers and UTF-8 strings with a
 * u32 length, written field by field from plain values (never live objects). Every snapshot
 * starts with a 4-byte magic and a u16 version so an unknown or corrupt one is refused.
 */
export class ByteWriter {
  private buf = new Uint8Array(4096);
  private view = new DataView(this.buf.buffer);
  private at = 0;
  private readonly encoder = new TextEncoder();

  header(magic: string, version: number): this {
    for (let i = 0; i < 4; i++) this.u8(magic.charCodeAt(i));
    return this.u16(version);
  }

  u8(v: number): this {
    this.room(1);
    this.view.setUint8(this.at, v);
    this.at += 1;
    return this;
  }

  u16(v: number): this {
    this.room(2);
    this.view.setUint16(this.at, v, true);
    this.at += 2;
    return this;
  }

  u32(v: number): this {
    this.room(4);
    this.view.setUint32(this.at, v, true);
    this.at += 4;
    return this;
  }

  f64(v: number): this {
    this.room(8);
    this.view.setFloat64(this.at, v, true);
    this.at += 8;
    return this;
  }

  bool(v: boolean): this {
    return this.u8(v ? 1 : 0);
  }

  str(v: string): this {
    const bytes = this.encoder.encode(v);
    this.u32(bytes.length);
    this.room(bytes.length);
    this.buf.set(bytes, this.at);
    this.at += bytes.length;
    return this;
  }

  bytes(v: Uint8Array): this {
    this.u32(v.length);
    this.room(v.length);
    this.buf.set(v, this.at);
    this.at += v.length;
    return this;
  }

  f64s(values: ArrayLike<number>): this {
    this.u32(values.length);
    for (let i = 0; i < values.length; i++) this.f64(values[i]);
    return this;
  }

  strs(values: readonly string[]): this {
    this.u32(values.length);
    for (const v of values) this.str(v);
    return this;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.at);
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.at + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.at));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
}

export class ByteReader {
  private readonly view: DataView;
  private at = 0;
  // Fatal: a string that is not valid UTF-8 means the snapshot is corrupt, not text to patch up.
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(
    private readonly data: Uint8Array,
    private readonly what: string,
  ) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }

  /** Checks the magic and returns the version; throws `invalid_config` unless it is in `versions`. */
  header(magic: string, versions: readonly number[]): number {
    let m = '';
    for (let i = 0; i < 4; i++) m += String.fromCharCode(this.u8());
    if (m !== magic) throw this.corrupt(`magic ${JSON.stringify(m)}, expected ${magic}`);
    const v = this.u16();
    if (!versions.includes(v)) throw new LogsiftError('invalid_config', `${this.what} snapshot version ${v} is not supported (known: ${versions.join(', ')})`);
    return v;
  }

  u8(): number {
    this.need(1);
    const v = this.view.getUint8(this.at);
    this.at += 1;
    return v;
  }

  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.at, true);
    this.at += 2;
    return v;
  }

  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.at, true);
    this.at += 4;
    return v;
  }

  f64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.at, true);
    this.at += 8;
    return v;
  }

  /** A count written with `f64`: a non-negative safe integer. */
  count(): number {
    const v = this.f64();
    if (!Number.isSafeInteger(v) || v < 0) throw this.corrupt(`bad count ${v}`);
    return v;
  }

  bool(): boolean {
    return this.u8() !== 0;
  }

  str(): string {
    const n = this.u32();
    this.need(n);
    let v: string;
    try {
      v = this.decoder.decode(this.data.subarray(this.at, this.at + n));
    } catch (err) {
      throw this.corrupt(`invalid UTF-8 (${(err as Error).message})`);
    }
    this.at += n;
    return v;
  }

  bytes(): Uint8Array {
    const n = this.u32();
    this.need(n);
    const v = this.data.slice(this.at, this.at + n);
    this.at += n;
    return v;
  }

  f64s(): number[] {
    const n = this.u32();
    this.need(n * 8);
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = this.f64();
    return out;
  }

  strs(): string[] {
    const n = this.u32();
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.str());
    return out;
  }

  /** Throws unless every byte was read (a truncated or padded snapshot is corrupt). */
  end(): void {
    if (this.at !== this.data.length) throw this.corrupt(`${this.data.length - this.at} trailing bytes`);
  }

  private need(n: number): void {
    if (this.at + n > this.data.length) throw this.corrupt('truncated');
  }

  private corrupt(why: string): LogsiftError {
    return new LogsiftError('invalid_config', `${this.what} snapshot is corrupt: ${why}`);
  }
}
