// @vitest-environment happy-dom
import { HallRefusal, HallUnreachableError } from '@hall/server/client';
import { describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { useHallStore } from '../shared/hall-store.ts';
import { useServicesStore } from '../shared/services-store.ts';
import { called, fakeLink, snapshot, window3 } from '../testing/fixtures.ts';
import { fakeHallClient } from '../testing/hall-client.ts';
import { mountPage } from '../testing/mount.ts';
import App from './App.vue';
import { useRatingStore } from './rating-store.ts';

const settle = () => new Promise((r) => setTimeout(r, 0));

/** `failures` are thrown by the first ratings sent, in turn. */
function screen(failures: Error[] = []) {
  const { wrapper } = mountPage(App, { windowNo: 3, hasToken: true });
  const link = fakeLink();
  const hall = useHallStore();
  hall.attach(link);
  link.connection({ online: true });
  link.emit('queue:snapshot', snapshot(10));
  useServicesStore().byCode = {
    'CRJ-001': { code: 'CRJ-001', prefix: 'B', name: { 'zh-CN': '普通护照签发', en: 'Passport' } },
    'CRJ-002': { code: 'CRJ-002', prefix: 'B', name: { 'zh-CN': '往来港澳通行证签发', en: 'HK/Macao permit' } },
  };
  const sent: unknown[] = [];
  const api = fakeHallClient({
    rateTicket({ params, body }) {
      sent.push({ id: params.ticketId, level: body.level, reason: body.reason });
      const failure = failures.shift();
      if (failure) throw failure;
      return { ticketId: params.ticketId, level: body.level, label: { 'zh-CN': '非常不满意', en: 'Very dissatisfied' }, at: '2025-03-03T02:00:00.000Z' };
    },
  });
  const rating = useRatingStore();
  rating.use(api);
  hall.onWindow((w, prev) => rating.follow(3, w, prev));
  return { wrapper, link, sent };
}

describe('the window screen', () => {
  it('shows the window, its clerk with photo and staff number, and the services it handles', async () => {
    const { wrapper } = screen();
    await nextTick();
    expect(wrapper.get('[data-test=window-title]').text()).toBe('3 号窗口');
    expect(wrapper.get('[data-test=clerk]').text()).toContain('王芳');
    expect(wrapper.get('[data-test=clerk]').text()).toContain('工号 0301');
    expect(wrapper.get('[data-test=clerk] img').attributes('src')).toBe('/photos/0301.jpg');
    expect(wrapper.get('[data-test=services]').text()).toContain('往来港澳通行证签发');
  });

  it('shows the number called to this window', async () => {
    const { wrapper, link } = screen();
    link.emit('ticket:called', called(11, 'B012', 3));
    await nextTick();
    expect(wrapper.get('[data-test=current-number]').text()).toBe('B012');
  });

  it('after a finish asks for a rating; a bad one needs a reason picked before it is sent', async () => {
    const { wrapper, link, sent } = screen();
    link.emit('ticket:called', called(11, 'B012', 3));
    link.emit('window:updated', { ...window3({ lastFinishedTicketId: 't-B012' }), seq: 12, change: 'released' });
    await nextTick();
    expect(wrapper.get('[data-test=rating]').text()).toContain('请对本次服务进行评价');
    expect(wrapper.findAll('[data-level]').map((b) => b.text())).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
    await wrapper.get('[data-level="1"]').trigger('click');
    expect(wrapper.get('[data-test=rating-submit]').attributes('disabled')).toBeDefined();
    await wrapper.get('[data-reason="等候时间太长"]').trigger('click');
    await wrapper.get('[data-test=rating-submit]').trigger('click');
    await settle();
    expect(sent).toEqual([{ id: 't-B012', level: 1, reason: '等候时间太长' }]);
    expect(wrapper.get('[data-test=rating-thanks]').text()).toBe('感谢您的评价！');
  });

  it('a rating that cannot reach the hall asks calmly to try again; one the hall refuses is named with its code', async () => {
    const { wrapper, link, sent } = screen([
      new HallUnreachableError('POST /tickets/{ticketId}/rating: fetch failed'),
      new HallRefusal(403, 'RATING_CLOSED', 'Ratings come from the serving window'),
    ]);
    link.emit('ticket:called', called(11, 'B012', 3));
    link.emit('window:updated', { ...window3({ lastFinishedTicketId: 't-B012' }), seq: 12, change: 'released' });
    await nextTick();
    await wrapper.get('[data-level="5"]').trigger('click');
    await settle();
    expect(wrapper.get('[data-test=rating-failed]').text()).toBe('网络不畅，评价暂未提交，请再试一次');
    await wrapper.get('[data-level="5"]').trigger('click');
    await settle();
    expect(wrapper.get('[data-test=rating-failed]').text()).toBe('评价未能提交：已过评价时间（RATING_CLOSED）');
    expect(sent).toHaveLength(2);
  });
});
