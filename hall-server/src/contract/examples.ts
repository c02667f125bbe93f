/**
 * Worked calls of the hall's main flows, for the OpenAPI document: issuing a
 * ticket, calling the next one, booking an appointment, submitting a filing.
 * Each is attached to its contract entry (`example`) and checked against that
 * entry's own schemas (examples.test.ts), so a change to a schema that would
 * make an example wrong fails a test instead of misleading an integrator.
 *
 * The ID numbers are made up and pass only the check-digit rule; the names
 * are the kind found on sample forms.
 */
import type { OperationExample } from './define.ts';

const hukou = { 'zh-CN': '户口迁入登记', en: 'Household registration: moving in' };
const passport = { 'zh-CN': '普通护照签发', en: 'Ordinary passport issuance' };
const ticketId = '01a251d3-0a06-7332-8816-b0d4638c83bd';
const issuedTicket = {
  id: ticketId,
  number: 'A012',
  serviceCode: '330106-HJ-001',
  serviceName: hukou,
  status: 'waiting',
  source: 'kiosk',
  issuedAt: '2026-12-09T01:12:30.000Z',
  recallCount: 0,
  waitingAhead: 4,
  estimatedWaitMinutes: 18,
  identity: { kind: 'citizen', masked: '330***********001X' },
  rated: false,
};

export const issueTicketExample: OperationExample = {
  summary: 'A kiosk issues a 户籍 ticket to a visitor whose ID card it read',
  body: { serviceCode: '330106-HJ-001', idNumber: '33010619850312001X' },
  answer: { status: 201, body: issuedTicket },
};

export const callNextExample: OperationExample = {
  summary: "Window 1's clerk calls the next visitor",
  params: { windowNo: 1 },
  answer: {
    status: 200,
    body: { ...issuedTicket, status: 'called', calledAt: '2026-12-09T01:31:05.000Z', windowNo: 1, waitingAhead: 0, estimatedWaitMinutes: 0 },
  },
};

export const createAppointmentExample: OperationExample = {
  summary: 'The booking system books a passport slot; the visitor checks in at a kiosk with the code',
  body: {
    serviceCode: '330106-CRJ-001',
    slotStart: '2026-12-09T10:00:00+08:00',
    slotEnd: '2026-12-09T10:30:00+08:00',
    idNumber: '330106199007153028',
    name: '李四',
    externalRef: 'BK-20261209-0042',
  },
  answer: {
    status: 201,
    body: {
      id: '01a251d3-2378-7d7e-8609-705df5859cd9',
      code: '79869118',
      serviceCode: '330106-CRJ-001',
      slotStart: '2026-12-09T02:00:00.000Z',
      slotEnd: '2026-12-09T02:30:00.000Z',
      status: 'booked',
    },
  },
};

const page = (sha256: string) => ({ sha256, contentType: 'image/jpeg' });

export const submitFilingExample: OperationExample = {
  summary: 'A filing machine submits a passport application; its pages were uploaded first (uploadFilingFile)',
  body: {
    serviceCode: '330106-CRJ-001',
    applicant: { idNumber: '33010619850312001X', name: '张三丰' },
    form: {
      name: '张三丰',
      idNumber: '33010619850312001X',
      gender: 'male',
      birthDate: '1985-03-12',
      address: '浙江省杭州市西湖区文三路 90 号',
      purpose: 'tourism',
      phone: '13800138000',
      emergencyName: '张翠山',
      emergencyPhone: '0571-87654321',
    },
    materials: [
      {
        materialId: 'id-card',
        pages: [
          page('5b1e0f1c4a3f6f2d8f8c9e7b1d2a3c4e5f60718293a4b5c6d7e8f90123456789'),
          page('9c2d1e0f5b4a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0'),
        ],
      },
      { materialId: 'photo-receipt', pages: [page('0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9')] },
    ],
  },
  answer: {
    status: 201,
    body: {
      id: '01a251d3-2464-7a22-9869-0b63e7853797',
      trackingCode: 'W306-BE7H-QFGV',
      serviceCode: '330106-CRJ-001',
      serviceName: passport,
      status: 'submitted',
      submittedAt: '2026-12-09T01:40:12.000Z',
      dueDate: '2026-12-17',
      applicant: { kind: 'citizen', masked: '330***********001X', nameMasked: '张**' },
      materials: [
        { materialId: 'id-card', name: '居民身份证', reused: false, pageCount: 2, pages: [] },
        { materialId: 'photo-receipt', name: '出入境证件数码相片回执', reused: false, pageCount: 1, pages: [] },
      ],
      history: [{ status: 'submitted', at: '2026-12-09T01:40:12.000Z' }],
      offline: false,
    },
  },
};
