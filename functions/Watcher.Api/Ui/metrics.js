'use strict';
// The dashboard's time-series charts, drawn with the vendored uPlot (Ui/vendor/uPlot.iife.min.js):
// - the Metrics view: a host's or instance's history (GET /v1/metrics/series) with the forecast band, the periods
//   detected and an hour-of-week heatmap (GET /v1/metrics/patterns);
// - on a plan's detail, each host's projected weekly profile before and after the plan, with the threshold
//   (projected_profiles, filled by periodic_contention_balance).
// Loaded after dashboard.js, whose helpers (api, el, $, enc) it uses; the same safety rules hold: text goes in through
// textContent and DOM nodes only.

// Watcher's metric names by the kind of resource they describe (MetricNames in shared/Watcher.Domain).
const METRIC_NAMES = {
  host: ['host_cpu_usage', 'host_ram_usage', 'host_power', 'host_inlet_temp', 'host_outlet_temp', 'host_airflow'],
  instance: ['instance_cpu_usage', 'instance_ram_usage', 'instance_l3_cache_usage', 'instance_ram_allocated', 'instance_root_disk_size'],
};
// The history shown for each choice of range, and the granularity asked for (at most a few thousand points).
const RANGES = { 1: 300, 7: 300, 28: 1800 };
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
// A perceptually ordered colour scale (viridis' stops), low to high.
const HEAT = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'];
const CHART_COLOURS = { axis: '#8b96a3', grid: '#2a323c', actual: '#58a6ff', forecast: '#d29922', band: 'rgba(210,153,34,0.18)', before: '#f85149', after: '#3fb950', threshold: '#d29922' };

const hourName = h => `${WEEKDAYS[Math.floor(h / 24) % 7]} ${String(h % 24).padStart(2, '0')}:00`;
const number = v => (v === null || v === undefined || !Number.isFinite(v)) ? 'no data' : (Number.isInteger(v) ? String(v) : Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1));
const withUnit = (v, unit) => v === null || v === undefined ? 'no data' : `${number(v)}${unit ? ' ' + unit : ''}`;
// A legend's value: a dash while the cursor is on no point.
const legend = (v, unit = '') => v === null || v === undefined ? '–' : withUnit(v, unit);
const hasChartLibrary = () => typeof uPlot === 'function';

/** A period in words: "1 day", "7 days", "12 hours". */
function periodName(seconds) {
  if (seconds % 86400 === 0) return seconds === 86400 ? '1 day' : `${seconds / 86400} days`;
  if (seconds % 3600 === 0) return seconds === 3600 ? '1 hour' : `${seconds / 3600} hours`;
  return `${Math.round(seconds / 60)} min`;
}

/** The colour of <value> on the scale from <min> to <max>. */
function heatColour(value, min, max) {
  const t = max > min ? Math.min(1, Math.max(0, (value - min) / (max - min))) : 0.5;
  const x = t * (HEAT.length - 1);
  const i = Math.min(HEAT.length - 2, Math.floor(x));
  const [a, b] = [HEAT[i], HEAT[i + 1]].map(c => [1, 3, 5].map(k => parseInt(c.slice(k, k + 2), 16)));
  const f = x - i;
  return `rgb(${a.map((v, k) => Math.round(v + (b[k] - v) * f)).join(',')})`;
}

const axis = (extra = {}) => ({ stroke: CHART_COLOURS.axis, grid: { stroke: CHART_COLOURS.grid, width: 1 }, ticks: { stroke: CHART_COLOURS.grid, width: 1 }, ...extra });

// ---------------------------------------------------------------------------------------------------- metrics view
// The chart, the last answers, and a sequence number so a slow answer for an old choice is dropped.
const metricsView = { chart: null, series: null, patterns: null, seq: 0, loaded: false };
window.metricsView = metricsView; // for the console and the browser tests

