// The public portal: file a complaint with a guided form, then track it with
// the case number and query code (timeline, withdraw, supplement, survey).
import {
	$, ApiError, addDays, announce, api, chars, confirmDialog, daysBetween, field, fill, fmtDate,
	fmtDateTime, fmtDue, formatPhone, h, initLargeToggle, loadRules, monthsBefore, monthsText,
	normalizePhone, parseDay, PROVISIONAL_NOTE, showMessage, clearMessage, textError, todayBeijing,
	withProgress,
} from '/shared/ui.js';

const view = $('#view');
const HOTLINES = '中国移动10086、中国电信10000、中国联通10010、中国广电10099';

/* Reference data and the rules (served: the page holds no copy), loaded once. */
let refs = null;
async function loadRefs() {
	if (refs) return refs;
	const [provinces, enterprises, categories, rules] = await Promise.all([
		api('/api/reference/provinces'),
		api('/api/reference/enterprises'),
		api('/api/reference/categories', { query: { date: todayBeijing() } }),
		loadRules(),
	]);
	refs = {
		provinces: provinces.filter((p) => !p.national),
		enterprises: enterprises.filter((e) => !e.parent_id),
		categories,
		rules,
	};
	return refs;
}

/* A view still current after an await: hash changes start a new one. */
let viewSeq = 0;

/**
 * Shows the view's heading and a spinner while `load` runs. Resolves to its
 * result, or to null when it failed (said on the page) or when another view
 * was chosen meanwhile (nothing drawn).
 */
async function loading(title, what, load) {
	const seq = viewSeq;
	fill(view, h('h1', {}, title), h('p', { role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), ` 正在加载${what}…`));
	try {
		const result = await load();
		return seq === viewSeq ? result : null;
	} catch (e) {
		if (seq === viewSeq) {
			fill(view, h('h1', {}, title));
			showMessage(view, `${what}加载失败：${e.text ?? e.message}。请刷新页面重试。`);
		}
		return null;
	}
}

/* A case filed in this page visit, handed to the tracking view (never put in the URL). */
let justFiled = null;

