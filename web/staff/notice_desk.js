// The notice desk (通告发布) of the ministry's regulators: the ministry's own
// text of a quarter's notice (preface, sections 一 and 四), its publication
// requested by one regulator and approved by another (four-eyes), and every
// revision as published, in each format. The rules (who may approve, the
// numbering, what a correction needs) are the server's.
import {
	$, ApiError, announce, api, clearMessage, confirmDialog, field, fill, fmtDate, fmtDateTime, h,
	showMessage, todayBeijing, withProgress,
} from '/shared/ui.js';

const SECTIONS = [['preface', '前言'], ['work', '一、贯彻落实党中央、国务院工作部署情况'], ['tips', '四、经营及消费提示']];
const FORMATS = [['html', 'HTML'], ['pdf', 'PDF'], ['xlsx', 'XLSX'], ['md', 'Markdown']];

function quarters() {
	const t = todayBeijing();
	let y = Number(t.slice(0, 4)), q = Math.floor((Number(t.slice(5, 7)) - 1) / 3) + 1;
	const out = [];
	for (let i = 0; i < 9; i++) {
		out.push(`${y}Q${q}`);
		if (--q === 0) (q = 4), y--;
	}
	return out;
}
const quarterLabel = (p) => `${p.slice(0, 4)}年第${'一二三四'[Number(p.slice(5)) - 1]}季度`;

let ctx = null;
let current = null;

export async function renderNoticeDesk(view, opts) {
	ctx = { view, ...opts };
	document.title = '通告发布 - 申诉办理工作台';
	if (ctx.me.province && ctx.me.province !== '00') {
		fill(view, h('h1', {}, '通告发布'), h('p', { class: 'msg msg-info' }, '电信服务质量通告由工业和信息化部编辑和发布；省通信管理局可在“统计看板”下载本省的通告草稿。'));
		return ctx.focusHeading?.();
	}
	const qs = quarters();
	current ??= qs[1];
	const period = h('select', { name: 'period', id: 'notice-period' }, qs.map((q, i) => h('option', { value: q, selected: q === current }, quarterLabel(q) + (i === 0 ? '（进行中）' : ''))));
	const body = h('div', { id: 'notice-desk' });
	fill(view, h('h1', {}, '通告发布'),
		h('div', { class: 'panel' }, h('label', { for: 'notice-period', class: 'label' }, '通告季度'), period,
			h('p', { class: 'hint' }, '发布前由一名监管人员提交申请、另一名监管人员审核批准；批准后通告即冻结，此后导入的数据不再改变已发布的文本。')),
		body);
	period.addEventListener('change', () => {
		current = period.value;
		load(body);
	});
	ctx.focusHeading?.();
	await load(body);
}

async function download(button, query, name, box) {
	clearMessage(box);
	try {
		const blob = await withProgress(button, '正在生成…', () => api(`/api/notices/${current}`, { query, blob: true }));
		const url = URL.createObjectURL(blob);
		const a = h('a', { href: url, download: name });
		document.body.append(a);
		a.click();
		a.remove();
		setTimeout(() => URL.revokeObjectURL(url), 60_000);
		announce('已开始下载');
	} catch (e) {
		if (ctx.onError?.(e)) return;
		showMessage(box, `下载失败。${e.text ?? e.message}`);
	}
}

function downloads(query, label, box, suffix) {
	return h('div', { class: 'actions', role: 'group', 'aria-label': label },
		FORMATS.map(([f, n]) => {
			const b = h('button', { type: 'button', class: 'btn', dataset: { format: f } }, `${label}（${n}）`);
			b.addEventListener('click', () => download(b, { ...query, format: f }, `电信服务质量通告-${current}${suffix}.${f}`, box));
			return b;
		}));
}

async function load(box) {
	fill(box, h('p', { role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), ` 正在加载${quarterLabel(current)}的通告…`));
	let pubs, texts;
	try {
		[pubs, texts] = await Promise.all([api(`/api/notices/${current}/publications`), api(`/api/notices/${current}/texts`)]);
	} catch (e) {
		if (ctx.onError?.(e)) return;
		fill(box);
		return showMessage(box, `通告加载失败。${e.text ?? e.message}`);
	}
	const published = pubs.items.filter((p) => p.state === 'published');
	const pending = pubs.items.find((p) => p.state === 'pending');
	fill(box,
		statusSection(published, box),
		pending ? pendingSection(pending, pubs.you, box) : requestSection(published, box),
		textsSection(texts, box),
		historySection(pubs.items));
}

