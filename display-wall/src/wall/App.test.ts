// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { useHallStore } from '../shared/hall-store.ts';
import { useServicesStore } from '../shared/services-store.ts';
import { called, fakeLink, snapshot } from '../testing/fixtures.ts';
import { mountPage } from '../testing/mount.ts';
import App from './App.vue';
import { useAnnouncerStore } from './stores/announcer.ts';
import { useNoticesStore } from './stores/notices.ts';

function wall(layout: 'landscape' | 'portrait' = 'landscape') {
  const { wrapper } = mountPage(App, { layout });
  const link = fakeLink();
  const hall = useHallStore();
  hall.attach(link);
  link.connection({ online: true });
  link.emit('queue:snapshot', snapshot(10, { recentCalls: [called(9, 'B002', 5), called(8, 'A001', 1)] }));
  useServicesStore().byCode = { 'CRJ-001': { code: 'CRJ-001', prefix: 'B', name: { 'zh-CN': '普通护照签发', en: 'Passport' } } };
  return { wrapper, link, hall };
}

describe('the hall wall', () => {
  it('shows the call just made, large, with its window, and blinks it', async () => {
    const { wrapper, link } = wall();
    link.emit('ticket:called', called(11, 'A012', 3));
    await nextTick();
    expect(wrapper.get('[data-test=now-number]').text()).toBe('A012');
    expect(wrapper.get('[data-test=now-window]').text()).toBe('请到 3 号窗口');
    expect(wrapper.get('[data-test=now-calling]').classes()).toContain('blinking');
  });

  it('lists the earlier calls under recent calls, newest first', async () => {
    const { wrapper, link } = wall();
    link.emit('ticket:called', called(11, 'A012', 3));
    await nextTick();
    expect(wrapper.findAll('[data-test=recent] li .number').map((n) => n.text())).toEqual(['B002', 'A001']);
  });

  it('a call listed by the snapshot after a reload does not blink', async () => {
    const { wrapper } = wall();
    await nextTick();
    expect(wrapper.get('[data-test=now-number]').text()).toBe('B002');
    expect(wrapper.get('[data-test=now-calling]').classes()).not.toContain('blinking');
  });

  it('shows waiting and estimated wait per service by name, longest queue first, leaving out services nobody can be called for', async () => {
    const { wrapper, link } = wall();
    link.emit('queue:updated', {
      seq: 11,
      services: [{ code: 'CRJ-002', waiting: 1, longestWaitS: 0, estimatedWaitMinutes: 3, windowsOpen: 1, issuedToday: 2 }],
    });
    await nextTick();
    expect(wrapper.findAll('[data-test=waiting] li').map((r) => r.attributes('data-code'))).toEqual(['CRJ-001', 'CRJ-002']);
    link.emit('queue:updated', {
      seq: 12,
      services: [{ code: 'CRJ-002', waiting: 6, longestWaitS: 0, estimatedWaitMinutes: 9, windowsOpen: 1, issuedToday: 7 }],
    });
    await nextTick();
    expect(wrapper.findAll('[data-test=waiting] li').map((r) => r.attributes('data-code'))).toEqual(['CRJ-002', 'CRJ-001']);
    const rows = wrapper.findAll('[data-test=waiting] li');
    expect(rows[1]!.text()).toContain('普通护照签发');
    expect(rows[1]!.text()).toContain('4 人等候');
    expect(rows[1]!.text()).toContain('约 12 分钟');
  });

  it('marks itself offline while the hall is unreachable', async () => {
    const { wrapper, link } = wall();
    await nextTick();
    expect(wrapper.find('[data-test=offline]').exists()).toBe(false);
    link.connection({ online: false });
    await nextTick();
    expect(wrapper.find('[data-test=offline]').exists()).toBe(true);
  });

  it('shows that sound is off, and a tap on the badge turns it on', async () => {
    const { wrapper } = wall();
    let sound = false;
    useAnnouncerStore().useEngine({ name: 'fake', audible: () => sound, unlock: async () => (sound = true), speak: async () => 'spoken' });
    await nextTick();
    const badge = wrapper.get('[data-test=sound-off]');
    expect(badge.text()).toContain('声音未开启 — 点击开启');
    await badge.trigger('click');
    await new Promise((r) => setTimeout(r, 0));
    expect(wrapper.find('[data-test=sound-off]').exists()).toBe(false);
  });

  it('shows the hall’s notices and lays out for portrait screens', async () => {
    const { wrapper } = wall('portrait');
    useNoticesStore().set(['午休时间 12:00–13:30 照常办理']);
    await nextTick();
    expect(wrapper.get('[data-test=notices]').text()).toContain('午休时间');
    expect(wrapper.get('[data-test=wall]').classes()).toContain('portrait');
  });
});
