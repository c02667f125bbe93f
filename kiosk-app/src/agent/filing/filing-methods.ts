/**
 * The filing role's methods of the kiosk API, as the device host routes
 * them to the filing desk.
 */
import type { Serial } from '@hall/common';
import type { SubmitFilingRequest } from '../../shared/kiosk-api.ts';
import type { RoleHandlers } from '../../shared/kiosk-methods.ts';
import type { StaffSession } from '../staff.ts';
import type { FilingDesk } from './filing-desk.ts';

export function filingMethods(desk: FilingDesk, options: { serial: Serial; staff: StaffSession }): RoleHandlers<'filing'> {
  const submitting = new Map<string, Promise<unknown>>();
  /**
   * One submit at a time with everything else that prints (it may issue and
   * print a ticket too), and the same request asked again while it runs (a
   * double tap) gets that submit's answer instead of filing twice.
   */
  const submit = (request: SubmitFilingRequest): Promise<unknown> => {
    const key = JSON.stringify(request);
    const running = submitting.get(key);
    if (running) return running;
    const run = options.serial(() => desk.submit(request));
    submitting.set(key, run);
    const clear = () => submitting.delete(key);
    run.then(clear, clear);
    return run;
  };
  return {
    filingServices: () => desk.services(),
    filingGuide: (serviceCode) => desk.guide(serviceCode),
    visitor: () => desk.visitor(),
    identifyCompany: (uscc) => desk.identifyCompany(uscc),
    stagePage: (request) => desk.stagePage(request),
    dropPage: (pageId) => desk.dropPage(pageId),
    myMaterials: () => desk.myMaterials(),
    submitFiling: submit,
    lookupFiling: (code) => desk.lookup(code),
    myFilings: () => desk.myFilings(),
    undeliveredFilings: () => {
      options.staff.require();
      return desk.undelivered();
    },
  };
}
