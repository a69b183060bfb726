import { statfs } from 'node:fs/promises';

/** Bytes an unprivileged process may still write on the file system that holds `folder`. */
export async function freeDiskBytes(folder: string): Promise<number> {
  const { bavail, bsize } = await statfs(folder);
  return bavail * bsize;
}
