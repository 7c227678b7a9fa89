import type { EventKey, Finding } from '../sequence/index.js';

/** Helpers that turn session-model findings into grouping keys, blame and short text. */

/** What a finding is about, so sessions with the same problem group together. */
export function signature(f: Finding): string {
  switch (f.kind) {
    case 'event':
      return `event:${String(f.event)}`;
    case 'count':
      return `count:${String(f.event)}`;
    case 'invariant':
      return `invariant:${String(f.left)}=${f.right.map(String).join('+')}`;
    case 'order':
      return `order:${f.history.map(String).join(',')}>${String(f.next)}`;
  }
}

/**
 * The event to blame: for a session that ended early, the usual next event (the one that went
 * missing); for a broken count invariant, the side with fewer occurrences; otherwise the event
 * the finding names.
 */
export function blamedEvent(f: Finding): EventKey | null {
  switch (f.kind) {
    case 'event':
    case 'count':
      return f.event;
    case 'invariant': {
      const right = f.rightCounts.reduce((a, b) => a + b, 0);
      return f.leftCount > right ? (f.right[0] ?? f.left) : f.left;
    }
    case 'order':
      if (f.next === null) return f.usual.find((u) => u.next !== null)?.next ?? f.history[f.history.length - 1] ?? null;
      return f.next;
  }
}

export function eventsOf(f: Finding): (EventKey | null)[] {
  switch (f.kind) {
    case 'event':
    case 'count':
      return [f.event];
    case 'invariant':
      return [f.left, ...f.right];
    case 'order':
      return [...f.history, f.next];
  }
}

export function describeShort(f: Finding, text: (id: EventKey | null) => string): string {
  switch (f.kind) {
    case 'event':
      return `logged ${text(f.event)}, which normal sessions ${f.support === 0 ? 'never show' : 'rarely show'}`;
    case 'count':
      return `logged ${text(f.event)} ${f.count}× (usually ${f.usual.map((u) => `${u.count}×`).join(' or ')})`;
    case 'invariant':
      return `broke #${text(f.left)} = ${f.right.map((e) => `#${text(e)}`).join(' + ')} (${f.leftCount} vs ${f.rightCounts.join(' + ')})`;
    case 'order': {
      const after = f.history[f.history.length - 1];
      const usual = f.usual.filter((u) => u.next !== f.next).slice(0, 1).map((u) => `; usually ${text(u.next)}`).join('');
      if (f.next === null) return `ended after ${text(after)}${usual}`;
      if (after === null) return `started with ${text(f.next)}${usual}`;
      return `logged ${text(f.next)} after ${text(after)}${usual}`;
    }
  }
}

