// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { useSessionStore } from '../stores/session.ts';
import { useSettingsStore } from '../stores/settings.ts';
import { maskedCard } from '../testing/fake-kiosk-api.ts';
import { mountKiosk } from '../testing/mount.ts';
import ServicesView from './ServicesView.vue';

async function services() {
  const m = await mountKiosk(ServicesView);
  m.api.emit('card', maskedCard());
  await nextTick();
  return m;
}

const rows = (w: { findAll(sel: string): { attributes(name: string): string | undefined }[] }) =>
  w.findAll('[data-test^="service-"]').map((r) => r.attributes('data-test'));

describe('the service list', () => {
  it('shows only services issuing now with quota left, each with its waiting count and wait', async () => {
    const { wrapper } = await services();
    expect(rows(wrapper)).toEqual(['service-HJ-001', 'service-HJ-003', 'service-CRJ-001', 'service-GJJ-001']);
    const first = wrapper.find('[data-test="service-HJ-001"]').text();
    expect(first).toContain('户口迁入登记');
    expect(first).toContain('等候 4 人');
    expect(first).toContain('约 16 分钟');
    expect(wrapper.find('[data-test="service-CRJ-001"]').text()).toContain('今日余号 12');
  });

  it('shows a large tile per category with something to offer, and narrows to it', async () => {
    const { wrapper } = await services();
    expect(wrapper.findAll('.categories .tile').map((t) => t.text())).toEqual(['全部', '户籍', '出入境', '公积金']);
    const chosen = () => wrapper.findAll('.categories [aria-checked="true"]').map((t) => t.text());
    expect(chosen()).toEqual(['全部']);
    await wrapper.find('[data-test="category-出入境"]').trigger('click');
    expect(rows(wrapper)).toEqual(['service-CRJ-001']);
    expect(chosen()).toEqual(['出入境']);
    await wrapper.find('[data-test="category-all"]').trigger('click');
    expect(rows(wrapper)).toHaveLength(4);
  });

  it('searches by pinyin initials typed on the on-screen keyboard', async () => {
    const { wrapper } = await services();
    expect(wrapper.find('[data-test="key-H"]').exists()).toBe(false);
    await wrapper.find('[data-test="search"]').trigger('click');
    await wrapper.find('[data-test="key-H"]').trigger('click');
    await wrapper.find('[data-test="key-K"]').trigger('click');
    expect(wrapper.find('[data-test="search-text"]').text()).toBe('HK');
    expect(rows(wrapper)).toEqual(['service-HJ-001']);
    await wrapper.find('[data-test="key-clear"]').trigger('click');
    expect(rows(wrapper)).toHaveLength(4);
  });

  it('says so when nothing matches', async () => {
    const { wrapper } = await services();
    await wrapper.find('[data-test="search"]').trigger('click');
    for (const k of 'XXX') await wrapper.find(`[data-test="key-${k}"]`).trigger('click');
    expect(rows(wrapper)).toEqual([]);
    expect(wrapper.find('[data-test="no-match"]').exists()).toBe(true);
  });

  it('shows names and categories in English when the visitor switched language', async () => {
    const { wrapper } = await services();
    useSettingsStore().setLocale('en');
    await nextTick();
    expect(wrapper.find('[data-test="service-CRJ-001"]').text()).toContain('Ordinary passport issuance');
    expect(wrapper.find('[data-test="category-出入境"]').text()).toBe('Exit & entry');
  });

  it('goes on to confirmation when a service is tapped', async () => {
    const { wrapper } = await services();
    await wrapper.find('[data-test="service-GJJ-001"]').trigger('click');
    const session = useSessionStore();
    expect(session.step).toBe('confirm');
    expect(session.chosenServiceCode).toBe('GJJ-001');
  });

  it('points to the service desk when the printer is out of paper', async () => {
    const { wrapper, api } = await services();
    api.emit(
      'devices',
      api.devicesValue.map((d) => (d.device === 'printer' ? { ...d, state: 'error' as const, code: 'PAPER_OUT' } : d)),
    );
    await nextTick();
    expect(wrapper.find('[data-test="issue-blocked"]').text()).toContain('服务台');
  });
});
