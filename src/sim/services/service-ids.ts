/** Internal service ids: indexes into SERVICE_NAMES (checked by a test). */
export const WEB = 0;
export const AUTH = 1;
export const PAYMENT = 2;
export const DATABASE = 3;
export const QUEUE = 4;
export const WORKER = 5;
export const SERVICE_COUNT = 6;
