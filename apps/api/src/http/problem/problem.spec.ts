import { problemDocument } from './problem';
import { HTTP_PROBLEMS, httpProblem, problemForStatus } from './problem-catalog';
import { ProblemException, throwProblem } from './problem.exception';

describe('problem documents (RFC 9457)', () => {
  it('builds the members in order, with a URN type per code and only the extras given', () => {
    const document = problemDocument(
      409,
      {
        code: 'CANCEL_NOT_ALLOWED',
        title: 'Cancellation not allowed',
        message: '이미 열람된 건은 취소할 수 없습니다',
        reason: 'ALREADY_VIEWED',
      },
      '/v1/payments/p-1/cancel',
    );
    expect(Object.keys(document)).toEqual([
      'type',
      'title',
      'status',
      'code',
      'message',
      'instance',
      'reason',
    ]);
    expect(document.type).toBe('urn:judgment-fee-ledger:problem:cancel-not-allowed');
  });

  it('keeps only field and message of each violation', () => {
    const violation = { field: 'phone', message: '전화번호…', value: '010-1234-5678' };
    const document = problemDocument(
      400,
      { ...HTTP_PROBLEMS.VALIDATION_FAILED, code: 'VALIDATION_FAILED', errors: [violation] },
      '/',
    );
    expect(JSON.stringify(document)).not.toContain('010-1234-5678');
  });

  it('gives every catalogued problem an English title and a Korean message', () => {
    for (const { title, message } of Object.values(HTTP_PROBLEMS)) {
      expect(title).toMatch(/^[\x20-\x7E]+$/);
      expect(message).toMatch(/[가-힣]/);
    }
  });
});

describe('ProblemException', () => {
  it('carries status, fields and headers', () => {
    const exception = httpProblem(
      'UNAUTHENTICATED',
      {},
      { headers: { 'WWW-Authenticate': 'Bearer' } },
    );
    expect(exception.getStatus()).toBe(401);
    expect(exception.problem.code).toBe('UNAUTHENTICATED');
    expect(exception.headers).toEqual({ 'WWW-Authenticate': 'Bearer' });
  });

  it('throws from an expression', () => {
    expect(() => throwProblem(429, { code: 'LOCKED', title: 'Locked', message: '잠김' })).toThrow(
      ProblemException,
    );
  });

  it.each([
    [409, 'cancelNotAllowed'],
    [409, 'CANCEL-NOT-ALLOWED'],
    [200, 'OK'],
    [302, 'FOUND'],
  ])('refuses status %p with code %p as a bug', (status, code) => {
    expect(() => new ProblemException(status, { code, title: 't', message: 'm' })).toThrow(
      RangeError,
    );
  });
});

describe('problemForStatus', () => {
  it.each([
    [400, 400, 'BAD_REQUEST'],
    [404, 404, 'NOT_FOUND'],
    [405, 405, 'METHOD_NOT_ALLOWED'],
    [413, 413, 'PAYLOAD_TOO_LARGE'],
    [415, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [429, 429, 'TOO_MANY_REQUESTS'],
    [418, 418, 'CLIENT_ERROR'],
    [503, 503, 'SERVICE_UNAVAILABLE'],
    [500, 500, 'INTERNAL_ERROR'],
    [599, 500, 'INTERNAL_ERROR'],
  ])('maps %p to %p %s', (status, answered, code) => {
    const problem = problemForStatus(status);
    expect(problem.status).toBe(answered);
    expect(problem.fields.code).toBe(code);
    expect(problem.fields.message).toMatch(/[가-힣]/);
  });
});
