import type { Server } from 'node:http';
import { Injectable } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { answerShuttingDown } from '@app/api';

/** A request being answered: what a shutdown that runs out of time names. */
export interface RequestInFlight {
  readonly method: string;
  /** Without the query string, which may carry personal data. */
  readonly path: string;
  /** `performance.now()` when it arrived. */
  readonly startedMs: number;
}

/**
 * Knows the requests in flight and, once the process stops, lets them finish while it takes no
 * new ones: the listening socket closes (a new connection is refused), idle keep-alive
 * connections close, a request that still arrives on an open connection is answered 503
 * SHUTTING_DOWN, and every answer from then on closes its connection.
 */
@Injectable()
export class RequestDrain {
  private draining = false;
  private readonly inFlight = new Set<RequestInFlight>();
  private whenIdle: (() => void) | undefined;

  /** Hooks into the HTTP server; before it listens (`createApp`). */
  attach(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', (request, reply, done) => {
      if (this.draining) {
        // Answered here: the request reaches no guard, no handler and no store.
        answerShuttingDown(request, reply);
        return;
      }
      const entry: RequestInFlight = {
        method: request.method,
        path: request.url.split('?', 1)[0] ?? '',
        startedMs: performance.now(),
      };
      this.inFlight.add(entry);
      // 'close' comes however the answer ends: sent, failed, or its client gone.
      reply.raw.once('close', () => this.finished(entry));
      done();
    });
    fastify.addHook('onSend', (_request, reply, payload, done) => {
      if (this.draining) void reply.header('connection', 'close');
      done(null, payload);
    });
  }

  /** The requests not yet answered, oldest first. */
  get requestsInFlight(): readonly RequestInFlight[] {
    return [...this.inFlight];
  }

  /**
   * Stops taking requests and resolves once every request in flight has been answered and every
   * connection has closed. Unbounded: the caller holds the deadline (`abandon`).
   */
  async drain(server: Server): Promise<void> {
    this.draining = true;
    // The callback comes once every connection has closed (or at once, if it never listened).
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    if (this.inFlight.size > 0) {
      await new Promise<void>((resolve) => (this.whenIdle = resolve));
    }
    // What is still open holds no request in flight: idle, or a request still arriving, too late.
    // One turn first, so the last answers leave their sockets before those are cut.
    await new Promise((resolve) => setImmediate(resolve));
    server.closeAllConnections();
    await closed;
  }

  /** The grace ran out: cuts every connection, answered or not. */
  abandon(server: Server): void {
    this.draining = true;
    server.closeAllConnections();
  }

  private finished(entry: RequestInFlight): void {
    this.inFlight.delete(entry);
    if (this.inFlight.size > 0 || this.whenIdle === undefined) return;
    const idle = this.whenIdle;
    this.whenIdle = undefined;
    idle();
  }
}
