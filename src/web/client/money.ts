/**
 * Money on the page: an integer amount in minor units to a localized string,
 * with no float arithmetic. Intl.NumberFormat formats an exact decimal string
 * (ES2023), so 1250 EUR becomes "12.50" by moving the decimal point in the
 * digits, then "€12.50"; the currency's own number of digits (0 for JPY, 3
 * for KWD) comes from the same formatter.
 */
const formats = new Map<string, Intl.NumberFormat>();

function formatFor(currency: string): Intl.NumberFormat {
  let format = formats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat(undefined, { style: "currency", currency });
    formats.set(currency, format);
  }
  return format;
}

/** `toDecimal(1250, 2)` is "12.50", `toDecimal(-5, 2)` is "-0.05", `toDecimal(700, 0)` is "700". */
export function toDecimal(minor: number, digits: number): Intl.StringNumericLiteral {
  const sign = minor < 0 ? "-" : "";
  const units = String(Math.abs(minor)).padStart(digits + 1, "0");
  const decimal = digits === 0 ? units : `${units.slice(0, -digits)}.${units.slice(-digits)}`;
  return `${sign}${decimal}` as Intl.StringNumericLiteral;
}

export function formatMoney(minor: number, currency: string): string {
  const format = formatFor(currency);
  return format.format(toDecimal(minor, format.resolvedOptions().maximumFractionDigits ?? 2));
}
