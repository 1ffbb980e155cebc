// 热点预警: the day's early warnings for the regulator (and an agency, its own
// province's series), most surprising first. Each has its chart (the daily
// counts, the expected band, the days that rose), the words that set its
// recent complaints apart, a link to the cases behind it, and a form to
// acknowledge it or dismiss it with a reason. The model and every figure come
// from the server (GET /api/warnings); the page adds no rule.
import {
	$, addDays, announce, api, ApiError, chars, clearMessage, field, fill, fmtDate, fmtDateTime, h,
	showMessage, withProgress,
} from '/shared/ui.js';
import { loadEcharts } from '/staff/dashboard.js';

const NOTE_MAX = 500;
let current = null; // { data, echarts } of the list drawn, redrawn when the type size changes

const large = () => document.documentElement.classList.contains('large');
const num = (x) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
const shortDate = (d) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/** The hash's query: #warnings?date=2026-05-10 → {date: '2026-05-10'}. */
function hashQuery(hash) {
	const i = hash.indexOf('?');
	return Object.fromEntries(new URLSearchParams(i < 0 ? '' : hash.slice(i + 1)));
}

/** #warnings… dispatches here: the list, or the cases behind one warning. */
export function renderWarningsRoute(view, hash, opts) {
	if (hash.startsWith('#warnings/cases')) return renderCases(view, hashQuery(hash), opts);
	return renderWarnings(view, hashQuery(hash), opts);
}

function chartOption(item) {
	const fs = large() ? 17 : 12;
	const days = item.history.map((d) => d.date);
	const inWindow = (d) => d >= item.window.from && d <= item.window.to;
	const band = large() ? '#9fb6e0' : '#d6e2f7';
	return {
		aria: { enabled: true, label: { description: `${item.title}每日申诉量与预期范围` } },
		animation: false,
		textStyle: { fontSize: fs, color: large() ? '#000' : '#1f2328' },
		tooltip: { trigger: 'axis', textStyle: { fontSize: fs } },
		legend: { bottom: 0, textStyle: { fontSize: fs }, data: ['每日件数', '预期', '正常范围'] },
		// room for a legend that wraps to two lines in 大字模式 on a phone
		grid: { left: 44, right: 16, top: 16, bottom: large() ? 104 : 64 },
		xAxis: { type: 'category', data: days.map(shortDate), axisLabel: { fontSize: fs, hideOverlap: true } },
		yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: fs } },
		series: [
			// the band: an invisible floor, then the band's height stacked on it;
			// drawn beneath the bars and the expected line (z), which it would wash out
			{ name: '范围下限', type: 'line', stack: 'band', data: item.history.map((d) => d.low), lineStyle: { opacity: 0 }, symbol: 'none', tooltip: { show: false } },
			{ name: '正常范围', type: 'line', stack: 'band', data: item.history.map((d) => d.high - d.low), lineStyle: { opacity: 0 }, symbol: 'none', itemStyle: { color: band }, areaStyle: { color: band }, tooltip: { valueFormatter: () => '' } },
			{ name: '预期', type: 'line', data: item.history.map((d) => d.expected), symbol: 'none', z: 4, itemStyle: { color: '#0b57d0' }, lineStyle: { type: 'dashed', width: 2, color: '#0b57d0' } },
			{
				name: '每日件数', type: 'bar', z: 3, itemStyle: { color: '#4f5660' }, data: item.history.map((d) => ({ value: d.count, itemStyle: { color: inWindow(d.date) ? '#b3261e' : '#4f5660' } })),
				markArea: { silent: true, itemStyle: { color: 'rgba(179,38,30,0.08)' }, data: [[{ xAxis: shortDate(item.window.from) }, { xAxis: shortDate(item.window.to) }]] },
			},
		],
	};
}

