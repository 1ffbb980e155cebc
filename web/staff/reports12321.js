// The 12321 centre's workbench (report_staff): reports with filters and
// invalidation, the number look-up with its report history, dispatch lists
// (make today's, progress, downloads), the app pipeline as a board, and the
// quarter's figures (also shown on the regulator's dashboard). What may be
// done comes from the API (an app's actions, a list's overdue mark); the page
// adds no rules.
import {
	$, ApiError, announce, api, confirmDialog, field, fill, fmtDate, fmtDateTime, fmtDue,
	h, showMessage, todayBeijing, withProgress,
} from '/shared/ui.js';
import { kindLabel, REPORT_KINDS } from '/shared/report_kinds.js';
import { quarterLabel, quarters } from '/staff/dashboard.js';

export const CENTRE_TABS = [['#reports', '举报列表'], ['#lookup', '号码查询'], ['#dispatches', '转办清单'], ['#apps', '应用处置'], ['#figures', '季度统计']];

/** Renders the view the hash names into `view`. ctx: {onError(e) → handled, focus()}. */
export async function renderCentre(view, hash, ctx) {
	try {
		if (hash.startsWith('#dispatch/')) return await renderDispatch(view, decodeURIComponent(hash.slice(10)), ctx);
		if (hash.startsWith('#lookup')) return await renderLookup(view, decodeURIComponent(hash.slice(8)), ctx, { history: true });
		if (hash === '#dispatches') return await renderDispatches(view, ctx);
		if (hash === '#apps') return await renderApps(view, ctx);
		if (hash === '#figures') return await renderFiguresPage(view, ctx);
		return await renderReports(view, ctx);
	} catch (e) {
		if (ctx.onError(e)) return;
		if (!(e instanceof ApiError)) throw e;
		showMessage(view, `加载失败。${e.text}`);
	}
}

const loading = (title) => [h('h1', {}, title), h('p', { role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), ' 正在加载…')];
const sel = (name, options, placeholder, value) => h('select', { name },
	h('option', { value: '' }, placeholder), options.map(([v, l]) => h('option', { value: v, selected: v === value }, l)));

/* ---- reports ------------------------------------------------------------------ */

let reportFilters = { kind: '', number: '', app: '', from: '', to: '' };

async function renderReports(view, ctx) {
	document.title = '举报列表 - 12321举报受理';
	const kind = field('举报类型', sel('kind', REPORT_KINDS, '全部类型', reportFilters.kind));
	const number = field('号码', h('input', { type: 'text', name: 'number', inputmode: 'tel', value: reportFilters.number, autocomplete: 'off' }));
	const app = field('应用包名', h('input', { type: 'text', name: 'app', value: reportFilters.app, autocomplete: 'off', spellcheck: 'false' }));
	const from = field('举报日期从', h('input', { type: 'date', name: 'from', value: reportFilters.from }));
	const to = field('至', h('input', { type: 'date', name: 'to', value: reportFilters.to }));
	const go = h('button', { type: 'submit', class: 'btn btn-primary' }, '查询');
	const form = h('form', { class: 'panel', role: 'search', 'aria-label': '筛选举报' },
		h('div', { class: 'filters' }, kind, number, app, from, to), h('div', { class: 'actions' }, go));
	const results = h('div', { id: 'report-results', 'aria-live': 'polite' });
	fill(view, h('h1', {}, '举报列表'), form, results);
	ctx.focus();

	const load = async (before, append) => {
		const q = { ...reportFilters, limit: 50, before };
		const r = await api('/api/reports', { query: q });
		let table = $('table', results);
		if (!append || !table) {
			table = h('table', { class: 'data', id: 'reports-table' },
				h('caption', { class: 'visually-hidden' }, '举报，新的在前'),
				h('thead', {}, h('tr', {}, ['编号', '举报时间', '类型', '号码或应用', '内容', '举报人电话', '状态', '操作'].map((c) => h('th', { scope: 'col' }, c)))),
				h('tbody'));
			fill(results, r.items.length ? h('div', { class: 'table-wrap' }, table) : h('p', { class: 'msg msg-info' }, '没有符合条件的举报。'));
		}
		for (const x of r.items) $('tbody', table).append(reportRow(x, results, ctx));
		$('#more-reports', results)?.remove();
		if (r.next) {
			const more = h('button', { type: 'button', class: 'btn', id: 'more-reports' }, '加载更多');
			more.addEventListener('click', () => withProgress(more, '正在加载…', () => load(new URLSearchParams(r.next).get('before'), true)).catch((e) => ctx.onError(e) || showMessage(results, e.text)));
			results.append(h('div', { class: 'actions' }, more));
		}
		announce(`${r.items.length}条举报`);
	};
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		reportFilters = Object.fromEntries(['kind', 'number', 'app', 'from', 'to'].map((n) => [n, form.elements[n].value.trim()]));
		try {
			await withProgress(go, '正在查询…', () => load(undefined, false));
		} catch (e) {
			if (!ctx.onError(e)) showMessage(results, `查询失败。${e.text}`);
		}
	});
	await load(undefined, false);
}

