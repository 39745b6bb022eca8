/* global document, ResizeObserver */
// Charts with Apache ECharts (served from node_modules by the API at vendor/), SVG renderer: crisp
// text a screen reader and a test can read, times in UTC like the rest of the dashboard.
import * as echarts from './vendor/echarts.esm.min.mjs';

export { echarts };

export const SEVERITY_COLORS = { critical: '#8b0000', high: '#c2410c', medium: '#a16207', low: '#4a6fa5' };
const AXIS = { color: '#3b4252', fontSize: 12 };

/** A chart in a new <div class="chart-box">; `label` describes it to assistive technology. */
export function chartBox(id, label, option, height = 260) {
  const box = document.createElement('div');
  box.className = 'chart-box';
  box.id = id;
  box.setAttribute('role', 'img');
  box.setAttribute('aria-label', label);
  box.style.height = `${height}px`;
  // Drawn once the box is laid out with a width (it is appended after this returns), then resized with it.
  let chart;
  const observer = new ResizeObserver(() => {
    if (!box.isConnected) {
      // The view moved on: free the chart (resizing a detached map throws).
      observer.disconnect();
      chart?.dispose();
    } else if (chart) chart.resize();
    else if (box.clientWidth > 0) {
      chart = echarts.init(box, null, { renderer: 'svg' });
      chart.setOption({ useUTC: true, animation: false, textStyle: { fontFamily: 'system-ui, sans-serif' }, ...option });
    }
  });
  observer.observe(box);
  return box;
}

/** A time axis named `name`, labels in UTC. */
export const timeAxis = (name) => ({
  type: 'time',
  name,
  nameLocation: 'middle',
  nameGap: 28,
  axisLabel: { ...AXIS, hideOverlap: true, formatter: { day: '{MMM} {d}', hour: '{HH}:{mm}', minute: '{HH}:{mm}' } },
  nameTextStyle: AXIS,
});

/** A value axis named `name`. */
export const valueAxis = (name) => ({ type: 'value', name, nameTextStyle: { ...AXIS, align: 'left' }, axisLabel: AXIS, minInterval: 1 });

export const tooltip = { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? v.toLocaleString('en') : v) };
