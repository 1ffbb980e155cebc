// Shared helpers for every page: the API wrapper (problem+json → Chinese
// messages), Beijing-time formatting, phone numbers as people write them, the
// 适老化 toggle, small DOM helpers, confirmation dialogs and progress.

/* ---- DOM ----------------------------------------------------------------- */

/** Creates an element: h('p', {class: 'x', onclick: f}, 'text', child, …).
 * Text is always set as text, never parsed as HTML. */
export function h(tag, attrs = {}, ...children) {
	const el = document.createElement(tag);
	for (const [k, v] of Object.entries(attrs ?? {})) {
		if (v === undefined || v === null || v === false) continue;
		if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
		else if (k === 'class') el.className = v;
		else if (k === 'dataset') Object.assign(el.dataset, v);
		else if (k in el && typeof v !== 'string') el[k] = v;
		else el.setAttribute(k, v === true ? '' : v);
	}
	append(el, children);
	return el;
}

function append(el, children) {
	for (const c of children.flat(Infinity)) {
		if (c === undefined || c === null || c === false) continue;
		el.append(c instanceof Node ? c : String(c));
	}
}

/** Replaces the children of el. */
export function fill(el, ...children) {
	el.replaceChildren();
	append(el, children);
	return el;
}

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

/* ---- the API --------------------------------------------------------------- */

/** An error from the API (or the network) with a Chinese message for people. */
export class ApiError extends Error {
	constructor({ status = 0, code = 'network', title, detail, errors = [] }) {
		super(detail || title || '请求失败');
		this.status = status;
		this.code = code;
		this.title = title || '请求失败';
		this.detail = detail || '';
		this.errors = Array.isArray(errors) ? errors : [];
	}
	/** One sentence for people, in Chinese. */
	get text() {
		if (this.detail && this.detail !== this.title) return `${this.title}：${this.detail}`;
		return this.title;
	}
}

const STATUS_TEXT = {
	400: '请求有误',
	401: '请先登录',
	403: '无权执行此操作',
	404: '没有找到相关内容',
	409: '操作与当前状态冲突',
	413: '提交的内容过大',
	422: '填写的内容有误',
	429: '操作过于频繁，请稍后再试',
	500: '服务器出错，请稍后重试',
	503: '服务暂时不可用，请稍后重试',
};

let csrfToken = null;
/** The CSRF token sent as X-CSRF-Token on unsafe requests (staff session). */
export function setCsrf(token) {
	csrfToken = token;
}

/**
 * Calls the API. Resolves to the parsed JSON (or a Blob with {blob: true});
 * with `contentType`, `body` (a Blob or File) is sent as it is, not as JSON;
 * rejects with an ApiError whose .text is a Chinese sentence.
 */
export async function api(path, { method = 'GET', body, blob = false, query, contentType } = {}) {
	let url = path;
	if (query) {
		const q = new URLSearchParams();
		for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
		const s = q.toString();
		if (s) url += (url.includes('?') ? '&' : '?') + s;
	}
	const headers = { accept: 'application/json, application/problem+json' };
	const init = { method, headers, credentials: 'same-origin' };
	if (body !== undefined && contentType) {
		// a file sent as it is (an upload), e.g. text/csv
		headers['content-type'] = contentType;
		init.body = body;
	} else if (body !== undefined) {
		headers['content-type'] = 'application/json';
		init.body = JSON.stringify(body);
	}
	if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
	let res;
	try {
		res = await fetch(url, init);
	} catch {
		throw new ApiError({ code: 'network', title: '无法连接服务器', detail: '请检查网络连接后重试' });
	}
	if (res.ok) return blob ? res.blob() : res.json();
	let p = null;
	try {
		const text = await res.text();
		p = JSON.parse(text);
	} catch {
		/* not problem+json */
	}
	if (p && typeof p === 'object' && (p.title || p.detail))
		throw new ApiError({ status: res.status, code: p.code || 'error', title: p.title, detail: p.detail, errors: p.errors });
	throw new ApiError({ status: res.status, code: 'http_' + res.status, title: STATUS_TEXT[res.status] || `请求失败（${res.status}）` });
}

