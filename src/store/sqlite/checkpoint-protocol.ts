/** Messages from the store writer to its checkpoint worker (checkpoint-worker.ts); after `stop` the worker exits. */
export type CheckpointRequest =
  | { readonly type: 'watch'; readonly file: string }
  | { readonly type: 'forget'; readonly file: string }
  | { readonly type: 'stop' };
