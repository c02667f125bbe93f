/** Resident memory as the kernel sees it: what the machine actually has to hold. */
import { readFileSync } from 'node:fs';

export type ProcMemory = { rssMB: number; hwmMB: number };

/** VmRSS and VmHWM (peak RSS) of a process, from /proc/<pid>/status. */
export function procMemory(pid: number | 'self' = 'self'): ProcMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kB = (field: string): number => {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!m) throw new Error(`no ${field} in /proc/${pid}/status`);
    return Number(m[1]);
  };
  return { rssMB: kB('VmRSS') / 1024, hwmMB: kB('VmHWM') / 1024 };
}
