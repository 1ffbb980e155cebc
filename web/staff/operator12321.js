// An operator's 12321 pages (enterprise_staff): the dispatch lists sent to it
// with due dates, disposals entered per number or the list uploaded back as
// CSV/XLSX (all or nothing, every bad line named), and the number look-up.
// The disposal choices come with the list from the server.
import { $, ApiError, announce, api, clearMessage, fill, h, showMessage, withProgress } from '/shared/ui.js';
import { dispatchTable, renderDispatch, renderLookup } from '/staff/reports12321.js';

export const OPERATOR_TABS = [['#d12321', '12321转办清单'], ['#n12321', '号码查询']];

export async function renderOperator(view, hash, ctx) {
	try {
		if (hash.startsWith('#d12321/')) return await renderList(view, decodeURIComponent(hash.slice(8)), ctx);
		if (hash.startsWith('#n12321')) return await renderLookup(view, decodeURIComponent(hash.slice(8)), ctx, { base: '#n12321' });
		return await renderLists(view, ctx);
	} catch (e) {
		if (ctx.onError(e)) return;
		if (!(e instanceof ApiError)) throw e;
		showMessage(view, `加载失败。${e.text}`);
	}
}

async function renderLists(view, ctx) {
	document.title = '12321转办清单 - 申诉办理工作台';
	const r = await api('/api/dispatches');
	fill(view, h('h1', {}, '12321转办清单'),
		h('p', {}, '12321举报受理中心转来的被举报号码。请在处置期限内核查处置，逐个填写处置结果，或下载清单、填好“处置结果”列后整份上传。'),
		r.items.length ? dispatchTable(r.items, '#d12321') : h('p', { class: 'msg msg-info' }, '目前没有转给本企业的清单。'));
	ctx.focus();
}

async function renderList(view, id, ctx) {
	await renderDispatch(view, id, ctx, { back: '#d12321', extra: (d) => listEditor(d, view, id, ctx) });
}

function listEditor(d, view, id, ctx) {
	const reload = async (msg) => {
		await renderList(view, id, ctx);
		showMessage($('#disposal-form', view), msg, 'ok');
		announce(msg);
	};
	const choice = (x) => h('select', { name: `disposal-${x.number}`, 'aria-label': `${x.number}的处置结果` },
		h('option', { value: '' }, x.disposal === 'none' ? '未处置' : `${x.disposal_label}（不变）`),
		d.disposal_choices.map((c) => h('option', { value: c.code }, c.label)));
	const note = (x) => h('input', { type: 'text', name: `note-${x.number}`, maxlength: 500, 'aria-label': `${x.number}的说明`, value: '' });
	const save = h('button', { type: 'submit', class: 'btn btn-primary' }, '保存处置结果');
	const form = h('form', { id: 'disposal-form', novalidate: true, 'aria-labelledby': 'disp-h' },
		h('h2', { id: 'disp-h' }, '逐个填写处置结果'),
		h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'dispatch-items' },
			h('thead', {}, h('tr', {}, ['号码', '有效举报', '当前处置结果', '新的处置结果', '说明'].map((c) => h('th', { scope: 'col' }, c)))),
			h('tbody', {}, d.items.map((x) => h('tr', { dataset: { number: x.number } },
				h('td', {}, x.number), h('td', { class: 'num' }, String(x.reports)), h('td', { class: 'disposal' }, x.disposal_label),
				h('td', {}, choice(x)), h('td', {}, note(x))))))),
		h('div', { class: 'actions' }, save));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clearMessage(form);
		const items = d.items.map((x) => ({ number: x.number, disposal: form.elements[`disposal-${x.number}`].value, note: form.elements[`note-${x.number}`].value.trim() || undefined }))
			.filter((x) => x.disposal);
		if (!items.length) return showMessage(form, '没有填写新的处置结果。', 'info');
		try {
			const r = await withProgress(save, '正在保存…', () => api(`/api/dispatches/${d.id}/disposals`, { method: 'POST', body: { items } }));
			await reload(`已保存${r.updated ?? items.length}个号码的处置结果。`);
		} catch (e) {
			if (!ctx.onError(e)) showMessage(form, `保存失败。${e.text}`), save.focus();
		}
	});

	const file = h('input', { type: 'file', name: 'file', id: 'upload-file', accept: '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'aria-describedby': 'upload-hint' });
	const send = h('button', { type: 'submit', class: 'btn btn-primary' }, '上传');
	const errors = h('div', { id: 'upload-errors' });
	const upload = h('form', { id: 'upload-form', 'aria-labelledby': 'up-h', class: 'panel' },
		h('h2', { id: 'up-h' }, '上传处置结果'),
		h('p', { class: 'hint', id: 'upload-hint' }, '下载本清单（CSV或XLSX），在“处置结果”列填写关停、限制、警告、核实无异常或无法核实，可在“说明”列补充，然后上传。有一行填错则整份不保存，并列出每个错误；空着的行保持原状。'),
		h('div', { class: 'field' }, h('label', { for: 'upload-file' }, '清单文件（CSV或XLSX）'), file),
		h('div', { class: 'actions' }, send), errors);
	upload.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clearMessage(upload);
		fill(errors);
		const f = file.files[0];
		if (!f) return showMessage(upload, '请选择文件。'), file.focus();
		const xlsx = /\.xlsx$/i.test(f.name);
		if (!xlsx && !/\.csv$/i.test(f.name)) return showMessage(upload, '只能上传CSV或XLSX文件。'), file.focus();
		try {
			const r = await withProgress(send, '正在上传…', () => api(`/api/dispatches/${d.id}/disposals`, {
				method: 'POST', body: f, contentType: xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
			}));
			await reload(`上传成功：${r.updated}个号码的处置结果已保存，${r.unchanged}个未变。`);
		} catch (e) {
			if (ctx.onError(e)) return;
			if (!(e instanceof ApiError)) throw e;
			showMessage(upload, `上传未保存。${e.detail || e.text}`);
			if (e.errors.length)
				fill(errors, h('ul', { class: 'msg msg-error' }, e.errors.map((x) => h('li', {},
					x.line ? `第${x.line}行${x.column ? `第${x.column}列（${x.name}）` : ''}：${x.message}` : x.message))));
			file.focus();
		}
	});
	return h('div', {}, upload, form);
}
