import type { WriteBatch } from './write-batch.js';
import type { WriteOutcome } from './writer-host.js';

export type WorkerRequest =
  | { readonly type: 'write'; readonly id: number; readonly batch: WriteBatch }
  | { readonly type: 'drop'; readonly id: number; readonly cutoff: number }
  | { readonly type: 'close'; readonly id: number };

export type WorkerReply =
  | { readonly type: 'written'; readonly id: number; readonly outcome: WriteOutcome }
  | { readonly type: 'dropped'; readonly id: number; readonly names: string[] }
  | { readonly type: 'closed'; readonly id: number }
  | { readonly type: 'failed'; readonly id: number; readonly error: string };
