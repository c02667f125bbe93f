// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { useSettingsStore } from './settings.ts';

beforeEach(() => setActivePinia(createPinia()));

describe('settings', () => {
  it('start in Simplified Chinese with normal type', () => {
    const s = useSettingsStore();
    expect(s.locale).toBe('zh-CN');
    expect(s.elderly).toBe(false);
    expect(s.timeouts.idleMs).toBe(60_000);
  });

  it('double every timeout and turn voice on in elderly mode', () => {
    const s = useSettingsStore();
    s.toggleElderly();
    expect(s.timeouts).toEqual({ idleMs: 120_000, ticketMs: 30_000, countdownMs: 10_000 });
    expect(s.voice).toBe(true);
  });

  it('ignore a language the kiosk does not have', () => {
    const s = useSettingsStore();
    s.setLocale('fr' as never);
    expect(s.locale).toBe('zh-CN');
    s.setLocale('zh-TW');
    expect(s.locale).toBe('zh-TW');
  });
});
