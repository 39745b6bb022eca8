/* global window */
// The world map of an alert: country shapes from world-atlas (Natural Earth 110m TopoJSON, bundled,
// no tile server), the token's usual places as dots sized by requests, and the alert's path as arrows.
import { chartBox, echarts } from './charts.js';

let registered;

/** Registers the "world" map once (vendor/countries-110m.json through topojson-client). */
async function worldMap() {
  registered ??= (async () => {
    const topo = await (await fetch('vendor/countries-110m.json')).json();
    const world = window.topojson.feature(topo, topo.objects.countries);
    world.features = world.features.filter((f) => f.properties.name !== 'Antarctica').map(clampAntimeridian);
    echarts.registerMap('world', world);
  })();
  return registered;
}

/**
 * Rings that cross the 180° meridian (Russia's far east, Fiji) would be drawn as lines across the
 * whole map: their far points are pinned to the edge of the side the ring mostly lies on.
 */
function clampAntimeridian(feature) {
  const fixRing = (ring) => {
    const lons = ring.map(([lon]) => lon);
    if (Math.max(...lons) - Math.min(...lons) <= 180) return ring;
    const east = lons.filter((lon) => lon > 0).length >= lons.length / 2;
    return ring.map(([lon, lat]) => [east ? (lon < 0 ? 180 : lon) : lon > 0 ? -180 : lon, lat]);
  };
  const g = feature.geometry;
  if (g?.type === 'Polygon') g.coordinates = g.coordinates.map(fixRing);
  if (g?.type === 'MultiPolygon') g.coordinates = g.coordinates.map((polygon) => polygon.map(fixRing));
  return feature;
}

const place = (p) => [p.city, p.country].filter(Boolean).join(', ') || `${p.lat.toFixed(1)}, ${p.lon.toFixed(1)}`;

/** usual: [{lat, lon, city, country, events}]; path: [{lat, lon, city, country, requests, before}] in time order. */
export async function alertMap(usual, path) {
  await worldMap();
  const maxEvents = Math.max(1, ...usual.map((p) => p.events));
  const legs = path.slice(1).map((stop, i) => ({
    coords: [
      [path[i].lon, path[i].lat],
      [stop.lon, stop.lat],
    ],
  }));
  const description = `World map: usual places ${usual.map(place).join('; ') || 'none'}; this alert's path ${path.map(place).join(' → ') || 'not located'}.`;
  return chartBox(
    'alert-map',
    description,
    {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0, data: ['Usual places (30 days)', "This alert's path"] },
      geo: { map: 'world', roam: true, silent: true, itemStyle: { areaColor: '#e6e9ef', borderColor: '#9aa3b2' }, emphasis: { disabled: true } },
      series: [
        {
          name: 'Usual places (30 days)',
          type: 'scatter',
          coordinateSystem: 'geo',
          itemStyle: { color: '#2f6f4f' },
          symbolSize: (v) => 6 + 14 * Math.sqrt(v[2] / maxEvents),
          data: usual.map((p) => ({ name: place(p), value: [p.lon, p.lat, p.events] })),
          tooltip: { formatter: (d) => `${d.name}: ${d.value[2]} requests` },
        },
        {
          name: "This alert's path",
          type: 'lines',
          coordinateSystem: 'geo',
          symbol: ['none', 'arrow'],
          symbolSize: 10,
          lineStyle: { color: '#c2410c', width: 2, curveness: 0.2 },
          data: legs,
        },
        {
          name: "This alert's path",
          type: 'scatter',
          coordinateSystem: 'geo',
          symbolSize: 9,
          itemStyle: { color: '#c2410c' },
          label: { show: true, position: 'right', formatter: (d) => d.name, color: '#1d2330', fontSize: 11 },
          data: path.map((s) => ({ name: `${place(s)}${s.before ? ' (before)' : ''}`, value: [s.lon, s.lat, s.requests] })),
        },
      ],
    },
    380,
  );
}
