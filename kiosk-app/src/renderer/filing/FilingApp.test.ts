// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import Root from '../Root.vue';
import { COMPANY_USCC, FakeKioskApi, maskedCard, myMaterial, TRACKING_CODE, TRACKING_CODE_BAD } from '../testing/fake-kiosk-api.ts';
import { settle } from '../testing/mount.ts';
import { mountFiling } from '../testing/mount-filing.ts';
import { useFilingVisitStore } from './stores/visit.ts';

afterEach(() => {
  document.documentElement.className = '';
});

async function filingMachine(prepare: (api: FakeKioskApi) => void = () => {}) {
  const api = new FakeKioskApi();
  prepare(api);
  const m = await mountFiling(Root, { api });
  // The filing view is loaded lazily; its first import is transformed on demand, which takes seconds on a loaded machine.
  await vi.waitFor(() => expect(m.wrapper.find('[data-test="filing"]').exists()).toBe(true), { timeout: 10_000 });
  await settle();
  const $ = (test: string) => m.wrapper.find(`[data-test="${test}"]`);
  const click = async (test: string) => {
    const el = $(test);
    if (!el.exists()) throw new Error(`no ${test} on ${m.wrapper.find('[data-test="filing"]').attributes('data-step')}`);
    await el.trigger('click');
    await settle();
  };
  const step = () => m.wrapper.find('[data-test="filing"]').attributes('data-step');
  return { ...m, $, click, step };
}

