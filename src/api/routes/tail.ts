import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { LogsiftError } from '../../model/index.js';
import type { MinedEvent } from '../../model/index.js';
import type { CommittedEvents } from '../../pipeline/index.js';
import { compileEventMatcher } from '../../store/index.js';
import type { EventPredicate } from '../../store/index.js';
import type { AppDeps } from '../app-deps.js';
import { eventView, filterFromQuery } from './logs.js';
import type { FilterQuery } from './logs.js';

/** Send at most this often, ms: batches lines so a browser can keep up with thousands per second. */
const FLUSH_MS = 100;
/** Lines held for one client (while paused, or before a flush); beyond it lines are dropped and counted. */
const MAX_BUFFERED = 50_000;
/** Stop sending while the socket has this many bytes unsent (a slow client); count drops instead. */
const MAX_SOCKET_BACKLOG = 8 * 1024 * 1024;
const PING_MS = 30_000;

/** Messages a client may send. */
type ClientMessage = { type: 'pause' } | { type: 'resume' } | ({ type: 'filter' } & FilterQuery);

/**
 * One live-tail connection: filters committed events, buffers them (bounded), and sends
 * batches. Paused connections keep buffering so that resume loses nothing (up to the bound;
 * past it the client is told how many lines it missed and since when, to backfill by search).
 */
class TailSession {
  private buffer: { event: MinedEvent; id: string }[] = [];
  private paused = false;
  private dropped = 0;
  private droppedSince: number | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly socket: WebSocket,
    private matcher: EventPredicate,
  ) {}

  setFilter(matcher: EventPredicate): void {
    this.matcher = matcher;
  }

  offer(batch: CommittedEvents): void {
    for (let i = 0; i < batch.events.length; i++) {
      const e = batch.events[i];
      if (!this.matcher(e)) continue;
      if (this.buffer.length >= MAX_BUFFERED) {
        this.dropped++;
        this.droppedSince ??= e.ts;
        continue;
      }
      this.buffer.push({ event: e, id: batch.ids[i] });
    }
    this.schedule();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.schedule();
  }

  close(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.timer !== null || this.paused || this.buffer.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, FLUSH_MS);
  }

  private flush(): void {
    if (this.paused || this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > MAX_SOCKET_BACKLOG) {
      // The client is not reading: keep the newest lines, count the rest.
      const excess = this.buffer.length - MAX_BUFFERED / 10;
      if (excess > 0) {
        this.dropped += excess;
        this.droppedSince ??= this.buffer[0].event.ts;
        this.buffer = this.buffer.slice(excess);
      }
      this.schedule();
      return;
    }
    if (this.dropped > 0) {
      this.socket.send(JSON.stringify({ type: 'dropped', count: this.dropped, since: this.droppedSince }));
      this.dropped = 0;
      this.droppedSince = null;
    }
    const batch = this.buffer;
    this.buffer = [];
    this.socket.send(JSON.stringify({ type: 'events', events: batch.map((b) => eventView({ ...b.event, id: b.id })) }));
  }
}

export async function tailRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/api/v1/tail',
    {
      websocket: true,
      schema: {
        tags: ['search'],
        summary: 'Live tail (WebSocket)',
        description:
          'Upgrade to a WebSocket to receive new events as they are stored, filtered like /api/v1/logs (q, service, host, level, template, trace). ' +
          'The server sends {"type":"events","events":[…]} batches (at most every 100 ms) and {"type":"dropped","count":N,"since":ms} when it had to drop lines for a slow or long-paused client. ' +
          'The client may send {"type":"pause"}, {"type":"resume"} (nothing is lost in between, up to 50,000 lines) and {"type":"filter", …same parameters…}.',
      },
    },
    async (socket, request) => {
      let tenant: string;
      let session: TailSession;
      try {
        tenant = deps.auth.authenticate(request).tenant;
        const filter = await filterFromQuery(deps, tenant, request.query as FilterQuery, Date.now());
        session = new TailSession(socket, compileEventMatcher({ ...filter, from: null, to: null }));
      } catch (err) {
        const message = err instanceof LogsiftError ? err.message : 'bad request';
        socket.send(JSON.stringify({ type: 'error', message }));
        socket.close(1008, message.slice(0, 120));
        return;
      }
      const unsubscribe = deps.bus.subscribe((batch) => {
        if (batch.tenant === tenant) session.offer(batch);
      });
      const ping = setInterval(() => socket.ping(), PING_MS);
      socket.on('message', (data) => {
        let msg: ClientMessage;
        try {
          msg = JSON.parse(String(data)) as ClientMessage;
        } catch {
          socket.send(JSON.stringify({ type: 'error', message: 'messages must be JSON' }));
          return;
        }
        if (msg.type === 'pause') session.pause();
        else if (msg.type === 'resume') session.resume();
        else if (msg.type === 'filter') {
          filterFromQuery(deps, tenant, msg, Date.now()).then(
            (f) => {
              session.setFilter(compileEventMatcher({ ...f, from: null, to: null }));
              socket.send(JSON.stringify({ type: 'filter', ok: true }));
            },
            (err: unknown) => socket.send(JSON.stringify({ type: 'error', message: err instanceof LogsiftError ? err.message : 'bad filter' })),
          );
        }
      });
      socket.on('close', () => {
        unsubscribe();
        clearInterval(ping);
        session.close();
      });
      socket.send(JSON.stringify({ type: 'hello' }));
    },
  );
}
