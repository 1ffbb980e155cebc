// The staff side, one page chosen by the signed-in role:
//   agency_staff      the workbench: queue by due date, case detail, actions;
//   enterprise_staff  the operator portal: forwarded cases, reply form, masked data;
//   regulator         the dashboard (charts, notice downloads, enforcement counts), the
//                     supervision records (supervision.js), the notice desk (notice_desk.js,
//                     the ministry only) and read-only cases;
//   report_staff      the 12321 centre's workbench (web/staff/reports12321.js);
//   enterprise_staff  also its 12321 dispatch lists (web/staff/operator12321.js);
//   admin             nothing to do here (accounts are managed on the command line).
// Which actions a case offers comes from the API, what each needs and every
// label from the served rules (GET /api/reference/rules); the page adds no rules.
import {
	$, ApiError, announce, api, chars, clearMessage, confirmDialog, daysBetween, field, fill, fmtDate,
	fmtDateTime, fmtDue, h, initLargeToggle, labelOf, loadRules, PROVISIONAL_NOTE, setCsrf, showMessage,
	todayBeijing, withProgress,
} from '/shared/ui.js';
import { CENTRE_TABS, renderCentre, renderFigures } from '/staff/reports12321.js';
import { OPERATOR_TABS, renderOperator } from '/staff/operator12321.js';

const view = $('#view');
const banner = $('#staff-banner');
const nav = $('#staff-nav');
const headerUser = $('#header-user');
const STORE_KEY = 'shensu.staff';

let me = null;

/* Actions that end the case or cannot be taken back: asked for confirmation. */
const CONFIRM = new Set(['reject', 'answer_enquiry', 'close', 'mediation_agreement', 'mediation_failed', 'withdraw', 'reply', 'forward']);
/* What the comment is called, per action (what it needs comes from the rules). */
const COMMENT_LABEL = {
	request_supplement: '需要补正的内容（申诉人可见）',
	reply: '处理情况和答复（申诉人和受理机构可见）',
	reject: '补充说明',
	answer_enquiry: '答复内容',
};

/* ---- session ----------------------------------------------------------------- */

function saved() {
	try {
		return JSON.parse(localStorage.getItem(STORE_KEY) || 'null');
	} catch {
		return null;
	}
}
function remember(v) {
	try {
		if (v) localStorage.setItem(STORE_KEY, JSON.stringify(v));
		else localStorage.removeItem(STORE_KEY);
	} catch {
		/* not remembered: sign in again next time */
	}
}

async function start() {
	initLargeToggle();
	const s = saved();
	// Only a browser that signed in asks /api/me: others go straight to the form
	// (no 401 to log). The CSRF token is kept from the login answer.
	if (s?.csrf) {
		setCsrf(s.csrf);
		try {
			me = await api('/api/me');
		} catch (e) {
			remember(null);
			setCsrf(null);
			return renderLogin(e.status === 401 ? '登录已过期，请重新登录。' : `无法确认登录状态：${e.text}`);
		}
		return enter();
	}
	renderLogin();
}

function renderLogin(notice) {
	me = null;
	fill(banner);
	fill(nav);
	fill(headerUser);
	document.title = '工作人员登录 - 电信用户申诉受理';
	const name = field('用户名', h('input', { type: 'text', name: 'username', autocomplete: 'username', autocapitalize: 'off', spellcheck: 'false' }), { required: true });
	const pass = field('密码', h('input', { type: 'password', name: 'password', autocomplete: 'current-password' }), { required: true });
	const btn = h('button', { type: 'submit', class: 'btn btn-primary' }, '登录');
	const form = h('form', { novalidate: true, class: 'panel', 'aria-labelledby': 'login-h' },
		h('h1', { id: 'login-h' }, '工作人员登录'),
		h('p', { class: 'hint' }, '申诉受理机构、电信企业和电信管理机构的工作人员使用本系统账号登录。'),
		name, pass, h('div', { class: 'actions' }, btn));
	fill(view, h('div', { style: 'max-width: 28rem; margin: 0 auto' }, form));
	if (notice) showMessage(form, notice, 'info');
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clearMessage(form);
		name.setError(name.control.value.trim() ? '' : '请输入用户名');
		pass.setError(pass.control.value ? '' : '请输入密码');
		if (!name.control.value.trim()) return name.control.focus();
		if (!pass.control.value) return pass.control.focus();
		try {
			const r = await withProgress(btn, '正在登录…', () => api('/api/login', { method: 'POST', body: { name: name.control.value.trim(), password: pass.control.value } }));
			setCsrf(r.csrf_token);
			remember({ csrf: r.csrf_token });
			me = r.user;
			navigated = true;
			enter();
		} catch (e) {
			if (!(e instanceof ApiError)) throw e;
			showMessage(form, e.code === 'login_failed' ? '用户名或密码不正确，请重新输入。' : `登录失败。${e.text}`);
			pass.control.value = '';
			pass.control.focus();
		}
	});
	name.control.focus();
}