/** Fills the resource picker from the data model (hosts, then instances), keeping the current choice. */
async function loadMetricResources() {
  const rows = (await api('/v1/data_model?data_model_type=compute')).context;
  const hosts = new Map();
  const instances = [];
  for (const r of rows) {
    if (!hosts.has(r.node_uuid)) hosts.set(r.node_uuid, r.node_hostname);
    if (r.server_uuid) instances.push([r.server_uuid, r.server_name || r.server_uuid, r.node_hostname]);
  }
  const picker = $('metric-resource');
  const current = picker.value;
  const option = (value, label, kind) => el('option', { value, 'data-kind': kind }, label);
  picker.replaceChildren(
    el('optgroup', { label: 'Hosts' }, ...[...hosts].sort((a, b) => a[1].localeCompare(b[1])).map(([uuid, name]) => option(uuid, name, 'host'))),
    el('optgroup', { label: 'Instances' }, ...instances.sort((a, b) => a[1].localeCompare(b[1])).map(([uuid, name, host]) => option(uuid, `${name} (on ${host})`, 'instance'))));
  if (current && [...picker.options].some(o => o.value === current)) picker.value = current;
  fillMetricNames();
}

function fillMetricNames() {
  const kind = $('metric-resource').selectedOptions[0]?.dataset.kind ?? 'host';
  const picker = $('metric-name');
  const current = picker.value;
  picker.replaceChildren(...METRIC_NAMES[kind].map(m => el('option', { value: m }, m)));
  if (METRIC_NAMES[kind].includes(current)) picker.value = current;
}

/** Asks for the series and its patterns, then draws the chart, the periods and the heatmap. */
async function loadMetrics() {
  const resource = $('metric-resource').value;
  const metric = $('metric-name').value;
  if (!resource || !metric) return;
  const seq = ++metricsView.seq;
  const days = Number($('metric-days').value) || 7;
  const granularity = RANGES[days] ?? 300;
  const end = new Date();
  const start = new Date(end.getTime() - days * 86400000);
  const query = `resource=${enc(resource)}&metric=${enc(metric)}`;
  $('metric-status').textContent = 'Loading…';
  const [series, patterns] = await Promise.allSettled([
    api(`/v1/metrics/series?${query}&start=${enc(start.toISOString())}&end=${enc(end.toISOString())}&granularity=${granularity}`),
    api(`/v1/metrics/patterns?${query}`),
  ]);
  if (seq !== metricsView.seq) return;
  metricsView.loaded = true;
  if (series.status === 'rejected') {
    metricsView.series = null;
    metricsView.patterns = null;
    $('metric-status').textContent = `Could not load the series: ${series.reason.message}`;
    drawSeries(null, null);
    renderPatterns(null, null);
    return;
  }
  metricsView.series = series.value;
  metricsView.patterns = patterns.status === 'fulfilled' ? patterns.value : null;
  const s = series.value;
  $('metric-status').textContent = `${s.resource_kind} ${s.resource_name} · ${s.metric}${s.unit ? ' (' + s.unit + ')' : ''} · ${s.points.length} points every ${s.granularity} s from ${s.datasource}`;
  drawSeries(s, metricsView.patterns);
  renderPatterns(metricsView.patterns, patterns.status === 'rejected' ? patterns.reason : null);
}

