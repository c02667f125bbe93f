/**
 * The page sealer's thread (see page-sealer.ts): hashes and encrypts a
 * page's bytes as the main thread forwards them, and at the end writes the
 * sealed file to its temporary name, renames it into place and syncs both
 * the file and its directory, so that an answered upload survives a power
 * cut.
 * The main thread keeps the sockets; this one does the arithmetic, and its
 * small heap takes the garbage of it.
 */
import { createCipheriv, createHash, createSecretKey, randomBytes, type CipherGCM, type Hash } from 'node:crypto';
import { closeSync, fdatasync, fsync, openSync, renameSync, rmSync, writev } from 'node:fs';
import { dirname } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { SealerReply, SealerRequest } from './page-sealer.ts';

const MAGIC = Buffer.from('HFE1');
const IV_BYTES = 12;
const key = createSecretKey(Buffer.from(workerData.key as Uint8Array));

type Job = { sha256: string; hash: Hash; cipher?: CipherGCM; sealed: Buffer[]; temp?: string; fd?: number };
const jobs = new Map<number, Job>();

function reply(message: SealerReply): void {
  parentPort!.postMessage(message);
}

function discard(job: Job): void {
  if (job.fd !== undefined) closeSync(job.fd);
  job.fd = undefined;
  if (job.temp) rmSync(job.temp, { force: true });
}

function writeAll(fd: number, buffers: Buffer[]): Promise<void> {
  const total = buffers.reduce((n, b) => n + b.length, 0);
  return new Promise((resolve, reject) =>
    writev(fd, buffers, (err, written) => {
      if (err) reject(err);
      else if (written !== total) reject(new Error(`short write (${written} of ${total} bytes): is the disk full?`));
      else resolve();
    }),
  );
}

function sync(fd: number, how: typeof fsync): Promise<void> {
  return new Promise((resolve, reject) => how(fd, (err) => (err ? reject(err) : resolve())));
}

async function finish(id: number, job: Job, final: string | undefined): Promise<void> {
  const digest = job.hash.digest('hex');
  if (digest !== job.sha256 || !job.cipher || job.fd === undefined || !job.temp || !final) {
    discard(job);
    return reply({ id, ok: true, digest, placed: false });
  }
  job.sealed.push(job.cipher.final(), job.cipher.getAuthTag());
  await writeAll(job.fd, job.sealed);
  // Renamed before the syncs, so that the file's and the directory's can go to the disk in one
  // journal commit instead of two in a row. Until both are done the page is not answered, and
  // the hall knows only answered pages (their rows come after): a name a crash left pointing at
  // half a file is never served, and the next upload of that page writes it again.
  renameSync(job.temp, final);
  const dir = openSync(dirname(final), 'r');
  try {
    await Promise.all([sync(job.fd, fdatasync), sync(dir, fsync)]);
  } finally {
    closeSync(dir);
  }
  closeSync(job.fd);
  job.fd = undefined;
  reply({ id, ok: true, digest, placed: true });
}

parentPort!.on('message', (message: SealerRequest) => {
  const { id } = message;
  try {
    switch (message.op) {
      case 'begin': {
        const job: Job = { sha256: message.sha256, hash: createHash('sha256'), sealed: [] };
        if (message.temp) {
          const iv = randomBytes(IV_BYTES);
          job.cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(message.sha256));
          job.sealed.push(MAGIC, iv);
          job.temp = message.temp;
          job.fd = openSync(message.temp, 'wx', 0o600);
        }
        jobs.set(id, job);
        return;
      }
      case 'chunk': {
        const job = jobs.get(id);
        if (!job) return;
        job.hash.update(message.data);
        if (job.cipher) job.sealed.push(job.cipher.update(message.data));
        return;
      }
      case 'end': {
        const job = jobs.get(id);
        jobs.delete(id);
        if (!job) return reply({ id, ok: false, error: 'no such page in progress' });
        finish(id, job, message.final).catch((err: Error) => {
          discard(job);
          reply({ id, ok: false, error: err.message });
        });
        return;
      }
      case 'abort': {
        const job = jobs.get(id);
        jobs.delete(id);
        if (job) discard(job);
        return reply({ id, ok: true, digest: '', placed: false });
      }
    }
  } catch (err) {
    const job = jobs.get(id);
    jobs.delete(id);
    if (job) discard(job);
    reply({ id, ok: false, error: (err as Error).message });
  }
});
