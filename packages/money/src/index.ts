export { CURRENCY_PATTERN, currencyExponent, fitsCurrency, fromMinorUnits, toMinorUnits } from './currency.ts';
export {
  canonicalDecimal,
  compareDecimals,
  decimal,
  DECIMAL_PATTERN,
  decimalToString,
  isDecimalString,
  negateDecimal,
  roundDecimal,
  sumDecimals,
  type Decimal,
  type RoundingMode,
} from './decimal.ts';
export { parseLocalizedDecimal, type DecimalSeparator } from './parse.ts';
