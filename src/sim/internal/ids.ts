import type { Sfc32Random } from './prng.js';

/**
 * Random identifiers drawn from a seeded stream, rendered through a byte→hex table
 * (faster than `toString(16).padStart`, and identical on every platform).
 */

/** 32 lowercase hex digits: a W3C trace-context trace id. */
export function traceId(rng: Sfc32Random): string {
  return hex32(rng.uint32()) + hex32(rng.uint32()) + hex32(rng.uint32()) + hex32(rng.uint32());
}

/** 16 lowercase hex digits: a span or message id. */
export function hex64(rng: Sfc32Random): string {
  return hex32(rng.uint32()) + hex32(rng.uint32());
}

/** A random (version 4, RFC 4122 variant) UUID in canonical 8-4-4-4-12 form. */
export function uuid4(rng: Sfc32Random): string {
  const a = rng.uint32();
  const b = rng.uint32();
  const c = rng.uint32();
  const d = rng.uint32();
  const version = ((b & 0xffff0fff) | 0x00004000) >>> 0;
  const variant = ((c & 0x3fffffff) | 0x80000000) >>> 0;
  return `${hex32(a)}-${HEX2[version >>> 24]}${HEX2[(version >>> 16) & 255]}-${HEX2[(version >>> 8) & 255]}${HEX2[version & 255]}-${HEX2[variant >>> 24]}${HEX2[(variant >>> 16) & 255]}-${HEX2[(variant >>> 8) & 255]}${HEX2[variant & 255]}${hex32(d)}`;
}

/** Eight lowercase hex digits of an unsigned 32-bit integer. */
export function hex32(x: number): string {
  return HEX2[x >>> 24] + HEX2[(x >>> 16) & 255] + HEX2[(x >>> 8) & 255] + HEX2[x & 255];
}

const HEX2: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
