/**
 * Reports for a date range: the hall wants the manager token as a header,
 * so a plain link would be refused; the page fetches the file and gives the
 * browser a blob — the CSV as a download, the printable page in a new tab.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { failureOf, type CallFailure } from '../shared/failure.ts';
import type { ReportFiles, ReportFormat } from './api.ts';

export type Opener = { download(url: string, name: string): void; show(url: string): void; url(blob: Blob): string };

const browserOpener: Opener = {
  url: (blob) => URL.createObjectURL(blob),
  download(url, name) {
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
  },
  show: (url) => void window.open(url, '_blank'),
};

export const useReportsStore = defineStore('manager-reports', () => {
  const busy = ref(false);
  const error = ref<CallFailure | undefined>(undefined);
  const last = ref<{ from: string; to: string; format: ReportFormat; url: string } | undefined>(undefined);
  let files: ReportFiles | undefined;
  let opener: Opener = browserOpener;

  function use(to: ReportFiles, with_: Opener = browserOpener): void {
    files = to;
    opener = with_;
  }

  async function open(from: string, to: string, format: ReportFormat): Promise<boolean> {
    if (!files || busy.value) return false;
    busy.value = true;
    error.value = undefined;
    try {
      let blob: Blob;
      try {
        blob = await files(from, to, format);
      } catch (err) {
        error.value = failureOf(err);
        return false;
      }
      const url = opener.url(blob);
      last.value = { from, to, format, url };
      if (format === 'csv') opener.download(url, `hall-report-${from}-${to}.csv`);
      else opener.show(url);
      return true;
    } finally {
      busy.value = false;
    }
  }

  return { busy, error, last, use, open };
});