function statusSection(published, box) {
	const latest = published[0];
	const s = h('section', { class: 'panel', 'aria-labelledby': 'pub-h', id: 'notice-status' }, h('h2', { id: 'pub-h' }, '发布状态'));
	if (latest) {
		s.append(h('p', {}, h('strong', { id: 'notice-published' }, `已发布：${latest.year}年第${latest.number}号`), `，${latest.doc_no}，${fmtDate(latest.date)}`,
			latest.revision > 1 ? `（第${latest.revision}版：${latest.reason}）` : ''),
		downloads({}, '下载已发布的通告', s, `-第${latest.revision}版`));
	} else {
		s.append(h('p', { id: 'notice-published' }, '本季度通告尚未发布。'));
	}
	s.append(h('h3', {}, '按当前数据生成的草稿'), downloads({ draft: 'true' }, '下载草稿', s, '-草稿'));
	return s;
}

function pendingSection(p, you, box) {
	const mine = p.requested_by === you;
	const s = h('section', { class: 'panel', 'aria-labelledby': 'pending-h', id: 'notice-pending' },
		h('h2', { id: 'pending-h' }, '待审核的发布申请'),
		h('p', {}, `第${p.revision}版，${p.year}年第${p.number}号，文号${p.doc_no}，发布日期${fmtDate(p.date)}`, p.reason ? `，更正说明：${p.reason}` : '', `。提交于${fmtDateTime(p.requested_at)}。`),
		h('p', { class: 'hint' }, mine ? '这是您提交的申请，须由另一名监管人员审核；您可以撤回。' : '请先查看申请冻结的文本，确认无误后批准发布。'),
		downloads({ pending: 'true' }, '查看待发布文本', box, '-待审核'));
	const approve = h('button', { type: 'button', class: 'btn btn-primary', id: 'notice-approve' }, '批准发布');
	const reject = h('button', { type: 'button', class: 'btn btn-danger', id: 'notice-reject' }, mine ? '撤回申请' : '退回申请');
	const act = async (what, button) => {
		const ok = await confirmDialog({
			title: what === 'approve' ? '确定批准发布吗？' : mine ? '确定撤回申请吗？' : '确定退回申请吗？',
			body: h('p', {}, what === 'approve' ? `批准后通告（${p.year}年第${p.number}号）即对外发布并冻结，不能撤销；如需更正只能发布新的一版。` : '申请作废，冻结的文本不会发布。'),
			confirm: what === 'approve' ? '批准发布' : '确定', danger: what !== 'approve',
		});
		if (!ok) return button.focus();
		try {
			await withProgress(button, '正在提交…', () => api(`/api/notices/${current}/publications/${p.id}/${what}`, { method: 'POST', body: {} }));
			announce(what === 'approve' ? '通告已发布' : '申请已作废');
			await load(box);
			showMessage($('#notice-status'), what === 'approve' ? `通告已发布：${p.year}年第${p.number}号。` : '申请已作废。', 'ok');
			$('#notice-status h2')?.setAttribute('tabindex', '-1');
			$('#notice-status h2')?.focus();
		} catch (e) {
			if (ctx.onError?.(e)) return;
			showMessage(s, `操作未能完成。${e.text ?? e.message}`);
		}
	};
	approve.addEventListener('click', () => act('approve', approve));
	reject.addEventListener('click', () => act('reject', reject));
	s.append(h('div', { class: 'actions' }, mine ? null : approve, reject));
	return s;
}

