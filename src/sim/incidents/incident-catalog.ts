import type { IncidentKind, ServiceName } from '../types.js';

/** What one incident kind does to one service, for the ground truth. */
export interface IncidentStory {
  /** Affected template, the message part with `<*>` (the whole line for access logs). */
  readonly template: string;
  /** Parameter that carries the signal (latency, new_value, sequence), else null. */
  readonly param: string | null;
  /** new_value: the never-seen value. */
  readonly value: string | null;
  /** What happens, for humans. */
  readonly story: string;
}

export interface KindInfo {
  /** Services that support the kind, in the order the default schedule rotates through. */
  readonly services: readonly ServiceName[];
  readonly defaultMagnitude: number;
  /** Accepted magnitudes: min < m ≤ max (min itself excluded). */
  readonly min: number;
  readonly max: number;
  /** Per supported service; empty for silence and rate_drop, which hit every template. */
  readonly stories: Readonly<Partial<Record<ServiceName, IncidentStory>>>;
}

const ACCESS = '<*> - - [<*>] ';

/**
 * Every (kind, service) pair the simulator can inject. The templates here must match what
 * the service writers emit for the pair; a test checks each against its sample line.
 */
export const INCIDENT_CATALOG: Readonly<Record<IncidentKind, KindInfo>> = {
  error_spike: {
    services: ['payment', 'database', 'auth', 'web', 'queue', 'worker'],
    defaultMagnitude: 0.3,
    min: 0,
    max: 1,
    stories: {
      payment: story(
        'Gateway timeout after 30000 ms calling POST https://api.paygate.example/v1/charges order=<*> trace_id=<*>',
        'payment gateway timeouts (ERROR with a java.net.SocketTimeoutException stack trace)',
      ),
      database: story('msg="deadlock detected" sqlstate=40P01 table=inventory pid=<*> blocked_by=<*> trace_id=<*>', 'deadlocks on the inventory table'),
      auth: story('"msg":"session store unavailable"', 'the Redis session store refuses connections (pino err with stack)'),
      web: story(
        'connect() failed (111: Connection refused) while connecting to upstream, client: <*>, server: shop.example.com, request: "POST /api/cart/items HTTP/1.1", upstream: "<*>", host: "shop.example.com"',
        'the cart upstream refuses connections (nginx error log)',
      ),
      queue: story('connection lost to peer <*>: closed with reason connection_closed_abruptly', 'broker cluster links flap'),
      worker: story(
        "Task shop.tasks.send_receipt[<*>] raised unexpected: OperationalError('could not connect to server: Connection refused')",
        'receipt tasks cannot reach the database (Python traceback)',
      ),
    },
  },
  new_pattern: {
    services: ['database', 'worker', 'payment', 'queue', 'web', 'auth'],
    defaultMagnitude: 0.5,
    min: 0,
    max: 10_000,
    stories: {
      database: story('msg="disk quota exceeded on /var/lib/postgresql/16/main/pg_wal" free_bytes=<*> wanted_bytes=16777216', 'the WAL volume hits its disk quota'),
      worker: story('consumer: Connection to broker lost. Trying to re-establish the connection...', 'workers lose the broker connection'),
      payment: story('Fraud score unavailable for order <*>, defaulting to allow trace_id=<*>', 'the fraud scoring service is unavailable'),
      queue: story('memory alarm set on node <*>: used_bytes=<*> limit_bytes=3435973836', 'a broker node hits its memory high watermark'),
      web: story(
        'a client request body is buffered to a temporary file /var/cache/nginx/client_temp/<*>, client: <*>, server: shop.example.com, request: "POST /api/reviews/uploads HTTP/1.1", host: "shop.example.com"',
        'a new upload endpoint buffers large bodies to disk',
      ),
      auth: story('"msg":"deprecated token format accepted"', 'tokens in a retired format are accepted'),
    },
  },
  rate_spike: {
    services: ['web', 'database', 'auth', 'payment', 'queue', 'worker'],
    defaultMagnitude: 5,
    min: 1,
    max: 1000,
    stories: {
      web: story(`${ACCESS}"GET /api/products?category=<*>&page=<*> HTTP/1.1" 200 <*> "-" "<*>"`, 'a scraper walks the catalogue from one IP'),
      database: story('msg="connection authorized" user=app database=shop application=<*> client=<*>', 'a connection storm (a pool without a limit)'),
      auth: story('"msg":"token verified"', 'a client polls /api/me in a loop'),
      payment: story('Refreshed gateway access token, expires in 3600 s', 'the gateway token refresher loops'),
      queue: story('consumer lag topic=order.created group=receipts partition=<*> lag=<*>', 'lag polling runs in a tight loop'),
      worker: story('Scheduler: Sending due task <*> (<*>)', 'celery beat fires periodic tasks on every tick'),
    },
  },
  rate_drop: {
    services: ['web', 'database', 'auth', 'payment', 'queue', 'worker'],
    defaultMagnitude: 0.8,
    min: 0,
    max: 1,
    stories: {},
  },
  silence: {
    services: ['auth', 'queue', 'payment', 'database', 'worker', 'web'],
    defaultMagnitude: 1,
    min: 0,
    max: Number.POSITIVE_INFINITY,
    stories: {},
  },
  latency: {
    services: ['database', 'payment', 'auth', 'worker', 'queue'],
    defaultMagnitude: 10,
    min: 0,
    max: 1000,
    stories: {
      database: story('msg="statement executed" db=shop op=<*> table=<*> rows=<*> dur=<*>ms trace_id=<*>', 'statements slow down (dur)', 'dur'),
      payment: story(
        'Charged card <*> ****<*> for order <*> amount=<*> <*> in <*> ms trace_id=<*>',
        'the payment gateway slows down (Charged card … in N ms)',
        'in … ms',
      ),
      auth: story('"msg":"token verified"', 'token and login checks slow down (duration_ms)', 'duration_ms'),
      worker: story('Task shop.tasks.send_receipt[<*>] succeeded in <*>s: None', 'receipt tasks slow down (succeeded in Ns)', 'succeeded in …s'),
      queue: story('acked message topic=order.created msg_id=<*> after <*> ms', 'acks slow down (acked … after N ms)', 'after … ms'),
    },
  },
  new_value: {
    services: ['web', 'payment', 'auth'],
    defaultMagnitude: 0.15,
    min: 0,
    max: 1,
    stories: {
      web: story(`${ACCESS}"<*> <*> HTTP/1.1" 429 <*> "<*>" "<*>"`, 'the edge rate limiter answers 429 to API calls', 'status', '429'),
      payment: story(
        'Charged card <*> ****<*> for order <*> amount=<*> XXX in <*> ms trace_id=<*>',
        'orders are charged without a currency (ISO 4217 XXX)',
        'currency',
        'XXX',
      ),
      auth: story('"msg":"login succeeded"', 'logins succeed with a retired method', 'method', 'legacy_token'),
    },
  },
  sequence: {
    services: ['payment', 'worker', 'queue'],
    defaultMagnitude: 0.5,
    min: 0,
    max: 1,
    stories: {
      payment: story(
        'charge started order=<*> amount=<*> currency=<*> trace_id=<*>',
        '"charge started" without "charge completed" (charges hang)',
        'trace_id',
      ),
      worker: story('Task shop.tasks.send_receipt[<*>] received', 'receipt tasks are received and never finish', 'task_id'),
      queue: story('delivered message topic=order.created msg_id=<*> consumer=<*>', 'deliveries are never acked', 'msg_id'),
    },
  },
};

