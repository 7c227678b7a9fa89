import type { SimFormat, SimRecord } from './types.js';

/**
 * logsift header formats (see parse/formats/header-format.ts) for the simulator's text
 * formats that are not built-in parser formats; the others map to built-ins of the same
 * name (`json`, `logfmt`, `syslog5424`, `access-combined`). Multi-line records (stack
 * traces, tracebacks) keep their tail in `<Content>`.
 */
export const SIM_HEADER_FORMATS: Readonly<Record<'java' | 'python' | 'nginx-error', string>> = Object.freeze({
  java: '<Date> <Time> <Level> [<Thread>] <Component>: <Content>',
  python: '[<Date> <Time>: <Level>/<Process>] <Content>',
  'nginx-error': '<Date> <Time> [<Level>] <Pid>#<Tid>: <Content>',
});

/**
 * File a record belongs in when a run is written to a directory: one file per service and
 * format, as the service would write it (`web.log` is nginx's access log, `web-error.log`
 * its error log, the others `<service>.log`).
 */
export function simFileName(record: Pick<SimRecord, 'service' | 'format'>): string {
  return record.format === ERROR_LOG ? `${record.service}-error.log` : `${record.service}.log`;
}

const ERROR_LOG: SimFormat = 'nginx-error';