function route() {
	viewSeq++;
	const hash = location.hash.replace(/^#/, '');
	if (hash === 'file') renderFile();
	else if (hash === 'track') renderTrack();
	else renderHome();
}

/* The heading takes the focus when the view changes, not on the first load
 * (so the first Tab still reaches the skip link). */
let navigated = false;
function focusHeading(force = false) {
	const h1 = $('h1', view);
	if (h1 && (navigated || force)) {
		h1.tabIndex = -1;
		h1.focus();
	}
}

/* ---- home ------------------------------------------------------------------ */

async function renderHome() {
	document.title = '电信用户申诉受理';
	const seq = viewSeq;
	const rulesBox = h('div', {}, h('p', { role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), ' 正在加载…'));
	fill(view,
		h('h1', {}, '电信用户申诉受理'),
		h('p', {}, '对电信企业（中国移动、中国电信、中国联通、中国广电及转售企业）的服务、收费或网络质量不满意，且已先向企业投诉但未解决的，可以在这里提出申诉。'),
		h('div', { class: 'actions' },
			h('a', { class: 'btn btn-primary', href: '/#file' }, '我要申诉'),
			h('a', { class: 'btn btn-primary', href: '/report', id: 'report-entry' }, '我要举报（12321）'),
			h('a', { class: 'btn', href: '/#track' }, '查询办理进度')),
		h('p', { class: 'hint' }, '骚扰电话、垃圾短信、诈骗电话和短信、不良手机应用，请点“我要举报”，不需要先向企业投诉。'),
		h('h2', {}, '申诉前请了解'),
		rulesBox);
	focusHeading();
	let p;
	try {
		p = (await loadRules()).periods;
	} catch (e) {
		if (seq === viewSeq) fill(rulesBox, h('p', { class: 'msg msg-error', role: 'alert' }, `申诉规则加载失败：${e.text ?? e.message}。请刷新页面重试。`));
		return;
	}
	if (seq !== viewSeq) return;
	fill(rulesBox, h('ul', {},
		h('li', {}, `先向企业投诉：请先拨打企业客服热线（${HOTLINES}）投诉。企业${p.operator_wait_days}天内没有答复，或者您对答复不满意，再来申诉。`),
		h('li', {}, `时间限制：收费争议须在问题发生后${monthsText(p.billing_bar_months)}内申诉，其他问题须在${monthsText(p.other_bar_months)}内申诉。`),
		h('li', {}, `办理时限：申诉受理机构在收到完整材料后${p.accept_working_days}个工作日内决定是否受理，${p.answer_days}日内答复您。`),
		h('li', {}, '提交后您会得到案件编号和查询码，请务必记下，凭它们查询进度、撤回申诉和评价。')));
}

/* ---- filing ------------------------------------------------------------------ */

const STEPS = ['是否已向企业投诉', '申诉内容', '联系方式', '核对提交'];

async function renderFile() {
	document.title = '我要申诉 - 电信用户申诉受理';
	if (!(await loading('我要申诉', '表单', loadRefs))) return;
	buildForm();
	focusHeading();
}

function select(name, options, placeholder) {
	return h('select', { name }, h('option', { value: '' }, placeholder),
		options.map(([v, label]) => h('option', { value: v }, label)));
}

function buildForm() {
	const today = todayBeijing();
	const f = {}; // name -> field wrapper
	const { fields: limits, periods } = refs.rules;

	const stepList = h('ol', { class: 'steps', 'aria-label': '申诉步骤' }, STEPS.map((s, i) => h('li', { dataset: { step: i } }, `${i + 1}. ${s}`)));

	/* step 1: the operator first */
	const answers = [
		['unsatisfied', '已向企业投诉，对企业的处理结果不满意'],
		['no_answer', '已向企业投诉，但企业一直没有答复'],
		['not_asked', '还没有向企业投诉'],
	];
	const opGroup = h('fieldset', { class: 'choices-set' },
		h('legend', {}, '您是否已经先向被申诉的电信企业投诉过？', h('span', { class: 'req', 'aria-hidden': 'true' }, ' *')),
		h('div', { class: 'choices', role: 'radiogroup', 'aria-required': 'true' },
			answers.map(([v, label]) => h('label', { class: 'choice' }, h('input', { type: 'radio', name: 'operator_answer', value: v }), h('span', {}, label)))),
		h('p', { class: 'field-error', id: 'operator_answer-err', hidden: true }));
	const opErr = $('#operator_answer-err', opGroup);
	const dateInput = (name) => h('input', { type: 'text', name, inputmode: 'numeric', autocomplete: 'off', placeholder: `如 ${today}` });
	f.operator_date = field('向企业投诉的日期', dateInput('operator_date'),
		{ hint: '第一次向企业（客服热线、营业厅或企业网站）投诉的日期，年-月-日', required: true });
	const opDateWrap = h('div', { hidden: true }, f.operator_date);
	const opAdvice = h('div', { 'aria-live': 'polite' });
	const step1Next = h('button', { type: 'button', class: 'btn btn-primary' }, '下一步');
	const anyway = h('button', { type: 'button', class: 'btn', hidden: true }, '我已了解，仍要提交申诉');
	const step1 = h('section', { 'aria-labelledby': 's1' },
		h('h2', { id: 's1' }, '第1步：是否已向企业投诉'),
		h('p', {}, `按照《电信用户申诉处理办法》，您需要先向电信企业投诉；企业${periods.operator_wait_days}天内没有答复，或者您对企业的答复不满意，才能向申诉受理机构申诉。`),
		opGroup, opDateWrap, opAdvice,
		h('div', { class: 'actions' }, step1Next, anyway));

	/* step 2: the complaint */
	f.province = field('被申诉企业所在省份', select('province', refs.provinces.map((p) => [p.code, p.name]), '请选择省份'),
		{ hint: '由该省（自治区、直辖市）的申诉受理机构办理', required: true });
	f.enterprise = field('被申诉企业', select('enterprise', refs.enterprises.map((e) => [e.name, e.kind === 'reseller' ? `${e.name}（转售企业）` : e.name]), '请选择企业'),
		{ required: true });
	f.category = field('问题类别', select('category', refs.categories.map((c) => [c.name, c.name]), '请选择类别'), { required: true });
	const subSelect = select('subtopic', [], '不确定或其他');
	f.subtopic = field('具体问题', subSelect, {});
	f.event_date = field('问题发生日期', dateInput('event_date'), { hint: '年-月-日，大致日期即可，用于判断是否超过申诉时限' });
	f.demand = field('您的申诉请求', h('textarea', { name: 'demand', rows: 3 }),
		{ hint: '希望企业怎样解决，例如：退还多收的50元流量费', required: true });
	f.description = field('事实和理由', h('textarea', { name: 'description', rows: 6 }),
		{ hint: '发生了什么、什么时候、向企业反映的经过和企业的答复', required: true });
	const descCount = h('p', { class: 'counter', 'aria-live': 'off' }, `0 / ${limits.description.max_chars}`);
	f.description.append(descCount);
	const timeAdvice = h('div', { 'aria-live': 'polite' });
	const step2 = h('section', { 'aria-labelledby': 's2', hidden: true },
		h('h2', { id: 's2' }, '第2步：申诉内容'),
		h('div', { class: 'row two' }, f.province, f.enterprise),
		h('div', { class: 'row two' }, f.category, f.subtopic),
		f.event_date, timeAdvice, f.demand, f.description,
		h('div', { class: 'actions' },
			h('button', { type: 'button', class: 'btn', onclick: () => go(0) }, '上一步'),
			h('button', { type: 'button', class: 'btn btn-primary', onclick: () => next(1) }, '下一步')));

	/* step 3: contact details */
	f.name = field('姓名', h('input', { type: 'text', name: 'name', autocomplete: 'name' }), { required: true });
	f.phone = field('联系电话', h('input', { type: 'tel', name: 'phone', autocomplete: 'tel', inputmode: 'tel' }),
		{ hint: '手机或固定电话，可带空格、短横线或+86，如 138 0013 8000、010-12345678', required: true });
	const phoneOk = h('p', { class: 'field-ok', 'aria-live': 'polite' });
	f.phone.append(phoneOk);
	f.address = field('通信地址', h('input', { type: 'text', name: 'address', autocomplete: 'street-address' }), { required: true });
	f.city = field('所在城市', h('input', { type: 'text', name: 'city', autocomplete: 'address-level2' }), {});
	f.postcode = field('邮政编码', h('input', { type: 'text', name: 'postcode', autocomplete: 'postal-code', inputmode: 'numeric', maxlength: limits.postcode.digits }), {});
	const step3 = h('section', { 'aria-labelledby': 's3', hidden: true },
		h('h2', { id: 's3' }, '第3步：联系方式'),
		h('p', { class: 'hint' }, '您的姓名、电话和地址只用于办理本申诉，电信企业只能看到隐去部分号码的电话。'),
		h('div', { class: 'row two' }, f.name, f.phone),
		f.address,
		h('div', { class: 'row two' }, f.city, f.postcode),
		h('div', { class: 'actions' },
			h('button', { type: 'button', class: 'btn', onclick: () => go(1) }, '上一步'),
			h('button', { type: 'button', class: 'btn btn-primary', onclick: () => next(2) }, '下一步')));

	/* step 4: review and submit */
	const review = h('dl', { class: 'facts' });
	const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, '提交申诉');
	const step4 = h('section', { 'aria-labelledby': 's4', hidden: true },
		h('h2', { id: 's4' }, '第4步：核对并提交'),
		h('p', {}, '请核对以下内容，确认无误后提交。'),
		review,
		h('div', { class: 'actions' },
			h('button', { type: 'button', class: 'btn', onclick: () => go(2) }, '上一步'),
			submit));

	const steps = [step1, step2, step3, step4];
	const form = h('form', { novalidate: true, 'aria-label': '申诉表单' }, stepList, ...steps);
	fill(view, h('h1', {}, '我要申诉'), form);

	const val = (name) => {
		if (name === 'operator_answer') return form.querySelector('input[name=operator_answer]:checked')?.value ?? '';
		const v = (form.elements[name]?.value ?? '').trim();
		if ((name === 'operator_date' || name === 'event_date') && v) return parseDay(v) ?? v;
		return v;
	};
	const badDay = (name) => val(name) && !parseDay(val(name));

	/* ---- validation as they type (the server checks again) ---- */
	const rules = {
		operator_answer: () => (val('operator_answer') ? '' : '请选择是否已向企业投诉'),
		operator_date: () => {
			if (val('operator_answer') === 'not_asked' || !val('operator_answer')) return '';
			const d = val('operator_date');
			if (!d) return '请填写向企业投诉的日期';
			if (badDay('operator_date')) return '请按“年-月-日”填写日期，如 2026-10-25';
			if (d > today) return '向企业投诉的日期不能晚于今天';
			return '';
		},
		province: () => (val('province') ? '' : '请选择被申诉企业所在省份'),
		enterprise: () => (val('enterprise') ? '' : '请选择被申诉企业'),
		category: () => (val('category') ? '' : '请选择问题类别'),
		subtopic: () => '',
		event_date: () => {
			const d = val('event_date');
			if (badDay('event_date')) return '请按“年-月-日”填写日期，如 2026-10-25';
			if (d && d > today) return '问题发生日期不能晚于今天';
			const op = val('operator_date');
			if (d && op && val('operator_answer') !== 'not_asked' && op < d) return '向企业投诉的日期早于问题发生日期，请核对';
			return '';
		},
		phone: () => {
			const r = normalizePhone(val('phone'));
			return r.ok ? '' : r.message;
		},
	};
	// the text fields as the server checks them (its limits and words)
	for (const name of Object.keys(limits)) rules[name] = () => textError(limits[name], val(name));
	const touched = new Set(); // fields whose errors are shown
	const dirty = new Set(); // fields the user has typed in
	const check = (name, force = false) => {
		const msg = rules[name]();
		if (name === 'operator_answer') {
			opErr.textContent = force || touched.has(name) ? msg : '';
			opErr.hidden = !opErr.textContent;
		} else if (f[name] && (force || touched.has(name))) {
			f[name].setError(msg);
		}
		return msg;
	};
	const stepFields = [['operator_answer', 'operator_date'], ['province', 'enterprise', 'category', 'event_date', 'demand', 'description'], ['name', 'phone', 'address', 'city', 'postcode']];

	for (const [name, w] of Object.entries(f)) {
		const c = w.control;
		c.addEventListener('input', () => {
			dirty.add(name);
			// errors clear as soon as the input is right; new errors wait for blur
			if (touched.has(name) || !rules[name]()) check(name, touched.has(name));
			if (name === 'phone') phoneHint();
			if (name === 'description') descCount.textContent = `${chars(c.value)} / ${limits.description.max_chars}`;
		});
		c.addEventListener('change', () => {
			touched.add(name);
			check(name);
		});
		c.addEventListener('blur', () => {
			if (c.value || dirty.has(name)) touched.add(name);
			check(name);
		});
	}
	function phoneHint() {
		const r = normalizePhone(val('phone'));
		phoneOk.textContent = r.ok ? `✓ 将登记为 ${formatPhone(r.digits)}（${r.kind === 'mobile' ? '手机' : '固定电话'}）` : '';
	}

	/* step 1 advice: the rules in plain words */
	function operatorAdvice() {
		const a = val('operator_answer');
		opDateWrap.hidden = !a || a === 'not_asked';
		anyway.hidden = a !== 'not_asked';
		step1Next.hidden = a === 'not_asked';
		fill(opAdvice);
		if (a === 'not_asked') {
			fill(opAdvice, h('div', { class: 'msg msg-warn' },
				h('h3', {}, '现在申诉还不能受理'),
				h('p', {}, '请先向被申诉的企业投诉，可以拨打客服热线（', HOTLINES, '），或到营业厅、企业网站或App投诉，并记下投诉的日期。'),
				h('p', {}, '企业15天内没有答复，或者您对企业的答复不满意，再回到这里申诉，受理会更快。'),
				h('p', {}, '如果仍然现在提交，申诉受理机构可能决定不予受理。')));
			return;
		}
		const d = val('operator_date'), wait = periods.operator_wait_days;
		if (a === 'no_answer' && parseDay(d) && d <= today) {
			const waited = daysBetween(d, today);
			if (waited < wait) {
				const ok = addDays(d, wait);
				fill(opAdvice, h('div', { class: 'msg msg-warn' },
					h('h3', {}, '企业的答复期限还没到'),
					h('p', {}, `您于${fmtDate(d)}向企业投诉，到今天是第${waited}天。企业有${wait}天答复期，请在${fmtDate(ok)}以后仍未得到答复时再申诉。`),
					h('p', {}, '如果企业已经答复而您不满意，请选择“对企业的处理结果不满意”。现在提交的申诉可能不予受理。')));
			} else {
				fill(opAdvice, h('div', { class: 'msg msg-info' }, h('p', {}, `企业超过${wait}天未答复，您可以申诉。`)));
			}
		} else if (a === 'unsatisfied') {
			fill(opAdvice, h('div', { class: 'msg msg-info' }, h('p', {}, '对企业的处理结果不满意，您可以申诉。请在下一步写明企业是怎样答复的。')));
		}
	}
	for (const r of form.querySelectorAll('input[name=operator_answer]'))
		r.addEventListener('change', () => {
			touched.add('operator_answer');
			check('operator_answer');
			operatorAdvice();
		});
	f.operator_date.control.addEventListener('input', operatorAdvice);

	/* step 2: sub-topics follow the class; the time bar in plain words */
	f.category.control.addEventListener('change', () => {
		const cat = refs.categories.find((c) => c.name === val('category'));
		fill(subSelect, h('option', { value: '' }, '不确定或其他'), (cat?.subtopics ?? []).map((s) => h('option', { value: s.name }, s.name)));
		timeBar();
	});
	f.event_date.control.addEventListener('input', timeBar);
	function timeBar() {
		fill(timeAdvice);
		const d = val('event_date'), catName = val('category');
		if (!parseDay(d) || d > today || !catName) return;
		const cat = refs.categories.find((c) => c.name === catName);
		const billing = !!cat && refs.rules.billing_categories.includes(cat.code);
		const months = billing ? periods.billing_bar_months : periods.other_bar_months;
		const limit = monthsText(months);
		if (d < monthsBefore(today, months))
			fill(timeAdvice, h('div', { class: 'msg msg-warn' },
				h('p', {}, billing
					? `收费争议须在问题发生后${limit}内申诉。问题发生在${fmtDate(d)}，已超过${limit}，申诉可能不予受理。`
					: `申诉须在问题发生后${limit}内提出。问题发生在${fmtDate(d)}，已超过${limit}，申诉可能不予受理。`),
				h('p', {}, '您仍可以向法院起诉或申请仲裁。')));
	}

	/* ---- stepping ---- */
	let current = 0;
	function go(i) {
		current = i;
		steps.forEach((s, k) => (s.hidden = k !== i));
		for (const li of stepList.children) {
			const k = Number(li.dataset.step);
			li.classList.toggle('done', k < i);
			if (k === i) li.setAttribute('aria-current', 'step');
			else li.removeAttribute('aria-current');
		}
		if (i === 3) fillReview();
		const h2 = $('h2', steps[i]);
		h2.tabIndex = -1;
		h2.focus();
	}
	function next(i) {
		let first = null;
		for (const name of stepFields[i]) {
			touched.add(name);
			if (check(name, true) && !first) first = name;
		}
		if (first) {
			const el = first === 'operator_answer' ? form.querySelector('input[name=operator_answer]') : f[first].control;
			el.focus();
			announce('请先改正标出的错误');
			return;
		}
		go(i + 1);
	}
	step1Next.addEventListener('click', () => next(0));
	anyway.addEventListener('click', () => go(1));

	function fillReview() {
		const ans = answers.find(([v]) => v === val('operator_answer'))?.[1] ?? '';
		const prov = refs.provinces.find((p) => p.code === val('province'))?.name ?? '';
		const phone = normalizePhone(val('phone'));
		const rows = [
			['向企业投诉', ans + (val('operator_answer') !== 'not_asked' && val('operator_date') ? `（${fmtDate(val('operator_date'))}）` : '')],
			['省份', prov], ['被申诉企业', val('enterprise')],
			['问题类别', val('category') + (val('subtopic') ? ` / ${val('subtopic')}` : '')],
			['问题发生日期', val('event_date') ? fmtDate(val('event_date')) : '未填写'],
			['申诉请求', val('demand')], ['事实和理由', val('description')],
			['姓名', val('name')], ['联系电话', phone.ok ? formatPhone(phone.digits) : val('phone')],
			['通信地址', val('address')], ['所在城市', val('city') || '未填写'], ['邮政编码', val('postcode') || '未填写'],
		];
		fill(review, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
	}

	/* ---- submit ---- */
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clearMessage(step4);
		const body = {};
		for (const k of ['province', 'enterprise', 'category', 'subtopic', 'name', 'phone', 'address', 'city', 'postcode', 'demand', 'description', 'event_date', 'operator_answer', 'operator_date']) {
			const v = val(k);
			if (v) body[k] = v;
		}
		if (body.operator_answer === 'not_asked') delete body.operator_date;
		try {
			const res = await withProgress(submit, '正在提交…', () => api('/api/complaints', { method: 'POST', body }));
			showFiled(res);
		} catch (e) {
			if (!(e instanceof ApiError)) throw e;
			// field errors go back to their fields, on the first step that has one
			if (e.errors.length) {
				let step = 3;
				for (const { field: name, message } of e.errors) {
					if (f[name]) f[name].setError(message);
					if (name === 'operator_answer') {
						opErr.textContent = message;
						opErr.hidden = false;
					}
					const s = stepFields.findIndex((l) => l.includes(name));
					if (s >= 0) step = Math.min(step, s);
				}
				if (step < 3) {
					go(step);
					showMessage(steps[step], `${e.title}：请改正标出的内容后再提交。`);
					return;
				}
			}
			showMessage(step4, `提交失败。${e.text}`);
		}
	});
	go(0);
	window.scrollTo(0, 0);
}

