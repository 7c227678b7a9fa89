import type { ParamType } from '../../model/index.js';
import { PARAM_TYPES } from '../../model/index.js';

/**
 * Parameter types as small integers (indices into `PARAM_TYPES`), so the hot path stores
 * them in typed arrays. The order is fixed by the model; snapshots store these codes.
 */
export const T_NUMBER = 0;
export const T_HEX = 1;
export const T_IP = 2;
export const T_UUID = 3;
export const T_PATH = 4;
export const T_URL = 5;
export const T_EMAIL = 6;
export const T_DURATION = 7;
export const T_SIZE = 8;
export const T_TIMESTAMP = 9;
export const T_WORD = 10;
export const TYPE_COUNT = PARAM_TYPES.length;

export function paramTypeName(code: number): ParamType {
  return PARAM_TYPES[code] ?? 'word';
}

export function paramTypeCode(type: ParamType): number {
  const i = PARAM_TYPES.indexOf(type);
  return i < 0 ? T_WORD : i;
}
