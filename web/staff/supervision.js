// The regulator's records (监管执法): enforcement actions, the bad-record
// lists, inspections, app technical testing, equipment sampling and the
// registry of enterprises. Lists with filters, a form to enter a record or
// correct one (with the version seen), each record's history of changes.
// The vocabularies come from /api/reference/supervision and the rules stay on
// the server: its field errors are shown beside the fields.
import {
	$, ApiError, announce, api, clearMessage, field, fill, fmtDate, fmtDateTime, h, labelOf, loadRules,
	showMessage, todayBeijing, withProgress,
} from '/shared/ui.js';

let vocab = null;
let provinces = null;
let rules = null;

async function loadVocab() {
	if (!vocab) [vocab, provinces, rules] = await Promise.all([api('/api/reference/supervision'), api('/api/reference/provinces'), loadRules()]);
	return vocab;
}

/** Who made a change: the user and the role's served label, or the command line. */
const changedBy = (e) => (e.role === 'cli' ? '命令行' : `${e.user ?? ''}（${labelOf(rules.roles, e.role)}）`);

const opt = (list, value = 'code', label = 'label') => list.map((x) => [x[value], x[label]]);
const authorityName = (a) => (a ? a.name : '');
const names = (list) => list.map((e) => e.name).join('、');

/* ---- the kinds of records ------------------------------------------------------- */

/* Each kind: where its API is, what its list shows, its form's fields (name,
 * label, type, choices) and how a record fills the form back for a correction. */
const KINDS = {
	enforcement: {
		title: '执法记录', api: '/api/enforcement', one: '执法记录',
		filters: ['topic', 'measure'],
		line1: (r) => [fmtDate(r.decided_at), r.measure_label, r.topic.name],
		line2: (r) => [names(r.enterprises), authorityName(r.authority), r.enterprises.length > 1 ? `${r.enterprises.length}家企业` : null],
		fields: () => [
			{ name: 'decided_at', label: '决定日期', type: 'date', required: true },
			{ name: 'authority', label: '作出决定的机关', type: 'authority' },
			{ name: 'measure', label: '处理措施', type: 'select', required: true, choices: opt(vocab.measures), hint: '行政处罚须填写处罚决定书文号' },
			{ name: 'topic', label: '问题类别', type: 'select', required: true, choices: opt(vocab.topics, 'code', 'name') },
			{ name: 'enterprises', label: '被处理的企业', type: 'enterprises', required: true },
			{ name: 'document_no', label: '处罚决定书文号', type: 'text' },
			{ name: 'amount_yuan', label: '罚款金额（元）', type: 'number' },
			{ name: 'description', label: '情况说明', type: 'textarea' },
		],
		values: (r) => ({ ...r, authority: r.authority.code, topic: r.topic.code, enterprises: r.enterprises }),
	},
	badlist: {
		title: '不良名单', api: '/api/badlist/entries', one: '名单记录',
		filters: [],
		line1: (r) => [fmtDate(r.listed_at), r.list_label, r.removed_at ? `已于${fmtDate(r.removed_at)}移出` : '在名单上'],
		line2: (r) => [r.enterprise.name, r.reason, authorityName(r.authority)],
		fields: () => [
			{ name: 'listed_at', label: '列入日期', type: 'date', required: true },
			{ name: 'authority', label: '作出决定的机关', type: 'authority' },
			{ name: 'enterprise', label: '企业', type: 'enterprise', required: true },
			{ name: 'list', label: '名单', type: 'select', required: true, choices: opt(vocab.lists) },
			{ name: 'reason', label: '列入原因', type: 'text', required: true, hint: '如：行政处罚' },
			{ name: 'action_id', label: '相关执法记录编号', type: 'number', hint: '导致列入的执法记录，须涉及该企业' },
			{ name: 'removed_at', label: '移出日期', type: 'date' },
		],
		values: (r) => ({ ...r, authority: r.authority.code }),
	},
	inspections: {
		title: '检查记录', api: '/api/inspections', one: '检查记录',
		filters: ['topic'],
		line1: (r) => [fmtDate(r.inspected_at), r.kind_label, r.topic.name],
		line2: (r) => [r.enterprise.name, r.finding, authorityName(r.authority)],
		fields: () => [
			{ name: 'inspected_at', label: '检查日期', type: 'date', required: true },
			{ name: 'authority', label: '检查机关', type: 'authority' },
			{ name: 'enterprise', label: '被检查企业', type: 'enterprise', required: true },
			{ name: 'topic', label: '问题类别', type: 'select', required: true, choices: opt(vocab.topics, 'code', 'name') },
			{ name: 'kind', label: '检查方式', type: 'select', required: true, choices: opt(vocab.inspection_kinds) },
			{ name: 'finding', label: '检查结果', type: 'textarea', required: true },
			{ name: 'action_id', label: '由此作出的执法记录编号', type: 'number' },
		],
		values: (r) => ({ ...r, authority: r.authority.code, topic: r.topic.code }),
	},
	'app-tests': {
		title: 'APP技术检测', api: '/api/app-tests', one: '检测批次',
		filters: [],
		line1: (r) => [fmtDate(r.tested_at), r.store],
		line2: (r) => [`检测${r.apps_tested}款应用`, authorityName(r.authority)],
		fields: () => [
			{ name: 'tested_at', label: '检测日期', type: 'date', required: true },
			{ name: 'authority', label: '组织机关', type: 'authority' },
			{ name: 'store', label: '应用商店', type: 'text', required: true },
			{ name: 'apps_tested', label: '检测应用数（款）', type: 'number', required: true },
		],
		values: (r) => ({ ...r, authority: r.authority.code }),
	},
	equipment: {
		title: '设备抽查', api: '/api/equipment-samples', one: '抽查记录',
		filters: [],
		line1: (r) => [fmtDate(r.sampled_at), r.product, r.result],
		line2: (r) => [r.manufacturer.name, r.model, r.problem],
		fields: () => [
			{ name: 'sampled_at', label: '抽查日期', type: 'date', required: true },
			{ name: 'authority', label: '组织机关', type: 'authority' },
			{ name: 'manufacturer', label: '生产企业', type: 'enterprise', required: true, noLicence: true },
			{ name: 'product', label: '产品名称', type: 'text', required: true },
			{ name: 'model', label: '型号', type: 'text', required: true },
			{ name: 'licence_no', label: '进网许可证编号', type: 'text', required: true },
			{ name: 'result', label: '抽查结果', type: 'select', required: true, choices: [['合格', '合格'], ['不合格', '不合格']] },
			{ name: 'problem', label: '存在的问题', type: 'text', hint: '不合格时必填' },
		],
		values: (r) => ({ ...r, authority: r.authority.code }),
	},
};
const ORDER = ['enforcement', 'badlist', 'inspections', 'app-tests', 'equipment'];

