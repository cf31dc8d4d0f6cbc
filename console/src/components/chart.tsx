/**
 * A Chart.js chart, loaded on first use (its code is a separate chunk, so pages without charts do
 * not download it). The canvas is an image whose text alternative (`label`) states the figures
 * it shows; the pages also print the figures beside it.
 */
import type { ChartConfiguration, Chart as ChartJs } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

export function Chart({
  config,
  label,
  height = 240,
}: {
  config: ChartConfiguration;
  label: string;
  height?: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<ChartJs | null>(null);
  const serialized = JSON.stringify(config.data);
  // biome-ignore lint/correctness/useExhaustiveDependencies: redraw when the figures change, not on every render
  useEffect(() => {
    let cancelled = false;
    if (chart.current) {
      chart.current.data = config.data;
      chart.current.update('none');
      return;
    }
    void import('./chart-setup.js').then(({ ChartJs }) => {
      if (cancelled || !canvas.current) return;
      chart.current = new ChartJs(canvas.current, {
        ...config,
        options: { animation: false, maintainAspectRatio: false, responsive: true, ...config.options },
      });
    });
    return () => {
      cancelled = true;
    };
  }, [serialized]);
  useEffect(
    () => () => {
      chart.current?.destroy();
      chart.current = null;
    },
    [],
  );
  return (
    <div class="chart" style={{ height: `${height}px` }}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
