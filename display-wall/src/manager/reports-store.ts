/**
 * Reports for a date range: the hall wants the manager token as a header,
 * so a plain link would be refused; the page fetches the file and gives the
 * browser a blob — the CSV as a download, the printable page in a new tab.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ManagerApi } from './api.ts';

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
  const error = ref<{ code: string; message: string } | undefined>(undefined);
  const last = ref<{ from: string; to: string; format: 'csv' | 'html'; url: string } | undefined>(undefined);
  let api: ManagerApi | undefined;
  let opener: Opener = browserOpener;

  function use(to: ManagerApi, with_: Opener = browserOpener): void {
    api = to;
    opener = with_;
  }

  async function open(from: string, to: string, format: 'csv' | 'html'): Promise<boolean> {
    if (!api || busy.value) return false;
    busy.value = true;
    error.value = undefined;
    try {
      const r = await api.fetchReport(from, to, format);
      if (!r.ok) {
        error.value = { code: r.code, message: r.message };
        return false;
      }
      const url = opener.url(r.data);
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
