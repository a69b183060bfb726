/**
 * What went wrong with the storage under the store, as far as a caller can act on it: each is a
 * fault of the machine, not of the request, and may clear without any change to the code.
 */
export type StorageFaultKind = 'FULL' | 'READ_ONLY' | 'IO_ERROR' | 'CANT_OPEN' | 'BUSY';

/**
 * The store could not write (or read) because of its storage: the disk is full, the file or its
 * file system became read-only, an I/O error, or another writer held the lock past the busy
 * timeout. Nothing of the append was written (SQLite rolled its transaction back). The same
 * request may succeed later, unchanged: the HTTP layer answers 503 with Retry-After, and the
 * projections and reactors retry.
 */
export class StorageUnavailableError extends Error {
  override readonly name = 'StorageUnavailableError';

  constructor(
    readonly kind: StorageFaultKind,
    /** The code the storage gave, e.g. SQLITE_FULL or ENOSPC: for the log, never for a client. */
    readonly storageCode: string,
    message: string,
    options: { readonly cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
  }
}

/** SQLite's primary result codes (extended ones start with them) and Node's errnos, by kind. */
const KIND_OF_CODE: readonly (readonly [prefix: string, kind: StorageFaultKind])[] = [
  ['SQLITE_FULL', 'FULL'],
  ['SQLITE_READONLY', 'READ_ONLY'],
  ['SQLITE_IOERR', 'IO_ERROR'],
  ['SQLITE_CANTOPEN', 'CANT_OPEN'],
  ['SQLITE_BUSY', 'BUSY'],
  ['SQLITE_LOCKED', 'BUSY'],
  ['ENOSPC', 'FULL'],
  ['EDQUOT', 'FULL'],
  ['EROFS', 'READ_ONLY'],
  ['EIO', 'IO_ERROR'],
];

const WHAT: Readonly<Record<StorageFaultKind, string>> = {
  FULL: 'the disk is full',
  READ_ONLY: 'the storage is read-only',
  IO_ERROR: 'an I/O error',
  CANT_OPEN: 'a file cannot be opened',
  BUSY: 'another writer held the lock too long',
};

/**
 * The storage fault `error` stands for, or undefined when it is something else (a bug, a refused
 * append, a constraint). Errors are told by their `code` alone: better-sqlite3 makes its errors
 * with the class of the first copy of the module loaded, so `instanceof` fails where modules are
 * loaded more than once (Jest does so per test file). SQLITE_CORRUPT and SQLITE_NOTADB are not
 * faults a retry can get past, so they stay errors that crash loudly.
 */
export function storageFaultOf(error: unknown): StorageUnavailableError | undefined {
  if (error instanceof StorageUnavailableError) return error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, name } = error as { readonly code?: unknown; readonly name?: unknown };
  if (name === 'StorageUnavailableError' && isFaultShaped(error)) return error;
  if (typeof code !== 'string') return undefined;
  const match = KIND_OF_CODE.find(([prefix]) => code === prefix || code.startsWith(`${prefix}_`));
  if (match === undefined) return undefined;
  const [, kind] = match;
  const message = (error as { readonly message?: unknown }).message;
  return new StorageUnavailableError(
    kind,
    code,
    `Storage unavailable: ${WHAT[kind]} (${code}${typeof message === 'string' ? `: ${message}` : ''})`,
    { cause: error },
  );
}

/** Runs `work`, turning a storage fault it throws into a StorageUnavailableError. */
export function withStorageFaults<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw storageFaultOf(error) ?? error;
  }
}

/** A StorageUnavailableError made by another copy of this module (see `storageFaultOf`). */
function isFaultShaped(error: object): error is StorageUnavailableError {
  const { kind, storageCode } = error as {
    readonly kind?: unknown;
    readonly storageCode?: unknown;
  };
  return typeof kind === 'string' && kind in WHAT && typeof storageCode === 'string';
}
