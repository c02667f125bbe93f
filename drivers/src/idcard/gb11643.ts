/**
 * GB 11643 citizen identity number check digit (ISO 7064 MOD 11-2). The same
 * rule covers resident cards, HK/Macao/Taiwan residence permits (810000,
 * 820000, 830000) and the 2023 foreign permanent resident card (leading 9).
 * The rule itself lives in @hall/common; these are the drivers' names for it.
 */
export { citizenCheckChar as idNumberCheckDigit, hasCitizenCheckChar as isValidIdNumber } from '@hall/common';