function showFiled(res) {
	justFiled = { no: res.case_no, code: res.query_code };
	document.title = '申诉已提交 - 电信用户申诉受理';
	fill(view,
		h('h1', {}, '申诉已提交'),
		h('div', { class: 'msg msg-ok', role: 'status' },
			h('p', {}, res.notice || '请记下案件编号和查询码：查询码只显示这一次，凭它查询进度。')),
		h('div', { class: 'panel' },
			h('dl', { class: 'facts' },
				h('dt', {}, '案件编号'), h('dd', { class: 'big-number', id: 'filed-case-no' }, res.case_no),
				h('dt', {}, '查询码'), h('dd', { class: 'big-number', id: 'filed-query-code' }, res.query_code),
				h('dt', {}, '当前状态'), h('dd', {}, res.state_label),
				res.accept_due ? [h('dt', {}, '受理决定期限'), h('dd', { id: 'filed-accept-due' }, `${fmtDue(res.accept_due, res.accept_due_provisional)}前告知是否受理`)] : null,
				res.answer_due ? [h('dt', {}, '答复期限'), h('dd', {}, fmtDate(res.answer_due))] : null),
			res.provisional ? h('p', { class: 'hint' }, PROVISIONAL_NOTE) : null),
		h('p', {}, h('strong', {}, '查询码只显示这一次，关闭页面后无法再次查看。'), '请抄写下来或截图保存。'),
		h('div', { class: 'actions' },
			h('a', { class: 'btn btn-primary', href: '/#track' }, '我已记下，查看办理进度')));
	focusHeading(true);
}