async function logout() {
	try {
		await api('/api/logout', { method: 'POST' });
	} catch {
		/* the session is gone either way */
	}
	remember(null);
	setCsrf(null);
	history.replaceState(null, '', '/staff/');
	renderLogin('您已安全退出。');
}

/** Errors that mean the session is gone send people back to the login form. */
function sessionLost(e) {
	if (e instanceof ApiError && e.status === 401) {
		remember(null);
		renderLogin('登录已过期，请重新登录。');
		return true;
	}
	return false;
}

/* ---- frame and routing ---------------------------------------------------------- */

function tabsFor(role) {
	if (role === 'regulator') {
		return [['#dashboard', '统计看板'], ['#supervision', '监管执法'], ['#warnings', '热点预警'],
			me.province && me.province !== '00' ? null : ['#notice', '通告发布'], ['#queue', '案件查询']].filter(Boolean);
	}
	if (role === 'agency_staff') return [['#queue', '待办案件'], ['#warnings', '热点预警']];
	if (role === 'enterprise_staff') return [['#queue', '转办案件'], ...OPERATOR_TABS];
	if (role === 'report_staff') return CENTRE_TABS;
	return [];
}

function enter() {
	const who = [me.name, me.role_label, me.province_name && me.province !== '00' ? me.province_name : null, me.province === '00' ? '全国中心' : null, me.enterprise].filter(Boolean).join(' · ');
	fill(headerUser, h('span', { id: 'signed-in-as' }, who), ' ', h('button', { type: 'button', class: 'btn', onclick: logout }, '退出'));
	window.onhashchange = () => {
		navigated = true;
		route();
	};
	route();
	showCalendarWarning();
}

/** Admins and agency staff see the health check's warning: next year's holiday
 * schedule is not loaded, so deadlines reaching into it are provisional. */
async function showCalendarWarning() {
	fill(banner);
	if (me?.role !== 'admin' && me?.role !== 'agency_staff') return;
	try {
		const health = await api('/api/health');
		if (health.warning && me)
			fill(banner, h('div', { class: 'msg msg-warn', role: 'status', id: 'calendar-warning' },
				h('strong', {}, '节假日安排提醒：'), health.warning));
	} catch {
		/* only a reminder: the page works without it */
	}
}