/* ---- the page ----------------------------------------------------------------- */

let ctx = null; // {view, me, onError, focusHeading}

/** Renders #supervision[/kind[/new|/id]]. */
export async function renderSupervision(view, hash, opts) {
	ctx = { view, ...opts };
	const [, kindName = 'enforcement', sub] = hash.split('/');
	const kind = KINDS[kindName] ? kindName : 'enforcement';
	fill(view, h('h1', {}, '监管执法'), h('p', { role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), ' 正在加载…'));
	try {
		await loadVocab();
	} catch (e) {
		if (ctx.onError?.(e)) return;
		return showMessage(view, `无法加载基础数据：${e.text ?? e.message}`);
	}
	if (sub === 'new') return renderForm(kind, null);
	if (sub && /^\d+$/.test(sub)) return renderRecord(kind, sub);
	return renderList(kind);
}

function subnav(current) {
	return h('nav', { class: 'tabs', 'aria-label': '记录类别' },
		ORDER.map((k) => h('a', { href: `/staff/#supervision/${k}`, 'aria-current': k === current ? 'page' : null }, KINDS[k].title)));
}

function scopeNote() {
	const p = ctx.me.province && ctx.me.province !== '00' ? ctx.me.province_name : null;
	return h('p', { class: 'hint' }, p ? `您属于${p}通信管理局：只能查看和录入本局作出的记录。` : '工业和信息化部：可查看和录入各级通信管理局的记录。');
}

/** The current quarter and the eight before it, as period values. */
function quarterChoices() {
	const t = todayBeijing();
	let y = Number(t.slice(0, 4)), q = Math.floor((Number(t.slice(5, 7)) - 1) / 3) + 1;
	const out = [];
	for (let i = 0; i < 9; i++) {
		out.push([`${y}Q${q}`, `${y}年第${'一二三四'[q - 1]}季度`]);
		if (--q === 0) (q = 4), y--;
	}
	return out;
}