/* ---- the rules -------------------------------------------------------------- */

let rules = null;
/**
 * The rules the pages apply as people type (GET /api/reference/rules): field
 * limits, statutory periods, which actions need a comment or a reason, labels
 * of states, roles and actions. They live in the server's domain; a page never
 * holds its own copy, it reads them from here. Fetched once per page load.
 */
export function loadRules() {
	rules ??= api('/api/reference/rules').catch((e) => {
		rules = null; // asked again next time
		throw e;
	});
	return rules;
}

/** A served label by code: labelOf(rules.states, 'closed') → "已办结" (the code when unknown). */
export function labelOf(list, code) {
	return list?.find((x) => x.code === code)?.label ?? code ?? '';
}

/** A period of months as the server words it: 5 → "5个月", 24 → "2年". */
export function monthsText(months) {
	return months % 12 === 0 ? `${months / 12}年` : `${months}个月`;
}

/**
 * What is wrong with a text field's value under its served rule
 * (rules.fields.name: {label, max_chars, required, digits}), in the server's
 * words; '' when nothing is.
 */
export function textError(rule, value) {
	const v = String(value ?? '').trim();
	if (!v) return rule.required ? `请填写${rule.label}` : '';
	if (rule.digits) return v.length === rule.digits && /^\d+$/.test(v) ? '' : `${rule.label}应为${rule.digits}位数字`;
	return chars(v) > rule.max_chars ? `${rule.label}不能超过${rule.max_chars}个字` : '';
}

/* ---- Beijing time ---------------------------------------------------------- */

const TZ = 'Asia/Shanghai';
const dtf = new Intl.DateTimeFormat('zh-CN', {
	timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
});
const ymd = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' });

function parts(fmt, d) {
	const o = {};
	for (const p of fmt.formatToParts(d)) o[p.type] = p.value;
	return o;
}

/** "2026-02-19T08:17:02+08:00" → "2026年2月19日 08:17" (Beijing time). */
export function fmtDateTime(iso) {
	if (!iso) return '—';
	const d = new Date(iso);
	if (Number.isNaN(d.getTime())) return iso;
	const p = parts(dtf, d);
	return `${Number(p.year)}年${Number(p.month)}月${Number(p.day)}日 ${p.hour === '24' ? '00' : p.hour}:${p.minute}`;
}

/** "2026-02-28" → "2026年2月28日". */
export function fmtDate(day) {
	if (!day) return '—';
	const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
	return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : day;
}

/** A deadline: fmtDate, marked （暂定） when the API says it was counted before
 * that year's holiday schedule was published (it will be counted again). */
export function fmtDue(day, provisional) {
	return provisional && day ? `${fmtDate(day)}（暂定）` : fmtDate(day);
}

/** What （暂定） means, for a note beside provisional deadlines. */
export const PROVISIONAL_NOTE = '标注“暂定”的期限跨入了节假日安排尚未公布的年份，暂按法定节假日计算；国务院公布安排后将重新计算，结果记入办理记录。';

/** Today in Beijing as YYYY-MM-DD. */
export function todayBeijing() {
	return ymd.format(new Date());
}

/**
 * A date as people type it: 2026-10-25, 2026/10/25, 2026.10.25, 2026年10月25日,
 * 20261025, full-width digits. Returns YYYY-MM-DD, or null when it is not a
 * real calendar date.
 */
