// The bench's floor: the least a page can do with a call — receive the same socket.io event and paint its number.
import { io } from 'socket.io-client';

const token = new URL(location.href).searchParams.get('token') ?? '';
const el = document.getElementById('number')!;
const log: { paints: { number: string; windowNo: number; at: number }[] } = { paints: [] };
(window as unknown as { __wall: typeof log }).__wall = log;
(window as unknown as { __online: () => boolean }).__online = () => socket.connected;
const socket = io('/display', { auth: { token }, transports: ['websocket', 'polling'] });
socket.on('ticket:called', (call: { number: string; windowNo: number }) => {
  el.textContent = `${call.number} → ${call.windowNo}`;
  requestAnimationFrame(() => log.paints.push({ number: call.number, windowNo: call.windowNo, at: performance.timeOrigin + performance.now() }));
});
