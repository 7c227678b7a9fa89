import { useCallback, useEffect, useRef, useState } from 'react';
import type { LogEvent } from '../../api/types';
import { formatClock } from '../../lib/format';
import { TailBuffer } from './tail-buffer';

/** Lines kept on screen; the server holds up to 50,000 for a paused client, so this matches. */
export const TAIL_CAPACITY = 50_000;
const RECONNECT_MS = [1000, 2000, 5000, 10_000];

export type TailStatus = 'connecting' | 'live' | 'paused' | 'reconnecting' | 'failed';

/** What the server sends (see src/api/routes/tail.ts). */
type ServerMessage =
  | { type: 'hello' }
  | { type: 'events'; events: LogEvent[] }
  | { type: 'dropped'; count: number; since: number | null }
  | { type: 'filter'; ok: boolean }
  | { type: 'error'; message: string };

export interface LiveTail {
  readonly buffer: TailBuffer;
  /** Bumped (at most once per frame) whenever the buffer changed. */
  readonly version: number;
  readonly status: TailStatus;
  readonly error: string | null;
  /** Lines per second over the last few seconds. */
  readonly rate: number;
  pause(): void;
  resume(): void;
  clear(): void;
}

function tailUrl(filters: Readonly<Record<string, string>>): string {
  const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const qs = new URLSearchParams(filters).toString();
  return `${proto}//${window.location.host}/api/v1/tail${qs === '' ? '' : `?${qs}`}`;
}

/**
 * A live tail over the WebSocket. Pausing asks the server to hold lines (nothing is lost up to
 * its bound; past it the server says how many it dropped and since when, and a marker offers to
 * search the gap). Filter changes apply in place, without reconnecting. Incoming batches are
 * drawn at most once per animation frame, so thousands of lines per second never block input.
 */
export function useLiveTail(filters: Readonly<Record<string, string>>, enabled: boolean): LiveTail {
  const [buffer] = useState(() => new TailBuffer(TAIL_CAPACITY));
  const [version, setVersion] = useState(0);
  const [status, setStatus] = useState<TailStatus>('connecting');
  const [error, setError] = useState<string | null>(null);
  const [rate, setRate] = useState(0);
  const socket = useRef<WebSocket | null>(null);
  const paused = useRef(false);
  const frame = useRef(0);
  const filterKey = JSON.stringify(filters);
  const currentFilters = useRef(filters);

  const redraw = useCallback(() => {
    if (frame.current !== 0) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      setVersion((v) => v + 1);
    });
  }, []);

  // The connection: opened when enabled, re-opened with backoff when it drops.
  useEffect(() => {
    if (!enabled) return;
    let closed = false;
    let attempt = 0;
    let retry: number | undefined;
    let lostAt: number | null = null;

    const connect = () => {
      setStatus(attempt === 0 ? 'connecting' : 'reconnecting');
      const ws = new WebSocket(tailUrl(currentFilters.current));
      socket.current = ws;
      ws.onopen = () => {
        attempt = 0;
        if (paused.current) ws.send(JSON.stringify({ type: 'pause' }));
        setStatus(paused.current ? 'paused' : 'live');
        setError(null);
        if (lostAt !== null) {
          buffer.mark(`Reconnected. Lines between ${formatClock(lostAt)} and ${formatClock(Date.now())} are not shown here`, lostAt, Date.now());
          lostAt = null;
          redraw();
        }
      };
      ws.onmessage = (m: MessageEvent<string>) => {
        const msg = JSON.parse(m.data) as ServerMessage;
        if (msg.type === 'events') {
          buffer.appendLines(msg.events);
          redraw();
        } else if (msg.type === 'dropped') {
          const since = msg.since ?? Date.now();
          buffer.mark(`The server dropped ${msg.count.toLocaleString()} lines since ${formatClock(since)} (paused too long, or the page fell behind)`, since, Date.now());
          redraw();
        } else if (msg.type === 'error') {
          setError(msg.message);
        } else if (msg.type === 'filter' && msg.ok) {
          setError(null);
        }
      };
      ws.onclose = (e) => {
        if (closed) return;
        socket.current = null;
        // 1008: the server refused the filter; reconnecting with it would fail the same way.
        if (e.code === 1008) {
          setStatus('failed');
          setError((prev) => prev ?? (e.reason || 'the server refused the live tail'));
          return;
        }
        lostAt ??= Date.now();
        setStatus('reconnecting');
        retry = window.setTimeout(connect, RECONNECT_MS[Math.min(attempt++, RECONNECT_MS.length - 1)]);
      };
    };
    connect();
    return () => {
      closed = true;
      window.clearTimeout(retry);
      socket.current?.close(1000, 'tail closed');
      socket.current = null;
    };
  }, [enabled, buffer, redraw]);

  // Filter changes go to the open socket; a marker shows where they took effect.
  useEffect(() => {
    const changed = JSON.stringify(currentFilters.current) !== filterKey;
    currentFilters.current = JSON.parse(filterKey) as Record<string, string>;
    const ws = socket.current;
    if (!changed || ws === null || ws.readyState !== WebSocket.OPEN) return;
    ws.send(JSON.stringify({ type: 'filter', ...currentFilters.current }));
    const text = Object.entries(currentFilters.current)
      .map(([k, v]) => (k === 'q' ? v : `${k}:${v}`))
      .join(' ');
    buffer.mark(text === '' ? 'Filter removed: every line from here on' : `Filter changed to ${text}: matching lines from here on`);
    redraw();
  }, [filterKey, buffer, redraw]);

  // Lines per second, from the received counter.
  useEffect(() => {
    if (!enabled) return;
    let last = buffer.received;
    let lastAt = performance.now();
    const timer = window.setInterval(() => {
      const now = performance.now();
      setRate(((buffer.received - last) * 1000) / (now - lastAt));
      last = buffer.received;
      lastAt = now;
    }, 2000);
    return () => window.clearInterval(timer);
  }, [enabled, buffer]);

  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  const pause = useCallback(() => {
    paused.current = true;
    socket.current?.send(JSON.stringify({ type: 'pause' }));
    setStatus('paused');
    buffer.mark('Paused: the server holds new lines until you resume');
    redraw();
  }, [buffer, redraw]);

  const resume = useCallback(() => {
    paused.current = false;
    socket.current?.send(JSON.stringify({ type: 'resume' }));
    setStatus('live');
    buffer.mark('Resumed: the lines held while paused follow');
    redraw();
  }, [buffer, redraw]);

  const clear = useCallback(() => {
    buffer.clear();
    redraw();
  }, [buffer, redraw]);

  return { buffer, version, status, error, rate, pause, resume, clear };
}
