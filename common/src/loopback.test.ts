import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from './loopback.ts';

describe('what counts as this machine', () => {
  it.each(['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1', '0:0:0:0:0:0:0:1'])('%s stays on the machine', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each(['192.0.2.2', '::ffff:192.0.2.2', 'fd00::2', '0.0.0.0', '::', 'hall.example.gov.cn', '127.0.0.1.example.com', '128.0.0.1', ''])(
    '%s does not',
    (host) => {
      expect(isLoopbackHost(host)).toBe(false);
    },
  );
});
