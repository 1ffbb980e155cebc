// The regulator's dashboard: a quarter's total with 环比/同比, the two-year
// quarterly trend, class shares, complaints per million users per enterprise,
// the province breakdown (ECharts, served from /vendor/), the quarter's
// enforcement counts (件次, 家次, per measure, bad list, inspections), and the
// quarterly notice for download as HTML, PDF or XLSX.
import { $, api, fill, h, showMessage, clearMessage, todayBeijing, withProgress, announce } from '/shared/ui.js';

/* ECharts is a classic script (UMD) copied from npm at build time. */
let echartsReady = null;
export function loadEcharts() {
	echartsReady ??= new Promise((resolve, reject) => {
		if (window.echarts) return resolve(window.echarts);
		const s = document.createElement('script');
		s.src = '/vendor/echarts.min.js';
		s.onload = () => resolve(window.echarts);
		s.onerror = () => {
			echartsReady = null;
			reject(new Error('图表组件加载失败'));
		};
		document.head.append(s);
	});
	return echartsReady;
}

/** Quarters as "2026Q3", from the newest. */
export function quarters(n) {
	const t = todayBeijing();
	let y = Number(t.slice(0, 4)), q = Math.floor((Number(t.slice(5, 7)) - 1) / 3) + 1;
	const out = [];
	for (let i = 0; i < n; i++) {
		out.push(`${y}Q${q}`);
		if (--q === 0) (q = 4), y--;
	}
	return out;
}
export const quarterLabel = (p) => `${p.slice(0, 4)}年第${'一二三四'[Number(p.slice(5)) - 1]}季度`;
const shortQuarter = (p) => `${p.slice(2, 4)}年Q${p.slice(5)}`;

/** A province's short name for chart axes (广东, 内蒙古); the national centre as 全国中心. */
function provinceName(g, provinces) {
	if (g.key === '00') return '全国中心';
	return provinces?.find((p) => p.code === g.key)?.short_name || g.name;
}

const charts = new Map();
let current = null; // the last drawn data, redrawn when the font size changes

function large() {
	return document.documentElement.classList.contains('large');
}

function baseOption(title) {
	const fs = large() ? 18 : 13;
	return {
		aria: { enabled: true, label: { description: title } },
		animation: false,
		textStyle: { fontSize: fs, color: large() ? '#000' : '#1f2328' },
		tooltip: { trigger: 'item', textStyle: { fontSize: fs } },
		color: ['#0b57d0', '#c2410c', '#146c2e', '#7b2cbf', '#a86b00', '#0e7490', '#b3261e'],
	};
}

function dataTable(caption, head, rows) {
	return h('details', { class: 'data-table' }, h('summary', {}, `${caption}（数据表）`),
		h('div', { class: 'table-wrap' }, h('table', { class: 'data' }, h('caption', { class: 'visually-hidden' }, caption),
			h('thead', {}, h('tr', {}, head.map((x) => h('th', { scope: 'col' }, x)))),
			h('tbody', {}, rows.map((r) => h('tr', {}, r.map((x, i) => (i === 0 ? h('th', { scope: 'row' }, x) : h('td', { class: 'num' }, x)))))))));
}

function draw(echarts, d) {
	const fs = large() ? 18 : 12;
	const set = (id, option) => {
		const el = document.getElementById(id);
		if (!el) return;
		let c = echarts.getInstanceByDom(el);
		if (!c) c = echarts.init(el, null, { renderer: 'svg' });
		c.setOption(option, true);
		charts.set(id, c);
	};
	set('chart-trend', {
		...baseOption('近两年各季度受理申诉量'),
		tooltip: { trigger: 'axis' },
		grid: { left: 56, right: 16, top: 24, bottom: 56 },
		xAxis: { type: 'category', data: d.trend.map((t) => shortQuarter(t.period)), axisLabel: { fontSize: fs, rotate: 45 } },
		yAxis: { type: 'value', name: '件', axisLabel: { fontSize: fs } },
		series: [{ name: '受理申诉', type: 'line', data: d.trend.map((t) => t.total), label: { show: true, fontSize: fs }, symbolSize: 8 }],
	});
	set('chart-category', {
		...baseOption('各类申诉占比'),
		legend: { bottom: 0, left: 'center', orient: 'vertical', textStyle: { fontSize: fs } },
		series: [{
			name: '申诉类别', type: 'pie', radius: ['28%', '55%'], center: ['50%', '38%'],
			label: { formatter: '{d}%', fontSize: fs },
			data: d.byCategory.groups.map((g) => ({ name: g.name, value: g.count })),
		}],
	});
	const rated = d.rates.filter((r) => r.rate !== null);
	set('chart-rate', {
		...baseOption('各企业百万用户申诉率'),
		tooltip: { trigger: 'axis' },
		grid: { left: 80, right: 40, top: 16, bottom: 32 },
		xAxis: { type: 'value', name: '件/百万户', axisLabel: { fontSize: fs } },
		yAxis: { type: 'category', inverse: true, data: rated.map((r) => r.name), axisLabel: { fontSize: fs } },
		series: [{ name: '百万用户申诉率', type: 'bar', data: rated.map((r) => r.rate), label: { show: true, position: 'right', fontSize: fs } }],
	});
	const provs = [...d.byProvince.groups].sort((a, b) => b.count - a.count);
	set('chart-province', {
		...baseOption('各省受理申诉量'),
		tooltip: { trigger: 'axis' },
		grid: { left: large() ? 84 : 64, right: 40, top: 8, bottom: 24 },
		xAxis: { type: 'value', axisLabel: { fontSize: fs } },
		yAxis: { type: 'category', inverse: true, data: provs.map((g) => provinceName(g, d.provinces)), axisLabel: { fontSize: fs, interval: 0 } },
		series: [{ name: '受理申诉', type: 'bar', data: provs.map((g) => g.count), label: { show: true, position: 'right', fontSize: fs } }],
	});
}

