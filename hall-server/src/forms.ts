/**
 * Filing forms and tracking codes, shared by the kiosk (which checks as the
 * visitor types) and the hall (which checks again before storing). Pure: no
 * I/O, no server modules at run time, so the renderer can bundle it.
 *
 * Decisions the specification left open:
 * - A `pattern` must match the whole value, as HTML's `pattern` attribute does.
 * - Lengths count characters (code points), so 张三 is 2 whichever way it is encoded.
 * - `maxLength` (default 200, textarea 1000) applies to every type, so no
 *   field can carry an unbounded value into the hall.
 * - Phone numbers and postcodes may be typed with spaces; they are stored
 *   without. ID numbers and credit codes are stored in upper case.
 * - A number is plain decimal (`-12`, `3.5`): no exponents, no thousands
 *   separators, which visitors do not type and clerks would misread.
 * - One error per field, the first that applies, in the form's order; then
 *   the unknown keys.
 */
import { checkCitizenId, checkUscc } from './domain/identity.ts';
import type { FormFieldInput } from './domain/config.ts';

export type { FormField, FormFieldInput } from './domain/config.ts';
export {
  TRACKING_ALPHABET,
  TRACKING_CODE_LENGTH,
  TRACKING_CODE_PATTERN,
  TRACKING_CODE_RANDOM_BYTES,
  formatTrackingCode,
  hasValidTrackingCheck,
  newTrackingCode,
  parseTrackingCode,
  trackingCheckSymbol,
  type RandomBytes,
} from './domain/tracking-code.ts';

export const FIELD_ERROR_CODES = [
  'REQUIRED',
  'TOO_SHORT',
  'TOO_LONG',
  'PATTERN',
  'NOT_A_NUMBER',
  'OUT_OF_RANGE',
  'BAD_DATE',
  'BAD_PHONE',
  'BAD_EMAIL',
  'BAD_POSTCODE',
  'BAD_ID_NUMBER',
  'BAD_USCC',
  'NOT_AN_OPTION',
  'UNKNOWN_FIELD',
] as const;
export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

export type LocalizedText = { 'zh-CN': string; en: string };

export type FieldError = { key: string; code: FieldErrorCode; message: LocalizedText };

export type FormValues = Record<string, string>;

export type FormResult = { ok: true; values: FormValues } | { ok: false; errors: FieldError[] };

export const DEFAULT_MAX_LENGTH = 200;
export const DEFAULT_TEXTAREA_MAX_LENGTH = 1000;

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;
const POSTCODE = /^\d{6}$/;
// Deliberately loose: a mailbox, one @, a dotted domain. Deliverability is not the form's business.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isRealDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1000 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function maxLengthOf(field: FormFieldInput): number {
  return field.maxLength ?? (field.type === 'textarea' ? DEFAULT_TEXTAREA_MAX_LENGTH : DEFAULT_MAX_LENGTH);
}

function lengthOf(text: string): number {
  return Array.from(text).length;
}

function fieldError(field: FormFieldInput, code: FieldErrorCode): FieldError {
  const zh = field.label['zh-CN'];
  const en = field.label.en;
  const message = ((): LocalizedText => {
    switch (code) {
      case 'REQUIRED':
        return { 'zh-CN': `请填写${zh}`, en: `${en} is required` };
      case 'TOO_SHORT':
        return { 'zh-CN': `${zh}至少${field.minLength}个字`, en: `${en} needs at least ${field.minLength} characters` };
      case 'TOO_LONG':
        return { 'zh-CN': `${zh}最多${maxLengthOf(field)}个字`, en: `${en} takes at most ${maxLengthOf(field)} characters` };
      case 'PATTERN':
        return field.patternMessage ?? { 'zh-CN': `${zh}格式不正确`, en: `${en} is not in the expected format` };
      case 'NOT_A_NUMBER':
        return { 'zh-CN': `${zh}应为数字`, en: `${en} must be a number` };
      case 'OUT_OF_RANGE':
        return { 'zh-CN': `${zh}应在${rangeText(field, 'zh-CN')}之间`, en: `${en} must be ${rangeText(field, 'en')}` };
      case 'BAD_DATE':
        return { 'zh-CN': `${zh}不是有效日期（年-月-日）`, en: `${en} is not a real date (YYYY-MM-DD)` };
      case 'BAD_PHONE':
        return { 'zh-CN': `${zh}不是有效的手机号或固定电话`, en: `${en} is not a mobile or landline number` };
      case 'BAD_EMAIL':
        return { 'zh-CN': `${zh}不是有效的电子邮箱`, en: `${en} is not an email address` };
      case 'BAD_POSTCODE':
        return { 'zh-CN': `${zh}应为6位数字`, en: `${en} must be 6 digits` };
      case 'BAD_ID_NUMBER':
        return { 'zh-CN': `${zh}不是有效的身份证号码`, en: `${en} is not a valid ID number` };
      case 'BAD_USCC':
        return { 'zh-CN': `${zh}不是有效的统一社会信用代码`, en: `${en} is not a valid unified social credit code` };
      case 'NOT_AN_OPTION':
        return { 'zh-CN': `请从列表中选择${zh}`, en: `choose ${en} from the list` };
      case 'UNKNOWN_FIELD':
        return { 'zh-CN': `表单中没有此项`, en: `the form has no such field` };
    }
  })();
  return { key: field.key, code, message };
}

