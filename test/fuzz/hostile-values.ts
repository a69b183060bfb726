/**
 * What the fuzzer puts where a well-behaved client puts a field's value. Each entry is either a
 * JavaScript value (serialised by JSON.stringify, so lone surrogates travel as `\ud800` escapes)
 * or raw JSON bytes spliced into the body as they are (numbers JSON.stringify cannot write, and
 * strings whose bytes are not UTF-8 at all: surrogates encoded as bytes, overlong forms).
 */
import type { Rng } from './rng';

export type Hostile =
  | { readonly label: string; readonly value: unknown }
  | { readonly label: string; readonly raw: Buffer };

const value = (label: string, v: unknown): Hostile => ({ label, value: v });
const raw = (label: string, text: string | Buffer): Hostile => ({
  label,
  raw: typeof text === 'string' ? Buffer.from(text, 'latin1') : text,
});
/** A JSON string whose content is the given bytes, quotes included. */
const rawString = (label: string, bytes: readonly number[], around = 'a'): Hostile =>
  raw(
    label,
    Buffer.concat([Buffer.from(`"${around}`), Buffer.from(bytes), Buffer.from(`${around}"`)]),
  );

export const NUMBERS: readonly Hostile[] = [
  value('0', 0),
  value('-1', -1),
  value('1', 1),
  value('0.5', 0.5),
  value('1.5', 1.5),
  value('2^31', 2 ** 31),
  value('2^32', 2 ** 32),
  value('2^53-1', 2 ** 53 - 1),
  value('2^53', 2 ** 53),
  value('-2^53', -(2 ** 53)),
  value('MAX_VALUE', Number.MAX_VALUE),
  value('MIN_VALUE', Number.MIN_VALUE),
  value('1e21', 1e21),
  raw('-0', '-0'),
  raw('1e400', '1e400'),
  raw('-1e400', '-1e400'),
  raw('1e-400', '1e-400'),
  raw('2^53+1', '9007199254740993'),
  raw('30 digits', '123456789012345678901234567890'),
  raw('1000.0', '1000.0'),
  raw('1E3', '1E3'),
  raw('1e+3', '1e+3'),
];

/** Number spellings JSON does not allow: the body is no longer JSON. */
export const NOT_JSON_NUMBERS: readonly Hostile[] = [
  raw('NaN', 'NaN'),
  raw('Infinity', 'Infinity'),
  raw('-Infinity', '-Infinity'),
  raw('0x10', '0x10'),
  raw('01', '01'),
  raw('+1', '+1'),
  raw('.5', '.5'),
  raw('1.', '1.'),
  raw('undefined', 'undefined'),
];

export const NUMBER_LIKE_STRINGS: readonly Hostile[] = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e400',
  '0x10',
  '1_000',
  '１０００',
  '1000',
  '-1',
  '',
  ' ',
  'null',
  'undefined',
  'true',
  '[object Object]',
].map((text) => value(`"${text}"`, text));

const hangul = '서울중앙지방법원';
const caseNumber = '2024가합12345';

