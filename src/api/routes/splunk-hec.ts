import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decodeContentEncoding } from '../../ingest/codecs/content-encoding.js';
import { decodeTextLines } from '../../ingest/codecs/text-lines.js';
import { decodeHecEvents, HEC_REPLIES, hecCredential } from '../../ingest/splunk-hec.js';
import type { HecReply } from '../../ingest/splunk-hec.js';
import type { LogsiftError } from '../../model/index.js';
import type { Principal } from '../../auth/request-auth.js';
import type { AppDeps } from '../app-deps.js';
import { acceptRawBodies, asLogsiftError, bodyDedupKey, countRequests, rawBody } from './protocol-body.js';
import { submitProtocolBatch } from './protocol-submit.js';

function send(reply: FastifyReply, r: HecReply, extra: Record<string, unknown> = {}): FastifyReply {
  return reply.code(r.status).type('application/json; charset=utf-8').send({ text: r.text, code: r.code, ...extra });
}

/** HEC's answer for a catalogue error (bad body, limits, auth, overload). */
function hecReplyFor(e: LogsiftError): HecReply {
  if (e.status === 401 || e.status === 403) return HEC_REPLIES.invalidToken;
  if (e.status === 429 || e.status === 503) return HEC_REPLIES.serverBusy;
  if (e.status >= 500) return HEC_REPLIES.internalError;
  if (e.status === 413) return { status: 413, code: HEC_REPLIES.invalidDataFormat.code, text: 'Content too large' };
  return HEC_REPLIES.invalidDataFormat;
}

type Query = Readonly<Record<string, string | undefined>>;

/**
 * Splunk's HTTP Event Collector, for Splunk logging libraries, Docker's splunk driver, Fluent Bit,
 * Vector and the Collector's splunk_hec exporter:
 * - `POST /services/collector/event` (also `/services/collector`, `…/event/1.0`): concatenated
 *   JSON events; `POST /services/collector/raw` (also `…/raw/1.0`): text lines, with `host`,
 *   `source`, `sourcetype` from the query;
 * - `GET /services/collector/health` (also `…/health/1.0`).
 * `Authorization: Splunk <token>` (or Basic `x:<token>`) is required as by HEC: missing → 401
 * `{"text":"Token is required","code":2}`, garbled → 401 code 3, refused by the authenticator →
 * 403 code 4. Replies `{"text":"Success","code":0}`; bad events → 400 with HEC's code and
 * `invalid-event-number` (the good events of the batch are stored). Mapping: `src/ingest/splunk-hec.ts`.
 */
export async function splunkHecRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const limit = deps.limits.maxBodyBytes;
  acceptRawBodies(app, limit);
  countRequests(app, deps.metrics.sources, 'splunk');
  app.setErrorHandler((err, request, reply) => {
    const e = asLogsiftError(err as Error, request);
    if (e.status >= 500) request.log.error({ err }, 'splunk hec request failed');
    if (e.retryable) void reply.header('retry-after', '1');
    void send(reply, hecReplyFor(e));
  });

  /** Checks the HEC token form, then asks the one authenticator. Null when a reply was sent. */
  const authenticate = (request: FastifyRequest, reply: FastifyReply): Principal | null => {
    const credential = hecCredential(request);
    if (!credential.ok) {
      void send(reply, credential.reply);
      return null;
    }
    return deps.auth.authenticate(request);
  };

  const readBody = async (request: FastifyRequest): Promise<Buffer> => {
    const raw = rawBody(request);
    deps.metrics.sources.bytes('splunk', raw.length);
    return decodeContentEncoding(raw, request.headers['content-encoding'], limit);
  };

  const event = async (request: FastifyRequest, reply: FastifyReply) => {
    const principal = authenticate(request, reply);
    if (principal === null) return reply;
    const body = await readBody(request);
    const text = body.toString('utf8');
    if (text.trim() === '') return send(reply, HEC_REPLIES.noData);
    const receivedAt = Date.now();
    const decoded = decodeHecEvents(text, { tenant: principal.tenant, source: 'splunk', receivedAt, maxRecordBytes: deps.limits.maxRecordBytes });
    const result = await submitProtocolBatch(deps, {
      protocol: 'splunk',
      tenant: principal.tenant,
      receivedAt,
      decoded,
      dedupKey: bodyDedupKey('splunk', principal.tenant, request.headers, body, 'event'),
    });
    const first = decoded.firstError ?? (result.errors.length > 0 ? { reply: HEC_REPLIES.invalidDataFormat, event: result.errors[0].index } : null);
    if (first !== null) return send(reply, first.reply, { 'invalid-event-number': first.event });
    return send(reply, HEC_REPLIES.success);
  };

  const rawEndpoint = async (request: FastifyRequest, reply: FastifyReply) => {
    const principal = authenticate(request, reply);
    if (principal === null) return reply;
    const body = await readBody(request);
    if (body.length === 0) return send(reply, HEC_REPLIES.noData);
    const query = request.query as Query;
    const receivedAt = Date.now();
    const decoded = decodeTextLines(body.toString('utf8'), { tenant: principal.tenant, source: 'splunk', receivedAt, maxRecordBytes: deps.limits.maxRecordBytes });
    await submitProtocolBatch(deps, {
      protocol: 'splunk',
      tenant: principal.tenant,
      receivedAt,
      decoded,
      dedupKey: bodyDedupKey('splunk', principal.tenant, request.headers, body, `raw|${JSON.stringify(query)}`),
      host: query.host ?? null,
      stream: `${query.source ?? ''}|${query.sourcetype ?? ''}`,
    });
    return send(reply, HEC_REPLIES.success);
  };

  const health = async (_request: FastifyRequest, reply: FastifyReply) => send(reply, deps.isReady() ? HEC_REPLIES.healthy : HEC_REPLIES.unhealthy);

  const opts = (summary: string, hide = false) => ({ bodyLimit: limit, schema: { tags: ['ingest'], summary, hide } });
  app.post('/services/collector/event', opts('Splunk HEC events (concatenated JSON)'), event);
  app.post('/services/collector', opts('Splunk HEC events', true), event);
  app.post('/services/collector/event/1.0', opts('Splunk HEC events', true), event);
  app.post('/services/collector/raw', opts('Splunk HEC raw lines'), rawEndpoint);
  app.post('/services/collector/raw/1.0', opts('Splunk HEC raw lines', true), rawEndpoint);
  app.get('/services/collector/health', { schema: { tags: ['ops'], summary: 'Splunk HEC health' } }, health);
  app.get('/services/collector/health/1.0', { schema: { hide: true } }, health);
}

