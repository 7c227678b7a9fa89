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

  it('stays linear on hostile lines that almost match', () => {
    const f = compileHeaderFormat('<Date> <Time> <Pid> <Level> <Component>: <Content>');
    const spaces = 'a '.repeat(500_000); // 1 MB, plenty of whitespace, no ": "
    const t0 = performance.now();
    expect(f.match(spaces)).toBeNull();
    const withColon = 'a '.repeat(2000) + ': tail'; // matches: Component takes the long run
    expect(f.match(withColon)?.[5]).toBe('tail');
    const tb = compileHeaderFormat('<Month> <Date> <Time> <Level> <Component>(\\[<PID>\\])?: <Content>');
    expect(tb.match('a a a a ' + '[x] '.repeat(100_000))).toBeNull();
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('keeps a long Content whole and gives the same fields as the anchored regex', () => {
    const f = compileHeaderFormat('<Date> <Time> <Level> <Component>: <Content>');
    const content = 'x: y '.repeat(100_000);
    expect(f.match(`2015-10-18 18:01:47,978 INFO c.X: ${content}`)).toEqual(['2015-10-18', '18:01:47,978', 'INFO', 'c.X', content]);
    expect(f.match('2015-10-18 18:01:47,978 INFO c.X: line one\n\tat frame')?.[4]).toBe('line one\n\tat frame');
  });

  it('matches patterns that do not end with <Content>', () => {
    const f = compileHeaderFormat('<Level> [<Id>]');
    expect(f.match('INFO [42]')).toEqual(['INFO', '42']);
    expect(f.match('INFO [42] tail')).toBeNull();
  });
});

describe('header scanner', () => {
  // Formats users give (the Loghub ones among them); the scanner must split exactly as the regex.
  const patterns = [
    '<Date> <Time> <Pid> <Level> <Component>: <Content>',
    '<Date> <Time> <Level> \\[<Process>\\] <Component>: <Content>',
    '<Date> <Time> - <Level>  \\[<Node>:<Component>@<Id>\\] - <Content>',
    '<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>',
    '<Date> <Time>, <Level>                  <Component>    <Content>',
    '<Time>\\|<Component>\\|<Pid>\\|<Content>',
    '\\[<Time>\\] \\[<Level>\\] <Content>',
    '<Date> <Day> <Time> <Component> sshd\\[<Pid>\\]: <Content>',
    '<Component>(\\[<PID>\\])?: <Content>',
  ];
  const alphabet = ['a', 'b', '7', ' ', '  ', ':', ': ', '[', ']', '|', '-', ' - ', ',', '\t', '@', '(', ')', 'sshd[', '\u00a0', '\n'];
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const randomText = (max: number): string => {
    let s = '';
    for (let k = rand(max); k > 0; k--) s += alphabet[rand(alphabet.length)];
    return s;
  };

  it('gives the regex result on random and almost-matching lines', () => {
    let scanned = 0;
    for (const pattern of patterns) {
      const fast = compileHeaderFormat(pattern);
      const slow = compileHeaderFormat(pattern, { scanner: false });
      for (let i = 0; i < 3000; i++) {
        // Half fill the pattern's fields with random text, half are random soup.
        const line = i % 2 === 0 ? pattern.replace(/\\/g, '').replace(/<[A-Za-z]+>/g, () => randomText(6)) : randomText(30);
        const expected = slow.match(line);
        expect(fast.match(line), `${pattern} on ${JSON.stringify(line)}`).toEqual(expected);
        if (expected !== null) scanned++;
      }
    }
    expect(scanned).toBeGreaterThan(5000);
  });

  it('stays within the header limit like the regex', () => {
    const f = compileHeaderFormat('<Level> <Component>: <Content>');
    const slow = compileHeaderFormat('<Level> <Component>: <Content>', { scanner: false });
    const long = 'INFO ' + 'x'.repeat(5000) + ': tail';
    expect(f.match(long)).toEqual(slow.match(long));
    expect(f.match(long)).toBeNull();
  });
});
