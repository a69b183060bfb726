import { storageFaultOf } from '@lib/event-store';
import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import { problemDocument, type ProblemFields } from './problem';
import { problemForStatus } from './problem-catalog';
import { ProblemException } from './problem.exception';
import { problemOf } from './refusal.problem';
import { storageProblemOf } from './storage-fault.problem';
import { type AnyReply, type AnyRequest, requestPath, sendProblem } from './send-problem';

interface Resolved {
  readonly status: number;
  readonly fields: ProblemFields;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * The one place where errors become answers (RFC 9457, DESIGN.md §6). It catches everything: the
 * application's ProblemExceptions and the ledger's refusals, Nest's and Fastify's own 4xx errors (unknown route, unsupported
 * media type, body too large), and bugs, which are logged with their stack and answered with a
 * bare 500 so no internals reach the client.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(thrown: unknown, host: ArgumentsHost): void {
    // A refusal of the ledger (RefusedError) is an answer the application means to give.
    // A storage fault (disk full, read-only) is no bug either: 503 STORAGE_UNAVAILABLE.
    const exception = problemOf(thrown) ?? storageProblemOf(thrown) ?? thrown;
    const http = host.switchToHttp();
    const request = http.getRequest<AnyRequest>();
    const reply = http.getResponse<AnyReply>();
    const { status, fields, headers } = resolve(exception);
    if (status >= 500) {
      this.logFailure(request, exception, fields);
    }
    const sent = sendProblem(reply, problemDocument(status, fields, requestPath(request)), headers);
    if (!sent) {
      this.logger.error(
        `${request.method ?? '?'} ${requestPath(request) ?? '?'}: failed after the answer began; connection closed`,
      );
    }
  }

  /** Logs what happened where, never the body or the query (they may hold phone numbers). */
  private logFailure(request: AnyRequest, exception: unknown, fields: ProblemFields): void {
    const where = `${request.method ?? '?'} ${requestPath(request) ?? '?'}`;
    if (exception instanceof ProblemException) {
      // An answer the application chose (e.g. PG_CANCEL_FAILED): worth noticing, not a bug.
      const why = storageFaultOf(exception.cause)?.message;
      this.logger.warn(
        `${where} answered ${exception.getStatus()} ${fields.code}${why === undefined ? '' : `: ${why}`}`,
      );
    } else if (exception instanceof Error) {
      this.logger.error(
        `${where} failed: ${exception.name}: ${exception.message}`,
        exception.stack,
      );
    } else {
      this.logger.error(`${where} failed with a thrown ${typeof exception}`);
    }
  }
}

function resolve(exception: unknown): Resolved {
  if (exception instanceof ProblemException) {
    return { status: exception.getStatus(), fields: exception.problem, headers: exception.headers };
  }
  if (exception instanceof HttpException) {
    // Nest's own exceptions (e.g. the unknown-route 404, whose message repeats the URL with its
    // query) and Fastify's errors, which Nest wraps in one: only the status is trusted.
    return { ...problemForStatus(exception.getStatus()), headers: {} };
  }
  const status = clientStatusOf(exception);
  if (status !== undefined) {
    return { ...problemForStatus(status), headers: {} };
  }
  return { ...problemForStatus(500), headers: {} };
}

/** A 4xx carried by an error that is not an HttpException (a plugin's error, for instance). */
function clientStatusOf(exception: unknown): number | undefined {
  if (typeof exception !== 'object' || exception === null || !('statusCode' in exception)) {
    return undefined;
  }
  const status = exception.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}