let resizeWired = false;
function wireResize() {
	if (resizeWired) return;
	resizeWired = true;
	window.addEventListener('resize', () => charts.forEach((c) => c.resize()));
	new MutationObserver(() => {
		if (!current || !document.getElementById('chart-trend')) return;
		loadEcharts().then((e) => {
			draw(e, current);
			charts.forEach((c) => c.resize());
		});
	}).observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
}

export function renderDashboard(view, { onError } = {}) {
	const qs = quarters(9);
	// the newest complete quarter by default: the current one is still running
	const period = h('select', { name: 'period', id: 'period' }, qs.map((q, i) => h('option', { value: q, selected: i === 1 }, quarterLabel(q) + (i === 0 ? '（进行中）' : ''))));
	const status = h('p', { role: 'status', id: 'dash-status' });
	const kpis = h('div', { class: 'kpis', id: 'kpis' });
	const card = (id, title, cls = '') => h('section', { class: 'chart-card', 'aria-labelledby': `${id}-h` }, h('h2', { id: `${id}-h` }, title), h('div', { id, class: `chart ${cls}`, role: 'img', 'aria-label': title }), h('div', { id: `${id}-table` }));
	const dl = (fmt, label) => h('button', { type: 'button', class: 'btn', dataset: { format: fmt } }, label);
	const downloads = h('div', { class: 'actions', role: 'group', 'aria-label': '下载通告' }, dl('html', '下载通告（HTML）'), dl('pdf', '下载通告（PDF）'), dl('xlsx', '下载通告（XLSX）'));
	const dlBox = h('section', { class: 'panel', 'aria-labelledby': 'dl-h' }, h('h2', { id: 'dl-h' }, '电信服务质量通告'), h('p', { id: 'dl-note' }), downloads);
	fill(view,
		h('h1', {}, '统计看板'),
		h('div', { class: 'panel' }, h('label', { for: 'period', class: 'label' }, '统计季度'), period, h('p', { class: 'hint' }, '按受理机构受理的申诉统计，以收到日期为准（北京时间）。')),
		status, kpis,
		h('section', { class: 'panel', 'aria-labelledby': 'enf-h', id: 'enforcement-card' }, h('h2', { id: 'enf-h' }, '监管执法'), h('div', { id: 'enforcement-body' })),
		h('div', { class: 'charts' },
			card('chart-trend', '近两年各季度受理申诉量'),
			card('chart-category', '各类申诉占比'),
			card('chart-rate', '各企业百万用户申诉率'),
			card('chart-province', '各省受理申诉量', 'tall')),
		dlBox);

	for (const b of downloads.querySelectorAll('button'))
		b.addEventListener('click', () => download(b, period.value, b.dataset.format, dlBox, onError));

	async function load() {
		const p = period.value;
		$('#dl-note').textContent = `${quarterLabel(p)}通告，由系统根据受理数据生成。`;
		clearMessage(view);
		fill(status, h('span', { class: 'spinner', 'aria-hidden': 'true' }), ` 正在加载${quarterLabel(p)}的统计数据…`);
		period.disabled = true;
		try {
			const trendPeriods = quarters(qs.length + 8).slice(qs.indexOf(p), qs.indexOf(p) + 8).reverse();
			const [echarts, supervision, provinces, byCategory, byProvince, byEnterprise, ...trend] = await Promise.all([
				loadEcharts(),
				api('/api/supervision/summary', { query: { period: p } }),
				api('/api/reference/provinces'),
				api('/api/stats', { query: { period: p, by: 'category' } }),
				api('/api/stats', { query: { period: p, by: 'province' } }),
				api('/api/stats', { query: { period: p, by: 'enterprise' } }),
				...trendPeriods.map((tp) => api('/api/stats', { query: { period: tp } }).then((s) => ({ period: tp, total: s.total }))),
			]);
			if (!kpis.isConnected) return; // the user went on to another page meanwhile
			const d = { period: p, provinces, byCategory, byProvince, rates: byEnterprise.groups.map((g) => ({ name: g.name, count: g.count, rate: g.rate_per_million ?? null })), trend };
			current = d;
			fill(kpis,
				h('div', { class: 'kpi' }, h('div', {}, '受理申诉'), h('div', { class: 'v', id: 'kpi-total' }, `${byCategory.total}件`)),
				h('div', { class: 'kpi' }, h('div', {}, '环比'), h('div', { class: 'v' }, byCategory.qoq_text.replace(/^环比/, '')), h('div', { class: 'small' }, `上季度${byCategory.previous_total}件`)),
				h('div', { class: 'kpi' }, h('div', {}, '同比'), h('div', { class: 'v' }, byCategory.yoy_text.replace(/^同比/, '')), h('div', { class: 'small' }, `上年同期${byCategory.year_before_total}件`)));
			draw(echarts, d);
			drawEnforcement($('#enforcement-body'), supervision, quarterLabel(p));
			fill($('#chart-trend-table'), dataTable('各季度受理申诉量', ['季度', '件数'], d.trend.map((t) => [quarterLabel(t.period), t.total])));
			fill($('#chart-category-table'), dataTable('各类申诉', ['类别', '件数', '占比'], byCategory.groups.map((g) => [g.name, g.count, g.share === null ? '—' : `${g.share.toFixed(1)}%`])));
			fill($('#chart-rate-table'), d.rates.length
				? dataTable('各企业申诉情况', ['企业', '申诉件数', '百万用户申诉率'], d.rates.map((r) => [r.name, r.count, r.rate === null ? '—（缺少用户数）' : r.rate.toFixed(2)]))
				: h('p', { class: 'small' }, '该季度缺少企业用户数，无法计算百万用户申诉率。'));
			fill($('#chart-province-table'), dataTable('各省受理申诉量', ['省份', '件数', '占比'], byProvince.groups.map((g) => [g.key === '00' ? '全国中心' : g.name, g.count, g.share === null ? '—' : `${g.share.toFixed(1)}%`])));
			fill(status, `${quarterLabel(p)}：受理申诉${byCategory.total}件，${byCategory.qoq_text}，${byCategory.yoy_text}。`);
			wireResize();
		} catch (e) {
			if (onError?.(e) || !status.isConnected) return;
			fill(status);
			showMessage(view, `统计数据加载失败。${e.text ?? e.message}`);
		} finally {
			period.disabled = false;
		}
	}
	period.addEventListener('change', load);
	load();
}