function rangeText(field: FormFieldInput, lang: 'zh-CN' | 'en'): string {
  const { min, max } = field;
  if (lang === 'zh-CN') return `${min ?? '-∞'}～${max ?? '+∞'}`;
  if (min !== undefined && max !== undefined) return `between ${min} and ${max}`;
  return min !== undefined ? `at least ${min}` : `at most ${max}`;
}

type Checked = { ok: true; stored: string } | { ok: false; code: FieldErrorCode };

/** The value as stored, or the reason it is refused. `value` is trimmed and non-empty. */
function checkValue(field: FormFieldInput, value: string): Checked {
  const refuse = (code: FieldErrorCode): Checked => ({ ok: false, code });
  let stored = value;
  switch (field.type) {
    case 'number': {
      if (!DECIMAL.test(value)) return refuse('NOT_A_NUMBER');
      const n = Number(value);
      if ((field.min !== undefined && n < field.min) || (field.max !== undefined && n > field.max)) return refuse('OUT_OF_RANGE');
      break;
    }
    case 'date':
      if (!isRealDate(value)) return refuse('BAD_DATE');
      break;
    case 'phone':
      stored = value.replace(/\s+/g, '');
      if (!MOBILE.test(stored) && !LANDLINE.test(stored)) return refuse('BAD_PHONE');
      break;
    case 'email':
      if (!EMAIL.test(value)) return refuse('BAD_EMAIL');
      break;
    case 'postcode':
      stored = value.replace(/\s+/g, '');
      if (!POSTCODE.test(stored)) return refuse('BAD_POSTCODE');
      break;
    case 'id-number': {
      const check = checkCitizenId(value);
      if (!check.ok) return refuse('BAD_ID_NUMBER');
      stored = check.normalized;
      break;
    }
    case 'uscc': {
      const check = checkUscc(value);
      if (!check.ok) return refuse('BAD_USCC');
      stored = check.normalized;
      break;
    }
    case 'select':
      if (!(field.options ?? []).some((o) => o.value === value)) return refuse('NOT_AN_OPTION');
      break;
    case 'text':
    case 'textarea':
      break;
  }
  const length = lengthOf(stored);
  if (field.minLength !== undefined && length < field.minLength) return refuse('TOO_SHORT');
  if (length > maxLengthOf(field)) return refuse('TOO_LONG');
  if (field.pattern !== undefined && !wholeMatch(field.pattern, stored)) return refuse('PATTERN');
  return { ok: true, stored };
}

function wholeMatch(pattern: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u').test(value);
  } catch {
    // The catalogue refuses a bad pattern; a form that reached here anyway must not crash the kiosk.
    return false;
  }
}

/**
 * Checks a filled form against its fields. Values are trimmed; an optional
 * field left empty is dropped; the values returned are the ones to store.
 */
export function validateForm(fields: readonly FormFieldInput[], values: Readonly<Record<string, string>>): FormResult {
  const errors: FieldError[] = [];
  const out: FormValues = {};
  const known = new Set<string>();
  for (const field of fields) {
    known.add(field.key);
    const raw = Object.hasOwn(values, field.key) ? values[field.key] : undefined;
    const value = typeof raw === 'string' ? raw.trim() : '';
    if (value === '') {
      if (field.required) errors.push(fieldError(field, 'REQUIRED'));
      continue;
    }
    const checked = checkValue(field, value);
    if (checked.ok) out[field.key] = checked.stored;
    else errors.push(fieldError(field, checked.code));
  }
  for (const key of Object.keys(values)) {
    if (!known.has(key)) {
      errors.push(fieldError({ key, label: { 'zh-CN': key, en: key }, type: 'text' }, 'UNKNOWN_FIELD'));
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, values: out };
}

/** Labels for the values of a form, in the form's order: what a clerk or a receipt shows. */
export function labelledValues(
  fields: readonly FormFieldInput[],
  values: Readonly<Record<string, string>>,
): { key: string; label: LocalizedText; value: string }[] {
  const rows: { key: string; label: LocalizedText; value: string }[] = [];
  for (const field of fields) {
    const value = values[field.key];
    if (value === undefined) continue;
    const option = field.type === 'select' ? field.options?.find((o) => o.value === value) : undefined;
    rows.push({ key: field.key, label: field.label, value: option ? option.label['zh-CN'] : value });
  }
  return rows;
}

/** How a filing's status may move (受理 → 审核 → 办结, or 退回), for consoles that offer only the moves the hall takes. */
export { FILING_TRANSITIONS } from './filing/status.ts';