function reportRow(x, where, ctx) {
	const target = x.app ? [h('strong', {}, x.app.name), h('br'), h('code', {}, x.app.package), x.app.store ? ` · ${x.app.store}` : '']
		: x.number ? h('a', { href: `/staff/#lookup/${encodeURIComponent(x.number.digits)}` }, x.number.digits) : '';
	const state = h('td', {}, x.invalid ? h('span', { class: 'tag tag-muted' }, '已认定无效') : '有效');
	const act = h('td', {});
	if (!x.invalid) {
		const b = h('button', { type: 'button', class: 'btn', 'data-invalidate': x.id }, '认定无效');
		b.addEventListener('click', () => invalidate(x, b, state, act, where, ctx));
		act.append(b);
	}
	return h('tr', { dataset: { report: x.id } },
		h('td', { class: 'num' }, String(x.id)), h('td', {}, fmtDateTime(x.reported_at)), h('td', {}, x.kind_label),
		h('td', {}, target), h('td', { class: 'content' }, x.content ?? ''), h('td', {}, x.reporter ?? ''), state, act);
}

async function invalidate(x, button, stateCell, actCell, where, ctx) {
	const reason = field('理由', h('textarea', { name: 'reason', rows: 3, maxlength: 500 }), { required: true, hint: '例如：重复举报、号码填写错误、恶意举报。' });
	const ok = await confirmDialog({ title: `认定举报${x.id}无效`, body: [h('p', {}, '认定无效后，这条举报不再计入号码的举报次数和统计。'), reason], confirm: '认定无效', danger: true });
	if (!ok) return button.focus();
	const text = reason.control.value.trim();
	if (!text) {
		showMessage(where, '未认定无效：请填写理由。');
		return button.focus();
	}
	try {
		await withProgress(button, '正在提交…', () => api(`/api/reports/${x.id}/invalidate`, { method: 'POST', body: { reason: text } }));
		fill(stateCell, h('span', { class: 'tag tag-muted' }, '已认定无效'));
		fill(actCell);
		showMessage(where, `举报${x.id}已认定无效。`, 'ok');
		announce(`举报${x.id}已认定无效`);
		stateCell.tabIndex = -1;
		stateCell.focus();
	} catch (e) {
		if (!ctx.onError(e)) showMessage(where, `认定无效失败。${e.text}`);
	}
}

/* ---- number look-up ------------------------------------------------------------- */

/** The look-up box and what GET /api/numbers/{n} knows; with history, the
 * number's reports too (the centre only). Shared with the operator pages. */
