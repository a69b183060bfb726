import { merkleRoot } from './merkle';

/** What a close seals (DESIGN.md §5): the slice of the log after the previous cut. */
export interface Seal {
  readonly root: string;
  readonly setRoot: string;
  readonly count: number;
  readonly firstPosition: string | null;
  readonly lastPosition: string | null;
  /**
   * The hash of the last event sealed (null for an empty slice): where it lies in the log tells a
   * verifier how many events were inserted into, or removed from, the slice (docs/audit.md §8).
   */
  readonly lastHash: string | null;
}

/** Collects the hashes of a slice of the log, in order, and seals them. */
export class SealBuilder {
  private readonly hashes: string[] = [];
  private first: bigint | null = null;
  private last: bigint | null = null;

  add(position: bigint, hash: string): void {
    this.hashes.push(hash);
    this.first ??= position;
    this.last = position;
  }

  seal(): Seal {
    return {
      root: merkleRoot(this.hashes),
      setRoot: merkleRoot([...this.hashes].sort()),
      count: this.hashes.length,
      firstPosition: this.first?.toString() ?? null,
      lastPosition: this.last?.toString() ?? null,
      lastHash: this.hashes.at(-1) ?? null,
    };
  }
}