export function supports(kind: IncidentKind, service: ServiceName): boolean {
  return INCIDENT_CATALOG[kind].services.includes(service);
}

/** One line for the truth: what happens and how strong. */
export function describeIncident(kind: IncidentKind, service: ServiceName, magnitude: number): string {
  const s = INCIDENT_CATALOG[kind].stories[service]?.story ?? '';
  const pct = `${Math.round(magnitude * 1000) / 10}%`;
  switch (kind) {
    case 'error_spike':
      return `${service}: ${s}; an error line follows ${pct} of the service's lines`;
    case 'new_pattern':
      return `${service}: ${s}; a never-seen template at ~${magnitude} lines/s`;
    case 'rate_spike':
      return `${service}: ${s}; service volume ×${magnitude}`;
    case 'rate_drop':
      return `${service}: ${pct} of the service's lines are lost (e.g. a shipper dropping data)`;
    case 'silence':
      return `${service}: every host stops logging`;
    case 'latency':
      return `${service}: ${s}; durations ×${magnitude}`;
    case 'new_value':
      return `${service}: ${s}; ${pct} of eligible lines carry it`;
    case 'sequence':
      return `${service}: ${s}; ${pct} of sequences break`;
  }
}

function story(template: string, what: string, param: string | null = null, value: string | null = null): IncidentStory {
  return { template, param, value, story: what };
}
