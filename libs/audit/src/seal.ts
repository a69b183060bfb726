import { merkleRoot } from './merkle';

/** What a close seals (DESIGN.md §5): the slice of the log after the previous cut. */
export interface Seal {
  readonly root: string;
  readonly setRoot: string;
  readonly count: number;
  readonly firstPosition: string | null;
  readonly lastPosition: string | null;
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
    };
  }
}
