import { HTTP_PROBLEMS, ProblemException } from '../http';

/** What makes a process not ready, in the order a 503 names them (the first that failed). */
export const READINESS_CHECKS = ['store', 'projections', 'disk'] as const;
export type ReadinessCheck = (typeof READINESS_CHECKS)[number];

const TRY_LATER = '일시적으로 서비스를 이용할 수 없습니다. 잠시 후 다시 시도해 주세요.';

/** The 503 of each failed check: a stable code for the probe's log, the same Korean message. */
export const NOT_READY_PROBLEMS = {
  store: { code: 'STORE_UNAVAILABLE', title: 'Event store unavailable', message: TRY_LATER },
  projections: {
    code: 'PROJECTIONS_BEHIND',
    title: 'Read models behind the log',
    message: TRY_LATER,
  },
  disk: { code: 'DISK_SPACE_LOW', title: 'Data folder low on disk space', message: TRY_LATER },
} as const satisfies Record<ReadinessCheck, { code: string; title: string; message: string }>;

/** Every code a readiness route may answer 503 with (the OpenAPI document lists them). */
export const NOT_READY_CODES = [
  ...READINESS_CHECKS.map((check) => NOT_READY_PROBLEMS[check].code),
  'SHUTTING_DOWN',
];

/**
 * 503 naming the first failed check; `detail` says what each failed check found (no path, no
 * secret: these routes are public).
 */
export function notReady(failed: readonly ReadinessCheck[], findings: readonly string[]) {
  const [first = 'store'] = failed;
  return new ProblemException(503, {
    ...NOT_READY_PROBLEMS[first],
    detail: `Not ready: ${findings.join('; ')}.`,
  });
}

/** Terminus saw the application shutting down (after the HTTP drain, which answers the same). */
export function shuttingDown(): ProblemException {
  const { status, title, message } = HTTP_PROBLEMS.SHUTTING_DOWN;
  return new ProblemException(status, { code: 'SHUTTING_DOWN', title, message });
}
