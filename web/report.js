// The public 12321 report form (/report): choose what happened in plain words,
// give the number (checked as it is typed by the server's own reading,
// GET /api/reference/number: the page holds no number rules), when and what
// was said or sent, and get a receipt with the report number.
import {
	$, ApiError, announce, api, chars, clearMessage, field, fill, fmtDateTime, h, initLargeToggle,
	showMessage, withProgress,
} from '/shared/ui.js';
import { REPORT_KINDS } from '/shared/report_kinds.js';

const view = $('#view');

/* The kinds in plain words, each with an example (labels and codes: the API's, report_kinds.js). */
const PLAIN = {
	harassment_call: ['推销贷款、房产、保险、课程等的电话，或响一声就挂的电话。', '例：每天都有人打来推销“低息贷款”，拒绝后换号码继续打。'],
	spam_sms: ['未经同意发来的广告、推销短信。', '例：“【某商城】双十一全场五折，回T退订”。'],
	fraud_call: ['冒充公检法、客服、亲友等，要求转账或提供验证码的电话。', '例：自称“快递客服”，说包裹丢失要理赔，让您下载会议软件共享屏幕。'],
	fraud_sms: ['含可疑链接、要求转账或索要验证码、银行卡信息的短信。', '例：“您的ETC已失效，请点击链接重新认证”。'],
	bad_app: ['恶意扣费、强制捆绑、偷取信息、诱导借贷或赌博的手机应用。', '例：一个手电筒应用要求读取通讯录，并自动订购收费业务。'],
};
const KINDS = REPORT_KINDS.map(([code, label]) => [code, label, ...PLAIN[code]]);
const IS_SMS = new Set(['spam_sms', 'fraud_sms']);

function route() {
	renderForm();
}

/* The heading takes the focus when the view changes, not on the first load. */
let navigated = false;
function focusHeading() {
	const h1 = $('h1', view);
	if (h1 && navigated) {
		h1.tabIndex = -1;
		h1.focus();
	}
}

/** "2026-12-03T10:20" now in Beijing (the datetime-local input's latest value). */
function nowBeijingLocal() {
	const p = {};
	for (const x of new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(new Date()))
		p[x.type] = x.value;
	return `${p.year}-${p.month}-${p.day}T${p.hour === '24' ? '00' : p.hour}:${p.minute}`;
}

/**
 * Asks the server what it makes of the number as typed, at most one question
 * in flight and only the latest answer shown. `show(answer|null)`.
 */
function numberChecker(show) {
	let timer = null, seq = 0;
	return (value) => {
		clearTimeout(timer);
		const mine = ++seq;
		if (!value.trim()) return show(null);
		timer = setTimeout(async () => {
			try {
				const r = await api('/api/reference/number', { query: { number: value } });
				if (mine === seq) show(r);
			} catch (e) {
				if (mine === seq) show({ valid: false, reason: e instanceof ApiError ? `暂时无法核对号码（${e.text}），提交时再核对。` : '暂时无法核对号码。', unchecked: true });
			}
		}, 250);
	};
}