function drawCharts(echarts, data) {
	data.items.forEach((item, i) => {
		const el = document.getElementById(`warning-chart-${i}`);
		if (!el) return;
		const c = echarts.getInstanceByDom(el) ?? echarts.init(el, null, { renderer: 'svg' });
		c.setOption(chartOption(item), true);
		c.resize();
	});
}

let wired = false;
function wireRedraw() {
	if (wired) return;
	wired = true;
	window.addEventListener('resize', () => current && drawCharts(current.echarts, current.data));
	new MutationObserver(() => current && document.getElementById('warning-chart-0') && drawCharts(current.echarts, current.data))
		.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
}

/** The filters of GET /api/cases for the cases behind a warning, as a link. */
function casesLink(item) {
	if (!item.cases) return null;
	const q = new URLSearchParams({ ...item.cases, title: item.title });
	return h('a', { href: `/staff/#warnings/cases?${q}`, class: 'btn', 'data-cases': '' }, `查看相关申诉（${item.observed}件）`);
}

/** The decision taken, as a line: 已确认（regulator，2026年5月14日 09:12）：note. */
function decisionLine(d) {
	return [h('strong', { class: d.decision === 'dismissed' ? 'dismissed' : 'acknowledged' }, d.label), `（${d.by}，${fmtDateTime(d.at)}）`, d.note ? `：${d.note}` : ''];
}

function decisionForm(item, date, i, onDone) {
	const choice = (value, label, hint) => h('label', { class: 'choice' },
		h('input', { type: 'radio', name: `decision-${i}`, value, checked: item.decision?.decision === value }),
		h('span', {}, h('strong', {}, label), h('span', { class: 'hint', style: 'display:block' }, hint)));
	const group = h('fieldset', {}, h('legend', {}, '处理结果'),
		h('div', { class: 'choices' },
			choice('acknowledged', '确认', '确有问题，需要关注或处理'),
			choice('dismissed', '排除', '不是真正的问题（须说明原因）')));
	const note = field('说明', h('textarea', { name: 'note', rows: 2, maxlength: NOTE_MAX }), { hint: `不超过${NOTE_MAX}字；排除时必填，用于日后评估预警的准确率。` });
	const err = h('p', { class: 'field-error', hidden: true, id: `decision-err-${i}` });
	const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, item.decision ? '更新处理结果' : '提交处理结果');
	const form = h('form', { class: 'decision-form', novalidate: true, 'aria-label': `处理预警：${item.title}`, dataset: { series: item.series } },
		group, err, note, h('div', { class: 'actions' }, submit));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clearMessage(form);
		const picked = form.querySelector(`input[name="decision-${i}"]:checked`)?.value;
		const text = note.control.value.trim();
		err.hidden = !!picked;
		err.textContent = picked ? '' : '请选择确认或排除';
		note.setError(picked === 'dismissed' && !text ? '排除预警时请说明原因' : chars(text) > NOTE_MAX ? `说明不能超过${NOTE_MAX}字` : '');
		if (!picked) return form.querySelector('input[type=radio]').focus();
		if ((picked === 'dismissed' && !text) || chars(text) > NOTE_MAX) return note.control.focus();
		try {
			const d = await withProgress(submit, '正在提交…', () => api(`/api/warnings/${date}/${encodeURIComponent(item.series)}/decision`, { method: 'POST', body: { decision: picked, note: text || undefined } }));
			item.decision = d;
			onDone(d);
		} catch (e) {
			if (!(e instanceof ApiError)) throw e;
			if (e.code === 'note_required') note.setError(e.detail);
			showMessage(form, `处理结果未能保存。${e.text}`);
		}
	});
	return form;
}