function route() {
	if (!me) return;
	const hash = location.hash || ({ regulator: '#dashboard', report_staff: '#reports' }[me.role] ?? '#queue');
	const tabs = tabsFor(me.role);
	const current = (href) => hash === href || hash.startsWith(href + '/') || (href === '#queue' && hash.startsWith('#case/')) || (href === '#dispatches' && hash.startsWith('#dispatch/'));
	fill(nav, tabs.map(([href, label]) => h('a', { href: '/staff/' + href, 'aria-current': current(href) ? 'page' : null }, label)));
	if (me.role === 'admin') return renderAdmin();
	const ctx12321 = { onError: sessionLost, focus: focusHeading };
	if (me.role === 'report_staff') return renderCentre(view, hash, ctx12321);
	if (me.role === 'enterprise_staff' && /^#[dn]12321/.test(hash)) return renderOperator(view, hash, ctx12321);
	if (hash.startsWith('#case/')) return renderCase(decodeURIComponent(hash.slice(6)));
	if (hash === '#dashboard' && me.role === 'regulator') return renderDashboard();
	if (hash.startsWith('#supervision') && me.role === 'regulator') return renderModule('/staff/supervision.js', 'renderSupervision', hash);
	if (hash === '#notice' && me.role === 'regulator') return renderModule('/staff/notice_desk.js', 'renderNoticeDesk');
	if (hash.startsWith('#warnings') && (me.role === 'regulator' || me.role === 'agency_staff')) return renderWarnings(hash);
	return renderQueue();
}

/* The heading takes the focus when the view changes, not on the first load. */
let navigated = false;
function focusHeading() {
	const h1 = $('h1', view);
	if (h1 && navigated) {
		h1.tabIndex = -1;
		h1.focus({ preventScroll: false });
	}
}

function renderAdmin() {
	document.title = '系统管理 - 申诉办理工作台';
	fill(view, h('h1', {}, '系统管理'),
		h('p', {}, '管理员账户不办理案件。账户和设置通过命令行管理，例如：'),
		h('pre', { class: 'panel' }, 'shensu user add --role agency_staff --province 44 li.ming'));
	focusHeading();
}

/** A page of its own module (supervision records, the notice desk). */
async function renderModule(path, name, ...args) {
	const mod = await import(path);
	mod[name](view, ...args, { me, onError: sessionLost, focusHeading });
}

async function renderDashboard() {
	document.title = '统计看板 - 申诉办理工作台';
	const mod = await import('/staff/dashboard.js');
	await mod.renderDashboard(view, { onError: sessionLost });
	// the 12321 figures and app campaign counts below the complaint figures
	const box = h('section', { 'aria-labelledby': 'fig12321-h', id: 'dashboard-12321' }, h('h2', { id: 'fig12321-h' }, '12321举报统计'));
	view.append(box);
	focusHeading();
	await renderFigures(box.appendChild(h('div')), { onError: sessionLost, level: 3 });
}

async function renderWarnings(hash) {
	const mod = await import('/staff/warnings.js');
	await mod.renderWarningsRoute(view, hash, { me, onError: sessionLost });
	focusHeading();
}

/* ---- the queue -------------------------------------------------------------------- */

let refs = null;
async function loadRefs() {
	if (refs) return refs;
	const [provinces, enterprises, categories, reasons, rules] = await Promise.all([
		api('/api/reference/provinces'), api('/api/reference/enterprises', { query: { level: 'group' } }),
		api('/api/reference/categories'), api('/api/reference/reasons'), loadRules(),
	]);
	refs = { provinces, enterprises, categories, reasons, rules };
	return refs;
}

/** The served rule of an action ({code, label, comment_required, reason_required}). */
const actionRule = (code) => refs.rules.actions.find((a) => a.code === code) ?? {};

/* The queue's filters survive moving to a case and back. */
let filters = { scope: 'todo', state: '', category: '', enterprise: '', province: '', overdue: false, from: '', to: '' };

function dueInfo(c) {
	const due = c.next_due;
	if (!due) return null;
	const left = daysBetween(todayBeijing(), due);
	const shown = fmtDue(due, c.next_due_provisional);
	if (c.overdue) return h('span', { class: 'badge badge-overdue' }, `已超期 · 期限${shown}`);
	return h('span', { class: left <= 2 ? 'badge badge-soon' : 'badge' }, `期限${shown}（${left === 0 ? '今天到期' : `还剩${left}天`}）`);
}

async function renderQueue() {
	const title = me.role === 'enterprise_staff' ? '转办案件' : me.role === 'regulator' ? '案件查询' : '待办案件';
	document.title = `${title} - 申诉办理工作台`;
	fill(view, h('h1', {}, title), h('p', { role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), ' 正在加载…'));
	try {
		await loadRefs();
	} catch (e) {
		if (sessionLost(e)) return;
		fill(view, h('h1', {}, title));
		return showMessage(view, `无法加载基础数据：${e.text}`);
	}
	const agencyWide = me.role === 'regulator' || (me.role === 'agency_staff' && me.province === '00');

	/* search by case number */
	const search = field('按案件编号查找', h('input', { type: 'search', name: 'case_no', autocomplete: 'off', spellcheck: 'false' }), { hint: '如 44-2026-000123' });
	const searchBtn = h('button', { type: 'submit', class: 'btn' }, '查找');
	const searchForm = h('form', { role: 'search', class: 'panel', novalidate: true, 'aria-label': '查找案件' }, search, h('div', { class: 'actions' }, searchBtn));
	searchForm.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clearMessage(searchForm);
		const no = search.control.value.trim().replace(/\s+/g, '');
		if (!no) return search.setError('请输入案件编号'), search.control.focus();
		search.setError('');
		location.hash = `#case/${encodeURIComponent(no)}`;
	});

	/* filters */
	const sel = (name, options, first, value) => h('select', { name }, h('option', { value: '' }, first), options.map(([v, l]) => h('option', { value: v, selected: v === value }, l)));
	const scope = field('范围', h('select', { name: 'scope' },
		h('option', { value: 'todo', selected: filters.scope === 'todo' }, '待办：未办结，按办理期限排序'),
		h('option', { value: 'all', selected: filters.scope === 'all' }, '全部：按收到时间，新的在前')), {});
	// open states first, in the served order, then the final ones
	const states = [...refs.rules.states.filter((x) => !x.final), ...refs.rules.states.filter((x) => x.final)];
	const state = field('状态', sel('state', states.map((x) => [x.code, x.label]), '全部状态', filters.state), {});
	const category = field('类别', sel('category', refs.categories.map((c) => [c.name, `${c.name}${c.valid_to ? `（至${c.valid_to.slice(0, 4)}年）` : ''}`]), '全部类别', filters.category), {});
	const enterprise = agencyWide || me.role === 'agency_staff' ? field('被申诉企业', sel('enterprise', refs.enterprises.map((e) => [e.name, e.name]), '全部企业', filters.enterprise), {}) : null;
	const province = agencyWide || (me.role === 'enterprise_staff' && !me.province) ? field('省份', sel('province', refs.provinces.map((p) => [p.code, p.national ? '全国中心' : p.name]), '全部省份', filters.province), {}) : null;
	const from = field('收到日期从', h('input', { type: 'date', name: 'from', value: filters.from }), {});
	const to = field('收到日期至', h('input', { type: 'date', name: 'to', value: filters.to }), {});
	const overdue = h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'overdue', checked: filters.overdue }), '只看已超期');
	const apply = h('button', { type: 'submit', class: 'btn btn-primary' }, '筛选');
	const reset = h('button', { type: 'button', class: 'btn' }, '清除条件');
	const filterForm = h('form', { novalidate: true, 'aria-label': '筛选案件' },
		h('div', { class: 'filters' }, scope, state, category, enterprise, province, from, to, h('div', { class: 'field' }, overdue)),
		h('div', { class: 'actions' }, apply, reset));
	const summary = h('p', { 'aria-live': 'polite', id: 'queue-summary' });
	const list = h('ul', { class: 'queue', id: 'queue', 'aria-label': '案件列表' });
	const more = h('button', { type: 'button', class: 'btn', hidden: true }, '加载更多');
	const results = h('section', { 'aria-labelledby': 'results-h' }, h('h2', { id: 'results-h' }, '案件列表'), summary, list, h('div', { class: 'actions' }, more));

	fill(view, h('h1', {}, title),
		me.role === 'enterprise_staff' ? h('p', { class: 'hint' }, `这里是受理机构转给${me.enterprise ?? '贵企业'}${me.province_name ? `（${me.province_name}）` : ''}处理的案件。请在回复期限前答复。申诉人的个人信息已部分隐去。`) : null,
		h('div', { class: 'layout' }, searchForm,
			h('details', { class: 'panel', open: window.innerWidth >= 640 }, h('summary', {}, '筛选条件'), filterForm)),
		results);

	let items = [], next = null;
	const read = () => {
		filters = {
			scope: scope.control.value, state: state.control.value, category: category.control.value,
			enterprise: enterprise?.control.value ?? '', province: province?.control.value ?? '',
			overdue: filterForm.elements.overdue.checked, from: from.control.value, to: to.control.value,
		};
	};
	const query = () => {
		const q = { limit: filters.scope === 'todo' ? 200 : 50 };
		if (filters.scope === 'todo' && !filters.state) q.due_within = 366;
		if (filters.scope === 'todo') q.order = 'due'; // the most urgent first, page after page
		if (filters.state) q.state = filters.state;
		if (filters.category) q.category = filters.category;
		if (filters.enterprise) q.enterprise = filters.enterprise;
		if (filters.province) q.province = filters.province;
		if (filters.overdue) q.overdue = 'true';
		if (filters.from) q.received_from = filters.from;
		if (filters.to) q.received_to = filters.to;
		return q;
	};
	const draw = () => {
		let shown = items;
		if (filters.scope === 'todo') {
			shown = items.filter((c) => c.next_due).sort((a, b) => (a.next_due < b.next_due ? -1 : a.next_due > b.next_due ? 1 : a.received_at < b.received_at ? -1 : 1));
			if (!filters.state) shown = shown.concat(items.filter((c) => !c.next_due));
		}
		const overdueCount = shown.filter((c) => c.overdue).length;
		summary.textContent = shown.length
			? `共${shown.length}件${next ? '（还有更多）' : ''}${overdueCount ? `，其中${overdueCount}件已超期` : ''}${filters.scope === 'todo' ? '，按办理期限排序，最急的在前。' : '，按收到时间排序。'}`
			: '没有符合条件的案件。';
		fill(list, shown.map((c) => h('li', { class: c.overdue ? 'overdue' : '' },
			h('a', { href: `/staff/#case/${encodeURIComponent(c.case_no)}` },
				h('span', { class: 'line1' }, h('span', { class: 'case-no' }, c.case_no), h('span', { class: 'badge badge-state' }, c.state_label), dueInfo(c)),
				h('span', { class: 'line2', style: 'display:block' }, [c.province_name, c.enterprise, c.category + (c.subtopic ? `/${c.subtopic}` : ''), `收到 ${fmtDateTime(c.received_at)}`].filter(Boolean).join(' · '))))));
		more.hidden = !next;
	};
	const load = async (append) => {
		const q = query();
		if (append && next) q.after = next;
		const btn = append ? more : apply;
		if (!append) summary.textContent = '正在加载案件列表…';
		try {
			const r = await withProgress(btn, '正在加载…', () => api('/api/cases', { query: q }));
			items = append ? items.concat(r.items) : r.items;
			next = r.next;
			draw();
		} catch (e) {
			if (sessionLost(e)) return;
			summary.textContent = '';
			showMessage(results, `案件列表加载失败。${e.text}`);
		}
	};
	filterForm.addEventListener('submit', (ev) => {
		ev.preventDefault();
		clearMessage(results);
		read();
		load(false);
	});
	reset.addEventListener('click', () => {
		filters = { scope: 'todo', state: '', category: '', enterprise: '', province: '', overdue: false, from: '', to: '' };
		renderQueue();
	});
	more.addEventListener('click', () => load(true));
	focusHeading();
	await load(false);
}