/* ---- tracking ---------------------------------------------------------------- */

async function renderTrack() {
	document.title = '查询进度 - 电信用户申诉受理';
	const rules = await loading('查询办理进度', '页面', loadRules);
	if (!rules) return;
	const codeLength = rules.query_code.length;
	// the characters codes never contain, so that people need not guess (0 or O?)
	const never = [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'].filter((ch) => !rules.query_code.alphabet.includes(ch)).join('、');
	const no = field('案件编号', h('input', { type: 'text', name: 'case_no', autocomplete: 'off', spellcheck: 'false' }), { hint: '如 44-2026-000123', required: true });
	const code = field('查询码', h('input', { type: 'text', name: 'code', autocomplete: 'off', spellcheck: 'false' }), { hint: `提交申诉时显示的${codeLength}位字母和数字`, required: true });
	const btn = h('button', { type: 'submit', class: 'btn btn-primary' }, '查询');
	const result = h('div', { id: 'case-result' });
	const form = h('form', { novalidate: true, 'aria-label': '查询申诉进度' }, h('div', { class: 'row two' }, no, code), h('div', { class: 'actions' }, btn));
	fill(view, h('h1', {}, '查询办理进度'), form, result);

	const read = () => ({
		no: no.control.value.trim().replace(/\s+/g, ''),
		code: code.control.value.trim().replace(/[\s-]+/g, '').toUpperCase(),
	});
	const noError = () => (read().no ? '' : '请填写案件编号');
	const codeError = () => {
		const c = read().code;
		return !c ? '请填写查询码' : c.length !== codeLength ? `查询码应为${codeLength}位（现在是${c.length}位）` : '';
	};
	const validate = () => {
		no.setError(noError());
		code.setError(codeError());
		return !noError() && !codeError();
	};
	// each field checks itself when left, and clears its error as soon as it is right
	for (const [w, err] of [[no, noError], [code, codeError]]) {
		w.control.addEventListener('blur', () => w.control.value && w.setError(err()));
		w.control.addEventListener('input', () => !err() && w.setError(''));
	}

	async function lookup() {
		clearMessage(form);
		if (!validate()) {
			(no.control.getAttribute('aria-invalid') ? no.control : code.control).focus();
			return;
		}
		const { no: n, code: c } = read();
		try {
			const data = await withProgress(btn, '正在查询…', () => api(`/api/complaints/${encodeURIComponent(n)}`, { query: { code: c } }));
			showCase(result, data, n, c, rules);
		} catch (e) {
			if (!(e instanceof ApiError)) throw e;
			fill(result);
			showMessage(form, e.status === 404 ? `没有查到：案件编号或查询码不正确，请核对后重试（查询码区分字母和数字${never ? `，不含${never}` : ''}）。` : `查询失败。${e.text}`);
		}
	}
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		lookup();
	});
	if (justFiled) {
		no.control.value = justFiled.no;
		code.control.value = justFiled.code;
		justFiled = null;
		lookup();
	}
	focusHeading();
}