export const UNICODE_STRINGS: readonly Hostile[] = [
  value('lone high surrogate', 'a\ud800b'),
  value('lone low surrogate', '\udfff'),
  value('reversed surrogate pair', '\udc00\ud800'),
  value('NUL', 'a\u0000b'),
  value('only NUL', '\u0000'),
  value('RTL override', `\u202e${caseNumber}`),
  value('RTL mark', `\u200f${hangul}`),
  value('LTR mark', `${hangul}\u200e`),
  value('zero-width space', `서울\u200b중앙`),
  value('zero-width joiner', `\u200d`),
  value('word joiner', `${caseNumber}\u2060`),
  value('BOM in a string', `\ufeff${hangul}`),
  value('NFD Hangul court', hangul.normalize('NFD')),
  value('NFD Hangul case number', caseNumber.normalize('NFD')),
  value('compatibility jamo', 'ㅅㅓㅇㅜㄹ'),
  value('combining marks', `서\u0300\u0301\u0302\u0303\u0304울`),
  value('emoji', '💳💳'),
  value('astral Hangul-like', '𠜎𠜎'),
  value('full-width digits', '２０２４가합１２３４５'),
  value('no-break space', `서울\u00a0중앙`),
  value('ideographic space', `서울\u3000중앙`),
  value('tab and newline', `서울\t중앙\r\n`),
  value('noncharacters', '\ufffe\uffff'),
  value('replacement character', '\ufffd'),
  value('private use', '\ue000\uf8ff'),
  value('C1 control', 'a\u0085b'),
  value('escape sequence', '\u001b[31m'),
  value('line separators', '\u2028\u2029'),
  value('Cyrillic homoglyph', 'SНINHAN'),
  value('10k Hangul', '가'.repeat(10_000)),
  value('100k ASCII', 'a'.repeat(100_000)),
  rawString('surrogate as bytes', [0xed, 0xa0, 0x80]),
  rawString('low surrogate as bytes', [0xed, 0xbf, 0xbf]),
  rawString('overlong slash', [0xc0, 0xaf]),
  rawString('overlong NUL', [0xc0, 0x80]),
  rawString('3-byte overlong', [0xe0, 0x80, 0xaf]),
  rawString('4-byte overlong', [0xf0, 0x80, 0x80, 0xaf]),
  rawString('beyond U+10FFFF', [0xf4, 0x90, 0x80, 0x80]),
  rawString('byte FF', [0xff]),
  rawString('truncated sequence', [0xe4, 0xb8]),
  rawString('BOM bytes', [0xef, 0xbb, 0xbf]),
  rawString('raw NUL byte', [0x00]),
  rawString('raw newline', [0x0a]),
  rawString('raw Hangul bytes of NFD', [...Buffer.from('서울'.normalize('NFD'), 'utf8')], ''),
];

export const INJECTION_STRINGS: readonly Hostile[] = [
  "' OR '1'='1",
  '"; DROP TABLE events;--',
  '../../etc/passwd',
  '..\\..\\windows',
  '%00',
  '%2e%2e%2f',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
].map((text) => value(text, text));

export const WRONG_TYPES: readonly Hostile[] = [
  value('null', null),
  value('true', true),
  value('false', false),
  value('[]', []),
  value('{}', {}),
  value('[null]', [null]),
  value('{"a":1}', { a: 1 }),
  value('[[[]]]', [[[]]]),
  value('array of strings', ['CARD', 'CARD']),
  raw('{"__proto__":{}}', '{"__proto__":{"polluted":true}}'),
  raw('{"constructor":{"prototype":{}}}', '{"constructor":{"prototype":{"polluted":true}}}'),
];

const ALL: readonly (readonly Hostile[])[] = [
  NUMBERS,
  NOT_JSON_NUMBERS,
  NUMBER_LIKE_STRINGS,
  UNICODE_STRINGS,
  INJECTION_STRINGS,
  WRONG_TYPES,
];

/** Any hostile value, the families about equally likely (not weighted by their sizes). */
export function anyHostile(rng: Rng): Hostile {
  return rng.pick(rng.pick(ALL));
}

/** Strings that ride in headers, paths and queries: printable, or bytes a client library would escape. */
export const HOSTILE_TEXT: readonly string[] = [
  '',
  ' ',
  'a'.repeat(300),
  '서울중앙지방법원',
  '서울'.normalize('NFD'),
  '\u202eabc',
  '\ufeffabc',
  '💳',
  'a\u0000b',
  '../..',
  '%',
  '%zz',
  '%00',
  '%2F',
  '%2e%2e',
  '%ed%a0%80',
  '%c0%af',
  '%ef%bb%bf',
  '?',
  '#',
  '&',
  ';',
  '\\',
  "'",
  '"',
  '<>',
];
