import type { ForecastWeek, Money } from './agreements.types';

// The weekly forecast chart's geometry. Heights are pixels, so the amounts are read as numbers
// here and only here: nothing computed from them is ever shown as money (the labels and the
// table print the server's exact strings).

export const FORECAST_SERIES = ['promises', 'installments', 'habits'] as const;
export type ForecastSeries = (typeof FORECAST_SERIES)[number];

export type BarSegment = { series: ForecastSeries; amount: Money; y: number; height: number };
export type Bar = { week: ForecastWeek; x: number; width: number; segments: BarSegment[] };
export type ChartGeometry = { max: number; ticks: number[]; bars: Bar[] };

function amountOf(money: Money): number {
  const n = Number(money);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** The smallest 1, 2, 2.5 or 5 × 10^n at or above `value`: a round top for the axis. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (value <= step * magnitude + 1e-9 * magnitude) return step * magnitude;
  }
  return 10 * magnitude;
}

/**
 * Bars stacked bottom-up (promises, installments, payment habits) in a plot of `width` × `height`
 * pixels, the axis going from 0 to a round ceiling in `tickCount` steps.
 */
export function chartGeometry(
  weeks: readonly ForecastWeek[],
  width: number,
  height: number,
  tickCount = 4,
): ChartGeometry {
  const totals = weeks.map((w) => FORECAST_SERIES.reduce((sum, s) => sum + amountOf(w[s]), 0));
  const max = niceCeiling(Math.max(0, ...totals));
  const ticks = Array.from({ length: tickCount + 1 }, (_, i) => (max * i) / tickCount);
  const slot = weeks.length > 0 ? width / weeks.length : width;
  const barWidth = Math.max(2, slot * 0.7);
  const bars = weeks.map((week, index) => {
    let base = height;
    const segments: BarSegment[] = [];
    for (const series of FORECAST_SERIES) {
      const segmentHeight = (amountOf(week[series]) / max) * height;
      if (segmentHeight <= 0) continue;
      base -= segmentHeight;
      segments.push({ series, amount: week[series], y: base, height: segmentHeight });
    }
    return { week, x: index * slot + (slot - barWidth) / 2, width: barWidth, segments };
  });
  return { max, ticks, bars };
}