const listState = {};

async function renderList(kindName) {
	const k = KINDS[kindName];
	document.title = `${k.title} - 监管执法`;
	const st = (listState[kindName] ??= { period: '', topic: '', measure: '' });
	const sel = (name, label, options, value) => field(label, h('select', { name }, h('option', { value: '' }, '全部'), options.map(([v, l]) => h('option', { value: v, selected: v === value }, l))), {});
	const period = sel('period', '季度', quarterChoices(), st.period);
	const topic = k.filters.includes('topic') ? sel('topic', '问题类别', opt(vocab.topics, 'code', 'name'), st.topic) : null;
	const measure = k.filters.includes('measure') ? sel('measure', '处理措施', opt(vocab.measures), st.measure) : null;
	const apply = h('button', { type: 'submit', class: 'btn btn-primary' }, '筛选');
	const form = h('form', { novalidate: true, 'aria-label': `筛选${k.title}`, class: 'panel' }, h('div', { class: 'filters' }, period, topic, measure), h('div', { class: 'actions' }, apply));
	const summary = h('p', { 'aria-live': 'polite', id: 'records-summary' });
	const list = h('ul', { class: 'queue', id: 'records', 'aria-label': k.title });
	const more = h('button', { type: 'button', class: 'btn', hidden: true }, '加载更多');
	fill(ctx.view, h('h1', {}, '监管执法'), subnav(kindName), scopeNote(),
		h('div', { class: 'actions' }, h('a', { class: 'btn btn-primary', href: `/staff/#supervision/${kindName}/new`, id: 'record-new' }, `录入${k.one}`)),
		form, h('section', { 'aria-labelledby': 'records-h' }, h('h2', { id: 'records-h' }, k.title), summary, list, h('div', { class: 'actions' }, more)));
	let items = [], next = null;
	const load = async (append) => {
		st.period = period.control.value;
		st.topic = topic?.control.value ?? '';
		st.measure = measure?.control.value ?? '';
		const query = { period: st.period, topic: st.topic, measure: st.measure, limit: 50, before: append ? next : undefined };
		try {
			const r = await withProgress(append ? more : apply, '正在加载…', () => api(k.api, { query }));
			items = append ? items.concat(r.items) : r.items;
			next = r.next;
			summary.textContent = items.length ? `共${items.length}条${next ? '（还有更多）' : ''}，新录入的在前。` : '没有符合条件的记录。';
			fill(list, items.map((r) => h('li', {}, h('a', { href: `/staff/#supervision/${kindName}/${r.id}` },
				h('span', { class: 'line1' }, k.line1(r).filter(Boolean).map((x, i) => (i === 0 ? h('span', { class: 'case-no' }, x) : h('span', { class: 'badge badge-state' }, x)))),
				h('span', { class: 'line2', style: 'display:block' }, k.line2(r).filter(Boolean).join(' · '))))));
			more.hidden = !next;
		} catch (e) {
			if (ctx.onError?.(e)) return;
			showMessage(form, `记录加载失败。${e.text ?? e.message}`);
		}
	};
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		clearMessage(form);
		load(false);
	});
	more.addEventListener('click', () => load(true));
	ctx.focusHeading?.();
	await load(false);
}

/* ---- one record -------------------------------------------------------------- */

async function renderRecord(kindName, id) {
	const k = KINDS[kindName];
	document.title = `${k.one} ${id} - 监管执法`;
	let r;
	try {
		r = await api(`${k.api}/${id}`);
	} catch (e) {
		if (ctx.onError?.(e)) return;
		fill(ctx.view, h('h1', {}, '监管执法'), subnav(kindName));
		return showMessage(ctx.view, e.status === 404 ? `没有编号为${id}的${k.one}，或者它不在您的范围内。` : `记录加载失败。${e.text}`);
	}
	drawRecord(kindName, r);
}