describe('the filing machine', () => {
  it('is what a terminal whose role is filing shows', async () => {
    const { $, api } = await filingMachine();
    expect($('kiosk').exists()).toBe(false);
    expect($('view-attract').text()).toContain('开始申报');
    expect(api.callCount('filingServices')).toBe(1);
  });

  it('takes a swiped card to the items, showing closed items and why they cannot be chosen', async () => {
    const { $, api, step } = await filingMachine();
    api.emit('card', maskedCard());
    await settle();
    expect(step()).toBe('items');
    expect($('visitor').text()).toContain('张*明');
    expect($('filing-item-HJ-001').attributes('disabled')).toBeUndefined();
    expect($('filing-item-GJJ-002').attributes('disabled')).toBeDefined();
    expect($('filing-item-GJJ-002-closed').text()).toBe('当前不在受理时间');
    expect($('filing-item-SCJG-002-closed').text()).toBe('仅限企业申报');
  });

  it('files from card to receipt: guide, prefilled form, reused materials with consent, a linked ticket, and a wipe at the end', async () => {
    let release!: () => void;
    const { $, api, click, step, wrapper } = await filingMachine((a) => {
      a.myMaterialsValue = [myMaterial('id-card'), myMaterial('hukou-book')];
      a.submitGate = new Promise<void>((r) => (release = r));
    });
    api.emit('card', maskedCard());
    await settle();
    await click('filing-item-HJ-001');
    expect(step()).toBe('guide');
    expect(wrapper.findAll('[data-test="guide"] ol li').map((li) => li.text())).toEqual(['在本区有合法稳定住所', '与户主为直系亲属关系']);
    expect($('guide').text()).toContain('《中华人民共和国户口登记条例》第十三条');
    expect($('guide').text()).toContain('未满 16 周岁的由监护人代为申报');
    expect($('guide-time-limit').text()).toBe('法定 20 个工作日 · 承诺 5 个工作日');
    expect($('guide-fees').text()).toBe('不收费');

    await click('guide-next');
    expect(step()).toBe('form');
    expect(($('form-field-name').element as HTMLInputElement).value).toBe('张*明');
    await $('form-field-phone').setValue('13800138000');
    await $('form-field-fromAddress').setValue('杭州市上城区清波街道 12 号');
    await click('form-field-reason-house');
    await click('form-next');
    expect(step()).toBe('materials');

    await $('material-id-card-reuse-mm-id-card').setValue(true);
    await $('material-hukou-book-reuse-mm-hukou-book').setValue(true);
    await $('reuse-consent').setValue(true);
    await click('materials-next');
    expect(step()).toBe('review');
    expect($('review-item').text()).toBe('户口迁入登记');
    expect($('review-applicant').text()).toBe('张*明 3301**********1234');
    expect($('review-field-reason').text()).toBe('购房落户');
    expect($('review-material-id-card').text()).toBe('使用我的材料');
    expect($('review-material-house-deed').text()).toBe('未提交');

    await $('take-ticket').setValue(true);
    await click('review-submit');
    expect(step()).toBe('submitting');
    expect($('submit-progress').text()).toBe('正在上传材料（0/0）');
    release();
    await settle();
    expect(step()).toBe('receipt');
    expect($('receipt-code').text()).toBe(TRACKING_CODE);
    expect($('receipt-ticket').text()).toContain('A012');
    expect(api.calls.submitFiling![0]![0]).toMatchObject({
      serviceCode: 'HJ-001',
      form: { name: '张*明', idNumber: '3301**********1234', phone: '13800138000', fromAddress: '杭州市上城区清波街道 12 号', reason: 'house' },
      reuseConsent: true,
      keepForReuse: false,
      takeTicket: true,
    });

    await click('done');
    expect(step()).toBe('attract');
    expect(api.callCount('forgetVisitor')).toBe(1);
    expect(wrapper.text()).not.toContain('张*明');
  });

  it('lets a company identify by typing its credit code; a wrong code is refused and can be typed again', async () => {
    const { $, api, click, step } = await filingMachine();
    await click('start');
    await click('type-uscc');
    await $('uscc-input').setValue('91330106MA2KXY3R42');
    await click('submit-uscc');
    expect(step()).toBe('refused');
    expect($('error').text()).toBe('统一社会信用代码有误，请核对');
    await click('back');
    expect(step()).toBe('company');
    await $('uscc-input').setValue(COMPANY_USCC.toLowerCase());
    await click('submit-uscc');
    expect(step()).toBe('items');
    expect(api.calls.identifyCompany!.at(-1)).toEqual([COMPANY_USCC]);
    expect($('visitor').text()).toContain('申报企业');
    expect($('filing-item-HJ-001-closed').text()).toBe('仅限个人申报');
    expect($('filing-item-SCJG-002').attributes('disabled')).toBeUndefined();
  });

  it('identifies a company from its business licence scanned on the attract screen', async () => {
    const { api, step } = await filingMachine();
    api.emit('scan', { kind: 'uscc', text: COMPANY_USCC, at: '2025-03-03T09:00:00.000Z' });
    await settle();
    expect(step()).toBe('items');
    expect(api.calls.identifyCompany).toEqual([[COMPANY_USCC]]);
  });

  it('sends the visitor back to the form with the hall’s words when the hall finds the form invalid', async () => {
    const { $, api, click, step } = await filingMachine((a) => {
      a.nextFiling = {
        code: 'FORM_INVALID',
        details: { fields: [{ key: 'fromAddress', code: 'PATTERN', message: { 'zh-CN': '迁出地址须写到门牌号', en: 'Give the house number' } }] },
      };
      a.guides['HJ-001']!.materials.forEach((m) => (m.required = false));
    });
    api.emit('card', maskedCard());
    await settle();
    await click('filing-item-HJ-001');
    await click('guide-next');
    await $('form-field-phone').setValue('13800138000');
    await $('form-field-fromAddress').setValue('上城区');
    await click('form-field-reason-work');
    await click('form-next');
    await click('materials-next');
    await click('review-submit');
    expect(step()).toBe('form');
    expect($('form-error-fromAddress').text()).toBe('迁出地址须写到门牌号');
  });

  it('refuses a mistyped tracking code at once, before looking anything up', async () => {
    const { $, api, click, step } = await filingMachine();
    await click('lookup');
    expect(step()).toBe('lookup');
    for (const k of TRACKING_CODE_BAD.replaceAll('-', '')) await click(`key-${k}`);
    expect(($('lookup-code').element as HTMLInputElement).value).toBe(TRACKING_CODE_BAD);
    expect($('lookup-problem').text()).toBe('查询码有误，请核对回执上的号码');
    expect($('submit-lookup').attributes('disabled')).toBeDefined();
    expect(api.callCount('lookupFiling')).toBe(0);
  });

  it('says at once that U is never in a tracking code', async () => {
    const { $, click } = await filingMachine();
    await click('lookup');
    await click('key-U');
    expect($('lookup-problem').text()).toBe('查询码只有数字和字母（没有字母 U），请核对');
  });

  it('finds a filing by its tracking code, read the way Crockford does (o for 0, l for 1)', async () => {
    const { $, api, click, step } = await filingMachine((a) => {
      a.filings.set(TRACKING_CODE, { ...a.filings.get(TRACKING_CODE)!, status: 'returned', returnReason: '户口簿复印件不清晰' });
    });
    await click('lookup');
    await $('lookup-code').setValue(TRACKING_CODE.toLowerCase().replaceAll('0', 'o').replaceAll('1', 'l'));
    expect($('lookup-problem').exists()).toBe(false);
    await click('submit-lookup');
    expect(step()).toBe('lookup-result');
    expect(api.calls.lookupFiling).toEqual([[TRACKING_CODE]]);
    expect($('lookup-status').text()).toBe('已退回，请补正');
    expect($('lookup-return-reason').text()).toBe('退回原因：户口簿复印件不清晰');
    expect($('lookup-due').exists()).toBe(true);
  });

  it('lists every filing of an ID card swiped on the lookup screen, saying which are still waiting to be sent', async () => {
    const { $, api, click, step } = await filingMachine((a) => {
      a.myFilingsValue = [
        {
          trackingCode: '301A-03W0-882R',
          serviceCode: 'HJ-001',
          serviceName: { 'zh-CN': '户口迁入登记', en: 'Moving in' },
          status: 'submitted',
          submittedAt: '2025-03-03T09:00:00.000Z',
          pending: true,
        },
        {
          trackingCode: TRACKING_CODE,
          serviceCode: 'HJ-001',
          serviceName: { 'zh-CN': '户口迁入登记', en: 'Moving in' },
          status: 'done',
          submittedAt: '2025-02-01T09:00:00.000Z',
        },
      ];
    });
    await click('lookup');
    api.emit('card', maskedCard());
    await settle();
    expect(step()).toBe('lookup-result');
    expect($('lookup-result-301A-03W0-882R').find('[data-test="lookup-pending"]').exists()).toBe(true);
    expect($(`lookup-result-${TRACKING_CODE}`).find('[data-test="lookup-status"]').text()).toBe('已办结');
  });

  it('wipes the visitor after 90 s without a touch, with a countdown over the last 10 s', async () => {
    const { $, api, step } = await filingMachine();
    const visit = useFilingVisitStore();
    api.emit('card', maskedCard());
    await settle();
    visit.touch(1_000);
    visit.tick(1_000 + 81_000);
    await settle();
    expect($('idle-countdown').text()).toContain('9 秒后返回首页');
    visit.tick(1_000 + 90_000);
    await settle();
    expect(step()).toBe('attract');
    expect(api.callCount('forgetVisitor')).toBe(1);
    expect(visit.visitor).toBeNull();
  });

  it('starts the visitor over when the device service comes back without them (it restarted)', async () => {
    const { $, api, link, step } = await filingMachine();
    api.emit('card', maskedCard());
    await settle();
    link.set(false);
    await settle();
    api.visitorValue = null;
    link.set(true);
    await settle();
    expect(step()).toBe('refused');
    expect($('error').text()).toBe('设备服务重新启动过，本次申报需要重新开始，请重新刷证');
  });

  it('does not send a card swiped at the filing machine to the ticket kiosk’s screens', async () => {
    const { api, step } = await filingMachine();
    api.emit('card', maskedCard());
    await settle();
    expect(step()).toBe('items');
    expect(api.callCount('services')).toBeGreaterThan(0);
    expect(api.callCount('issueTicket')).toBe(0);
  });

  it('shows staff the offline filings the hall refused, with the hall’s reason, and none of the applicant', async () => {
    const { $, api, click, step } = await filingMachine((a) => {
      a.undeliveredValue = [
        {
          trackingCode: TRACKING_CODE,
          serviceCode: 'SCJG-002',
          serviceName: { 'zh-CN': '个体工商户设立登记', en: 'Sole proprietorship registration' },
          submittedAt: '2026-12-01T02:00:00.000Z',
          refusedAt: '2026-12-01T03:00:00.000Z',
          hallCode: 'REUSE_NOT_ALLOWED',
        },
      ];
    });
    useFilingVisitStore().openStaff();
    await settle();
    expect(step()).toBe('staff-pin');
    for (const k of api.staffPin) await click(`key-${k}`);
    await click('staff-login');
    expect(step()).toBe('staff');
    await vi.waitFor(() => expect($(`undelivered-${TRACKING_CODE}`).exists()).toBe(true));
    const row = $(`undelivered-${TRACKING_CODE}`).text();
    expect(row).toContain('个体工商户设立登记');
    expect(row).toContain('所选的“我的材料”已失效');
    expect(row).toContain('REUSE_NOT_ALLOWED');
    expect(api.callCount('undeliveredFilings')).toBe(1);
  });

  it('tells staff when no offline filing was refused', async () => {
    const { $, click, api } = await filingMachine();
    useFilingVisitStore().openStaff();
    await settle();
    for (const k of api.staffPin) await click(`key-${k}`);
    await click('staff-login');
    await vi.waitFor(() => expect($('undelivered-none').exists()).toBe(true));
  });
});