/** The history and, when the patterns came, the forecast with its band, on one time axis (uPlot wants one x array). */
function drawSeries(series, patterns) {
  const box = $('metric-chart');
  metricsView.chart?.destroy();
  metricsView.chart = null;
  box.replaceChildren();
  box.setAttribute('data-points', '0');
  box.setAttribute('data-forecast', '0');
  if (!series) return;
  if (!hasChartLibrary()) {
    box.textContent = 'The chart library (/ui/vendor/uPlot.iife.min.js) did not load.';
    return;
  }
  const rows = new Map(); // time (s) -> [actual, forecast, lower, upper]
  const row = t => { if (!rows.has(t)) rows.set(t, [null, null, null, null]); return rows.get(t); };
  for (const p of series.points) row(Math.round(Date.parse(p.at) / 1000))[0] = p.value;
  const forecast = patterns?.forecast;
  const withForecast = !!forecast && forecast.values.some(v => v !== null);
  if (withForecast) {
    const t0 = Math.round(Date.parse(forecast.start) / 1000);
    forecast.values.forEach((v, i) => {
      const r = row(t0 + Math.round(i * forecast.step_seconds));
      r[1] = v; r[2] = forecast.lower[i]; r[3] = forecast.upper[i];
    });
  }
  const times = [...rows.keys()].sort((a, b) => a - b);
  const column = k => times.map(t => rows.get(t)[k]);
  const data = [times, column(0)];
  const label = `${series.metric}${series.unit ? ' (' + series.unit + ')' : ''}`;
  const seriesOptions = [{}, { label, stroke: CHART_COLOURS.actual, width: 1.5, value: (u, v) => legend(v, series.unit) }];
  const options = {
    width: Math.max(320, box.clientWidth || 900), height: 300, cursor: { drag: { x: true, y: false } },
    scales: { x: { time: true } }, series: seriesOptions,
    axes: [axis(), axis({ size: 60, values: (u, splits) => splits.map(number) })],
  };
  if (withForecast) {
    data.push(column(1), column(2), column(3));
    seriesOptions.push(
      { label: 'forecast', stroke: CHART_COLOURS.forecast, width: 1.5, dash: [6, 4], value: (u, v) => legend(v, series.unit) },
      { label: 'lower (95 %)', stroke: CHART_COLOURS.band, width: 1, value: (u, v) => legend(v, series.unit) },
      { label: 'upper (95 %)', stroke: CHART_COLOURS.band, width: 1, value: (u, v) => legend(v, series.unit) });
    options.bands = [{ series: [4, 3], fill: CHART_COLOURS.band }];
  }
  metricsView.chart = new uPlot(options, data, box);
  box.setAttribute('data-points', String(series.points.length));
  box.setAttribute('data-forecast', String(withForecast ? forecast.values.filter(v => v !== null).length : 0));
}

/** The periods detected and the hour-of-week heatmap, or why they are missing. */
function renderPatterns(patterns, error) {
  const periods = $('metric-periods');
  const heatmap = $('metric-heatmap');
  $('heatmap-hover').textContent = '';
  if (!patterns) {
    periods.textContent = error ? `Patterns unavailable: ${error.message}` : '';
    periods.setAttribute('data-periods', '0');
    heatmap.replaceChildren();
    heatmap.setAttribute('data-cells', '0');
    $('heatmap-scale').replaceChildren();
    return;
  }
  const found = patterns.periods ?? [];
  periods.setAttribute('data-periods', String(found.length));
  periods.replaceChildren(found.length
    ? el('span', {}, 'Periods detected: ', ...found.flatMap((p, i) => [i ? ', ' : '', el('b', { 'data-period-seconds': p.period_seconds }, periodName(p.period_seconds)), ` (strength ${p.strength.toFixed(2)})`]))
    : el('span', {}, `No periodic pattern detected in the last ${Math.round((Date.parse(patterns.end) - Date.parse(patterns.start)) / 86400000)} days.`),
    patterns.forecast?.error_estimate !== null && patterns.forecast?.error_estimate !== undefined
      ? el('span', { class: 'muted' }, ` · forecast error ±${withUnit(patterns.forecast.error_estimate, patterns.unit)}`) : null);
  renderHeatmap(patterns.hour_of_week ?? [], patterns.unit);
}

/** 7 rows (Monday first) × 24 hours (UTC), each cell coloured by its mean on a scale from the week's lowest to highest. */
function renderHeatmap(profile, unit) {
  const values = profile.filter(v => v !== null && Number.isFinite(v));
  const min = values.length ? Math.min(...values) : 0;
  const max = values.length ? Math.max(...values) : 1;
  const cells = [el('div', { class: 'hm-corner' })];
  for (let h = 0; h < 24; h++) cells.push(el('div', { class: 'hm-hour' }, h % 3 === 0 ? String(h).padStart(2, '0') : ''));
  for (let d = 0; d < 7; d++) {
    cells.push(el('div', { class: 'hm-day' }, WEEKDAYS[d]));
    for (let h = 0; h < 24; h++) {
      const index = d * 24 + h;
      const v = profile[index] ?? null;
      const text = `${WEEKDAYS[d]} ${String(h).padStart(2, '0')}:00–${String(h + 1).padStart(2, '0')}:00 UTC: ${withUnit(v, unit)}`;
      const cell = el('div', { class: 'hm-cell' + (v === null ? ' empty' : ''), 'data-hour': index, 'data-value': v === null ? '' : v, title: text });
      if (v !== null) cell.style.background = heatColour(v, min, max);
      cell.addEventListener('mouseenter', () => { $('heatmap-hover').textContent = text; });
      cells.push(cell);
    }
  }
  const heatmap = $('metric-heatmap');
  heatmap.replaceChildren(...cells);
  heatmap.setAttribute('data-cells', String(cells.filter(c => c.classList.contains('hm-cell')).length));
  const bar = el('span', { class: 'hm-bar' });
  bar.style.background = `linear-gradient(to right, ${HEAT.join(', ')})`;
  $('heatmap-scale').replaceChildren(el('span', {}, withUnit(values.length ? min : null, unit)), bar, el('span', {}, withUnit(values.length ? max : null, unit)));
}