export async function renderLookup(view, number, ctx, { history = false, base = '#lookup' } = {}) {
	document.title = '号码查询 - 12321举报受理';
	const input = field('号码', h('input', { type: 'text', name: 'number', inputmode: 'tel', autocomplete: 'off', value: number }),
		{ hint: '任何写法均可，如 +86 138 0013 8000、010-12345678、1069 0000 1234。' });
	const go = h('button', { type: 'submit', class: 'btn btn-primary' }, '查询');
	const form = h('form', { class: 'panel', role: 'search', 'aria-label': '号码查询', novalidate: true }, input, h('div', { class: 'actions' }, go));
	const out = h('div', { id: 'lookup-result' });
	fill(view, h('h1', {}, '号码查询'), form, out);
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		const v = input.control.value.trim();
		if (!v) return input.setError('请输入号码'), input.control.focus();
		location.hash = `${base}/${encodeURIComponent(v)}`;
	});
	if (!number) return ctx.focus(), input.control.focus();
	ctx.focus();
	let n;
	try {
		n = await api(`/api/numbers/${encodeURIComponent(number)}`);
	} catch (e) {
		if (ctx.onError(e)) return;
		if (!(e instanceof ApiError)) throw e;
		fill(out, h('p', { class: 'msg msg-error', role: 'alert' }, `无法查询：${e.detail || e.text}`));
		return;
	}
	const op = n.operator ? n.operator.name + (n.ported ? `（携号转网，原号段属${n.segment_operator?.name ?? '未知'}）` : '') + (n.reseller ? '（转售企业号段）' : '') : '未知';
	const counts = Object.entries(n.reports).filter(([, c]) => c).map(([k, c]) => `${kindLabel(k)}${c}次`).join('，') || '无';
	fill(out, h('section', { 'aria-labelledby': 'lk-h', class: 'panel' },
		h('h2', { id: 'lk-h' }, n.number),
		h('dl', { class: 'facts' },
			h('dt', {}, '号码类型'), h('dd', {}, n.kind_label),
			h('dt', {}, '所属企业'), h('dd', {}, op),
			h('dt', {}, '有效举报'), h('dd', { id: 'lookup-total' }, `${n.total_reports}次（${counts}）`),
			h('dt', {}, '首次举报'), h('dd', {}, n.first_report_at ? fmtDateTime(n.first_report_at) : '—'),
			h('dt', {}, '最近举报'), h('dd', {}, n.last_report_at ? fmtDateTime(n.last_report_at) : '—'),
			h('dt', {}, '转办'), h('dd', { id: 'lookup-dispatched' }, n.dispatched ? `已转办（${fmtDateTime(n.dispatched_at)}）` : '未转办'),
			h('dt', {}, '处置结果'), h('dd', { id: 'lookup-disposal' }, n.disposal_label))));
	if (!history) return;
	const r = await api('/api/reports', { query: { number: n.number, limit: 100 } });
	out.append(h('section', { 'aria-labelledby': 'hist-h' }, h('h2', { id: 'hist-h' }, '举报记录'),
		r.items.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'lookup-history' },
			h('thead', {}, h('tr', {}, ['编号', '举报时间', '类型', '内容', '状态'].map((c) => h('th', { scope: 'col' }, c)))),
			h('tbody', {}, r.items.map((x) => h('tr', {}, h('td', { class: 'num' }, String(x.id)), h('td', {}, fmtDateTime(x.reported_at)),
				h('td', {}, x.kind_label), h('td', {}, x.content ?? ''), h('td', {}, x.invalid ? '已认定无效' : '有效'))))))
			: h('p', {}, '没有举报记录。'),
		r.next ? h('p', { class: 'hint' }, '只列出最近100条。') : null));
}

/* ---- dispatch lists ---------------------------------------------------------------- */

/** A list's progress: "3/6 已处置" with a bar. */
export function progress(d) {
	return h('span', { class: 'progress' }, h('progress', { max: d.numbers || 1, value: d.disposed, 'aria-label': `已处置${d.disposed}个，共${d.numbers}个` }), ` ${d.disposed}/${d.numbers}`);
}
/** Download links for a list (the session cookie authorises them). */
export function downloads(d) {
	return [h('a', { href: `/api/dispatches/${d.id}?format=csv`, download: `dispatch-${d.id}.csv` }, 'CSV'), ' · ',
		h('a', { href: `/api/dispatches/${d.id}?format=xlsx`, download: `dispatch-${d.id}.xlsx` }, 'XLSX')];
}
export function dueCell(d) {
	return [fmtDue(d.due, d.provisional), d.overdue ? h('span', { class: 'tag tag-danger' }, ' 已超期') : null];
}
export function dispatchTable(items, base) {
	return h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'dispatch-table' },
		h('thead', {}, h('tr', {}, ['清单', '企业', '生成时间', '处置期限', '处置进度', '下载'].map((c) => h('th', { scope: 'col' }, c)))),
		h('tbody', {}, items.map((d) => h('tr', { class: d.overdue ? 'overdue' : null, dataset: { dispatch: d.id } },
			h('td', {}, h('a', { href: `/staff/${base}/${d.id}` }, `第${d.id}号`)), h('td', {}, d.operator.name),
			h('td', {}, fmtDateTime(d.created_at)), h('td', {}, dueCell(d)), h('td', {}, progress(d)), h('td', {}, downloads(d)))))));
}