function drawRecord(kindName, r, notice) {
	const k = KINDS[kindName];
	const facts = k.fields().map((f) => {
		let v = r[f.name];
		if (f.type === 'authority') v = authorityName(r.authority);
		else if (f.type === 'enterprises') v = h('ul', {}, r.enterprises.map((e) => h('li', {}, e.name, e.licence_no ? `（${e.licence_no}）` : '', ` · ${e.kind_label}`)));
		else if (f.type === 'enterprise') v = `${v.name}${v.licence_no ? `（${v.licence_no}）` : ''}`;
		else if (f.name === 'measure') v = r.measure_label;
		else if (f.name === 'topic') v = r.topic.name;
		else if (f.name === 'list') v = r.list_name;
		else if (f.name === 'kind') v = r.kind_label;
		else if (f.type === 'date') v = v ? fmtDate(v) : null;
		return v === null || v === undefined || v === '' ? null : [f.label, v];
	}).filter(Boolean);
	const events = h('ol', { class: 'timeline', 'aria-label': '变更记录' }, (r.events ?? []).map((e) => h('li', {},
		h('span', { class: 'when' }, `${fmtDateTime(e.at)} · ${changedBy(e)}`),
		h('span', { class: 'what' }, { created: '录入', corrected: '更正' }[e.action] ?? e.action))));
	const edit = h('button', { type: 'button', class: 'btn btn-primary', id: 'record-edit' }, '更正');
	edit.addEventListener('click', () => renderForm(kindName, r));
	fill(ctx.view, h('h1', {}, '监管执法'), subnav(kindName),
		h('p', {}, h('a', { href: `/staff/#supervision/${kindName}` }, `← 返回${k.title}`)),
		h('section', { 'aria-labelledby': 'rec-h', id: 'record' }, h('h2', { id: 'rec-h' }, `${k.one} ${r.id}`),
			h('dl', { class: 'facts' }, facts.map(([a, b]) => [h('dt', {}, a), h('dd', {}, b)])),
			h('p', { class: 'small' }, `${r.imported ? '批量导入' : '录入'}于${fmtDateTime(r.created_at)}，版本${r.version}`),
			h('div', { class: 'actions' }, edit)),
		h('section', { 'aria-labelledby': 'ev-h' }, h('h2', { id: 'ev-h' }, '变更记录'), events));
	if (notice) showMessage($('#record'), notice, 'ok');
	ctx.focusHeading?.();
}

/* ---- the form -------------------------------------------------------------------- */

function enterpriseRow(value = {}, noLicence = false, onRemove = null) {
	const name = h('input', { type: 'text', name: 'enterprise_name', autocomplete: 'off', value: value.name ?? '' });
	const licence = noLicence ? null : h('input', { type: 'text', name: 'enterprise_licence', autocomplete: 'off', spellcheck: 'false', value: value.licence_no ?? '' });
	const row = h('div', { class: 'row two enterprise-row' },
		field('企业名称', name, { required: true }),
		licence ? field('经营许可证号', licence, { hint: '如 粤B2-20180001' }) : null,
		onRemove ? h('div', {}, h('button', { type: 'button', class: 'btn', onclick: () => onRemove(row) }, '删除此企业')) : null);
	row.read = () => ({ name: name.value.trim(), licence_no: licence?.value.trim() || undefined });
	row.focus = () => name.focus();
	return row;
}

function control(f, value) {
	switch (f.type) {
	case 'date':
		return h('input', { type: 'date', name: f.name, value: value ?? '', max: todayBeijing() });
	case 'number':
		return h('input', { type: 'text', inputmode: 'numeric', name: f.name, value: value ?? '' });
	case 'textarea':
		return h('textarea', { name: f.name, rows: 3, maxlength: 2000 }, value ?? '');
	case 'select':
		return h('select', { name: f.name }, h('option', { value: '' }, '请选择'), f.choices.map(([v, l]) => h('option', { value: v, selected: v === value }, l)));
	case 'authority': {
		const own = ctx.me.province && ctx.me.province !== '00';
		if (own) return h('select', { name: f.name, disabled: true }, h('option', { value: ctx.me.province }, `${ctx.me.province_name}通信管理局`));
		return h('select', { name: f.name }, h('option', { value: '00' }, '工业和信息化部'),
			provinces.filter((p) => !p.national).map((p) => h('option', { value: p.code, selected: p.code === value }, `${p.name}通信管理局`)));
	}
	default:
		return h('input', { type: 'text', name: f.name, value: value ?? '' });
	}
}

