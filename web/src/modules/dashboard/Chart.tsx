/** One ECharts chart, the library loaded on first use; resizes with its box. */
import { Skeleton } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef, useState } from 'react';

type Instance = {
  setOption(o: EChartsCoreOption, notMerge?: boolean): void;
  resize(): void;
  dispose(): void;
  on(event: string, handler: (p: { dataIndex: number; seriesIndex?: number }) => void): void;
  off(event: string): void;
};

export function Chart({
  option,
  height,
  onClick,
  label,
}: {
  option: EChartsCoreOption;
  height: number;
  /** Called with the clicked item's index (a bar or a point). */
  onClick?: (dataIndex: number, seriesIndex: number) => void;
  /** What the chart shows, for screen readers. */
  label: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<Instance | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    import('./echarts.ts').then(({ echarts }) => {
      if (disposed || !box.current) return;
      chart.current = echarts.init(box.current, undefined, { renderer: 'canvas' }) as unknown as Instance;
      observer = new ResizeObserver(() => chart.current?.resize());
      observer.observe(box.current);
      setReady(true);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (ready) chart.current?.setOption(option, true);
  }, [ready, option]);

  useEffect(() => {
    const c = chart.current;
    if (!ready || !c || !onClick) return;
    c.on('click', (p) => onClick(p.dataIndex, p.seriesIndex ?? 0));
    return () => c.off('click');
  }, [ready, onClick]);

  return (
    <div style={{ position: 'relative', height }}>
      {!ready && <Skeleton active paragraph={{ rows: 4 }} />}
      <div ref={box} role="img" aria-label={label} style={{ position: 'absolute', inset: 0 }} />
    </div>
  );
}
