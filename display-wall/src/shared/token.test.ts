// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { DISPLAY_TOKEN_KEY, takeToken } from './token.ts';

describe('the display token', () => {
  beforeEach(() => localStorage.clear());

  it('is taken once from ?token=, kept, and removed from the address bar', () => {
    history.replaceState(null, '', '/wall/?layout=portrait&token=secret-1');
    expect(takeToken(window, DISPLAY_TOKEN_KEY)).toBe('secret-1');
    expect(localStorage.getItem(DISPLAY_TOKEN_KEY)).toBe('secret-1');
    expect(location.pathname + location.search).toBe('/wall/?layout=portrait');
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
