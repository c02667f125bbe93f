// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { FilingResult } from '../../../shared/kiosk-api.ts';
import { ticketFor } from '../../testing/fake-kiosk-api.ts';
import { settle } from '../../testing/mount.ts';
import { mountFiling } from '../../testing/mount-filing.ts';
import { filingTrackUrl, useFilingSubmissionStore } from '../stores/submission.ts';
import { useFilingVisitStore } from '../stores/visit.ts';
import ReceiptView from './ReceiptView.vue';

function result(overrides: { pending?: boolean; printed?: boolean; trackingCode?: string; ticket?: boolean } = {}): FilingResult {
  return {
    filing: {
      trackingCode: overrides.trackingCode ?? '7G1A-02C0-280Q',
      serviceCode: 'HJ-001',
      serviceName: { 'zh-CN': '户口迁入登记', en: 'Household registration: moving in' },
      status: 'submitted',
      submittedAt: '2025-03-03T09:00:00.000Z',
      dueDate: '2025-03-10',
      pending: overrides.pending ?? false,
    },
    printed: overrides.printed ?? true,
    ...(overrides.ticket ? { ticket: ticketFor('HJ-001', { number: 'A016', windowHint: '3、4 号窗口' }) } : {}),
  };
}

async function receipt(r: FilingResult) {
  const m = await mountFiling(ReceiptView);
  useFilingSubmissionStore().result = r;
  useFilingVisitStore().flow = { step: 'receipt', back: null };
  await settle();
  const $ = (test: string) => m.wrapper.find(`[data-test="${test}"]`);
  return { ...m, $ };
}

describe('the filing receipt', () => {
  it('shows the tracking code in groups of four, the status and the due date', async () => {
    const { $ } = await receipt(result({ trackingCode: '7g1a 02c0 280q' }));
    expect($('receipt-code').text()).toBe('7G1A-02C0-280Q');
    expect($('receipt-status').text()).toBe('当前状态：已提交，待受理');
    expect($('receipt-due').text()).toContain('预计');
    expect($('receipt-pending').exists()).toBe(false);
    expect($('receipt-not-printed').exists()).toBe(false);
  });

  it('carries a QR of the filing’s page under the terminal’s tracking address', async () => {
    const { $ } = await receipt(result());
    expect(useFilingSubmissionStore().trackUrl).toBe('http://hall.local/t/filing/7G1A-02C0-280Q');
    expect(filingTrackUrl('https://hall.example/track', 'X')).toBe('https://hall.example/track/filing/X');
    await new Promise((r) => setTimeout(r, 50));
    await settle();
    expect($('receipt-qr').attributes('src')).toMatch(/^data:image\/svg\+xml/);
  });

  it('says a filing made while the hall was unreachable will be submitted once the network is back', async () => {
    const { $, i18n } = await receipt(result({ pending: true }));
    expect($('receipt-pending').text()).toBe('网络中断：申报已保存在本机，将在联网后自动提交，查询码照常有效');
    // FilingApp follows the visitor's language into vue-i18n; a view mounted alone is told directly.
    i18n.global.locale.value = 'en';
    await settle();
    expect($('receipt-pending').text()).toContain('will be submitted when the network is back');
    expect($('receipt-code').text()).toBe('7G1A-02C0-280Q');
  });

  it('tells the visitor to note the code when the receipt did not print', async () => {
    const { $ } = await receipt(result({ printed: false }));
    expect($('receipt-not-printed').text()).toBe('回执没有打印出来，请记下查询码或拍照留存');
  });

  it('shows the queue ticket taken with the filing', async () => {
    const { $ } = await receipt(result({ ticket: true }));
    expect($('receipt-ticket').text()).toBe('您的号码 A016，请到 3、4 号窗口 等候叫号');
  });

  it('wipes the visitor when they are done', async () => {
    const { $, api } = await receipt(result());
    await $('done').trigger('click');
    expect(useFilingVisitStore().step).toBe('attract');
    expect(useFilingSubmissionStore().result).toBeNull();
    expect(api.callCount('forgetVisitor')).toBe(1);
  });
});
