import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Fresh temp folders for one run, all removed at the end unless `keep`. */
export class TempDirs {
  private readonly made: string[] = [];

  constructor(private readonly keep: boolean) {}

  make(name: string): string {
    const dir = mkdtempSync(join(tmpdir(), `ledger-bench-${name}-`));
    this.made.push(dir);
    return dir;
  }

  removeAll(): string[] {
    if (this.keep) return [...this.made];
    for (const dir of this.made.splice(0)) rmSync(dir, { recursive: true, force: true });
    return [];
  }
}
