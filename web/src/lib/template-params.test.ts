import { describe, expect, it } from 'vitest';
import { extractParams } from './template-params';

describe('parameters of a line under its template', () => {
  it('reads each <*> in order, including empty and multi-word values', () => {
    expect(extractParams('GET <*> HTTP/<*> <*>', 'GET /api/me HTTP/1.1 200')).toEqual(['/api/me', '1.1', '200']);
    expect(extractParams('user <*> logged in from <*>', 'user alice smith logged in from 10.0.0.1')).toEqual(['alice smith', '10.0.0.1']);
    expect(extractParams('a (<*>) [x]', 'a () [x]')).toEqual(['']);
  });

  it('says when the line does not fit the template', () => {
    expect(extractParams('GET <*> HTTP/<*>', 'POST /x HTTP/1.1')).toBeNull();
    expect(extractParams('statement executed', 'statement executed')).toEqual([]);
    expect(extractParams('statement executed', 'statement failed')).toBeNull();
  });
});
