/**
 * How `hall-server serve` runs Node. A hall server lives for months on a
 * small box beside other services, and most of its memory is not its data:
 * V8 grows each young-generation semi-space to 16 MB (three of them live at
 * once, about 48 MB), although what a request allocates dies within
 * microseconds; and glibc gives every thread that allocates its own 64 MB
 * malloc arena (the workers, libuv's pool, V8's helpers), each keeping its
 * freed pages. With a 1 MB semi-space and two arenas, the server measured
 * 40 to 50 MB less RSS for the same day of tickets and walls (bench P6), at
 * no cost in issue throughput that the benches could see (P3).
 * `--optimize-for-size` makes V8 grow its old generation in smaller steps and
 * give pages back sooner after a burst: another 60 MB less after issuing
 * 100,000 tickets in a minute and a half (P6: 297 → 235 MB in one pair of
 * runs), again with no change in P3.
 *
 * `bin/hall-server.js` restarts itself with these before `serve` runs
 * (`process.execve`, the same process id, so a service manager sees one
 * process); the bench's hall child runs with the same.
 */
export const SERVE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1', '--optimize-for-size'];

export const SERVE_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };

/** Set in the environment of the restarted process, so it does not restart again. */
export const TUNED_MARK = 'HALL_SERVE_TUNED';
