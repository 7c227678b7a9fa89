import { LogsiftError } from '../model/index.js';
import type { DecodeContext, DecodedBody } from './codecs/decoded-body.js';
import { setField } from './codecs/record-fields.js';
import { deadLetter, tooLarge } from './codecs/text-lines.js';

/** An Elasticsearch error as it appears in a bulk item (`error: {type, reason}`). */
export interface ElasticItemError {
  readonly status: number;
  readonly type: string;
  readonly reason: string;
}

/** One action of a bulk request, in order. */
export interface BulkItem {
  /** The action as the client named it: `index`, `create`, `delete` or `update`. */
  readonly action: 'index' | 'create' | 'delete' | 'update';
  readonly index: string;
  /** `_id` from the action metadata, or null (an id is generated for the reply). */
  readonly id: string | null;
  /** Refused at decode time (unsupported action, bad document), or null when handed to the pipeline. */
  readonly error: ElasticItemError | null;
}

/** A decoded bulk body: records for the pipeline (positions are item numbers) and every item in order. */
export interface DecodedBulk extends DecodedBody {
  readonly items: BulkItem[];
}

const ACTIONS: ReadonlySet<string> = new Set(['index', 'create', 'delete', 'update']);

/**
 * Decodes an `_bulk` NDJSON body: action/metadata lines, each `index`/`create` followed by its
 * document. Like Elasticsearch, a malformed action line refuses the whole request (400,
 * `illegal_argument_exception`, carried in `details.esType`); a bad document fails only its
 * item (`document_parsing_exception`) and is dead-lettered; `delete`/`update` fail per item
 * (logsift stores logs append-only).
 *
 * Mapping: the document is a JSON log record, so ECS keys map as the parse stage maps them
 * (`@timestamp`, `message`, `log.level`, `service.name`, `host.name`, `trace.id`, `span.id`);
 * `_index` is kept as an attribute; a given `_id` becomes the record id (a resent document with
 * the same `_id` is stored once, see IngestRequest.recordIds) and an attribute.
 */
export function decodeElasticBulk(text: string, defaultIndex: string | null, ctx: DecodeContext): DecodedBulk {
  const out: DecodedBulk & { readonly streams: string[]; readonly recordIds: (string | null)[] } = {
    records: [],
    positions: [],
    rejected: [],
    items: [],
    streams: [],
    recordIds: [],
  };
  let pos = 0;
  let lineNo = 0;
  const n = text.length;
  const nextLine = (): string | null => {
    while (pos < n) {
      let end = text.indexOf('\n', pos);
      if (end < 0) end = n;
      const line = text.slice(pos, end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
      pos = end + 1;
      lineNo++;
      if (line.trim().length > 0) return line;
    }
    return null;
  };
  // Shippers repeat the same action line (`{"create":{"_index":"logs-app-default"}}`) for every
  // document: an action line equal to the previous one is not parsed again.
  let lastActionLine: string | null = null;
  let parsed: ParsedAction | null = null;
  for (let actionLine = nextLine(); actionLine !== null; actionLine = nextLine()) {
    const actionLineNo = lineNo;
    if (parsed === null || actionLine !== lastActionLine) {
      parsed = parseAction(actionLine, actionLineNo, defaultIndex);
      lastActionLine = actionLine;
    }
    const { action, index, id } = parsed;
    const k = out.items.length;
    if (action === 'delete' || action === 'update') {
      if (action === 'update' && nextLine() === null) throw malformed(`the update action on line ${actionLineNo} has no body line`);
      out.items.push({ action, index: index ?? '', id, error: { status: 400, type: 'illegal_argument_exception', reason: `logsift stores logs append-only: the ${action} action is not supported` } });
      continue;
    }
    const source = nextLine();
    if (source === null) throw malformed(`the ${action} action on line ${actionLineNo} has no document line`);
    if (index === null) {
      out.items.push({ action, index: '', id, error: { status: 400, type: 'action_request_validation_exception', reason: 'Validation Failed: 1: index is missing;' } });
      continue;
    }
    if (source.length > ctx.maxRecordBytes) {
      out.rejected.push({ index: k, letter: tooLarge(source.slice(0, 4096), source.length, ctx) });
      out.items.push({ action, index, id, error: { status: 400, type: 'document_parsing_exception', reason: `document of ${source.length} bytes exceeds the record limit of ${ctx.maxRecordBytes} bytes` } });
      continue;
    }
    let doc: unknown;
    try {
      doc = JSON.parse(source);
    } catch (err) {
      const reason = `[${lineNo}:1] failed to parse: ${(err as Error).message}`;
      out.rejected.push({ index: k, letter: deadLetter(ctx, 'invalid_json', `item ${k}: ${reason}`, source) });
      out.items.push({ action, index, id, error: { status: 400, type: 'document_parsing_exception', reason } });
      continue;
    }
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
      const reason = `[${lineNo}:1] failed to parse: expected a JSON object as the document`;
      out.rejected.push({ index: k, letter: deadLetter(ctx, 'invalid_record', `item ${k}: ${reason}`, source) });
      out.items.push({ action, index, id, error: { status: 400, type: 'document_parsing_exception', reason } });
      continue;
    }
    const record = doc as Record<string, unknown>;
    setField(record, '_index', index);
    if (id !== null) setField(record, '_id', id);
    out.records.push(record);
    out.positions.push(k);
    out.streams.push(index);
    out.recordIds.push(id);
    out.items.push({ action, index, id, error: null });
  }
  return out;
}

/** What an action line says: the action, its `_index` (or the request's default) and `_id`. */
interface ParsedAction {
  readonly action: BulkItem['action'];
  readonly index: string | null;
  readonly id: string | null;
}

function parseAction(line: string, lineNo: number, defaultIndex: string | null): ParsedAction {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    throw malformed(`Malformed action/metadata line [${lineNo}], expected a JSON object: ${(err as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw malformed(`Malformed action/metadata line [${lineNo}], expected START_OBJECT`);
  }
  const keys = Object.keys(value);
  if (keys.length !== 1 || !ACTIONS.has(keys[0])) {
    throw malformed(`Malformed action/metadata line [${lineNo}], expected one of [create, delete, index, update] but found [${keys.join(', ')}]`);
  }
  const meta = (value as Record<string, unknown>)[keys[0]];
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) {
    throw malformed(`Malformed action/metadata line [${lineNo}], expected START_OBJECT after [${keys[0]}]`);
  }
  const { _index: rawIndex, _id: rawId } = meta as Record<string, unknown>;
  return {
    action: keys[0] as BulkItem['action'],
    index: typeof rawIndex === 'string' && rawIndex !== '' ? rawIndex : defaultIndex,
    id: typeof rawId === 'string' && rawId !== '' ? rawId : typeof rawId === 'number' ? String(rawId) : null,
  };
}

function malformed(reason: string): LogsiftError {
  return new LogsiftError('bad_request', reason, { esType: 'illegal_argument_exception' });
}

/**
 * Service for a bulk request whose items all go to one data stream `logs-<dataset>-<namespace>`:
 * the dataset (a document's own service field still wins). Other index names name no service.
 */
export function serviceFromIndexes(items: readonly BulkItem[]): string | null {
  if (items.length === 0) return null;
  const first = items[0].index;
  for (const item of items) if (item.index !== first) return null;
  const m = /^logs-(.+)-[^-]+$/.exec(first);
  return m === null ? null : m[1];
}
