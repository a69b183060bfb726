import { REQUEST_LIMITS } from '../limits';
import { parseStrictJson } from './json-body-parser';

function codeOf(text: string): string | undefined {
  const result = parseStrictJson(text);
  return result.ok ? undefined : result.problem.problem.code;
}

function nested(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

describe('parseStrictJson', () => {
  it('parses a JSON object', () => {
    expect(parseStrictJson('{"a":[1,"b",null]}')).toEqual({
      ok: true,
      value: { a: [1, 'b', null] },
    });
  });

  it('reads an empty body as no body', () => {
    expect(parseStrictJson('')).toEqual({ ok: true, value: undefined });
  });

  it('skips a byte-order mark', () => {
    expect(parseStrictJson('\uFEFF{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
  });

  it.each(['{', '{"a":1,}', "{'a':1}", 'undefined', ' ', 'NaN'])(
    'calls %p MALFORMED_JSON',
    (text) => {
      expect(codeOf(text)).toBe('MALFORMED_JSON');
    },
  );

  it.each([
    '{"__proto__":{"admin":true}}',
    '{"a":{"b":[{"constructor":{"prototype":{"admin":true}}}]}}',
    '{"constructor":"x"}',
    '{"prototype":1}',
  ])('calls %p FORBIDDEN_PROPERTY_NAME and pollutes nothing', (text) => {
    expect(codeOf(text)).toBe('FORBIDDEN_PROPERTY_NAME');
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('allows those words as values', () => {
    expect(codeOf('{"a":"__proto__","b":["constructor"]}')).toBeUndefined();
  });

  it(`allows ${REQUEST_LIMITS.jsonDepth} levels of nesting and refuses one more`, () => {
    expect(codeOf(nested(REQUEST_LIMITS.jsonDepth))).toBeUndefined();
    expect(codeOf(nested(REQUEST_LIMITS.jsonDepth + 1))).toBe('JSON_TOO_DEEP');
  });

  it('refuses a million levels without overflowing the stack', () => {
    expect(codeOf(nested(1_000_000))).toBe('JSON_TOO_DEEP');
  });

  it(`allows ${REQUEST_LIMITS.jsonValuesMax} values and calls one more PAYLOAD_TOO_LARGE`, () => {
    const array = (count: number) => `[${Array.from({ length: count }, () => '0').join(',')}]`;
    // The array itself is one value.
    expect(codeOf(array(REQUEST_LIMITS.jsonValuesMax - 1))).toBeUndefined();
    expect(codeOf(array(REQUEST_LIMITS.jsonValuesMax))).toBe('PAYLOAD_TOO_LARGE');
  });
});
