/**
 * Whether a host name or an address stays on this machine: `localhost`,
 * `127.0.0.0/8` (also as an IPv4-mapped IPv6 address, the way a dual-stack
 * server reports a local client) and `::1`, bracketed or not. Plain HTTP and
 * the hall's `/metrics` are allowed there and nowhere else.
 */
const IPV4_LOOPBACK = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1' || bare === '0:0:0:0:0:0:0:1') return true;
  return IPV4_LOOPBACK.test(bare.startsWith('::ffff:') ? bare.slice(7) : bare);
}