// ---------------------------------------------------------------------------------------------------- projected profiles
const profilesView = { key: '', charts: [] };
window.profileCharts = profilesView.charts; // for the console and the browser tests

/** On a plan's detail: each host's projected hour-of-week load before and after, and the threshold (redrawn only when they change). */
function renderProjectedProfiles(plan) {
  const profiles = plan?.projected_profiles ?? [];
  const box = $('plan-profiles');
  const key = JSON.stringify(profiles);
  if (key === profilesView.key) return;
  profilesView.key = key;
  for (const chart of profilesView.charts.splice(0)) chart.destroy();
  const list = $('plan-profile-list');
  list.replaceChildren();
  box.hidden = profiles.length === 0;
  box.setAttribute('data-profiles', String(profiles.length));
  if (!profiles.length) return;
  const hours = Array.from({ length: 168 }, (_, h) => h);
  for (const p of profiles) {
    const peak = values => Math.max(...values.filter(v => v !== null && Number.isFinite(v)));
    const over = values => values.filter(v => v !== null && v > p.threshold).length;
    const chartBox = el('div', { class: 'profile-chart' });
    list.append(el('div', { class: 'profile', 'data-host': p.hostname },
      el('div', { class: 'profile-head' }, el('b', {}, p.hostname), ` · ${p.metric} · threshold ${number(p.threshold)} · peak ${number(peak(p.before))} → ${number(peak(p.after))} · hours over ${over(p.before)} → ${over(p.after)}`),
      chartBox));
    if (!hasChartLibrary()) { chartBox.textContent = 'The chart library did not load.'; continue; }
    const chart = new uPlot({
      width: Math.max(300, chartBox.clientWidth || 600), height: 200, scales: { x: { time: false } },
      series: [
        { label: 'hour of week (UTC)', value: (u, h) => h === null ? '–' : hourName(h) },
        { label: 'before', stroke: CHART_COLOURS.before, width: 1.5, value: (u, v) => legend(v) },
        { label: 'after', stroke: CHART_COLOURS.after, width: 1.5, value: (u, v) => legend(v) },
        { label: 'threshold', stroke: CHART_COLOURS.threshold, width: 1, dash: [5, 4], value: (u, v) => legend(v) },
      ],
      axes: [axis({ splits: () => [0, 24, 48, 72, 96, 120, 144], values: (u, splits) => splits.map(h => WEEKDAYS[Math.floor(h / 24)] ?? '') }), axis({ size: 50, values: (u, s) => s.map(number) })],
    }, [hours, p.before, p.after, hours.map(() => p.threshold)], chartBox);
    chartBox.setAttribute('data-drawn', 'true');
    profilesView.charts.push(chart);
  }
}

// ---------------------------------------------------------------------------------------------------- wiring
$('metric-resource').addEventListener('change', () => { fillMetricNames(); loadMetrics(); });
$('metric-name').addEventListener('change', loadMetrics);
$('metric-days').addEventListener('change', loadMetrics);
$('metric-refresh').addEventListener('click', loadMetrics);
window.addEventListener('resize', () => {
  const box = $('metric-chart');
  if (metricsView.chart && box.clientWidth) metricsView.chart.setSize({ width: Math.max(320, box.clientWidth), height: 300 });
});
loadMetricResources().then(loadMetrics).catch(e => { $('metric-status').textContent = `Could not list the resources: ${e.message}`; });
