/**
 * A log file that rotates by size, for processes without a journal to write
 * to (a kiosk under Windows' Shell Launcher has no console): `<name>.log` is
 * written until the next line would take it past `maxBytes`, then it becomes
 * `<name>.1.log`, the older ones move up one, and the oldest beyond `files`
 * is deleted. So the logs never take more than about `maxBytes × files`.
 *
 * Writes are synchronous, like pino's own stdout: a line logged just before
 * a crash is on disk. A write that fails (the disk full, the file taken
 * away) is dropped rather than thrown: logging must never stop a kiosk, and
 * the next write tries the file again.
 */
import { closeSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export type RotationPolicy = {
  /** A file is rotated before a line would take it past this size. */
  maxBytes: number;
  /** How many files are kept, the one being written included (at least 1). */
  files: number;
};

/** 10 MB a file, five files: a month or more of a busy kiosk's log, at most 50 MB of disk. */
export const DEFAULT_ROTATION: RotationPolicy = { maxBytes: 10 * 1024 * 1024, files: 5 };

export class RotatingFile {
  readonly dir: string;
  readonly name: string;
  readonly policy: RotationPolicy;
  #fd: number | undefined;
  #size = 0;

  /** Writes `dir/<name>.log`; the directory is created if missing. */
  constructor(dir: string, name: string, policy: RotationPolicy = DEFAULT_ROTATION) {
    if (!(policy.maxBytes > 0) || !Number.isInteger(policy.files) || policy.files < 1) {
      throw new RangeError(`a log rotation needs a positive size and at least one file, not ${JSON.stringify(policy)}`);
    }
    this.dir = dir;
    this.name = name;
    this.policy = policy;
    mkdirSync(dir, { recursive: true });
    this.#open();
  }

  /** The path of the file being written (`n` = 0) or of the n-th older one. */
  path(n = 0): string {
    return join(this.dir, n === 0 ? `${this.name}.log` : `${this.name}.${n}.log`);
  }

  /** One chunk of log output (pino hands over whole lines, each with its newline). */
  write(chunk: string): void {
    const bytes = Buffer.byteLength(chunk);
    try {
      if (this.#fd === undefined) this.#open();
      if (this.#size > 0 && this.#size + bytes > this.policy.maxBytes) this.#rotate();
      writeSync(this.#fd!, chunk);
      this.#size += bytes;
    } catch {
      this.#close();
    }
  }

  close(): void {
    this.#close();
  }

  #open(): void {
    this.#fd = openSync(this.path(), 'a', 0o640);
    this.#size = fstatSync(this.#fd).size;
  }

  #close(): void {
    if (this.#fd === undefined) return;
    try {
      closeSync(this.#fd);
    } catch {
      // Already gone with the file: nothing to release.
    }
    this.#fd = undefined;
  }

  #rotate(): void {
    // Closed before the renames: Windows will not rename a file that is open.
    this.#close();
    const last = this.policy.files - 1;
    rmSync(this.path(last), { force: true });
    for (let n = last - 1; n >= 0; n--) {
      try {
        renameSync(this.path(n), this.path(n + 1));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    this.#open();
  }
}