/* ---- case detail ------------------------------------------------------------------ */

async function renderCase(no) {
	document.title = `案件 ${no} - 申诉办理工作台`;
	fill(view, h('p', {}, h('a', { href: '/staff/#queue' }, '← 返回案件列表')), h('h1', {}, `案件 ${no}`), h('p', { role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), ' 正在加载案件…'));
	focusHeading();
	let c;
	try {
		[c] = await Promise.all([api(`/api/cases/${encodeURIComponent(no)}`), loadRefs()]);
	} catch (e) {
		if (sessionLost(e)) return;
		fill(view, h('p', {}, h('a', { href: '/staff/#queue' }, '← 返回案件列表')), h('h1', {}, `案件 ${no}`));
		showMessage(view, e.status === 404 ? `没有找到案件 ${no}，或者该案件不在您的办理范围内。` : `案件加载失败。${e.text}`);
		return;
	}
	drawCase(c);
	focusHeading();
}

function drawCase(c, notice) {
	const masked = me.role !== 'agency_staff';
	const od = c.overdue_detail ?? {};
	const overdueNotes = [od.accept && '受理决定已超期', od.answer && '答复已超期', od.reply && '企业回复已超期'].filter(Boolean);
	const facts = [
		['状态', [h('span', { class: 'badge badge-state', id: 'case-state' }, c.state_label), c.outcome_label ? `（${c.outcome_label}）` : '']],
		['受理机构', c.province_name], ['被申诉企业', c.enterprise], c.forwarded_to ? ['已转至', c.forwarded_to] : null,
		['类别', c.category + (c.subtopic ? ` / ${c.subtopic}` : '')],
		['收到时间', fmtDateTime(c.received_at)],
		c.materials_day ? ['材料齐全日', fmtDate(c.materials_day)] : null,
		c.event_date ? ['问题发生日期', fmtDate(c.event_date)] : null,
		c.operator_answer ? ['先向企业投诉', `${labelOf(refs.rules.operator_answers, c.operator_answer)}${c.operator_date ? `（${fmtDate(c.operator_date)}）` : ''}`] : null,
		c.state === 'submitted' && c.accept_due ? ['受理决定期限', [h('span', { id: 'case-accept-due' }, fmtDue(c.accept_due, c.accept_due_provisional)), od.accept ? h('span', { class: 'badge badge-overdue' }, ' 已超期') : '']] : null,
		c.answer_due ? ['答复期限', [fmtDate(c.answer_due), od.answer ? h('span', { class: 'badge badge-overdue' }, ' 已超期') : '']] : null,
		c.reply_due ? ['企业回复期限', [h('span', { id: 'case-reply-due' }, fmtDue(c.reply_due, c.reply_due_provisional)), od.reply ? h('span', { class: 'badge badge-overdue' }, ' 已超期') : '']] : null,
		c.closed_at ? ['办结时间', fmtDateTime(c.closed_at)] : null,
		c.reason_title ? ['不予受理原因', `${c.reason_title}（${c.reason_rule}）`] : null,
	].filter(Boolean);
	const person = [
		c.name !== undefined ? ['申诉人', c.name ?? '—'] : null,
		c.phone ? ['联系电话', c.phone] : null,
		c.address !== undefined ? ['通信地址', c.address ?? '—'] : null,
		c.city ? ['所在城市', c.city] : null,
		c.postcode ? ['邮政编码', c.postcode] : null,
	].filter(Boolean);
	const dl = (rows) => h('dl', { class: 'facts' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));

	const warnings = c.warnings?.length
		? h('section', { class: 'msg msg-warn', 'aria-labelledby': 'warn-h', id: 'warnings' }, h('h2', { id: 'warn-h' }, '受理审查提示'),
			h('ul', { class: 'warning-list' }, c.warnings.map((w) => h('li', {}, h('strong', {}, w.message), w.rule ? h('div', { class: 'small' }, w.rule) : null))))
		: null;

	const timeline = h('ol', { class: 'timeline', 'aria-label': '办理记录' }, (c.timeline ?? []).map((e) => h('li', {},
		h('span', { class: 'when' }, `${fmtDateTime(e.at)} · ${labelOf(refs.rules.roles, e.role)}`),
		h('span', { class: 'what' }, e.action_label), e.to !== e.from ? ` → ${e.to_label}` : '',
		e.reason ? h('p', { class: 'note' }, `原因：${refs?.reasons.find((r) => r.code === e.reason)?.title ?? e.reason}`) : null,
		e.comment ? h('p', { class: 'note' }, e.internal ? h('span', { class: 'badge' }, '内部备注') : null, e.internal ? ' ' : '', e.comment) : null)));

	const actionsBox = h('section', { class: 'panel', 'aria-labelledby': 'act-h', id: 'case-actions' }, h('h2', { id: 'act-h' }, '办理'));
	if (!c.actions?.length) {
		actionsBox.append(h('p', {}, me.role === 'regulator' ? '管理机构只能查看案件。' : '当前状态下您没有可办理的操作。'));
	} else {
		actionsBox.append(h('p', { class: 'hint' }, '请选择要办理的操作：'),
			h('div', { class: 'actions', role: 'group', 'aria-label': '可办理的操作' },
				c.actions.map((a) => h('button', { type: 'button', class: 'btn', dataset: { action: a.action }, onclick: () => openAction(c, a, actionsBox) }, a.label))));
	}

	fill(view,
		h('p', {}, h('a', { href: '/staff/#queue' }, '← 返回案件列表')),
		h('h1', {}, `案件 ${c.case_no}`),
		overdueNotes.length ? h('p', { class: 'msg msg-error' }, h('strong', {}, overdueNotes.join('，')), '，请尽快办理。') : null,
		h('div', { class: 'layout split' },
			h('div', {},
				warnings,
				h('section', { 'aria-labelledby': 'facts-h' }, h('h2', { id: 'facts-h' }, '案件信息'), dl(facts),
					!c.closed_at && ((c.state === 'submitted' && c.accept_due_provisional) || (c.reply_due && c.reply_due_provisional)) ? h('p', { class: 'hint' }, PROVISIONAL_NOTE) : null),
				h('section', { 'aria-labelledby': 'person-h' }, h('h2', { id: 'person-h' }, '申诉人'), masked ? h('p', { class: 'hint' }, '个人信息已部分隐去。') : null, dl(person)),
				h('section', { 'aria-labelledby': 'demand-h' }, h('h2', { id: 'demand-h' }, '申诉请求和事实'),
					h('h3', {}, '申诉请求'), h('p', { style: 'white-space: pre-wrap' }, c.demand ?? '—'),
					h('h3', {}, '事实和理由'), h('p', { style: 'white-space: pre-wrap' }, c.description || '—'))),
			h('div', {}, actionsBox,
				h('section', { 'aria-labelledby': 'tl-h' }, h('h2', { id: 'tl-h' }, '办理记录'), timeline))));
	if (notice) showMessage(actionsBox, notice, 'ok');
}

