import { randomBytes } from 'node:crypto';
import type { IngestResult } from '../pipeline/index.js';
import type { FilterPath, Selection } from './codecs/filter-path.js';
import type { BulkItem } from './elastic-bulk.js';

/** Elasticsearch's error body: `{"error": {"root_cause": [...], "type", "reason"}, "status"}`. */
export function elasticErrorBody(status: number, type: string, reason: string): Record<string, unknown> {
  return { error: { root_cause: [{ type, reason }], type, reason }, status };
}

let seqNo = 0;

/** Length of a generated `_id`: 15 random bytes in base64url (only `A-Za-z0-9_-`, nothing to escape). */
const GENERATED_ID_CHARS = 20;
const SHARDS = { total: 1, successful: 1, failed: 0 };
const SHARDS_JSON = JSON.stringify(SHARDS);

/** How one item ended, as its reply says it. */
interface ItemOutcome {
  status: number;
  /** Stored items: `_version`, `result` and `_seq_no`. */
  version: number;
  result: string;
  seqNo: number;
  /** Failed items: `error` (null for stored ones). */
  error: { type: string; reason: string; index: string; shard?: string } | null;
}

/**
 * Builds the `_bulk` reply as JSON text, exactly in Elasticsearch's shape: `{took, errors, items:
 * [{<action>: {_index, _id, _version, result, _shards, _seq_no, _primary_term, status}}]}` for
 * stored items, `{<action>: {_index, _id, status, error: {type, reason, ...}}}` for failed ones;
 * with `filter_path` only what it selects (see FilterPath). Written as text because a reply has an
 * item per document: objects plus `JSON.stringify` cost more per record than decoding it did.
 *
 * Duplicates: when the store found the whole request already stored (a resend), items with a
 * given `_id` answer as Elasticsearch would for an existing document (`create` → 409
 * version_conflict_engine_exception, `index` → 200 `updated`); otherwise stored items are 201
 * `created` (the store reports duplicates per batch, not per item).
 */
export function elasticBulkReply(items: readonly BulkItem[], result: IngestResult | null, tookMs: number, filter: FilterPath | null = null): string {
  const failed = new Map<number, string>();
  if (result !== null) for (const e of result.errors) if (!failed.has(e.index)) failed.set(e.index, e.detail);
  const allDuplicates = result !== null && result.accepted === 0 && result.deduplicated > 0;
  const ids = randomBytes(15 * items.length).toString('base64url');
  const itemsSelected = filter === null ? 'all' : filter.select(['items']);
  const fields = itemsSelected === 'some' ? new ItemFields(filter as FilterPath) : null;
  let errors = false;
  const out: string[] = [];
  // One outcome object reused for every item; consecutive items usually name the same index: quote it once.
  const o: ItemOutcome = { status: 0, version: 1, result: 'created', seqNo: 0, error: null };
  let lastIndex: string | null = null;
  let indexJson = '';
  for (let k = 0; k < items.length; k++) {
    const item = items[k];
    if (item.index !== lastIndex) {
      lastIndex = item.index;
      indexJson = JSON.stringify(item.index);
    }
    const id = item.id ?? ids.slice(k * GENERATED_ID_CHARS, (k + 1) * GENERATED_ID_CHARS);
    const idJson = item.id === null ? `"${id}"` : JSON.stringify(id);
    const parseFailure = item.error === null ? failed.get(k) : undefined;
    if (item.error !== null || parseFailure !== undefined) {
      const e = item.error ?? { status: 400, type: 'document_parsing_exception', reason: parseFailure ?? '' };
      o.status = e.status;
      o.error = { type: e.type, reason: e.reason, index: item.index };
    } else if (allDuplicates && item.id !== null && item.action === 'create') {
      o.status = 409;
      o.error = { type: 'version_conflict_engine_exception', reason: `[${id}]: version conflict, document already exists (current version [1])`, index: item.index, shard: '0' };
    } else {
      const updated = allDuplicates && item.id !== null;
      o.status = updated ? 200 : 201;
      o.version = updated ? 2 : 1;
      o.result = updated ? 'updated' : 'created';
      o.seqNo = seqNo++;
      o.error = null;
    }
    if (o.error !== null) errors = true;
    if (itemsSelected === 'none') continue;
    const body = fields === null ? fullItem(indexJson, idJson, o) : fields.item(item.action, indexJson, idJson, o);
    if (body !== '') out.push(`{"${item.action}":{${body}}}`);
  }
  const top: string[] = [];
  if (filter === null || filter.select(['took']) === 'all') top.push(`"took":${Math.round(tookMs)}`);
  if (filter === null || filter.select(['errors']) === 'all') top.push(`"errors":${errors}`);
  // Like Elasticsearch, an unfiltered reply always has `items`; a filtered one drops it when nothing is left.
  if (filter === null || out.length > 0) top.push(`"items":[${out.join(',')}]`);
  return `{${top.join(',')}}`;
}