export function parseDay(input) {
	const s = String(input ?? '').trim()
		.replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48));
	let m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s) || /^(\d{4})(\d{2})(\d{2})$/.exec(s);
	if (!m) return null;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const dt = new Date(Date.UTC(y, mo - 1, d));
	if (y < 1900 || dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
	return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Adds n calendar days to YYYY-MM-DD. */
export function addDays(day, n) {
	const d = new Date(day + 'T00:00:00Z');
	d.setUTCDate(d.getUTCDate() + n);
	return d.toISOString().slice(0, 10);
}

/** The same day `months` months earlier, clamped to the month's length. */
export function monthsBefore(day, months) {
	const [y, m, d] = day.split('-').map(Number);
	const idx = y * 12 + (m - 1) - months;
	const yy = Math.floor(idx / 12), mm = (idx % 12) + 1;
	const last = new Date(Date.UTC(yy, mm, 0)).getUTCDate();
	return `${yy}-${String(mm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Whole days from a to b (YYYY-MM-DD). */
export function daysBetween(a, b) {
	return Math.round((Date.parse(b + 'T00:00:00Z') - Date.parse(a + 'T00:00:00Z')) / 86400000);
}

/* ---- phone numbers --------------------------------------------------------- */

/**
 * Normalises a phone number as people write it (+86 138 0013 8000, 0086-138…,
 * (0755)1234-5678, full-width digits) the way the server does.
 * @returns {{ok: boolean, digits?: string, kind?: 'mobile'|'fixed', message?: string}}
 */
export function normalizePhone(input) {
	let s = String(input ?? '').trim();
	// full-width digits and punctuation to ASCII
	s = s.replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48))
		.replace(/[\uFF08]/g, '(').replace(/[\uFF09]/g, ')').replace(/[\uFF0D]/g, '-').replace(/[\uFF0B]/g, '+');
	if (!s) return { ok: false, message: '请填写联系电话' };
	let plus = false, d = '';
	for (const c of s) {
		if (c >= '0' && c <= '9') d += c;
		else if (c === '+' && d === '' && !plus) plus = true;
		else if (' -.()\t\u3000'.includes(c)) continue;
		else return { ok: false, message: '号码中只能有数字、空格、短横线和括号' };
	}
	if (plus && !d.startsWith('86')) return { ok: false, message: '只受理中国大陆号码（+86）' };
	let international = plus;
	if (d.startsWith('0086')) (d = d.slice(4)), (international = true);
	else if (d.startsWith('86') && (plus || d.length === 13)) d = d.slice(2);
	if (!d) return { ok: false, message: '请填写联系电话' };
	// as the server reads them: +86 10 6512 3456 is a Beijing line written without
	// its trunk 0; 0 before a mobile number is the trunk prefix
	if (international && !/^1[3-9]\d{9}$/.test(d) && d[0] !== '0' && d.length >= 9) d = `0${d}`;
	if (/^01[3-9]\d{9}$/.test(d)) d = d.slice(1);
	if (/^1[3-9]\d{9}$/.test(d)) return { ok: true, digits: d, kind: 'mobile' };
	if (d[0] === '0') {
		const area = d[1] === '1' || d[1] === '2' ? 3 : 4;
		if (d.length >= area + 7 && d.length <= area + 8) return { ok: true, digits: d, kind: 'fixed' };
		return { ok: false, message: '固定电话应为区号加7至8位号码，如010-12345678' };
	}
	if (d[0] === '1' && d.length !== 11) return { ok: false, message: `手机号码应为11位（现在是${d.length}位）` };
	if (d[0] === '1') return { ok: false, message: '手机号码应以13至19开头' };
	return { ok: false, message: '请填写手机号码或带区号的固定电话' };
}

/** "13800138000" → "138 0013 8000" for display. */
export function formatPhone(digits) {
	if (/^1\d{10}$/.test(digits)) return `${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}`;
	return digits;
}

/* ---- 适老化 (large font + high contrast) ----------------------------------- */

/** Wires every [data-large-toggle] button; the choice is remembered. */
export function initLargeToggle() {
	const root = document.documentElement;
	const sync = () => {
		const on = root.classList.contains('large');
		for (const b of $$('[data-large-toggle]')) {
			b.setAttribute('aria-pressed', String(on));
			b.textContent = on ? '标准字体' : '大字模式';
			b.title = on ? '切换回标准字体和配色' : '放大字体、提高对比度（适老化）';
		}
	};
	for (const b of $$('[data-large-toggle]'))
		b.addEventListener('click', () => {
			const on = root.classList.toggle('large');
			try {
				localStorage.setItem('shensu.large', on ? '1' : '0');
			} catch {
				/* not remembered */
			}
			sync();
			announce(on ? '已切换到大字模式' : '已切换到标准字体');
		});
	sync();
}

/* ---- announcements, progress, confirmation --------------------------------- */

/** Reads a message to screen-reader users (polite live region #announcer). */
export function announce(text) {
	let el = $('#announcer');
	if (!el) {
		el = h('div', { id: 'announcer', class: 'visually-hidden', 'aria-live': 'polite' });
		document.body.append(el);
	}
	el.textContent = '';
	setTimeout(() => (el.textContent = text), 50);
}

/**
 * Runs fn while `button` shows progress (disabled, aria-busy, a spinner and
 * `label`). Returns fn's result; the button is restored afterwards.
 */
export async function withProgress(button, label, fn) {
	const old = button ? [...button.childNodes] : null;
	if (button) {
		button.disabled = true;
		button.setAttribute('aria-busy', 'true');
		fill(button, h('span', { class: 'spinner', 'aria-hidden': 'true' }), label);
	}
	announce(label);
	try {
		return await fn();
	} finally {
		if (button) {
			button.disabled = false;
			button.removeAttribute('aria-busy');
			fill(button, old);
		}
	}
}

/** A message box (role=alert for errors) inside `where`, replacing an earlier one. */
export function showMessage(where, text, kind = 'error') {
	clearMessage(where);
	const box = h('div', { class: `msg msg-${kind}`, role: kind === 'error' ? 'alert' : 'status', 'data-msg': '' }, text);
	where.prepend(box);
	return box;
}

export function clearMessage(where) {
	for (const m of $$(':scope > [data-msg]', where)) m.remove();
}

/**
 * Asks for confirmation in a modal <dialog>. Resolves true when confirmed.
 * `body` may be a string or nodes; `danger` styles the confirm button.
 */
export function confirmDialog({ title, body, confirm = '确定', cancel = '取消', danger = false }) {
	return new Promise((resolve) => {
		const ok = h('button', { type: 'button', class: danger ? 'btn btn-danger' : 'btn btn-primary', 'data-confirm': '' }, confirm);
		const no = h('button', { type: 'button', class: 'btn' }, cancel);
		const titleId = 'dlg-title-' + Math.random().toString(36).slice(2);
		const dlg = h('dialog', { class: 'dialog', 'aria-labelledby': titleId },
			h('h2', { id: titleId }, title),
			h('div', { class: 'dialog-body' }, body),
			h('div', { class: 'actions' }, no, ok));
		const done = (v) => {
			dlg.close();
			dlg.remove();
			resolve(v);
		};
		ok.addEventListener('click', () => done(true));
		no.addEventListener('click', () => done(false));
		dlg.addEventListener('cancel', (e) => {
			e.preventDefault();
			done(false);
		});
		document.body.append(dlg);
		dlg.showModal();
		no.focus();
	});
}

/* ---- form fields ------------------------------------------------------------- */

let fieldSeq = 0;

/**
 * A labelled form field with a hint and an error slot wired with
 * aria-describedby. `control` is an <input>, <select> or <textarea>.
 * Returns the wrapper; wrapper.setError(text) shows or clears the error.
 */
export function field(label, control, { hint, required = false } = {}) {
	const id = control.id || `f${++fieldSeq}`;
	control.id = id;
	const hintId = `${id}-hint`, errId = `${id}-err`;
	if (required) control.required = true;
	const err = h('p', { class: 'field-error', id: errId, hidden: true });
	const wrap = h('div', { class: 'field' },
		h('label', { for: id }, label, required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : h('span', { class: 'opt' }, '（选填）')),
		hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
		control, err);
	control.setAttribute('aria-describedby', [hint ? hintId : null, errId].filter(Boolean).join(' '));
	wrap.setError = (text) => {
		if (text) {
			err.textContent = text;
			err.hidden = false;
			control.setAttribute('aria-invalid', 'true');
		} else {
			err.textContent = '';
			err.hidden = true;
			control.removeAttribute('aria-invalid');
		}
	};
	wrap.control = control;
	return wrap;
}

/** Counts characters as the server does (code points). */
export function chars(s) {
	return [...String(s ?? '')].length;
}