function showCase(where, c, no, code, rules) {
	const needsComment = (action) => !!rules.actions.find((a) => a.code === action)?.comment_required;
	const commentMax = rules.comment.max_chars;
	// the survey's scale as served, the best first
	const scores = [...rules.survey.scores].sort((a, b) => b.score - a.score);
	const timeline = h('ol', { class: 'timeline', 'aria-label': '办理记录' },
		(c.timeline ?? []).map((e) => h('li', {},
			h('span', { class: 'when' }, fmtDateTime(e.at)),
			h('span', { class: 'what' }, e.action_label), e.to !== e.from ? ` → ${e.to_label}` : '',
			e.comment ? h('p', { class: 'note' }, e.comment) : null)));
	const can = new Set((c.actions ?? []).map((a) => a.action));
	const parts = [
		h('h2', { id: 'case-heading', tabindex: '-1' }, `案件 ${c.case_no}`),
		h('dl', { class: 'facts' },
			h('dt', {}, '状态'), h('dd', {}, h('span', { class: 'badge badge-state', id: 'case-state' }, c.state_label), c.outcome_label ? `（${c.outcome_label}）` : ''),
			h('dt', {}, '被申诉企业'), h('dd', {}, c.enterprise),
			h('dt', {}, '受理机构'), h('dd', {}, c.province_name),
			h('dt', {}, '问题类别'), h('dd', {}, c.category + (c.subtopic ? ` / ${c.subtopic}` : '')),
			h('dt', {}, '提交时间'), h('dd', {}, fmtDateTime(c.received_at)),
			c.closed_at ? [h('dt', {}, '办结时间'), h('dd', {}, fmtDateTime(c.closed_at))] : [
				c.accept_due && c.state === 'submitted' ? [h('dt', {}, '受理决定期限'), h('dd', { id: 'case-accept-due' }, fmtDue(c.accept_due, c.accept_due_provisional))] : null,
				c.answer_due ? [h('dt', {}, '答复期限'), h('dd', {}, fmtDate(c.answer_due))] : null],
			c.reason_title ? [h('dt', {}, '不予受理原因'), h('dd', {}, c.reason_title, c.reason_rule ? h('span', { class: 'small' }, `（${c.reason_rule}）`) : '')] : null),
		!c.closed_at && c.state === 'submitted' && c.accept_due_provisional ? h('p', { class: 'hint' }, PROVISIONAL_NOTE) : null,
		h('h3', {}, '办理记录'),
		timeline,
	];
	const box = h('section', { class: 'panel', 'aria-labelledby': 'case-heading' }, parts);

	const reload = async () => {
		const data = await api(`/api/complaints/${encodeURIComponent(no)}`, { query: { code } });
		showCase(where, data, no, code, rules);
	};

	if (can.has('supplement')) {
		const required = needsComment('supplement');
		const text = field('补正说明', h('textarea', { name: 'supplement', rows: 4 }), { hint: '按受理机构的要求补充材料或说明', required });
		const send = h('button', { type: 'submit', class: 'btn btn-primary' }, '提交补正');
		const form = h('form', { novalidate: true, 'aria-label': '补正材料' }, h('h3', {}, '补正材料'), text, h('div', { class: 'actions' }, send));
		form.addEventListener('submit', async (ev) => {
			ev.preventDefault();
			clearMessage(form);
			const comment = text.control.value.trim();
			const problem = required && !comment ? '请填写补正说明' : chars(comment) > commentMax ? `补正说明不能超过${commentMax}个字` : '';
			text.setError(problem);
			if (problem) return text.control.focus();
			try {
				await withProgress(send, '正在提交…', () => api(`/api/complaints/${encodeURIComponent(no)}/supplement`, { method: 'POST', body: { code, comment } }));
				await reload();
				announce('补正已提交');
			} catch (e) {
				showMessage(form, `补正未能提交。${e.text ?? e.message}`);
			}
		});
		box.append(form);
	}

	if (c.survey_open) {
		if (c.survey) {
			const label = scores.find((s) => s.score === c.survey.score)?.label ?? '';
			box.append(h('div', { class: 'msg msg-ok', id: 'survey-done' }, h('p', {}, `感谢您的评价：${label}（${c.survey.score}分）。`), c.survey.comment ? h('p', {}, c.survey.comment) : null));
		} else {
			const commentLimit = rules.survey.comment_max_chars;
			const comment = field('您的意见', h('textarea', { name: 'survey_comment', rows: 3 }), { hint: `不超过${commentLimit}字` });
			const send = h('button', { type: 'submit', class: 'btn btn-primary' }, '提交评价');
			const err = h('p', { class: 'field-error', id: 'score-err', hidden: true });
			const form = h('form', { novalidate: true, 'aria-labelledby': 'survey-h' },
				h('h3', { id: 'survey-h' }, '满意度评价'),
				h('p', {}, '案件已办结，请对办理情况作出评价（每个案件只能评价一次）。'),
				h('fieldset', {}, h('legend', {}, '您对办理结果是否满意？'),
					h('div', { class: 'choices', 'aria-describedby': 'score-err' }, scores.map(({ score: s, label }) => h('label', { class: 'choice' }, h('input', { type: 'radio', name: 'score', value: String(s) }), h('span', {}, label)))),
					err),
				comment, h('div', { class: 'actions' }, send));
			form.addEventListener('submit', async (ev) => {
				ev.preventDefault();
				clearMessage(form);
				const score = Number(form.querySelector('input[name=score]:checked')?.value ?? 0);
				err.hidden = !!score;
				err.textContent = score ? '' : '请选择满意程度';
				if (!score) return form.querySelector('input[name=score]').focus();
				const text = comment.control.value.trim();
				comment.setError(chars(text) > commentLimit ? `评价内容不能超过${commentLimit}字` : '');
				if (chars(text) > commentLimit) return comment.control.focus();
				const body = { code, score };
				if (text) body.comment = text;
				try {
					await withProgress(send, '正在提交评价…', () => api(`/api/complaints/${encodeURIComponent(no)}/survey`, { method: 'POST', body }));
					await reload();
					announce('评价已提交，谢谢');
				} catch (e) {
					showMessage(form, `评价未能提交。${e.text ?? e.message}`);
				}
			});
			box.append(form);
		}
	}

	if (can.has('withdraw')) {
		const btn = h('button', { type: 'button', class: 'btn btn-danger' }, '撤回申诉');
		const wrap = h('div', {}, h('h3', {}, '撤回申诉'), h('p', {}, '问题已经解决或不想继续申诉时可以撤回。撤回后案件办结，不能恢复。'), h('div', { class: 'actions' }, btn));
		btn.addEventListener('click', async () => {
			const ok = await confirmDialog({ title: '确定撤回申诉吗？', body: `撤回后案件 ${c.case_no} 将办结，不能恢复。`, confirm: '确定撤回', danger: true });
			if (!ok) return btn.focus();
			clearMessage(wrap);
			try {
				await withProgress(btn, '正在撤回…', () => api(`/api/complaints/${encodeURIComponent(no)}/withdraw`, { method: 'POST', body: { code } }));
				await reload();
				announce('申诉已撤回');
			} catch (e) {
				showMessage(wrap, `撤回失败。${e.text ?? e.message}`);
			}
		});
		box.append(wrap);
	}
	fill(where, box);
	$('#case-heading', where).focus();
}

initLargeToggle();
window.addEventListener('hashchange', () => {
	navigated = true;
	route();
});
route();
