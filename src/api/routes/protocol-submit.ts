import type { DecodedBody } from '../../ingest/codecs/decoded-body.js';
import { parseFormatSpec } from '../../parse/index.js';
import type { FormatSpec } from '../../parse/index.js';
import { groupByStream, mergeResults } from '../../ingest/codecs/stream-groups.js';
import type { IngestResult } from '../../pipeline/index.js';
import type { AppDeps } from '../app-deps.js';

/** Per-stream format detection: protocols hand over records, the parse stage decides per stream. */
export const AUTO_FORMAT: FormatSpec = parseFormatSpec(undefined);

export interface ProtocolBatch {
  readonly protocol: string;
  readonly tenant: string;
  readonly receivedAt: number;
  readonly decoded: DecodedBody;
  readonly dedupKey: string | null;
  /** Defaults for records that name none. */
  readonly service?: string | null;
  readonly host?: string | null;
  readonly format?: FormatSpec;
  /** Stream name when the decoder names none per record. */
  readonly stream?: string;
}

/**
 * Hands a decoded protocol request to the pipeline, exactly like the native API: durable before
 * it resolves (backpressure), deduplicated, its bad records dead-lettered. A request that mixes
 * streams (Loki streams, OTLP resources, indexes) is handed over as one batch per stream, so each
 * stream gets its own format detection; the batches are stored concurrently, and each carries
 * its own dedup key (`<key>#<n>`, stable for the same body) so a retried request stores nothing
 * twice even if only some of its streams had been stored. Counts the records per source.
 */
export async function submitProtocolBatch(deps: AppDeps, b: ProtocolBatch): Promise<IngestResult> {
  const groups = groupByStream(b.decoded, b.stream ?? '');
  const results = await Promise.all(
    groups.map((g, i) =>
      deps.pipeline.submit({
        tenant: b.tenant,
        source: b.protocol,
        receivedAt: b.receivedAt,
        records: g.records,
        positions: g.positions,
        recordIds: g.recordIds,
        rejected: i === 0 ? b.decoded.rejected : [],
        dedupKey: b.dedupKey === null || groups.length === 1 ? b.dedupKey : `${b.dedupKey}#${i}`,
        service: b.service ?? null,
        host: b.host ?? null,
        format: b.format ?? AUTO_FORMAT,
        streamKey: `${b.tenant}|${b.protocol}|${g.stream}`,
      }),
    ),
  );
  const result = mergeResults(results);
  deps.metrics.sources.frames(b.protocol, 'received', b.decoded.records.length);
  deps.metrics.sources.frames(b.protocol, 'invalid', result.errors.length);
  return result;
}