function renderForm() {
	document.title = '12321举报 - 电信用户申诉受理';
	const max = nowBeijingLocal();

	const kindSet = h('fieldset', { class: 'choices-set' },
		h('legend', {}, '您要举报什么？', h('span', { class: 'req', 'aria-hidden': 'true' }, ' *')),
		h('div', { class: 'choices', role: 'radiogroup', 'aria-required': 'true' },
			KINDS.map(([v, label, what, eg]) => h('label', { class: 'choice' },
				h('input', { type: 'radio', name: 'kind', value: v }),
				h('span', {}, h('strong', {}, label), h('br'), what, h('br'), h('span', { class: 'hint' }, eg))))),
		h('p', { class: 'field-error', id: 'kind-err', hidden: true }));
	const kindErr = $('#kind-err', kindSet);

	const f = {};
	f.number = field('对方号码', h('input', { type: 'text', name: 'number', inputmode: 'tel', autocomplete: 'off', placeholder: '如 138 0013 8000 或 10690000' }),
		{ hint: '来电号码或发送短信的号码，可带空格、横线或 +86。', required: true });
	const understood = h('p', { class: 'field-ok', id: 'number-understood', 'aria-live': 'polite' });
	f.number.append(understood);
	f.occurred_at = field('来电或收到短信的时间', h('input', { type: 'datetime-local', name: 'occurred_at', max }),
		{ hint: '北京时间，记不清可以不填。' });
	f.content = field('短信内容或对方说了什么', h('textarea', { name: 'content', rows: 5, maxlength: 2000 }),
		{ hint: '尽量照原样填写，不超过2000字。' });
	f.app_name = field('应用名称', h('input', { type: 'text', name: 'app_name', autocomplete: 'off', maxlength: 200 }), { required: true });
	f.app_package = field('应用包名', h('input', { type: 'text', name: 'app_package', autocomplete: 'off', autocapitalize: 'off', spellcheck: 'false', maxlength: 200, placeholder: 'com.example.app' }),
		{ hint: '在手机“设置 → 应用管理 → 应用详情”或应用商店的详情页可以看到，如 com.example.app。', required: true });
	f.app_store = field('从哪个应用商店下载', h('input', { type: 'text', name: 'app_store', autocomplete: 'off', maxlength: 200, placeholder: '如 应用宝、华为应用市场' }));
	f.reporter = field('您的联系电话', h('input', { type: 'tel', name: 'reporter', autocomplete: 'tel', inputmode: 'tel' }),
		{ hint: '需要核实情况时联系您；只有举报中心的工作人员能看到。' });

	const phoneBlock = h('div', { id: 'phone-fields' }, f.number, f.occurred_at);
	const appBlock = h('div', { id: 'app-fields', hidden: true }, f.app_name, f.app_package, f.app_store);
	const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, '提交举报');
	const form = h('form', { novalidate: true, 'aria-labelledby': 'report-h' },
		h('h1', { id: 'report-h' }, '12321举报'),
		h('p', {}, '遇到骚扰电话、垃圾短信、诈骗电话或短信、不良手机应用，可以在这里举报。举报不需要登录，也不需要先向电信企业投诉。'),
		h('p', { class: 'hint' }, '如果已经被骗造成损失，请立即拨打110报警。对电信企业的服务、收费不满意，请使用', h('a', { href: '/#file' }, '我要申诉'), '。'),
		kindSet,
		h('section', { 'aria-labelledby': 'what-h' }, h('h2', { id: 'what-h' }, '举报内容'), phoneBlock, appBlock, f.content),
		h('section', { 'aria-labelledby': 'you-h' }, h('h2', { id: 'you-h' }, '联系方式'), f.reporter),
		h('div', { class: 'actions' }, submit));
	fill(view, form);

	const kind = () => $('input[name=kind]:checked', form)?.value || '';
	const showNumber = (r) => {
		if (!r) {
			understood.textContent = '';
			understood.className = 'field-ok';
			return;
		}
		understood.className = r.valid ? 'field-ok' : 'field-error';
		understood.textContent = r.valid ? `识别为：${r.text}` : r.unchecked ? r.reason : `无法识别：${r.reason}`;
	};
	const check = numberChecker(showNumber);
	f.number.control.addEventListener('input', () => {
		f.number.setError('');
		check(f.number.control.value);
	});
	const syncKind = () => {
		const k = kind();
		const app = k === 'bad_app';
		phoneBlock.hidden = app;
		appBlock.hidden = !app;
		$('label', f.content).firstChild.textContent = app ? '这个应用做了什么' : IS_SMS.has(k) ? '短信内容' : '对方说了什么';
		$('label', f.occurred_at).firstChild.textContent = IS_SMS.has(k) ? '收到短信的时间' : '来电时间';
		$('label', f.number).firstChild.textContent = IS_SMS.has(k) ? '发送短信的号码' : '来电号码';
		if (k) {
			kindErr.hidden = true;
			kindErr.textContent = '';
		}
	};
	for (const r of form.querySelectorAll('input[name=kind]')) r.addEventListener('change', syncKind);

	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clearMessage(form);
		for (const x of Object.values(f)) x.setError('');
		const k = kind();
		if (!k) {
			kindErr.textContent = '请选择举报类型';
			kindErr.hidden = false;
			$('input[name=kind]', form).focus();
			return;
		}
		const v = (name) => f[name].control.value.trim();
		const body = { kind: k, content: v('content') || undefined, reporter: v('reporter') || undefined };
		if (k === 'bad_app') Object.assign(body, { app_name: v('app_name'), app_package: v('app_package'), app_store: v('app_store') || undefined });
		else Object.assign(body, { number: v('number'), occurred_at: v('occurred_at') || undefined });
		if (chars(body.content) > 2000) return f.content.setError('不超过2000字'), f.content.control.focus();
		try {
			const r = await withProgress(submit, '正在提交…', () => api('/api/reports', { method: 'POST', body }));
			navigated = true;
			renderReceipt(r);
		} catch (e) {
			if (!(e instanceof ApiError)) throw e;
			let first = null;
			for (const err of e.errors) {
				const w = f[err.field];
				if (w && !w.closest('[hidden]')) {
					w.setError(err.message);
					first ??= w.control;
				}
			}
			showMessage(form, e.status === 429 ? '提交过于频繁，请稍后再试。' : `举报未能提交。${e.text}`);
			(first || submit).focus();
		}
	});
	focusHeading();
}

function renderReceipt(r) {
	document.title = '举报已提交 - 12321举报';
	const facts = [
		['举报编号', String(r.id)],
		['举报类型', r.kind_label],
		r.number ? ['被举报号码', r.number.digits + (r.number.operator ? `（${r.number.operator.name}）` : '')] : null,
		r.app_package ? ['应用包名', r.app_package] : null,
		['提交时间', fmtDateTime(r.reported_at)],
	].filter(Boolean);
	fill(view,
		h('h1', {}, '举报已提交'),
		h('div', { class: 'msg msg-ok', role: 'status', id: 'receipt' },
			h('p', {}, r.notice),
			h('dl', { class: 'facts' }, facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', { dataset: { fact: k } }, v)]))),
		h('p', {}, '请记下举报编号。举报中心汇总核查后，会把被举报号码转给所属电信企业处置；同一号码被多人举报会优先处理。'),
		h('div', { class: 'actions' },
			h('a', { class: 'btn btn-primary', href: '/report', id: 'report-again' }, '再举报一条'),
			h('a', { class: 'btn', href: '/' }, '返回首页')));
	announce(`举报已提交，举报编号${r.id}`);
	focusHeading();
}

initLargeToggle();
route();
