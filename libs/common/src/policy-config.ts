import { DEFAULT_LEDGER_POLICY, ledgerPolicyProblems, type LedgerPolicy } from '@lib/ledger';
import { ConfigError } from './config-error';

/**
 * The operator-tunable business limits (R2, R3, R5, R6), read from the environment so operators
 * change them without code. Unset variables keep the FAQ's values.
 */
export function loadLedgerPolicy(env: NodeJS.ProcessEnv): LedgerPolicy {
  const policy: LedgerPolicy = {
    feePerJudgmentKrw: integer(
      env,
      'LEDGER_FEE_PER_JUDGMENT_KRW',
      DEFAULT_LEDGER_POLICY.feePerJudgmentKrw,
    ),
    maxItemsPerPayment: integer(
      env,
      'LEDGER_MAX_ITEMS_PER_PAYMENT',
      DEFAULT_LEDGER_POLICY.maxItemsPerPayment,
    ),
    pendingTransferWindowMinutes: integer(
      env,
      'LEDGER_PENDING_TRANSFER_WINDOW_MINUTES',
      DEFAULT_LEDGER_POLICY.pendingTransferWindowMinutes,
    ),
    certificateThresholdKrw: {
      CARD: threshold(
        env,
        'LEDGER_CERTIFICATE_THRESHOLD_CARD_KRW',
        DEFAULT_LEDGER_POLICY.certificateThresholdKrw.CARD,
      ),
      BANK_TRANSFER: threshold(
        env,
        'LEDGER_CERTIFICATE_THRESHOLD_BANK_TRANSFER_KRW',
        DEFAULT_LEDGER_POLICY.certificateThresholdKrw.BANK_TRANSFER,
      ),
    },
  };
  const problems = ledgerPolicyProblems(policy);
  if (problems.length > 0) {
    throw new ConfigError(`Invalid ledger policy: ${problems.join('; ')}`);
  }
  return policy;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) {
    throw new ConfigError(`${name} must be a whole number, not "${raw}"`);
  }
  return Number(raw.trim());
}

/** A threshold in KRW, or `none` for a method that never needs the certificate. */
function threshold(env: NodeJS.ProcessEnv, name: string, fallback: number | null): number | null {
  const raw = env[name];
  if (raw !== undefined && raw.trim().toLowerCase() === 'none') return null;
  return raw === undefined || raw.trim() === '' ? fallback : integer(env, name, 0);
}