function openAction(c, a, box) {
	$('#action-form', box)?.remove();
	const isAgency = me.role === 'agency_staff';
	const fields = [];
	let reason = null;
	const rule = actionRule(a.action);
	if (rule.reason_required) {
		reason = field('不予受理原因', h('select', { name: 'reason' }, h('option', { value: '' }, '请选择原因'),
			refs.reasons.map((r) => h('option', { value: r.code }, r.title))), { required: true, hint: '原因及依据会告知申诉人' });
		const w = c.warnings?.find((x) => x.reason);
		if (w) reason.control.value = w.reason;
		fields.push(reason);
	}
	const needComment = !!rule.comment_required;
	const commentMax = refs.rules.comment.max_chars;
	const comment = field(COMMENT_LABEL[a.action] ?? '说明', h('textarea', { name: 'comment', rows: a.action === 'reply' ? 6 : 3 }), { required: needComment });
	fields.push(comment);
	const internal = isAgency && !needComment ? h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'internal' }), '仅作内部备注（不在申诉人的进度中显示）') : null;
	const submit = h('button', { type: 'submit', class: a.action === 'reject' || a.action === 'withdraw' ? 'btn btn-danger' : 'btn btn-primary' }, `确认${a.label}`);
	const cancel = h('button', { type: 'button', class: 'btn' }, '取消');
	const explain = {
		accept: '受理后，应在答复期限内办结。',
		forward: `将案件转给${c.enterprise}${c.province_name ? `在${c.province_name}的分支机构` : ''}处理，企业须在规定的工作日内回复。`,
		close: '办结后案件结束，申诉人可以对办理情况进行评价。',
		reject: '不予受理后案件结束，原因和依据会告知申诉人。',
		reply: '回复提交后由受理机构审核办结，不能修改。',
		withdraw: '记录申诉人撤回申诉（如电话撤回），案件随即办结。',
		request_supplement: '申诉人补正后，受理期限重新计算。',
		start_mediation: '申诉人对企业的处理不满意时，组织双方调解。',
		mediation_agreement: '双方达成调解协议，案件办结。',
		mediation_failed: '调解不成，案件办结，双方可以申请仲裁或向法院起诉。',
		answer_enquiry: '属于咨询的，答复后案件结束，不作为申诉受理。',
	}[a.action];
	const form = h('form', { id: 'action-form', novalidate: true, class: 'panel', 'aria-labelledby': 'action-form-h', dataset: { action: a.action } },
		h('h3', { id: 'action-form-h' }, a.label), explain ? h('p', {}, explain) : null, fields, internal, h('div', { class: 'actions' }, submit, cancel));
	box.append(form);
	// an error clears as soon as the field is right
	comment.control.addEventListener('input', () => comment.control.value.trim() && comment.setError(''));
	reason?.control.addEventListener('change', () => reason.control.value && reason.setError(''));
	cancel.addEventListener('click', () => {
		form.remove();
		$(`button[data-action="${a.action}"]`, box)?.focus();
	});
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clearMessage(form);
		const text = comment.control.value.trim();
		const commentProblem = needComment && !text ? `请填写${COMMENT_LABEL[a.action] ?? '说明'}`
			: chars(text) > commentMax ? `说明不能超过${commentMax}个字` : '';
		comment.setError(commentProblem);
		if (reason) reason.setError(reason.control.value ? '' : '请选择不予受理原因');
		if (reason && !reason.control.value) return reason.control.focus();
		if (commentProblem) return comment.control.focus();
		if (CONFIRM.has(a.action)) {
			const ok = await confirmDialog({
				title: `确定${a.label}吗？`,
				body: h('p', {}, `案件 ${c.case_no}：${explain ?? ''}此操作不能撤销。`),
				confirm: `确定${a.label}`,
				danger: a.action === 'reject' || a.action === 'withdraw',
			});
			if (!ok) return submit.focus();
		}
		const body = { action: a.action, version: c.version };
		if (reason) body.reason = reason.control.value;
		if (text) body.comment = text;
		if (internal && internal.querySelector('input').checked) body.internal = true;
		try {
			const updated = await withProgress(submit, '正在提交…', () => api(`/api/cases/${encodeURIComponent(c.case_no)}/actions`, { method: 'POST', body }));
			drawCase(updated, `已${a.label}。案件现在的状态：${updated.state_label}。`);
			announce(`已${a.label}`);
			$('#case-actions [data-msg]')?.setAttribute('tabindex', '-1');
			$('#case-actions [data-msg]')?.focus();
		} catch (e) {
			if (sessionLost(e)) return;
			if (!(e instanceof ApiError)) throw e;
			if (e.status === 409) {
				const reload = h('button', { type: 'button', class: 'btn btn-primary' }, '重新加载案件');
				reload.addEventListener('click', () => renderCase(c.case_no));
				const box409 = showMessage(form, '', 'error');
				fill(box409,
					h('p', {}, h('strong', {}, e.code === 'stale_version' ? '案件已被其他人更新，您的操作没有生效。' : '案件的状态已经改变，不能再执行此操作。')),
					h('p', {}, e.detail || e.title),
					h('p', {}, '请重新加载案件，查看最新的办理记录后再操作。'), reload);
				reload.focus();
				return;
			}
			if (e.code === 'comment_required' || e.code === 'comment_too_long') comment.setError(e.detail || e.title);
			showMessage(form, `操作未能完成。${e.text}`);
		}
	});
	(reason ?? comment).control.focus();
}

start();
