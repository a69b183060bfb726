import { createHash } from 'node:crypto';

const LEAF = Buffer.from([0x00]);
const NODE = Buffer.from([0x01]);

function sha256(...parts: Buffer[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * The Merkle root (hex) over event hashes in log order (docs/audit.md §5; RFC 6962's Merkle Tree
 * Hash): each leaf is
 * SHA-256(0x00 ‖ hash), each parent SHA-256(0x01 ‖ left ‖ right); a level with an odd number of
 * nodes carries its last node up unchanged. The root of no events is SHA-256 of nothing.
 */
export function merkleRoot(hashes: readonly string[]): string {
  if (hashes.length === 0) return sha256().toString('hex');
  const malformed = hashes.find((hash) => !SHA256_HEX.test(hash));
  if (malformed !== undefined) {
    // Buffer.from would silently truncate it, and upper case would sort apart in setRoot.
    throw new TypeError(`Not a lowercase SHA-256 hex: ${JSON.stringify(malformed)}`);
  }
  let level = hashes.map((hash) => sha256(LEAF, Buffer.from(hash, 'hex')));
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i]!;
      const right = level[i + 1];
      next.push(right === undefined ? left : sha256(NODE, left, right));
    }
    level = next;
  }
  return level[0]!.toString('hex');
}