async function renderDispatches(view, ctx) {
	document.title = '转办清单 - 12321举报受理';
	fill(view, ...loading('转办清单'));
	const r = await api('/api/dispatches');
	const make = h('button', { type: 'button', class: 'btn btn-primary', id: 'make-dispatch' }, '生成今日转办清单');
	const panel = h('div', {});
	fill(view, h('h1', {}, '转办清单'),
		h('p', {}, '每天把有有效举报、尚未转办的号码，按所属企业各生成一份清单；企业在处置期限内报送处置结果。'),
		h('div', { class: 'actions' }, make), panel,
		r.items.length ? dispatchTable(r.items, '#dispatch') : h('p', { class: 'msg msg-info' }, '还没有转办清单。'));
	make.addEventListener('click', async () => {
		try {
			const m = await withProgress(make, '正在生成…', () => api('/api/dispatches', { method: 'POST', body: {} }));
			const msg = m.dispatches.length ? `已生成${m.dispatches.length}份清单：${m.dispatches.map((d) => `${d.operator.name}${d.numbers}个号码`).join('，')}。` : '没有待转办的号码，未生成清单。';
			await renderDispatches(view, ctx);
			showMessage($('.actions', view), msg, 'ok');
			announce(msg);
		} catch (e) {
			if (!ctx.onError(e)) showMessage(panel, `生成失败。${e.text}`);
		}
	});
	ctx.focus();
}

/** One list with its numbers and disposals (read-only for the centre). */
export async function renderDispatch(view, id, ctx, { back = '#dispatches', extra } = {}) {
	document.title = `转办清单第${id}号 - 12321举报受理`;
	fill(view, ...loading(`转办清单第${id}号`));
	const d = await api(`/api/dispatches/${encodeURIComponent(id)}`);
	fill(view, h('p', {}, h('a', { href: `/staff/${back}` }, '← 返回清单列表')),
		h('h1', {}, `转办清单第${d.id}号：${d.operator.name}`),
		h('dl', { class: 'facts' },
			h('dt', {}, '生成时间'), h('dd', {}, fmtDateTime(d.created_at)),
			h('dt', {}, '处置期限'), h('dd', {}, dueCell(d)),
			h('dt', {}, '处置进度'), h('dd', { id: 'dispatch-progress' }, progress(d)),
			h('dt', {}, '下载'), h('dd', {}, downloads(d))),
		extra ? extra(d) : itemsTable(d));
	ctx.focus();
	return d;
}

export function itemsTable(d) {
	return h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'dispatch-items' },
		h('thead', {}, h('tr', {}, ['号码', '有效举报', '最近举报', '处置结果', '报送时间', '说明'].map((c) => h('th', { scope: 'col' }, c)))),
		h('tbody', {}, d.items.map((x) => h('tr', { dataset: { number: x.number } },
			h('td', {}, x.number), h('td', { class: 'num' }, String(x.reports)), h('td', {}, x.last_report_at ? fmtDateTime(x.last_report_at) : ''),
			h('td', { class: 'disposal' }, x.disposal_label), h('td', {}, x.disposed_at ? fmtDateTime(x.disposed_at) : ''), h('td', {}, x.note ?? ''))))));
}

/* ---- the app pipeline --------------------------------------------------------------- */

const COLUMNS = [['reported', '已举报'], ['notified', '已通知整改'], ['named', '已公开通报'], ['rectified', '已整改'], ['removed', '已下架']];

async function renderApps(view, ctx) {
	document.title = '应用处置 - 12321举报受理';
	fill(view, ...loading('应用处置'));
	const r = await api('/api/apps', { query: { limit: 200 } });
	const board = h('div', { class: 'board', id: 'app-board' }, COLUMNS.map(([state, label]) => {
		const apps = r.items.filter((a) => a.state === state);
		return h('section', { class: 'board-col', 'aria-labelledby': `col-${state}` },
			h('h2', { id: `col-${state}` }, `${label}（${apps.length}）`),
			h('ul', { class: 'cards' }, apps.map((a) => appCard(a, view, ctx))));
	}));
	fill(view, h('h1', {}, '应用处置'),
		h('p', {}, '被举报的应用按包名汇总：通知开发者限期整改；逾期未整改的公开通报，或通知应用商店下架。'), board);
	ctx.focus();
}

