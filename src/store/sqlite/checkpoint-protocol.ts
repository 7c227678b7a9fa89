/** Messages between the store writer and its checkpoint worker (checkpoint-worker.ts). */
export type CheckpointRequest =
  | { readonly type: 'watch'; readonly file: string }
  | { readonly type: 'forget'; readonly file: string }
  | { readonly type: 'stop' };

export type CheckpointReply = { readonly type: 'stopped' };
