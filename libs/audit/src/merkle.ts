import { createHash, hash } from 'node:crypto';

const LEAF = 0x00;
const NODE = 0x01;
const HASH_BYTES = 32;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * The Merkle root (hex) over event hashes in log order (docs/audit.md §5; RFC 6962's Merkle Tree
 * Hash): each leaf is SHA-256(0x00 ‖ hash), each parent SHA-256(0x01 ‖ left ‖ right); a level with
 * an odd number of nodes carries its last node up unchanged. The root of no events is SHA-256 of
 * nothing. A close seals a day of events with it, so it hashes through one reused buffer with
 * Node's one-shot `crypto.hash` rather than a Hash object per node.
 */
export function merkleRoot(hashes: readonly string[]): string {
  if (hashes.length === 0) return createHash('sha256').digest('hex');
  const leaf = Buffer.alloc(1 + HASH_BYTES);
  leaf[0] = LEAF;
  let level: Buffer[] = hashes.map((eventHash) => {
    if (!SHA256_HEX.test(eventHash)) {
      // Buffer.write would silently truncate it, and upper case would sort apart in setRoot.
      throw new TypeError(`Not a lowercase SHA-256 hex: ${JSON.stringify(eventHash)}`);
    }
    leaf.write(eventHash, 1, 'hex');
    return hash('sha256', leaf, 'buffer');
  });
  const node = Buffer.alloc(1 + 2 * HASH_BYTES);
  node[0] = NODE;
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i]!;
      const right = level[i + 1];
      if (right === undefined) {
        next.push(left);
        continue;
      }
      left.copy(node, 1);
      right.copy(node, 1 + HASH_BYTES);
      next.push(hash('sha256', node, 'buffer'));
    }
    level = next;
  }
  return level[0]!.toString('hex');
}