function appCard(a, view, ctx) {
	const buttons = a.actions.map((x) => {
		const b = h('button', { type: 'button', class: 'btn', dataset: { action: x.action } }, x.label);
		b.addEventListener('click', () => appAction(a, x, b, view, ctx));
		return b;
	});
	return h('li', { class: a.overdue ? 'card overdue' : 'card', dataset: { package: a.package } },
		h('h3', {}, a.name), h('p', {}, h('code', {}, a.package), a.store ? ` · ${a.store}` : ''),
		h('p', {}, `有效举报${a.reports}次，最近${a.last_report_at ? fmtDateTime(a.last_report_at) : '—'}`),
		a.deadline ? h('p', {}, `整改期限 ${fmtDate(a.deadline)}`, a.overdue ? h('span', { class: 'tag tag-danger' }, ' 已逾期') : '') : null,
		buttons.length ? h('div', { class: 'actions' }, buttons) : null);
}

async function appAction(a, x, button, view, ctx) {
	const body = { action: x.action, version: a.version };
	let deadline = null;
	if (x.needs_deadline)
		deadline = field('整改期限', h('input', { type: 'date', name: 'deadline', min: todayBeijing() }), { required: true, hint: '应晚于今天。' });
	const ok = await confirmDialog({ title: `${x.label}：${a.name}`, body: [h('p', {}, `${a.package}，有效举报${a.reports}次。`), deadline], confirm: x.label });
	if (!ok) return button.focus();
	if (deadline) body.deadline = deadline.control.value;
	try {
		await withProgress(button, '正在提交…', () => api(`/api/apps/${encodeURIComponent(a.package)}/actions`, { method: 'POST', body }));
		await renderApps(view, ctx);
		showMessage($('#app-board', view), `${a.name}：${x.label}完成。`, 'ok');
		announce(`${a.name}：${x.label}完成`);
	} catch (e) {
		if (ctx.onError(e)) return;
		showMessage($('#app-board', view) || view, `${x.label}失败。${e.text}`);
	}
}

/* ---- figures ----------------------------------------------------------------------- */

async function renderFiguresPage(view, ctx) {
	document.title = '季度统计 - 12321举报受理';
	fill(view, h('h1', {}, '季度统计'));
	const box = h('div');
	view.append(box);
	await renderFigures(box, { onError: ctx.onError, level: 2 });
	ctx.focus();
}

/** The quarter's 12321 figures with a quarter picker, into `box`. Used by the
 * centre and the regulator's dashboard. */
export async function renderFigures(box, { onError = () => false, level = 2 } = {}) {
	const hx = `h${level}`;
	const pick = field('季度', sel('period', quarters(8).map((p) => [p, quarterLabel(p)]), '选择季度', quarters(1)[0]));
	const out = h('div', { id: 'figures12321', 'aria-live': 'polite' });
	fill(box, h('div', { class: 'filters' }, pick), out);
	const draw = async () => {
		const period = pick.control.value || quarters(1)[0];
		try {
			const s = await api('/api/reports/stats', { query: { period } });
			const rows = (items, key) => items.map((k) => h('tr', { dataset: { [key]: k[key] } }, h('th', { scope: 'row' }, k.label),
				h('td', { class: 'num' }, String(k.count)), h('td', { class: 'num' }, String(k.previous)), h('td', { class: 'num' }, String(k.year_before)),
				h('td', {}, k.qoq?.text ?? '—'), h('td', {}, k.yoy?.text ?? '—')));
			const head = h('thead', {}, h('tr', {}, ['', '本期', '上期', '上年同期', '环比', '同比'].map((c) => h('th', { scope: 'col' }, c))));
			fill(out,
				h(hx, {}, `${quarterLabel(period)}（${fmtDate(s.range.from)}至${fmtDate(s.range.to)}）有效举报`),
				h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'figures-kinds' }, h('caption', {}, '按举报类型'), head, h('tbody', {}, rows(s.kinds, 'kind')))),
				h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'figures-series' }, h('caption', {}, '按通报口径（诈骗电话及短信合并）'), head.cloneNode(true), h('tbody', {}, rows(s.series, 'series')))),
				h(hx, {}, '应用处置'),
				h('dl', { class: 'facts', id: 'figures-apps' }, h('dt', {}, '通知整改'), h('dd', {}, `${s.apps.notified}个`),
					h('dt', {}, '公开通报'), h('dd', {}, `${s.apps.named}个`), h('dt', {}, '下架'), h('dd', {}, `${s.apps.removed}个`)));
		} catch (e) {
			if (onError(e)) return;
			if (!(e instanceof ApiError)) throw e;
			fill(out, h('p', { class: 'msg msg-error', role: 'alert' }, `统计加载失败。${e.text}`));
		}
	};
	pick.control.addEventListener('change', draw);
	await draw();
}
