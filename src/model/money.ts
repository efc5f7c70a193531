/** Micros in one US dollar: VoIPBIN counts money in integer micros, and so does numform. */
export const MICROS_PER_DOLLAR = 1_000_000;

/**
 * Dollars as the configuration writes them (`12.5`) in integer micros, rounded to the nearest
 * micro: money is added and compared as integers, never as floats.
 */
export function dollarsToMicros(dollars: number): number {
  return Math.round(dollars * MICROS_PER_DOLLAR);
}

/**
 * Micros as people read dollars: `$1,234.50`, `-$2.00`. Cents always; digits below a cent only
 * when there are any (`$0.004` is not shown as `$0.00`, which would hide a shortfall).
 */
export function formatDollars(micros: number): string {
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(Math.round(micros));
  const whole = Math.floor(abs / MICROS_PER_DOLLAR);
  const fraction = String(abs % MICROS_PER_DOLLAR)
    .padStart(6, '0')
    .replace(/0{1,4}$/, '');
  const grouped = String(whole).replace(/\B(?=(\d{3})+$)/g, ',');
  return `${sign}$${grouped}.${fraction}`;
}
