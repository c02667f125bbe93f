// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { demoServices, service } from '../testing/fake-kiosk-api.ts';
import { isOffered, useServicesStore } from './services.ts';

beforeEach(() => setActivePinia(createPinia()));

describe('services offered to visitors', () => {
  it('are only those issuing now with quota left (no quota means no limit)', () => {
    const store = useServicesStore();
    store.setServices(demoServices());
    expect(store.offered.map((s) => s.code)).toEqual(['HJ-001', 'HJ-003', 'CRJ-001', 'GJJ-001']);
  });

  it('drop a service the moment a services event says its quota ran out', () => {
    const store = useServicesStore();
    store.setServices([service('X', { quotaLeft: 1 })]);
    expect(store.offered).toHaveLength(1);
    store.setServices([service('X', { quotaLeft: 0 })]);
    expect(store.offered).toHaveLength(0);
    expect(isOffered(service('Y', { issuingNow: false }))).toBe(false);
  });

  it('list only categories that have something to offer, in catalogue order', () => {
    const store = useServicesStore();
    store.setServices(demoServices());
    expect(store.categories).toEqual(['户籍', '出入境', '公积金']);
  });

  it('narrow to the chosen category', () => {
    const store = useServicesStore();
    store.setServices(demoServices());
    store.chooseCategory('出入境');
    expect(store.visible.map((s) => s.code)).toEqual(['CRJ-001']);
  });

  it('search every category by pinyin initials from the on-screen keyboard', () => {
    const store = useServicesStore();
    store.setServices(demoServices());
    store.chooseCategory('出入境');
    for (const k of 'HK') store.typeSearch(k);
    expect(store.visible.map((s) => s.code)).toEqual(['HJ-001']);
    store.eraseSearch();
    store.eraseSearch();
    for (const k of 'GJJ') store.typeSearch(k);
    expect(store.visible.map((s) => s.code)).toEqual(['GJJ-001']);
  });

  it('search English names too', () => {
    const store = useServicesStore();
    store.setServices(demoServices());
    for (const k of 'PASSPORT') store.typeSearch(k);
    expect(store.visible.map((s) => s.code)).toEqual(['CRJ-001']);
  });

  it('never find a service that is not offered', () => {
    const store = useServicesStore();
    store.setServices(demoServices());
    for (const k of 'QYSL') store.typeSearch(k);
    expect(store.visible).toEqual([]);
  });

  it('forget the visitor’s category and search', () => {
    const store = useServicesStore();
    store.setServices(demoServices());
    store.chooseCategory('户籍');
    store.typeSearch('H');
    store.clearVisitorInput();
    expect(store.category).toBeNull();
    expect(store.search).toBe('');
  });

  it('let go of a chosen category that no longer offers anything', () => {
    const store = useServicesStore();
    store.setServices(demoServices());
    store.chooseCategory('出入境');
    store.setServices(demoServices().filter((s) => s.category !== '出入境'));
    expect(store.category).toBeNull();
  });
});
