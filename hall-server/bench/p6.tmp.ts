import { runP6 } from './p6-memory.ts';
const f = await runP6({ tickets: 20000 });
console.log('RESULT', process.env.HALL_BENCH_NODE_ARGS ?? '', process.env.MALLOC_ARENA_MAX ?? '', f.map((x) => `${x.measured.toFixed(0)} MB (start ${x.floor?.toFixed(0)})`).join(' '));