function card(item, i, date) {
	const win = item.window;
	const span = win.days === 1 ? shortDate(win.to) : `${shortDate(win.from)}至${shortDate(win.to)}`;
	const what = item.source === 'complaint' ? '申诉' : '举报';
	const status = h('p', { class: 'decision', id: `decision-${i}`, role: 'status' }, item.decision ? decisionLine(item.decision) : '尚未处理');
	const facts = h('p', { class: 'warning-facts' },
		`${span}（${win.days}天）收到${what}`, h('strong', {}, `${item.observed}件`), `，按以往规律预计约${num(item.expected)}件`,
		item.ratio ? `，为预期的${num(item.ratio)}倍` : '', `。异常程度 ${item.surprise.toFixed(1)}`,
		h('span', { class: 'hint' }, `（偶然出现的概率约为10的−${item.surprise.toFixed(1)}次方）`));
	const kw = item.keywords.length
		? h('p', { class: 'keywords' }, h('span', { class: 'label-inline' }, '关键词：'), item.keywords.map((k, j) => [j ? ' / ' : '', h('span', { class: 'keyword', title: `近期${k.recent}件提到，此前${k.history}件` }, k.text)]))
		: h('p', { class: 'hint' }, item.source === 'complaint' ? '近期描述与以往没有明显不同的词语。' : '');
	const contrib = item.contributors.length
		? h('p', {}, '主要来自：', item.contributors.map((c, j) => `${j ? '、' : ''}${c.title.split(' · ').slice(1).join(' · ')}（${c.observed}件，预期${num(c.expected)}）`))
		: null;
	const partOf = item.part_of ? h('p', { class: 'msg msg-info' }, `这是全国性上升的一部分：${item.part_of.title}。`) : null;
	const chartId = `warning-chart-${i}`;
	const table = h('details', { class: 'data-table' }, h('summary', {}, '每日数据（数据表）'),
		h('div', { class: 'table-wrap' }, h('table', { class: 'data' }, h('caption', { class: 'visually-hidden' }, `${item.title}每日数据`),
			h('thead', {}, h('tr', {}, ['日期', '件数', '预期', '正常范围'].map((x) => h('th', { scope: 'col' }, x)))),
			h('tbody', {}, item.history.map((d) => h('tr', { class: d.date >= win.from ? 'in-window' : '' }, h('th', { scope: 'row' }, fmtDate(d.date)), h('td', { class: 'num' }, d.count), h('td', { class: 'num' }, num(d.expected)), h('td', { class: 'num' }, `${d.low}–${d.high}`)))))));
	const section = h('article', { class: 'warning-card panel', 'aria-labelledby': `warning-h-${i}`, dataset: { series: item.series } },
		h('h2', { id: `warning-h-${i}` }, `${i + 1}. ${item.title}`),
		partOf, facts, kw, contrib, status,
		h('div', { id: chartId, class: 'chart', role: 'img', 'aria-label': `${item.title}：近${item.history.length}天每日${what}件数，浅色带为正常范围，红色为上升的日子` }),
		table,
		h('div', { class: 'actions' }, casesLink(item)));
	section.append(decisionForm(item, date, i, (d) => {
		fill(status, decisionLine(d));
		$('button[type=submit]', section).textContent = '更新处理结果';
		announce(`已${d.label}`);
		status.focus?.();
	}));
	return section;
}