/** The fields of an item's reply, all of them. */
function fullItem(indexJson: string, idJson: string, o: ItemOutcome): string {
  const head = `"_index":${indexJson},"_id":${idJson},`;
  if (o.error === null) {
    return `${head}"_version":${o.version},"result":"${o.result}","_shards":${SHARDS_JSON},"_seq_no":${o.seqNo},"_primary_term":1,"status":${o.status}`;
  }
  return `${head}"status":${o.status},"error":${JSON.stringify(o.error)}`;
}

const STORED_FIELDS = ['_index', '_id', '_version', 'result', '_shards', '_seq_no', '_primary_term', 'status'] as const;
const FAILED_FIELDS = ['_index', '_id', 'status', 'error'] as const;
type ItemField = (typeof STORED_FIELDS)[number] | (typeof FAILED_FIELDS)[number];

/** The fields an item's reply keeps under a filter, in order, with what it keeps of each. */
type ItemPlan = readonly (readonly [ItemField, Selection])[];

/** An item's fields as `filter_path` selects them; what it selects is worked out once per action and outcome. */
class ItemFields {
  /** Plans of stored and of failed items, by action. */
  private readonly plans = [new Map<string, ItemPlan>(), new Map<string, ItemPlan>()];

  constructor(private readonly filter: FilterPath) {}

  /** The item's reply fields that the filter keeps (JSON members, comma-separated); '' when none. */
  item(action: string, indexJson: string, idJson: string, o: ItemOutcome): string {
    let body = '';
    for (const [field, selection] of this.plan(action, o.error === null)) {
      let json: string;
      if (field === '_shards' || field === 'error') {
        const whole = field === '_shards' ? SHARDS : o.error;
        const value = selection === 'all' ? whole : this.filter.apply(whole, ['items', action, field]);
        if (value === undefined) continue;
        json = JSON.stringify(value);
      } else {
        json = scalar(field, indexJson, idJson, o);
      }
      body += `${body === '' ? '' : ','}"${field}":${json}`;
    }
    return body;
  }

  private plan(action: string, stored: boolean): ItemPlan {
    const cache = this.plans[stored ? 0 : 1];
    let plan = cache.get(action);
    if (plan === undefined) {
      const kept: [ItemField, Selection][] = [];
      for (const field of stored ? STORED_FIELDS : FAILED_FIELDS) {
        const selection = this.filter.select(['items', action, field]);
        // A number or string is kept whole or not at all; only objects can be kept in part.
        if (selection === 'all' || (selection === 'some' && (field === '_shards' || field === 'error'))) kept.push([field, selection]);
      }
      plan = kept;
      cache.set(action, plan);
    }
    return plan;
  }
}

function scalar(field: Exclude<ItemField, '_shards' | 'error'>, indexJson: string, idJson: string, o: ItemOutcome): string {
  switch (field) {
    case '_index':
      return indexJson;
    case '_id':
      return idJson;
    case '_version':
      return String(o.version);
    case 'result':
      return `"${o.result}"`;
    case '_seq_no':
      return String(o.seqNo);
    case '_primary_term':
      return '1';
    case 'status':
      return String(o.status);
  }
}
