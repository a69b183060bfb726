import {
  BANKS,
  CARD_ISSUERS,
  formatKrw,
  toBusinessTime,
  type CompletedPayment,
  type PaymentInstrument,
} from '@lib/ledger';

/** FAQ II.2: a confirmation is not a receipt; the card statement or bank record stands in for one. */
export const NOT_A_RECEIPT_NOTICE =
  '결제확인서는 영수증으로 사용하실 수 없습니다. 수수료 지급에 대한 영수증이 필요하시면 해당 카드사의 대금 청구서 또는 금융기관 계좌에 표시된 내역으로 영수증을 갈음합니다.';

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Every value that reaches the page goes through here: court names and ids come from outside. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

function kst(instant: string): string {
  return toBusinessTime(instant).toFormat("yyyy-MM-dd HH:mm:ss '(KST)'");
}

function methodLabel(instrument: PaymentInstrument): string {
  return instrument.method === 'CARD'
    ? `신용카드 (${CARD_ISSUERS[instrument.cardIssuer].name}, ${instrument.authScheme === 'ISP' ? '안전결제 ISP' : '안심클릭 MPI'})`
    : `계좌이체 (${BANKS[instrument.bankCode].name})`;
}

/**
 * The page's only style sheet, the same bytes on every page: its content security policy allows
 * exactly this text by its hash (confirmation.csp.ts), so the page needs no other source at all.
 */
export const CONFIRMATION_STYLE = `
    body { font-family: sans-serif; margin: 2rem; color: #111; }
    h1 { font-size: 1.5rem; }
    table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
    th, td { border: 1px solid #999; padding: 0.4rem 0.6rem; text-align: left; }
    .num { text-align: right; }
    .notice { border: 2px solid #b00; padding: 0.8rem; font-weight: bold; }
    @media print { body { margin: 1cm; } }
  `;

/** 결제확인서 (R17) as a self-contained printable page; `issuedAt` is when it was printed. */
export function confirmationHtml(payment: CompletedPayment, issuedAt: string): string {
  const rows = payment.items
    .map(
      (item, index) =>
        `<tr><td>${index + 1}</td><td>${escapeHtml(item.court)}</td><td>${escapeHtml(item.caseNumber)}</td><td class="num">${escapeHtml(formatKrw(item.feeKrw))}</td></tr>`,
    )
    .join('\n        ');
  return `<!doctype html>
<html lang="ko">
<head>
  <meta charset="utf-8">
  <title>결제확인서 ${escapeHtml(payment.paymentId)}</title>
  <style>${CONFIRMATION_STYLE}</style>
</head>
<body>
  <h1>결제확인서</h1>
  <p class="notice">${NOT_A_RECEIPT_NOTICE}</p>
  <table>
    <tr><th>거래번호</th><td>${escapeHtml(payment.paymentId)}</td></tr>
    <tr><th>결제방법</th><td>${escapeHtml(methodLabel(payment.instrument))}</td></tr>
    <tr><th>결제금액</th><td>${escapeHtml(formatKrw(payment.amountKrw))}</td></tr>
    <tr><th>결제일시</th><td>${escapeHtml(kst(payment.completion.completedAt))}</td></tr>
    <tr><th>발급일시</th><td>${escapeHtml(kst(issuedAt))}</td></tr>
  </table>
  <table>
    <thead><tr><th>번호</th><th>법원</th><th>사건번호</th><th class="num">수수료</th></tr></thead>
    <tbody>
        ${rows}
    </tbody>
  </table>
  <p>판결서 인터넷열람</p>
</body>
</html>
`;
}
