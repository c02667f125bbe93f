// @vitest-environment happy-dom
import { HallRefusal, HallUnreachableError } from '@hall/server/client';
import { describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { useClockStore } from '../shared/clock-store.ts';
import { useHallStore } from '../shared/hall-store.ts';
import { useServicesStore } from '../shared/services-store.ts';
import { fakeLink, snapshot } from '../testing/fixtures.ts';
import { fakeManagerHall, kiosk, managerLive, paperOut } from '../testing/manager-fixtures.ts';
import { mountPage } from '../testing/mount.ts';
import App from './App.vue';
import { useManagerStore } from './manager-store.ts';

const charts = vi.hoisted(() => ({ created: 0, options: [] as unknown[] }));
vi.mock('./chart-engine.ts', () => ({
  createChart: () => {
    charts.created++;
    return { setOption: (o: unknown) => charts.options.push(o), resize() {}, dispose() {} };
  },
}));

const settle = () => new Promise((r) => setTimeout(r, 0));

async function page() {
  const { wrapper } = mountPage(App, { hasToken: true });
  useClockStore().now = Date.parse('2025-03-03T02:00:00.000Z');
  const link = fakeLink();
  const api = fakeManagerHall();
  const manager = useManagerStore();
  useHallStore().attach(link);
  manager.use(api);
  manager.attach(link);
  manager.useBeeper({ beep: async () => 'blocked', unlock: async () => true });
  useServicesStore().byCode = {
    'CRJ-001': { code: 'CRJ-001', prefix: 'B', name: { 'zh-CN': '普通护照签发', en: 'Passport' } },
    'CRJ-002': { code: 'CRJ-002', prefix: 'B', name: { 'zh-CN': '往来港澳通行证签发', en: 'HK/Macao permit' } },
  };
  link.connection({ online: true });
  link.emit('queue:snapshot', snapshot(10));
  await settle();
  await nextTick();
  return { wrapper, link, api, manager };
}

/** The wall after closing window 3 (or pausing it, for a reason) was confirmed and the hall answered with `failure`. */
async function failedControl(failure: Error, pauseFor?: string) {
  const m = await page();
  m.api.next.push(failure);
  await m.wrapper.get(`[data-window="3"] [data-action=${pauseFor ? 'pause' : 'close'}]`).trigger('click');
  if (pauseFor) await m.wrapper.get('[data-test=pause-reason]').setValue(pauseFor);
  await m.wrapper.get('[data-test=confirm]').trigger('click');
  await settle();
  return m;
}

describe('the manager wall', () => {
  it('shows each service with its waiting, longest wait and averages, and the windows with clerk and state', async () => {
    const { wrapper } = await page();
    const row = wrapper.get('tr[data-code="CRJ-001"]');
    expect(row.text()).toContain('普通护照签发');
    expect(row.get('[data-test=waiting]').text()).toBe('4');
    expect(row.get('[data-test=longest]').text()).toBe('5:00');
    expect(row.text()).toContain('4:00'); // average wait 240 s
    expect(row.classes()).not.toContain('over-sla');
    const card = wrapper.get('[data-window="3"]');
    expect(card.attributes('data-state')).toBe('open');
    expect(card.get('[data-test=window-clerk]').text()).toContain('王芳');
    expect(wrapper.get('[data-test=ratings]').text()).toContain('4.50');
    expect(wrapper.get('[data-test=forecast] tr[data-forecast="CRJ-001"] [data-test=needed-now]').text()).toBe('2');
  });

  it('a service past its SLA turns red with the suggestion', async () => {
    const { wrapper, link } = await page();
    const suggestion = {
      action: 'open-window',
      windowNo: 11,
      windowName: '11号窗口 婚姻登记',
      windowState: 'closed',
      reason: 'closed',
      waitingAtWindow: 0,
    } as const;
    link.emit(
      'manager:live',
      managerLive({ at: '2025-03-03T02:00:01.000Z', services: managerLive().services.map((s) => ({ ...s, longestWaitS: 1900, overSla: true, suggestion })) }),
    );
    await nextTick();
    expect(wrapper.get('tr[data-code="CRJ-001"]').classes()).toContain('over-sla');
    const alert = wrapper.get('[data-test=sla-alerts] [data-code="CRJ-001"]');
    expect(alert.text()).toContain('超过 30 分钟时限');
    expect(alert.get('[data-test=suggestion]').text()).toBe('建议：开启 11号窗口 婚姻登记（已关闭）');
  });

  it('charts are created once and updated in place by setOption', async () => {
    const created = charts.created;
    const { link } = await page();
    expect(charts.created - created).toBe(3); // issued, served, forecast
    const before = charts.options.length;
    link.emit('manager:live', managerLive({ at: '2025-03-03T02:00:09.000Z' }));
    await nextTick();
    expect(charts.created - created).toBe(3);
    expect(charts.options.length).toBe(before + 2);
  });

  it('closing a window asks, then on LAST_WINDOW_FOR_SERVICE names the services and confirms anyway', async () => {
    const { wrapper, api, link } = await page();
    link.nextSnapshot = snapshot(12);
    api.next.push(new HallRefusal(409, 'LAST_WINDOW_FOR_SERVICE', 'x', { services: ['CRJ-001'] }));
    await wrapper.get('[data-window="3"] [data-action=close]').trigger('click');
    expect(wrapper.get('[data-test=control-dialog]').text()).toContain('关闭 3号窗口 出入境？');
    await wrapper.get('[data-test=confirm]').trigger('click');
    await settle();
    expect(wrapper.get('[data-test=last-window]').text()).toContain('普通护照签发');
    await wrapper.get('[data-test=confirm-anyway]').trigger('click');
    await settle();
    expect(api.changes.map((c) => c.change)).toEqual([{ state: 'closed' }, { state: 'closed', confirm: true }]);
    expect(wrapper.find('[data-test=control-dialog]').exists()).toBe(false);
  });

  it.each([
    [
      'a refusal of a pause, with its words',
      new HallRefusal(409, 'WINDOW_BUSY', 'The window is serving a ticket'),
      '午休',
      '操作失败：窗口正在办理（WINDOW_BUSY）',
    ],
    [
      'a refusal the wall has no words for, as a generic line',
      new HallRefusal(502, 'HTTP_502', 'Bad Gateway'),
      undefined,
      '操作失败：大厅未能完成此操作（HTTP_502）',
    ],
    ['a hall out of reach', new HallUnreachableError('PATCH /windows/{windowNo}: fetch failed'), undefined, '操作失败：无法连接大厅服务器（UNREACHABLE）'],
  ])('a failed control is said in the dialog with its code: %s', async (_, failure, pauseFor, words) => {
    const { wrapper } = await failedControl(failure, pauseFor);
    expect(wrapper.get('[data-test=control-error]').text()).toBe(words);
  });

  it('a dialog whose control failed stays open to try again', async () => {
    const { wrapper, api } = await failedControl(new HallUnreachableError('PATCH /windows/{windowNo}: fetch failed'));
    await wrapper.get('[data-test=confirm]').trigger('click');
    await settle();
    expect(api.changes.map((c) => c.change)).toEqual([{ state: 'closed' }, { state: 'closed' }]);
    expect(wrapper.find('[data-test=control-dialog]').exists()).toBe(false);
  });

  it('a device alarm shows, and says the sound is blocked', async () => {
    const { wrapper, link } = await page();
    link.emit('terminal:updated', kiosk([paperOut]));
    await settle();
    await nextTick();
    expect(wrapper.get('[data-test=alarm]').text()).toContain('打印纸用完');
    expect(wrapper.get('[data-test=alarm]').text()).toContain('取号机 1');
    expect(wrapper.find('[data-test=sound-blocked]').exists()).toBe(true);
  });

  it('the quota dialog sends the new daily quota', async () => {
    const { wrapper, api } = await page();
    await wrapper.get('tr[data-code="CRJ-001"] [data-test=quota]').trigger('click');
    await wrapper.get('[data-test=quota-input]').setValue('150');
    await wrapper.get('[data-test=confirm]').trigger('click');
    await settle();
    expect(api.quotas).toEqual([{ code: 'CRJ-001', quota: 150 }]);
  });
});