function requestSection(published, box) {
	const correction = published.length > 0;
	const doc = field('发文字号（文号）', h('input', { type: 'text', name: 'doc_no', autocomplete: 'off' }), { required: true, hint: '如 工信部信管函〔2021〕73号' });
	const date = field('发布日期', h('input', { type: 'date', name: 'date', value: todayBeijing() }), { required: true });
	const reason = correction ? field('更正说明', h('textarea', { name: 'reason', rows: 2, maxlength: 200 }), { required: true, hint: '说明本版更正了什么' }) : null;
	const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'notice-request' }, correction ? '申请发布更正版' : '申请发布');
	const form = h('form', { novalidate: true, class: 'panel', id: 'notice-request-form', 'aria-labelledby': 'req-h' },
		h('h2', { id: 'req-h' }, correction ? '发布更正版' : '申请发布'),
		h('p', { class: 'hint' }, '提交时按当前数据和文字冻结通告的各种格式；另一名监管人员批准后正式发布。'),
		doc, date, reason, h('div', { class: 'actions' }, submit));
	const fields = { doc_no: doc, date, reason };
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clearMessage(form);
		Object.values(fields).forEach((f) => f?.setError(''));
		const body = { doc_no: doc.control.value.trim(), date: date.control.value };
		if (reason) body.reason = reason.control.value.trim();
		if (!body.doc_no) return doc.setError('请填写发文字号'), doc.control.focus();
		try {
			await withProgress(submit, '正在生成并冻结通告…', () => api(`/api/notices/${current}/publications`, { method: 'POST', body }));
			announce('已提交发布申请');
			await load(box);
			showMessage($('#notice-pending'), '已提交发布申请，请另一名监管人员审核。', 'ok');
		} catch (e) {
			if (ctx.onError?.(e)) return;
			if (!(e instanceof ApiError)) throw e;
			for (const fe of e.errors) fields[fe.field]?.setError(fe.message);
			showMessage(form, `未能提交。${e.text}`);
		}
	});
	return form;
}

function textsSection(texts, box) {
	const s = h('section', { 'aria-labelledby': 'texts-h', id: 'notice-texts' }, h('h2', { id: 'texts-h' }, '通告文字'),
		h('p', { class: 'hint' }, '第二部分（申诉和举报）、第三部分（电信服务监管情况）和附件由系统根据数据生成。以下各部分由部里撰写：段落之间空一行；第一行写“# 标题”可改标题。留空则不印该部分（前言留空时用标准表述）。'));
	for (const [code, label] of SECTIONS) {
		const t = texts.sections.find((x) => x.section === code) ?? { body: '', version: 0 };
		const area = h('textarea', { name: code, rows: code === 'preface' ? 3 : 8, placeholder: code === 'preface' ? texts.default_preface : '' }, t.body);
		const f = field(label, area, { hint: t.version ? `版本${t.version}，${fmtDateTime(t.updated_at)}保存` : '尚未撰写' });
		const save = h('button', { type: 'submit', class: 'btn', dataset: { section: code } }, '保存');
		const form = h('form', { novalidate: true, class: 'panel', dataset: { section: code } }, f, h('div', { class: 'actions' }, save));
		form.addEventListener('submit', async (ev) => {
			ev.preventDefault();
			clearMessage(form);
			f.setError('');
			try {
				const r = await withProgress(save, '正在保存…', () => api(`/api/notices/${current}/texts/${code}`, { method: 'PUT', body: { body: area.value, version: t.version } }));
				Object.assign(t, r.sections.find((x) => x.section === code));
				showMessage(form, `已保存（版本${t.version}）。`, 'ok');
				announce('已保存');
			} catch (e) {
				if (ctx.onError?.(e)) return;
				if (e.status === 409) {
					const reload = h('button', { type: 'button', class: 'btn btn-primary' }, '重新加载');
					reload.addEventListener('click', () => load(box));
					fill(showMessage(form, ''), h('p', {}, e.detail || e.title), reload);
					return reload.focus();
				}
				f.setError(e.errors?.[0]?.message ?? '');
				showMessage(form, `未能保存。${e.text ?? e.message}`);
			}
		});
		s.append(form);
	}
	return s;
}

function historySection(items) {
	if (!items.length) return null;
	return h('section', { 'aria-labelledby': 'hist-h' }, h('h2', { id: 'hist-h' }, '发布记录'),
		h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': '发布记录（可左右滚动）' }, h('table', { class: 'data', id: 'notice-history' },
			h('thead', {}, h('tr', {}, ['版次', '编号', '文号', '发布日期', '状态', '提交', '审核'].map((x) => h('th', { scope: 'col' }, x)))),
			h('tbody', {}, items.map((p) => h('tr', {},
				h('th', { scope: 'row' }, `第${p.revision}版`), h('td', {}, `${p.year}年第${p.number}号`), h('td', {}, p.doc_no),
				h('td', {}, fmtDate(p.date)), h('td', {}, p.state_label),
				h('td', {}, p.via === 'cli' ? `命令行 ${fmtDateTime(p.requested_at)}` : fmtDateTime(p.requested_at)),
				h('td', {}, p.decided_at ? fmtDateTime(p.decided_at) : '—')))))));
}
