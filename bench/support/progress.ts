/** Progress goes to stderr, so stdout holds only the table and its notes. */
export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
