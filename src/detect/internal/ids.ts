import { randomBytes } from 'node:crypto';

/** A short unique id such as `an_m3x9k2f4a1b2c3d4e5`: prefix, wall-clock ms in base 36, 40 random bits. */
export function newId(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${randomBytes(5).toString('hex')}`;
}
