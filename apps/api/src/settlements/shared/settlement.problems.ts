import { ProblemException } from '../../http';

export function settlementNotFound(date: string): ProblemException {
  return new ProblemException(404, {
    code: 'SETTLEMENT_NOT_FOUND',
    title: 'Settlement not found',
    message: `${date} 일자의 정산이 아직 마감되지 않았습니다.`,
    detail: 'A day has a settlement report once it is closed (after 00:00 KST of the next day).',
  });
}
