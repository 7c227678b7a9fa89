import { describe, expect, it } from 'vitest';
import { compileHeaderFormat } from './header-format.js';

describe('compileHeaderFormat', () => {
  it('splits a Loghub HDFS line into fields', () => {
    const f = compileHeaderFormat('<Date> <Time> <Pid> <Level> <Component>: <Content>');
    expect(f.fields).toEqual(['Date', 'Time', 'Pid', 'Level', 'Component', 'Content']);
    expect(
      f.match('081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating'),
    ).toEqual(['081109', '203615', '148', 'INFO', 'dfs.DataNode$PacketResponder', 'PacketResponder 1 for block blk_38865049064139660 terminating']);
  });

  it('handles escaped brackets, pipes and optional groups', () => {
    const hadoop = compileHeaderFormat('<Date> <Time> <Level> \\[<Process>\\] <Component>: <Content>');
    expect(hadoop.match('2015-10-18 18:01:47,978 INFO [main] org.apache.A: Created X')?.[3]).toBe('main');
    const health = compileHeaderFormat('<Time>\\|<Component>\\|<Pid>\\|<Content>');
    expect(health.match('20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579')).toEqual([
      '20171223-22:15:29:606',
      'Step_LSC',
      '30002312',
      'onStandStepChanged 3579',
    ]);
    const tb = compileHeaderFormat('<Component>(\\[<PID>\\])?: <Content>');
    expect(tb.match('sshd[12]: hello')).toEqual(['sshd', '12', 'hello']);
    expect(tb.match('crond: hi')).toEqual(['crond', '', 'hi']);
  });

  it('treats unescaped brackets as literals and runs of spaces as whitespace', () => {
    const f = compileHeaderFormat('[<Level>]  <Content>');
    expect(f.match('[warn] disk   almost full')).toEqual(['warn', 'disk   almost full']);
    expect(f.match('no header here')).toBeNull();
  });

  it('rejects formats without fields or with repeated fields', () => {
    expect(() => compileHeaderFormat('plain text')).toThrow(/no <Field>/);
    expect(() => compileHeaderFormat('<A> <A>')).toThrow(/repeats/);
  });
});