export async function renderWarnings(view, query, { me, onError } = {}) {
	// Without a date the server picks its yesterday (the last complete day).
	const asked = /^\d{4}-\d{2}-\d{2}$/.test(query.date ?? '') ? query.date : undefined;
	document.title = '热点预警 - 申诉办理工作台';
	const picker = h('input', { type: 'date', name: 'date', id: 'warning-date', value: asked ?? '' });
	const go = h('button', { type: 'submit', class: 'btn' }, '查看');
	const form = h('form', { class: 'panel', novalidate: true, 'aria-label': '选择日期' },
		h('label', { for: 'warning-date', class: 'label' }, '预警日期'), picker,
		h('p', { class: 'hint' }, '默认为昨天（最近一个完整的日子）。每个序列与它自己近8周的水平比较：周末和节假日按调休安排计算，工作日的周末按工作日计算；偶然出现的可能性极小、且增加至少5件时才列出。'),
		h('div', { class: 'actions' }, go));
	const status = h('p', { role: 'status', id: 'warnings-status' });
	const list = h('div', { id: 'warning-list' });
	const scopeNote = me?.role === 'agency_staff' && me.province !== '00'
		? h('p', { class: 'hint' }, `只列出${me.province_name ?? '本省'}的序列，包括全国性上升在本省的部分。`) : null;
	fill(view, h('h1', {}, '热点预警'), scopeNote, form, status, list);
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		const d = picker.value;
		if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return picker.focus();
		location.hash = `#warnings?date=${d}`;
	});

	fill(status, h('span', { class: 'spinner', 'aria-hidden': 'true' }), ` 正在计算${asked ? fmtDate(asked) : '昨天'}的预警…`);
	let data, echarts;
	try {
		[data, echarts] = await Promise.all([api('/api/warnings', { query: { date: asked } }), loadEcharts()]);
	} catch (e) {
		if (onError?.(e) || !status.isConnected) return;
		fill(status);
		return showMessage(view, `预警加载失败。${e.text ?? e.message}`);
	}
	if (!status.isConnected) return; // the user went on to another page meanwhile
	const date = data.date;
	picker.value = date;
	picker.max = addDays(data.latest_complete_day, 1);
	const partial = date > data.latest_complete_day ? '（当天尚未结束，数字还会增加）' : '';
	fill(status, data.items.length
		? `${fmtDate(date)}${partial}：在${data.series}个序列中发现${data.items.length}条预警，按异常程度排列。`
		: `${fmtDate(date)}${partial}：${data.series}个序列都在正常范围内，没有预警。`);
	fill(list, data.items.map((item, i) => card(item, i, date)));
	current = { data, echarts };
	drawCharts(echarts, data);
	wireRedraw();
}

/* ---- the cases behind a warning ------------------------------------------------------- */

async function renderCases(view, filters, { onError } = {}) {
	document.title = '预警相关申诉 - 申诉办理工作台';
	const back = h('p', {}, h('a', { href: `/staff/#warnings?date=${filters.received_to ?? ''}` }, '← 返回热点预警'));
	// title and no_subtopic are the page's own; the rest are GET /api/cases filters
	const { title = '', no_subtopic: noSubtopic, ...query } = filters;
	const status = h('p', { role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), ' 正在加载…');
	const list = h('ul', { class: 'queue', id: 'warning-cases', 'aria-label': '相关申诉' });
	fill(view, back, h('h1', {}, '预警相关申诉'), h('p', {}, `${title}，${fmtDate(filters.received_from)}至${fmtDate(filters.received_to)}收到。`), status, list);
	$('h1', view).tabIndex = -1;
	$('h1', view).focus();
	try {
		const r = await api('/api/cases', { query: { ...query, order: 'newest', limit: 200 } });
		// the list cannot ask for "no sub-topic": those are picked here
		const items = noSubtopic ? r.items.filter((c) => !c.subtopic) : r.items;
		fill(status, `共${items.length}件${r.next ? '（仅显示最新的200件）' : ''}。`);
		fill(list, items.map((c) => h('li', {}, h('a', { href: `/staff/#case/${encodeURIComponent(c.case_no)}` },
			h('span', { class: 'line1' }, h('span', { class: 'case-no' }, c.case_no), h('span', { class: 'badge badge-state' }, c.state_label)),
			h('span', { class: 'line2', style: 'display:block' }, [c.province_name, c.enterprise, c.category + (c.subtopic ? `/${c.subtopic}` : ''), `收到 ${fmtDateTime(c.received_at)}`].filter(Boolean).join(' · '))))));
	} catch (e) {
		if (onError?.(e) || !status.isConnected) return;
		fill(status);
		showMessage(view, `相关申诉加载失败。${e.text ?? e.message}`);
	}
}
