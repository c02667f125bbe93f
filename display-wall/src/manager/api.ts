/**
 * The hall's reports as files (CSV, the printable page), fetched with the
 * manager token through the one client: `getReport` answers the JSON report,
 * or, with `format`, the file's bytes and type.
 */
import { createHallClient } from '@hall/server/client';

export type ReportFormat = 'csv' | 'html';
export type ReportFiles = (from: string, to: string, format: ReportFormat) => Promise<Blob>;

/** A year's report takes the hall longer than a live figure. */
const REPORT_TIMEOUT_MS = 30_000;

export function reportFiles(token: string | undefined, fetcher: typeof fetch = (...a) => fetch(...a)): ReportFiles {
  const client = createHallClient({ baseUrl: '', token, timeoutMs: REPORT_TIMEOUT_MS, fetch: fetcher });
  return async (from, to, format) => {
    const { bytes, contentType } = await client.file('getReport', { query: { from, to, format } });
    return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: contentType });
  };
}
