/**
 * The shop's traffic curve: a multiplier of the mean request rate by time of day and day of
 * week, in UTC (the simulated shop's local time is UTC). Its mean over a whole week is 1, so
 * `ratePerSecond × trafficCurve(ts)` averages to `ratePerSecond` over any whole week.
 *
 * Shape (weekdays): a night trough near 0.2 at 03:00–04:00, a morning ramp, a lunch bump and
 * the evening peak near 1.6–1.7 at 20:00. Weekends start later and run higher in the
 * afternoon. Between hourly anchors the curve is cosine-interpolated, so it has no steps a
 * rate detector could mistake for a spike.
 */
export function trafficCurve(ts: number): number {
  // The Unix epoch was a Thursday 00:00 UTC: Monday-based hour of week = epoch hours + 72.
  let hour = (ts / MS_PER_HOUR + 72) % HOURS_PER_WEEK;
  if (hour < 0) hour += HOURS_PER_WEEK;
  const i = Math.floor(hour);
  const frac = hour - i;
  const a = WEEK[i];
  const b = WEEK[i + 1 === HOURS_PER_WEEK ? 0 : i + 1];
  return a + (b - a) * (0.5 - 0.5 * Math.cos(Math.PI * frac));
}

/** Mean of `trafficCurve` over the UTC day that contains `ts` (for tests and summaries). */
export function dayMeanCurve(ts: number): number {
  const dayStart = Math.floor(ts / MS_PER_DAY) * MS_PER_DAY;
  let sum = 0;
  for (let m = 0; m < 1440; m++) sum += trafficCurve(dayStart + m * 60_000 + 30_000);
  return sum / 1440;
}

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;
const HOURS_PER_WEEK = 168;

// Relative load at each hour's start, 00:00 … 23:00 (unnormalised).
const WEEKDAY = [
  0.45, 0.32, 0.24, 0.2, 0.2, 0.26, 0.42, 0.66, 0.9, 1.04, 1.1, 1.18, 1.34, 1.3, 1.14, 1.08, 1.08, 1.18, 1.38, 1.58, 1.68,
  1.52, 1.12, 0.72,
];
const WEEKEND = [
  0.55, 0.4, 0.3, 0.24, 0.21, 0.22, 0.28, 0.4, 0.6, 0.86, 1.1, 1.28, 1.4, 1.42, 1.38, 1.34, 1.34, 1.38, 1.48, 1.62, 1.66,
  1.5, 1.16, 0.8,
];
// Monday … Sunday: a slow week start, Friday and the weekend busiest.
const DAY_FACTOR = [0.94, 0.95, 0.97, 1.0, 1.05, 1.1, 1.08];

const WEEK: Float64Array = buildWeek();

function buildWeek(): Float64Array {
  const week = new Float64Array(HOURS_PER_WEEK);
  for (let day = 0; day < 7; day++) {
    const shape = day >= 5 ? WEEKEND : WEEKDAY;
    for (let h = 0; h < 24; h++) week[day * 24 + h] = shape[h] * DAY_FACTOR[day];
  }
  // Cosine interpolation between anchors preserves the anchors' mean, so normalising the
  // anchors normalises the curve.
  let sum = 0;
  for (let i = 0; i < HOURS_PER_WEEK; i++) sum += week[i];
  const mean = sum / HOURS_PER_WEEK;
  for (let i = 0; i < HOURS_PER_WEEK; i++) week[i] /= mean;
  return week;
}
