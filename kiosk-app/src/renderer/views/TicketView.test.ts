// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { useSessionStore } from '../stores/session.ts';
import { maskedCard, ticketFor } from '../testing/fake-kiosk-api.ts';
import { mountKiosk } from '../testing/mount.ts';
import TicketView from './TicketView.vue';

async function ticketScreen(options: { offline?: boolean; printed?: boolean } = {}) {
  const m = await mountKiosk(TicketView);
  m.api.nextIssue = { ticket: ticketFor('HJ-001', { offline: options.offline ?? false }), printed: options.printed ?? true };
  m.api.emit('card', maskedCard());
  const session = useSessionStore();
  session.chooseService('HJ-001');
  await session.confirm();
  await nextTick();
  return m;
}

const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 50 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('the ticket screen', () => {
  it('shows the number, window, people ahead and wait', async () => {
    const { wrapper } = await ticketScreen();
    expect(wrapper.find('[data-test="ticket-number"]').text()).toBe('A012');
    expect(wrapper.find('[data-test="ticket-window"]').text()).toBe('3、4 号窗口');
    expect(wrapper.find('[data-test="ticket-ahead"]').text()).toBe('前面还有 4 人');
    expect(wrapper.text()).toContain('预计等候约 16 分钟');
  });

  it('shows the visitor only masked', async () => {
    const { wrapper } = await ticketScreen();
    expect(wrapper.find('[data-test="ticket-visitor"]').text()).toBe('张*明 · 3301**********1234');
  });

  it('shows a QR code of the tracking URL', async () => {
    const { wrapper } = await ticketScreen();
    await waitFor(() => wrapper.find('[data-test="ticket-qr"]').exists());
    const src = wrapper.find('[data-test="ticket-qr"]').attributes('src') ?? '';
    expect(src.startsWith('data:image/svg+xml')).toBe(true);
    expect(decodeURIComponent(src)).toContain('<svg');
  });

  it('says when the ticket was issued offline', async () => {
    const online = await ticketScreen();
    expect(online.wrapper.find('[data-test="ticket-offline"]').exists()).toBe(false);
    const offline = await ticketScreen({ offline: true });
    expect(offline.wrapper.find('[data-test="ticket-offline"]').text()).toContain('自动同步');
  });

  it('tells the visitor to note the number when the ticket did not print', async () => {
    const { wrapper } = await ticketScreen({ printed: false });
    expect(wrapper.find('[data-test="ticket-not-printed"]').exists()).toBe(true);
  });

  it('returns to the attract screen on a tap, forgetting the visitor', async () => {
    const { wrapper, api } = await ticketScreen();
    await wrapper.find('[data-test="done"]').trigger('click');
    const session = useSessionStore();
    expect(session.step).toBe('attract');
    expect(session.ticket).toBeNull();
    expect(api.callCount('forgetVisitor')).toBe(1);
  });
});
