import { randomBytes } from 'node:crypto';
import type { IngestResult } from '../pipeline/index.js';
import type { BulkItem } from './elastic-bulk.js';

/** Elasticsearch's error body: `{"error": {"root_cause": [...], "type", "reason"}, "status"}`. */
export function elasticErrorBody(status: number, type: string, reason: string): Record<string, unknown> {
  return { error: { root_cause: [{ type, reason }], type, reason }, status };
}

let seqNo = 0;

/**
 * Builds the `_bulk` reply exactly in Elasticsearch's shape: `{took, errors, items: [{<action>:
 * {_index, _id, _version, result, _shards, _seq_no, _primary_term, status}}]}` for stored items,
 * `{<action>: {_index, _id, status, error: {type, reason, ...}}}` for failed ones.
 *
 * Duplicates: when the store found the whole request already stored (a resend), items with a
 * given `_id` answer as Elasticsearch would for an existing document (`create` → 409
 * version_conflict_engine_exception, `index` → 200 `updated`); otherwise stored items are 201
 * `created` (the store reports duplicates per batch, not per item).
 */
export function elasticBulkReply(items: readonly BulkItem[], result: IngestResult | null, tookMs: number): Record<string, unknown> {
  const failed = new Map<number, string>();
  if (result !== null) for (const e of result.errors) if (!failed.has(e.index)) failed.set(e.index, e.detail);
  const allDuplicates = result !== null && result.accepted === 0 && result.deduplicated > 0;
  const ids = randomBytes(15 * items.length).toString('base64url');
  let errors = false;
  const out = new Array<Record<string, unknown>>(items.length);
  for (let k = 0; k < items.length; k++) {
    const item = items[k];
    const _id = item.id ?? ids.slice(k * 20, k * 20 + 20);
    let body: Record<string, unknown>;
    const parseFailure = item.error === null ? failed.get(k) : undefined;
    if (item.error !== null || parseFailure !== undefined) {
      errors = true;
      const e = item.error ?? { status: 400, type: 'document_parsing_exception', reason: parseFailure ?? '' };
      body = { _index: item.index, _id, status: e.status, error: { type: e.type, reason: e.reason, index: item.index } };
    } else if (allDuplicates && item.id !== null && item.action === 'create') {
      errors = true;
      body = {
        _index: item.index,
        _id,
        status: 409,
        error: { type: 'version_conflict_engine_exception', reason: `[${_id}]: version conflict, document already exists (current version [1])`, index: item.index, shard: '0' },
      };
    } else {
      const updated = allDuplicates && item.id !== null;
      body = {
        _index: item.index,
        _id,
        _version: updated ? 2 : 1,
        result: updated ? 'updated' : 'created',
        _shards: { total: 1, successful: 1, failed: 0 },
        _seq_no: seqNo++,
        _primary_term: 1,
        status: updated ? 200 : 201,
      };
    }
    out[k] = { [item.action]: body };
  }
  return { took: Math.round(tookMs), errors, items: out };
}
