import { memo } from 'react';
import type { ReactNode } from 'react';
import type { LogEvent } from '../../api/types';
import { formatClock } from '../../lib/format';
import classes from './LogLine.module.css';

interface Props {
  readonly event: LogEvent;
  readonly cursor?: boolean;
  readonly expanded?: boolean;
  /** The line a context view is centred on. */
  readonly target?: boolean;
  readonly onClick?: (event: LogEvent) => void;
}

/**
 * One log line in a fixed-height row: time, level, service, the message's first line. Plain
 * elements and one stylesheet, because thousands of these are laid out while scrolling.
 */
export const LogLine = memo(function LogLine({ event, cursor = false, expanded = false, target = false, onClick }: Props) {
  const nl = event.message.indexOf('\n');
  const first = nl < 0 ? event.message : event.message.slice(0, nl);
  const more = nl < 0 ? 0 : event.message.split('\n').length - 1;
  const cls = [classes.row, cursor && classes.cursor, expanded && classes.expanded, target && classes.target].filter(Boolean).join(' ');
  return (
    <div className={cls} onClick={onClick === undefined ? undefined : () => onClick(event)} data-testid="log-row" data-level={event.level} data-service={event.service} data-cursor={cursor ? 1 : undefined} aria-expanded={expanded} title={event.host === '' ? undefined : `${event.service} @ ${event.host}`}>
      <span className={classes.time}>{formatClock(event.ts)}</span>
      <span className={`${classes.level} ${classes[`lv-${event.level}`]}`}>{event.level}</span>
      <span className={classes.service}>{event.service}</span>
      <span className={classes.message}>
        {first}
        {more > 0 && <span className={classes.more}>+{more} lines</span>}
      </span>
    </div>
  );
});

/** A separator in the live tail: a filter change, a pause, a gap. */
export function MarkerLine({ ts, text, children }: { ts: number; text: string; children?: ReactNode }) {
  return (
    <div className={classes.marker} data-testid="tail-marker">
      <span className={classes.time}>{formatClock(ts)}</span>
      <span>{text}</span>
      {children}
    </div>
  );
}