function renderForm(kindName, record) {
	const k = KINDS[kindName];
	const values = record ? k.values(record) : {};
	const inputs = {};
	const parts = k.fields().map((f) => {
		if (f.type === 'enterprises') {
			const box = h('div', { class: 'enterprise-rows' });
			const remove = (row) => {
				if (box.children.length > 1) row.remove();
				box.firstElementChild?.focus?.();
			};
			const add = (v) => box.append(enterpriseRow(v, false, remove));
			(values.enterprises?.length ? values.enterprises : [{}]).forEach(add);
			const addBtn = h('button', { type: 'button', class: 'btn', id: 'add-enterprise' }, '再添加一家企业');
			addBtn.addEventListener('click', () => {
				add({});
				box.lastElementChild.focus();
			});
			const err = h('p', { class: 'field-error', id: 'enterprises-err', hidden: true });
			const fs = h('fieldset', { 'aria-describedby': 'enterprises-err' }, h('legend', {}, f.label, h('span', { class: 'req', 'aria-hidden': 'true' }, ' *')),
				h('p', { class: 'hint' }, '一次处理多家企业的，逐家填写；新企业会登记到企业名录。'), box, addBtn, err);
			inputs[f.name] = { read: () => [...box.children].map((r) => r.read()).filter((e) => e.name), setError: (t) => { err.textContent = t; err.hidden = !t; }, focus: () => box.firstElementChild.focus() };
			return fs;
		}
		if (f.type === 'enterprise') {
			const row = enterpriseRow(values[f.name], f.noLicence);
			const err = h('p', { class: 'field-error', hidden: true });
			inputs[f.name] = { read: () => row.read(), setError: (t) => { err.textContent = t; err.hidden = !t; }, focus: () => row.focus() };
			return h('fieldset', {}, h('legend', {}, f.label), row, err);
		}
		const c = control(f, f.type === 'authority' ? values.authority : values[f.name]);
		const wrap = field(f.label, c, { required: f.required, hint: f.hint });
		inputs[f.name] = { read: () => c.value.trim(), setError: wrap.setError, focus: () => c.focus() };
		return wrap;
	});
	const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'record-save' }, record ? '保存更正' : '保存');
	const cancel = h('a', { class: 'btn', href: record ? `/staff/#supervision/${kindName}/${record.id}` : `/staff/#supervision/${kindName}` }, '取消');
	const form = h('form', { novalidate: true, class: 'panel', id: 'record-form', 'aria-labelledby': 'form-h' },
		h('h2', { id: 'form-h' }, record ? `更正${k.one} ${record.id}` : `录入${k.one}`),
		record ? h('p', { class: 'hint' }, `更正后记录变为版本${record.version + 1}；若他人已先修改，系统会提示您刷新。`) : null,
		parts, h('div', { class: 'actions' }, submit, cancel));
	fill(ctx.view, h('h1', {}, '监管执法'), subnav(kindName), scopeNote(), form);
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clearMessage(form);
		Object.values(inputs).forEach((i) => i.setError(''));
		const body = {};
		for (const f of k.fields()) {
			if (f.type === 'authority' && ctx.me.province && ctx.me.province !== '00') continue;
			const v = inputs[f.name].read();
			if (v === '' || v === undefined) continue;
			body[f.name] = f.type === 'number' && /^\d+$/.test(v) ? Number(v) : v;
		}
		const missing = k.fields().find((f) => f.required && (body[f.name] === undefined || (Array.isArray(body[f.name]) && !body[f.name].length)));
		if (missing) {
			inputs[missing.name].setError(`请填写${missing.label}`);
			return inputs[missing.name].focus();
		}
		if (record) body.version = record.version;
		try {
			const saved = await withProgress(submit, '正在保存…', () => api(record ? `${k.api}/${record.id}` : k.api, { method: record ? 'PUT' : 'POST', body }));
			history.replaceState(null, '', `/staff/#supervision/${kindName}/${saved.id}`);
			announce('已保存');
			const full = await api(`${k.api}/${saved.id}`);
			drawRecord(kindName, full, record ? `已更正，现在是版本${full.version}。` : `已录入${k.one} ${full.id}。`);
		} catch (e) {
			if (ctx.onError?.(e)) return;
			if (!(e instanceof ApiError)) throw e;
			let focused = false;
			for (const fe of e.errors) {
				const target = inputs[fe.field] ?? (fe.field === 'licences' || fe.field === 'licence' ? inputs.enterprises ?? inputs.enterprise : null);
				if (target) {
					target.setError(fe.message);
					if (!focused) target.focus(), (focused = true);
				}
			}
			showMessage(form, e.status === 409 ? `${e.detail || e.title}` : `未能保存。${e.text}`);
			if (!focused) $('[data-msg]', form)?.focus?.();
		}
	});
	inputs[k.fields()[0].name].focus();
}
