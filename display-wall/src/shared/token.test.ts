// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { DISPLAY_TOKEN_KEY, takeToken } from './token.ts';

describe('the display token', () => {
  beforeEach(() => localStorage.clear());

  it('is taken once from #token=, kept, and removed from the address bar', () => {
    history.replaceState(null, '', '/wall/?layout=portrait#token=secret-1');
    expect(takeToken(window, DISPLAY_TOKEN_KEY)).toBe('secret-1');
    expect(localStorage.getItem(DISPLAY_TOKEN_KEY)).toBe('secret-1');
    expect(location.pathname + location.search + location.hash).toBe('/wall/?layout=portrait');
  });

  it('leaves the rest of the fragment in place', () => {
    history.replaceState(null, '', '/window/3#token=secret-2&lang=en');
    expect(takeToken(window, DISPLAY_TOKEN_KEY)).toBe('secret-2');
    expect(location.pathname + location.hash).toBe('/window/3#lang=en');
  });

  it('is still taken from ?token= for old bookmarks, and removed from the address bar', () => {
    history.replaceState(null, '', '/wall/?layout=portrait&token=secret-1');
    expect(takeToken(window, DISPLAY_TOKEN_KEY)).toBe('secret-1');
    expect(localStorage.getItem(DISPLAY_TOKEN_KEY)).toBe('secret-1');
    expect(location.pathname + location.search).toBe('/wall/?layout=portrait');
  });

  it('replaces a kept token when a new one is given', () => {
    localStorage.setItem(DISPLAY_TOKEN_KEY, 'old');
    history.replaceState(null, '', '/wall/#token=new');
    expect(takeToken(window, DISPLAY_TOKEN_KEY)).toBe('new');
    expect(localStorage.getItem(DISPLAY_TOKEN_KEY)).toBe('new');
  });

  it('is found again after a reload without the parameter', () => {
    localStorage.setItem(DISPLAY_TOKEN_KEY, 'kept');
    history.replaceState(null, '', '/window/3');
    expect(takeToken(window, DISPLAY_TOKEN_KEY)).toBe('kept');
  });

  it('is absent when never given', () => {
    history.replaceState(null, '', '/wall/');
    expect(takeToken(window, DISPLAY_TOKEN_KEY)).toBeUndefined();
  });
});
