import { describe, expect, it } from 'vitest';
import { ML_GO, ML_JAVA, ML_NONE, ML_PY_AFTER, ML_PY_FRAMES, continuation, isBlankLine, startState } from './multiline.js';
import type { MultilineState } from './multiline.js';

/** Runs the rules over a block: returns, per line, whether it continued the record before it. */
function classify(lines: string[]): boolean[] {
  let state: MultilineState = startState(lines[0]);
  const out = [false];
  for (let i = 1; i < lines.length; i++) {
    const st = continuation(lines[i], state, lines[i + 1]);
    out.push(st >= 0);
    state = st >= 0 ? (st as MultilineState) : startState(lines[i]);
  }
  return out;
}

describe('multi-line rules', () => {
  it('joins a Java stack trace with causes and "... n more"', () => {
    const trace = [
      'java.lang.IllegalStateException: order 7 in bad state',
      '\tat com.example.OrderService.process(OrderService.java:42)',
      '\tat com.example.Worker.run(Worker.java:88)',
      'Caused by: java.io.IOException: disk full',
      '\tat java.base/java.io.FileOutputStream.write(FileOutputStream.java:354)',
      '\t... 2 more',
      '\tSuppressed: java.lang.RuntimeException: cleanup failed',
      '... 3 more',
      'next record',
    ];
    expect(classify(trace)).toEqual([false, true, true, true, true, true, true, true, false]);
    expect(continuation('\tat x.Y(Y.java:1)', ML_NONE, undefined)).toBe(ML_JAVA);
  });

  it('joins a chained Python traceback, exception lines included', () => {
    const tb = [
      'Traceback (most recent call last):',
      '  File "/app/main.py", line 10, in <module>',
      '    run()',
      'ValueError: invalid literal for int() with base 10: \'x\'',
      '',
      'During handling of the above exception, another exception occurred:',
      '',
      'Traceback (most recent call last):',
      '  File "/app/main.py", line 12, in <module>',
      'KeyError: \'user\'',
      'INFO:root:next record',
    ];
    expect(classify(tb)).toEqual([false, true, true, true, true, true, true, true, true, true, false]);
    expect(startState(tb[0])).toBe(ML_PY_FRAMES);
    expect(continuation('ValueError: x', ML_PY_FRAMES, undefined)).toBe(ML_PY_AFTER);
    expect(continuation('INFO next', ML_PY_AFTER, undefined)).toBe(-1);
  });

  it('joins a Go panic with goroutine dumps and stops at "exit status"', () => {
    const panic = [
      'panic: runtime error: invalid memory address or nil pointer dereference',
      '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x48f4a6]',
      '',
      'goroutine 1 [running]:',
      'main.(*Server).handle(0x0, {0x4c5f20, 0xc000012345})',
      '\t/app/server.go:42 +0x26',
      'main.main()',
      '\t/app/main.go:10 +0x1d',
      '',
      'goroutine 18 [chan receive]:',
      'created by main.main in goroutine 1',
      '\t/app/main.go:8 +0x65',
      'exit status 2',
    ];
    expect(classify(panic)).toEqual([false, true, true, true, true, true, true, true, true, true, true, true, false]);
    expect(startState('fatal error: all goroutines are asleep - deadlock!')).toBe(ML_GO);
  });

  it('treats indented lines as continuations and plain lines as new records', () => {
    expect(continuation('    detail: 42', ML_NONE, undefined)).toBe(ML_NONE);
    expect(continuation('next line', ML_NONE, undefined)).toBe(-1);
    expect(continuation('', ML_NONE, '\tat x')).toBe(-1); // blank lines only bridge inside a trace
    expect(continuation('', ML_JAVA, '\tat x')).toBe(ML_JAVA);
    expect(continuation('', ML_JAVA, 'new record')).toBe(-1);
    expect(continuation('', ML_GO, '')).toBe(-1);
  });

  it('recognises blank lines', () => {
    expect(isBlankLine('')).toBe(true);
    expect(isBlankLine(' \t\u00a0')).toBe(true);
    expect(isBlankLine('  x')).toBe(false);
  });
});
