import { createTestingPinia } from '@pinia/testing';
import { mount } from '@vue/test-utils';
import { vi } from 'vitest';
import type { Component } from 'vue';
import { createDisplayI18n } from '../shared/i18n/index.ts';

/** Mounts a page with real store logic (actions not stubbed) and zh-CN messages. */
export function mountPage(component: Component, props: Record<string, unknown> = {}) {
  const pinia = createTestingPinia({ createSpy: vi.fn, stubActions: false });
  const wrapper = mount(component, { props, global: { plugins: [pinia, createDisplayI18n('zh-CN')] } });
  return { wrapper, pinia };
}
