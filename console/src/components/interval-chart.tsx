/**
 * Estimates with their 95 % intervals: each interval a floating bar, the estimate a point on it.
 * The report's reactivation by group and the model page's AUC against recency both draw this.
 */
import { Chart } from './chart.js';

export interface Estimate {
  label: string;
  value: number | null;
  /** [low, high]; null while there is none (an empty group). */
  interval: [number, number] | null;
}

export function IntervalChart({
  label,
  estimates,
  valueLabel,
  axis,
  height,
}: {
  label: string;
  estimates: Estimate[];
  valueLabel: string;
  axis: { title: string; min?: number; max?: number };
  height?: number;
}) {
  return (
    <Chart
      label={label}
      height={height}
      config={{
        type: 'bar',
        data: {
          labels: estimates.map((e) => e.label),
          datasets: [
            {
              type: 'bar',
              label: '95 % interval',
              data: estimates.map((e) => e.interval ?? [0, 0]) as never,
              backgroundColor: 'rgba(47,109,181,0.35)',
              borderColor: '#2f6db5',
              borderWidth: 1,
              barPercentage: 0.4,
            },
            {
              type: 'line',
              label: valueLabel,
              data: estimates.map((e) => e.value ?? 0),
              showLine: false,
              pointRadius: 7,
              pointBackgroundColor: '#1b3d66',
            },
          ],
        },
        options: {
          scales: {
            y: {
              ...(axis.min === undefined ? { beginAtZero: true } : { min: axis.min }),
              ...(axis.max === undefined ? {} : { max: axis.max }),
              title: { display: true, text: axis.title },
            },
          },
        },
      }}
    />
  );
}
