import { ProblemException } from '../../http';

/** The day is closed, but by a close from before seals existed: it sealed nothing. */
export function digestNotAvailable(date: string): ProblemException {
  return new ProblemException(404, {
    code: 'DIGEST_NOT_AVAILABLE',
    title: 'Digest not available',
    message: `${date} 일자의 정산은 봉인(digest) 기능 도입 전에 마감되어 봉인 값이 없습니다.`,
    detail: 'The day was closed before settlement closes sealed the log, so it has no seal.',
  });
}
