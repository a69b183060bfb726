/**
 * A minimal HTTP/1.1 client over a plain socket, with keep-alive. Node's own clients refuse to
 * send what the fuzzer must send (raw bytes in paths and header values, lone surrogates, missing
 * Host, duplicate headers, bodies on GET), so requests are written byte for byte and answers are
 * parsed by hand: status line, headers, then a Content-Length, chunked or read-to-close body.
 */
import * as net from 'node:net';

export interface RawResponse {
  readonly status: number;
  /** Header names in lower case; repeated headers joined with ", ". */
  readonly headers: ReadonlyMap<string, string>;
  readonly body: Buffer;
  /** The server closed the connection after this answer. */
  readonly closed: boolean;
}

export class NoAnswerError extends Error {}

interface Pending {
  readonly method: string;
  readonly resolve: (response: RawResponse) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/** One keep-alive connection; one request at a time (no pipelining). */
export class RawConnection {
  private socket: net.Socket | undefined;
  private buffer: Buffer = Buffer.alloc(0);
  private pending: Pending | undefined;
  private ended = false;
  /** Requests this socket has carried, to tell a stale keep-alive socket from a real failure. */
  private served = 0;
  /** Where the answer `bodyOf` found last ends in the buffer. */
  private consumedTo = 0;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  /** Sends the bytes of one request; resolves with the answer (1xx answers skipped). */
  async send(bytes: Buffer, method: string, timeoutMs: number): Promise<RawResponse> {
    try {
      return await this.sendOnce(bytes, method, timeoutMs);
    } catch (error) {
      // A keep-alive socket the server closed between two requests: retry once on a fresh one.
      if (error instanceof NoAnswerError && error.message.startsWith('stale')) {
        return this.sendOnce(bytes, method, timeoutMs);
      }
      throw error;
    }
  }

  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  private sendOnce(bytes: Buffer, method: string, timeoutMs: number): Promise<RawResponse> {
    if (this.pending !== undefined) throw new Error('RawConnection: one request at a time');
    const socket = this.connected();
    const reused = this.served > 0;
    return new Promise<RawResponse>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        this.close();
        reject(new NoAnswerError(`no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending = {
        method,
        timer,
        resolve: (response) => {
          clearTimeout(timer);
          this.pending = undefined;
          this.served += 1;
          if (response.closed) this.close();
          resolve(response);
        },
        reject: (error) => {
          clearTimeout(timer);
          this.pending = undefined;
          this.close();
          reject(
            reused && this.buffer.length === 0 && error instanceof NoAnswerError
              ? new NoAnswerError(`stale: ${error.message}`)
              : error,
          );
        },
      };
      socket.write(bytes);
    });
  }

  private connected(): net.Socket {
    if (this.socket !== undefined && !this.socket.destroyed && !this.ended) return this.socket;
    this.buffer = Buffer.alloc(0);
    this.ended = false;
    this.served = 0;
    const socket = net.connect({ host: this.host, port: this.port, noDelay: true });
    socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.parse(false);
    });
    const onGone = (error?: Error): void => {
      if (socket !== this.socket) return;
      this.ended = true;
      this.parse(true);
      if (this.pending !== undefined) {
        this.pending.reject(
          new NoAnswerError(
            `connection closed without a (complete) answer${error ? `: ${error.message}` : ''}`,
          ),
        );
      }
      this.socket = undefined;
    };
    socket.on('end', () => onGone());
    socket.on('close', () => onGone());
    socket.on('error', (error) => onGone(error));
    this.socket = socket;
    return socket;
  }

  /** Takes one whole answer off the buffer when it is there. */
  private parse(atEnd: boolean): void {
    const pending = this.pending;
    if (pending === undefined) return;
    for (;;) {
      const headEnd = this.buffer.indexOf('\r\n\r\n');
      if (headEnd < 0) return;
      const head = this.buffer.subarray(0, headEnd).toString('latin1').split('\r\n');
      const status = Number(/^HTTP\/\d\.\d (\d{3})/.exec(head[0] ?? '')?.[1] ?? NaN);
      if (!Number.isInteger(status)) {
        pending.reject(new Error(`unreadable status line: ${JSON.stringify(head[0])}`));
        return;
      }
      const headers = new Map<string, string>();
      for (const line of head.slice(1)) {
        const colon = line.indexOf(':');
        if (colon < 0) continue;
        const name = line.slice(0, colon).trim().toLowerCase();
        const value = line.slice(colon + 1).trim();
        headers.set(name, headers.has(name) ? `${headers.get(name)!}, ${value}` : value);
      }
      const bodyStart = headEnd + 4;
      if (status >= 100 && status < 200) {
        this.buffer = this.buffer.subarray(bodyStart);
        continue; // 100 Continue: the real answer follows
      }
      const closes = /(^|,)\s*close\s*(,|$)/i.test(headers.get('connection') ?? '');
      const bodiless = pending.method === 'HEAD' || status === 204 || status === 304;
      const body = bodiless ? Buffer.alloc(0) : this.bodyOf(headers, bodyStart, atEnd);
      if (body === undefined) return; // not all there yet
      const consumed = bodiless ? bodyStart : this.consumedTo;
      this.buffer = this.buffer.subarray(consumed);
      pending.resolve({ status, headers, body, closed: closes || (atEnd && !bodiless) });
      return;
    }
  }

  private bodyOf(
    headers: ReadonlyMap<string, string>,
    start: number,
    atEnd: boolean,
  ): Buffer | undefined {
    if (/chunked/i.test(headers.get('transfer-encoding') ?? '')) {
      const parts: Buffer[] = [];
      let at = start;
      for (;;) {
        const lineEnd = this.buffer.indexOf('\r\n', at);
        if (lineEnd < 0) return undefined;
        const size = parseInt(this.buffer.subarray(at, lineEnd).toString('latin1'), 16);
        if (!Number.isFinite(size)) throw new Error('unreadable chunk size');
        if (size === 0) {
          const trailerEnd = this.buffer.indexOf('\r\n\r\n', lineEnd);
          const end =
            this.buffer.subarray(lineEnd, lineEnd + 4).toString('latin1') === '\r\n\r\n'
              ? lineEnd + 4
              : trailerEnd < 0
                ? -1
                : trailerEnd + 4;
          if (end < 0) return undefined;
          this.consumedTo = end;
          return Buffer.concat(parts);
        }
        if (this.buffer.length < lineEnd + 2 + size + 2) return undefined;
        parts.push(this.buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
        at = lineEnd + 2 + size + 2;
      }
    }
    const length = headers.get('content-length');
    if (length !== undefined) {
      const size = Number(length);
      if (this.buffer.length < start + size) return undefined;
      this.consumedTo = start + size;
      return this.buffer.subarray(start, start + size);
    }
    if (!atEnd) return undefined; // neither: the body ends when the connection does
    this.consumedTo = this.buffer.length;
    return this.buffer.subarray(start);
  }
}
