// @vitest-environment happy-dom
import { HallRefusal } from '@hall/server/client';
import { describe, expect, it } from 'vitest';
import { useClockStore } from '../shared/clock-store.ts';
import { mountPage } from '../testing/mount.ts';
import { reportFiles } from './api.ts';
import ReportsPanel from './components/ReportsPanel.vue';
import { useReportsStore, type Opener } from './reports-store.ts';

const settle = () => new Promise((r) => setTimeout(r, 0));

/** A hall answering every report request with `answer`, recording what was asked. */
function hallAnswering(answer: () => Response) {
  const asked: { url: string; authorization: string | null }[] = [];
  const fetcher: typeof fetch = async (input, init) => {
    asked.push({ url: String(input), authorization: new Headers(init?.headers).get('authorization') });
    return answer();
  };
  return { fetcher, asked };
}

const csv = () => new Response('\ufeff区间,取号\n2025-03-03,10\n', { status: 200, headers: { 'content-type': 'text/csv; charset=utf-8' } });
const refusal = (code: string, status = 400) =>
  new Response(JSON.stringify({ error: { code, message: 'At most 366 days' } }), { status, headers: { 'content-type': 'application/json' } });

describe('reports as files', () => {
  it('the CSV is fetched with the manager token and handed over as the bytes the hall sent', async () => {
    const { fetcher, asked } = hallAnswering(csv);
    const blob = await reportFiles('manager-token', fetcher)('2025-03-01', '2025-03-03', 'csv');
    expect(await blob.text()).toBe('\ufeff区间,取号\n2025-03-03,10\n');
    expect(asked).toEqual([{ url: '/api/v1/reports?from=2025-03-01&to=2025-03-03&format=csv', authorization: 'Bearer manager-token' }]);
  });

  it('a refused report is the hall’s refusal, with its code', async () => {
    const { fetcher } = hallAnswering(() => refusal('RANGE_TOO_LONG'));
    const failed = await reportFiles('manager-token', fetcher)('2024-01-01', '2025-03-03', 'html').catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(HallRefusal);
    expect(failed).toMatchObject({ status: 400, code: 'RANGE_TOO_LONG' });
  });

  it('the panel downloads the CSV, and words a refusal with its code', async () => {
    const { wrapper } = mountPage(ReportsPanel);
    useClockStore().now = Date.parse('2025-03-03T02:00:00.000Z');
    const opened: string[] = [];
    const opener: Opener = {
      url: () => 'blob:report',
      download: (url, name) => opened.push(`download ${url} ${name}`),
      show: (url) => opened.push(`show ${url}`),
    };
    let answer = csv;
    const { fetcher } = hallAnswering(() => answer());
    useReportsStore().use(reportFiles('manager-token', fetcher), opener);
    await wrapper.get('[data-test=report-from]').setValue('2025-03-01');
    await wrapper.get('[data-test=report-to]').setValue('2025-03-03');
    await wrapper.get('[data-test=report-csv]').trigger('click');
    await settle();
    expect(opened).toEqual(['download blob:report hall-report-2025-03-01-2025-03-03.csv']);
    answer = () => refusal('RANGE_TOO_LONG');
    await wrapper.get('[data-test=report-html]').trigger('click');
    await settle();
    expect(wrapper.get('[data-test=report-error]').text()).toBe('操作失败：日期范围不能超过 366 天（RANGE_TOO_LONG）');
    expect(opened).toHaveLength(1);
  });
});
