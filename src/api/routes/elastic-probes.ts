import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { elasticErrorBody } from '../../ingest/elastic-bulk-reply.js';

/**
 * The Elasticsearch version logsift answers with. Clients that ask for a compatibility version
 * (`Accept: application/vnd.elasticsearch+json; compatible-with=9`, the JS client 9) get that
 * major; others (Filebeat, Logstash, Vector) get 8.19, which every 7.x/8.x shipper accepts.
 */
const DEFAULT_VERSION = '8.19.0';
const VERSION_FOR_MAJOR: Readonly<Record<string, string>> = { '7': '7.17.0', '8': DEFAULT_VERSION, '9': '9.1.0' };
const CLUSTER_UUID = 'bG9nc2lmdC1lcy1jb21wYXQ';

/** The compatibility major a client asked for (`compatible-with=N` in Accept or Content-Type), or null. */
export function compatibleWith(request: FastifyRequest): string | null {
  const m = /compatible-with=(\d+)/.exec(`${request.headers.accept ?? ''} ${request.headers['content-type'] ?? ''}`);
  return m === null ? null : m[1];
}

function info(request: FastifyRequest): Record<string, unknown> {
  const number = VERSION_FOR_MAJOR[compatibleWith(request) ?? ''] ?? DEFAULT_VERSION;
  return {
    name: 'logsift',
    cluster_name: 'logsift',
    cluster_uuid: CLUSTER_UUID,
    version: {
      number,
      build_flavor: 'default',
      build_type: 'logsift',
      build_hash: '0000000000000000000000000000000000000000',
      build_date: '2025-01-01T00:00:00.000Z',
      build_snapshot: false,
      lucene_version: '9.12.0',
      minimum_wire_compatibility_version: '7.17.0',
      minimum_index_compatibility_version: '7.0.0',
    },
    tagline: 'You Know, for Search',
  };
}

const LICENSE = {
  status: 'active',
  uid: '00000000-0000-0000-0000-000000000000',
  type: 'basic',
  issue_date: '2025-01-01T00:00:00.000Z',
  issue_date_in_millis: 1735689600000,
  max_nodes: 1000,
  max_resource_units: null,
  issued_to: 'logsift',
  issuer: 'elasticsearch',
  start_date_in_millis: -1,
};

/** Setup resources shippers create at start (Filebeat, Logstash, Vector): acknowledged, never stored. */
const SETUP_RESOURCES = ['_index_template', '_template', '_component_template', '_ilm/policy', '_data_stream', '_ingest/pipeline'] as const;

/**
 * The endpoints Elasticsearch clients probe before sending: `GET /` (and `HEAD /`) with the
 * cluster info, `/_license`, `/_xpack`, `/_cluster/health`; template, ILM policy, data stream and
 * ingest pipeline setup calls answer benign success (`PUT`/`POST` → acknowledged, `GET`/`HEAD` →
 * 404, so a client creates them and moves on).
 *
 * `GET /` belongs to the web UI for browsers: the UI's root hook (`src/api/web-ui.ts`) answers
 * requests that accept `text/html` before they reach this route, so the Elasticsearch info goes
 * only to API clients; the route's own HTML check is the fallback when no UI is registered.
 */
export function registerElasticProbes(app: FastifyInstance, isReady: () => boolean): void {
  app.get('/', { schema: { hide: true } }, async (request: FastifyRequest, reply: FastifyReply) => {
    if ((request.headers.accept ?? '').includes('text/html')) return reply.callNotFound();
    return info(request);
  });
  app.get('/_license', { schema: { hide: true } }, async () => ({ license: LICENSE }));
  app.get('/_xpack', { schema: { hide: true } }, async () => ({
    build: { hash: '0000000', date: LICENSE.issue_date },
    license: { uid: LICENSE.uid, type: 'basic', mode: 'basic', status: 'active' },
    features: {},
  }));
  app.get('/_cluster/health', { schema: { hide: true } }, async (_request, reply) => {
    const status = isReady() ? 'green' : 'red';
    return reply.code(isReady() ? 200 : 503).send({
      cluster_name: 'logsift',
      status,
      timed_out: false,
      number_of_nodes: 1,
      number_of_data_nodes: 1,
      active_primary_shards: 1,
      active_shards: 1,
      relocating_shards: 0,
      initializing_shards: 0,
      unassigned_shards: 0,
      delayed_unassigned_shards: 0,
      number_of_pending_tasks: 0,
      number_of_in_flight_fetch: 0,
      task_max_waiting_in_queue_millis: 0,
      active_shards_percent_as_number: 100,
    });
  });
  for (const resource of SETUP_RESOURCES) {
    const path = `/${resource}/:name`;
    app.route({ method: ['PUT', 'POST'], url: path, schema: { hide: true }, handler: async () => ({ acknowledged: true }) });
    app.get(path, { schema: { hide: true } }, async (request: FastifyRequest, reply: FastifyReply) => {
      const { name } = request.params as { name: string };
      return reply.code(404).send(elasticErrorBody(404, 'resource_not_found_exception', `${resource.replace(/^_/, '')} [${name}] not found`));
    });
  }
}