/** The quarter's enforcement counts: 家次 and 件次 in all and per measure, the
 * bad-record list, inspections. */
function drawEnforcement(box, s, label) {
	if (!s.actions && !s.listed && !s.inspected) {
		return fill(box, h('p', { id: 'enforcement-none' }, `${label}没有执法记录。`));
	}
	fill(box,
		h('div', { class: 'kpis' },
			h('div', { class: 'kpi' }, h('div', {}, '查处违规电信企业'), h('div', { class: 'v', id: 'kpi-enforcement' }, `${s.enterprises}家次`), h('div', { class: 'small' }, `${s.actions}件次执法`)),
			h('div', { class: 'kpi' }, h('div', {}, '纳入不良名单'), h('div', { class: 'v', id: 'kpi-listed' }, `${s.listed}家`)),
			h('div', { class: 'kpi' }, h('div', {}, '检查企业'), h('div', { class: 'v', id: 'kpi-inspected' }, `${s.inspected}家次`))),
		h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': `${label}各类处理措施` }, h('table', { class: 'data', id: 'enforcement-table' },
			h('caption', { class: 'visually-hidden' }, `${label}各类处理措施`),
			h('thead', {}, h('tr', {}, ['处理措施', '件次', '家次'].map((x) => h('th', { scope: 'col' }, x)))),
			h('tbody', {}, s.measures.map((m) => h('tr', {}, h('th', { scope: 'row' }, m.label), h('td', { class: 'num' }, m.actions), h('td', { class: 'num' }, m.enterprises)))))),
		h('p', {}, h('a', { href: '/staff/#supervision' }, '查看执法记录')));
}

async function download(button, period, format, box, onError) {
	clearMessage(box);
	const names = { html: 'HTML', pdf: 'PDF', xlsx: 'XLSX' };
	try {
		const blob = await withProgress(button, `正在生成${names[format]}…`, () => api(`/api/notices/${period}`, { query: { format }, blob: true }));
		const url = URL.createObjectURL(blob);
		const a = h('a', { href: url, download: `电信服务质量通告-${period}.${format}` });
		document.body.append(a);
		a.click();
		a.remove();
		setTimeout(() => URL.revokeObjectURL(url), 60_000);
		showMessage(box, `${names[format]}版通告已生成，正在下载。`, 'ok');
		announce('通告已开始下载');
	} catch (e) {
		if (onError?.(e)) return;
		showMessage(box, `通告未能生成。${e.text ?? e.message}`);
	}
}
