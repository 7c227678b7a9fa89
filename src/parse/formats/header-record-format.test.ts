import { describe, expect, it } from 'vitest';
import { EventDraft } from '../internal/event-draft.js';
import { HeaderRecordFormat } from './header-record-format.js';

const RECEIVED = Date.UTC(2024, 5, 15, 12);

function parse(pattern: string, line: string): EventDraft | null {
  const d = new EventDraft();
  return HeaderRecordFormat.compile(pattern).parse(line, d, RECEIVED) ? d : null;
}
const iso = (d: EventDraft | null): string => new Date(d?.ts ?? 0).toISOString();

describe('header formats (Loghub conventions)', () => {
  it('HDFS: yyMMdd HHmmss, pid and component as attributes', () => {
    const d = parse('<Date> <Time> <Pid> <Level> <Component>: <Content>', '081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating');
    expect(iso(d)).toBe('2008-11-09T20:36:15.000Z');
    expect(d?.level).toBe('info');
    expect(d?.message).toBe('PacketResponder 1 for block blk_38865049064139660 terminating');
    expect(d?.attrs).toEqual({ pid: '148', component: 'dfs.DataNode$PacketResponder' });
  });

  it('Hadoop and Spark date shapes', () => {
    const hadoop = parse('<Date> <Time> <Level> \\[<Process>\\] <Component>: <Content>', '2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster');
    expect(iso(hadoop)).toBe('2015-10-18T18:01:47.978Z');
    expect(hadoop?.attrs).toEqual({ process: 'main', component: 'org.apache.hadoop.mapreduce.v2.app.MRAppMaster' });
    const spark = parse('<Date> <Time> <Level> <Component>: <Content>', '17/06/09 20:10:40 WARN executor.CoarseGrainedExecutorBackend: Registered signal handlers');
    expect(iso(spark)).toBe('2017-06-09T20:10:40.000Z');
    expect(spark?.level).toBe('warn');
  });

  it('BGL: falls back to the epoch <Timestamp>, <Node> becomes the host fallback', () => {
    const d = parse(
      '<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>',
      '- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction cache parity error corrected',
    );
    expect(iso(d)).toBe('2005-06-03T22:42:50.000Z');
    expect(d?.hostFallback).toBe('R02-M1-N0-C:J12-U11');
    expect(d?.level).toBe('info');
    expect(d?.attrs).toEqual({ label: '-', node: 'R02-M1-N0-C:J12-U11', noderepeat: 'R02-M1-N0-C:J12-U11', type: 'RAS', component: 'KERNEL' });
  });

  it('OpenSSH, Linux and Thunderbird: month/day/time fields joined, optional pid group', () => {
    const ssh = parse('<Date> <Day> <Time> <Component> sshd\\[<Pid>\\]: <Content>', 'Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster');
    expect(iso(ssh)).toBe('2023-12-10T06:55:46.000Z');
    const linux = parse('<Month> <Date> <Time> <Level> <Component>(\\[<PID>\\])?: <Content>', 'Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure;');
    expect(iso(linux)).toBe('2024-06-14T15:16:01.000Z');
    expect(linux?.attrs).toEqual({ level: 'combo', component: 'sshd(pam_unix)', pid: '19939' });
    const tb = parse(
      '<Label> <Timestamp> <Date> <User> <Month> <Day> <Time> <Location> <Component>(\\[<PID>\\])?: <Content>',
      '- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]: session closed for user root',
    );
    expect(iso(tb)).toBe('2005-11-09T20:01:01.000Z');
    expect(tb?.hostFallback).toBe('dn228');
    expect(tb?.message).toBe('session closed for user root');
  });

  it('HealthApp, Android, Apache, Windows', () => {
    const health = parse('<Time>\\|<Component>\\|<Pid>\\|<Content>', '20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579');
    expect(iso(health)).toBe('2017-12-23T22:15:29.606Z');
    const android = parse('<Date> <Time>  <Pid>  <Tid> <Level> <Component>: <Content>', '03-17 16:13:38.811  1702  2395 D WindowManager: printFreezingDisplayLogs');
    expect(iso(android)).toBe('2024-03-17T16:13:38.811Z');
    expect(android?.level).toBe('debug');
    const apache = parse('\\[<Time>\\] \\[<Level>\\] <Content>', '[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6');
    expect(iso(apache)).toBe('2005-12-04T04:47:44.000Z');
    expect(apache?.level).toBe('error');
    const win = parse('<Date> <Time>, <Level>                  <Component>    <Content>', '2016-09-28 04:30:30, Info                  CBS    Loaded Servicing Stack v6.1.7601.23505');
    expect(iso(win)).toBe('2016-09-28T04:30:30.000Z');
    expect(win?.level).toBe('info');
    expect(win?.attrs).toEqual({ component: 'CBS' });
  });

  it('keeps unreadable time fields and unknown levels as attributes', () => {
    const d = parse('<Time> <Level> <Content>', 'soon LOUD hello');
    expect(d?.ts).toBeNaN();
    expect(d?.attrs).toEqual({ time: 'soon', level: 'LOUD' });
  });

  it('declines lines that do not match', () => {
    expect(parse('<Date> <Time> <Level> <Component>: <Content>', '\tat com.x.Y.run(Y.java:12)')).toBeNull();
  });
});
