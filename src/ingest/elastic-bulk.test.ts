import { describe, expect, it } from 'vitest';
import type { IngestResult } from '../pipeline/index.js';
import { FilterPath } from './codecs/filter-path.js';
import { decodeElasticBulk } from './elastic-bulk.js';
import type { BulkItem } from './elastic-bulk.js';
import { elasticBulkReply } from './elastic-bulk-reply.js';

const ctx = { tenant: 'default', source: 'elastic', receivedAt: 1_800_000_000_000, maxRecordBytes: 1000 };

const ndjson = (...lines: unknown[]) => lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';

/** Elasticsearch's reply shape, built as objects (how the reply was written before it became text). */
function referenceReply(items: readonly BulkItem[], result: IngestResult | null, ids: readonly string[]): unknown {
  const failed = new Map<number, string>();
  if (result !== null) for (const e of result.errors) if (!failed.has(e.index)) failed.set(e.index, e.detail);
  const allDuplicates = result !== null && result.accepted === 0 && result.deduplicated > 0;
  let errors = false;
  const out = items.map((item, k) => {
    const _id = ids[k];
    const parseFailure = item.error === null ? failed.get(k) : undefined;
    let body: Record<string, unknown>;
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
      body = { _index: item.index, _id, _version: updated ? 2 : 1, result: updated ? 'updated' : 'created', _shards: { total: 1, successful: 1, failed: 0 }, _seq_no: 0, _primary_term: 1, status: updated ? 200 : 201 };
    }
    return { [item.action]: body };
  });
  return { took: 7, errors, items: out };
}

type Reply = { took?: number; errors?: boolean; items?: Record<string, Record<string, unknown>>[] };

/** The reply with `_seq_no` zeroed (a process-wide counter). */
function parsed(text: string): Reply {
  const reply = JSON.parse(text) as Reply;
  for (const item of reply.items ?? []) for (const body of Object.values(item)) if ('_seq_no' in body) body._seq_no = 0;
  return reply;
}

const idsOf = (reply: Reply) => (reply.items ?? []).map((item) => String(Object.values(item)[0]._id));

describe('Elasticsearch bulk decoding and replies', () => {
  const body = ndjson(
    { create: { _index: 'logs-web-default' } },
    { '@timestamp': '2026-11-20T10:00:00.000Z', message: 'first' },
    { create: { _index: 'logs-web-default' } },
    { message: 'second' },
    { index: { _index: 'logs-web-default', _id: 'doc-"1"' } },
    { message: 'third' },
    { create: { _index: 'logs-web-default' } },
    '{not json',
    { delete: { _index: 'logs-web-default', _id: 'x' } },
    { create: {} },
    { message: 'to the default index' },
  );

  it('parses each distinct action line once and keeps every item in order', () => {
    const out = decodeElasticBulk(body, 'fallback', ctx);
    expect(out.items.map((i) => [i.action, i.index, i.id, i.error?.type ?? null])).toEqual([
      ['create', 'logs-web-default', null, null],
      ['create', 'logs-web-default', null, null],
      ['index', 'logs-web-default', 'doc-"1"', null],
      ['create', 'logs-web-default', null, 'document_parsing_exception'],
      ['delete', 'logs-web-default', 'x', 'illegal_argument_exception'],
      ['create', 'fallback', null, null],
    ]);
    expect(out.records).toEqual([
      { '@timestamp': '2026-11-20T10:00:00.000Z', message: 'first', _index: 'logs-web-default' },
      { message: 'second', _index: 'logs-web-default' },
      { message: 'third', _index: 'logs-web-default', _id: 'doc-"1"' },
      { message: 'to the default index', _index: 'fallback' },
    ]);
    expect(out.positions).toEqual([0, 1, 2, 5]);
    expect(out.rejected.map((r) => r.index)).toEqual([3]);
  });

  it('writes the same reply Elasticsearch does: stored, failed, and a resend (409 for create, updated for index)', () => {
    const out = decodeElasticBulk(body, 'fallback', ctx);
    const stored: IngestResult = { received: 5, accepted: 4, deduplicated: 0, rejected: 1, errors: [{ index: 3, reason: 'invalid_json', detail: 'bad json' }] };
    const resend: IngestResult = { received: 5, accepted: 0, deduplicated: 4, rejected: 0, errors: [] };
    for (const result of [stored, resend, null]) {
      const reply = parsed(elasticBulkReply(out.items, result, 7.2));
      const ids = idsOf(reply);
      expect(ids.filter((_, k) => out.items[k].id === null).every((id) => /^[A-Za-z0-9_-]{20}$/.test(id))).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
      expect(reply).toEqual(referenceReply(out.items, result, ids));
    }
  });

  it('keeps only what filter_path selects, as Filebeat and Logstash ask for it', () => {
    const out = decodeElasticBulk(body, 'fallback', ctx);
    const result: IngestResult = { received: 5, accepted: 4, deduplicated: 0, rejected: 0, errors: [] };
    const reply = (spec: string) => JSON.parse(elasticBulkReply(out.items, result, 3, FilterPath.parse(spec))) as unknown;
    expect(reply('errors,items.*.error,items.*.status')).toEqual({
      errors: true,
      items: [
        { create: { status: 201 } },
        { create: { status: 201 } },
        { index: { status: 201 } },
        { create: { status: 400, error: { type: 'document_parsing_exception', reason: expect.stringContaining('failed to parse') as unknown, index: 'logs-web-default' } } },
        { delete: { status: 400, error: { type: 'illegal_argument_exception', reason: expect.any(String) as unknown, index: 'logs-web-default' } } },
        { create: { status: 201 } },
      ],
    });
    // Items with nothing selected are dropped, and so is an empty `items`.
    expect(reply('items.*.error.type')).toEqual({ items: [{ create: { error: { type: 'document_parsing_exception' } } }, { delete: { error: { type: 'illegal_argument_exception' } } }] });
    expect(reply('took,items.index._id')).toEqual({ took: 3, items: [{ index: { _id: 'doc-"1"' } }] });
    expect(reply('items.**.successful')).toMatchObject({ items: [{ create: { _shards: { successful: 1 } } }, {}, {}, {}] });
    expect(reply('nothing.here')).toEqual({});
    const excluded = reply('-took,-items.*._shards,-items.*.error.reason') as Reply;
    expect(Object.keys(excluded)).toEqual(['errors', 'items']);
    expect(Object.keys(excluded.items?.[0].create ?? {})).toEqual(['_index', '_id', '_version', 'result', '_seq_no', '_primary_term', 'status']);
    expect(excluded.items?.[3].create.error).toEqual({ type: 'document_parsing_exception', index: 'logs-web-default' });
  });
});

describe('FilterPath', () => {
  it('matches names, wildcards inside names and any depth, and treats arrays as transparent', () => {
    const f = FilterPath.parse('a.b*,c.**.d,-a.bx') as FilterPath;
    expect(f.apply({ a: { b1: 1, bx: 2, z: 3 }, c: { x: { y: { d: 4, e: 5 } }, d: 6 }, e: [{ a: 1 }] })).toEqual({ a: { b1: 1 }, c: { x: { y: { d: 4 } }, d: 6 } });
    expect(FilterPath.parse('x.y')?.apply({ x: [{ y: 1, z: 2 }, { z: 3 }] })).toEqual({ x: [{ y: 1 }] });
    expect(FilterPath.parse('')).toBeNull();
    expect(FilterPath.parse(['a', 'b'])).toBeNull();
  });
});
