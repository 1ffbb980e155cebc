// The 12321 centre end to end: the public reports numbers and apps, the
// centre looks numbers up (counts per kind, operator by segment or by a
// ported-number record), invalidates reports, dispatches the reported numbers
// to the operators serving them, each operator sees and disposes of only its
// own numbers, and the statistics count per kind with 环比 and 同比 against
// imported history. Apps go through notify → name/remove.
//
// POST /api/reports stamps reports with the real clock, so "today" is the real
// day (Beijing time) and the periods are computed from it. History and ported
// numbers are imported before the server starts (the number index is built at
// start-up); a second server started later on the same database checks that
// the index is rebuilt from the store, with "today" pinned after an app's
// rectification deadline.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
	addUser, assertProblem, initDb, login, parseCsv, QUIET_ENV, request, run, runOk, sendJson, show,
	staffClient, startServer, tempDir, writeFile,
} from './lib/shensu.mjs';

/* ---- days and quarters, in Beijing time ---------------------------------------- */

const HOUR = 3600_000, DAY = 24 * HOUR;
/** The Beijing calendar day of an instant (ms), as YYYY-MM-DD. */
const bjDay = (ms) => new Date(ms + 8 * HOUR).toISOString().slice(0, 10);
/** The instant (ms) of a Beijing wall-clock time. */
const bjInstant = (y, m, d, hh = 0, mm = 0, ss = 0) => Date.UTC(y, m - 1, d, hh - 8, mm, ss);
/** "YYYY-MM-DD HH:MM:SS" (Beijing) of an instant, as the history CSV writes it. */
const bjText = (ms) => new Date(ms + 8 * HOUR).toISOString().slice(0, 19).replace('T', ' ');
const quarterOf = (ms) => {
	const d = new Date(ms + 8 * HOUR);
	return { y: d.getUTCFullYear(), q: Math.floor(d.getUTCMonth() / 3) + 1 };
};
const shiftQuarter = ({ y, q }, n) => {
	const i = y * 4 + (q - 1) + n;
	return { y: Math.floor(i / 4), q: (i % 4) + 1 };
};
const label = ({ y, q }) => `${y}Q${q}`;
/** Day `d` of the quarter's first month at hh:mm:ss, Beijing. */
const inQuarter = ({ y, q }, d, hh, mm = 0, ss = 0) => bjInstant(y, 3 * (q - 1) + 1, d, hh, mm, ss);
const addDays = (day, n) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

const NOW = Date.now();
const TODAY = bjDay(NOW);
const CUR = quarterOf(NOW);
const PREV = shiftQuarter(CUR, -1);
const YEAR_BEFORE = shiftQuarter(CUR, -4);

/* ---- the imported history ------------------------------------------------------- */

/* Reports in the history CSV: [quarter, kind, target, count]. Targets are fixed
 * lines and SMS ports (no operator: they are never dispatched), one mobile number
 * (13900139000, ported to 中国联通 afterwards) and an app package. */
const HISTORY = [
	[PREV, 'harassment_call', '13900139000', 2],
	[PREV, 'harassment_call', '020-8765-4321', 8],
	[PREV, 'spam_sms', '1069 0000 5678', 4],
	[PREV, 'fraud_call', '0755-2345-6789', 3],
	[PREV, 'fraud_sms', '1069 0000 5678', 1],
	[PREV, 'bad_app', 'com.history.app', 2],
	[YEAR_BEFORE, 'harassment_call', '020-8765-4321', 20],
	[YEAR_BEFORE, 'fraud_call', '0755-2345-6789', 6],
	[YEAR_BEFORE, 'bad_app', 'com.history.app', 3],
	[CUR, 'harassment_call', '020-8765-4321', 8],
	[CUR, 'fraud_call', '0755-2345-6789', 2],
];

/** The rows of HISTORY: the previous quarter and the year before on the 15th of
 * their first month from 10:00, the current quarter in the first seconds of its
 * first day (so never later than now). */
function historyRows() {
	const rows = [];
	let i = 0;
	for (const [quarter, kind, target, count] of HISTORY) {
		for (let k = 0; k < count; k++, i++) {
			const at = quarter === CUR ? inQuarter(quarter, 1, 0, 0, i % 60) : inQuarter(quarter, 15, 10, i, 0);
			rows.push({ at, kind, target });
		}
	}
	return rows;
}

const csvField = (s) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/* ---- the suite ---------------------------------------------------------------------- */

describe('12321 reports: report → aggregate → dispatch → disposal → statistics', () => {
	let dir, db, srv, later;
	let staff2, cm2, cu2; // clients of `later`
	let staff, reg, cm, ct, cu, agency;
	const base = () => srv.url;
	const history = historyRows();
	/** Responses of the reports filed in the first test, by name. */
	const filed = {};
	/** The dispatch lists made, by operator name. */
	const dispatchOf = {};

	before(async () => {
		dir = tempDir();
		db = initDb(dir);
		addUser(db, 'centre', 'report_staff');
		addUser(db, 'reg', 'regulator');
		addUser(db, 'cm', 'enterprise_staff', { enterprise: '中国移动' });
		addUser(db, 'ct', 'enterprise_staff', { enterprise: '中国电信' });
		addUser(db, 'cu', 'enterprise_staff', { enterprise: '中国联通' });
		addUser(db, 'gd', 'agency_staff', { province: '44' });
		const csv = ['reported_at,kind,target,description',
			...history.map((r, i) => [bjText(r.at), r.kind, r.target, i === 0 ? '自称"客服",推销贷款' : ''].map(csvField).join(','))];
		const imp = runOk(['import', 'reports', writeFile(dir, 'history.csv', `${csv.join('\r\n')}\r\n`), '--db', db]);
		assert.match(imp.stdout, new RegExp(`imported ${history.length} reports`));
		// Ported after the history was imported: 13900139000 is reported but not
		// dispatched yet, so it now goes to 中国联通.
		runOk(['import', 'ported', writeFile(dir, 'ported.csv',
			'number,operator,since\n13800138001,中国电信,2020-06-30\n13900139000,中国联通,2021-01-01\n'), '--db', db]);
		srv = await startServer({ db, env: { ...QUIET_ENV, SHENSU_DISPATCH_HOUR: '-1' } });
		const client = async (name) => staffClient(srv.url, (await login(srv.url, name)).token);
		[staff, reg, cm, ct, cu, agency] = await Promise.all(['centre', 'reg', 'cm', 'ct', 'cu', 'gd'].map(client));
	});
	after(async () => {
		await srv?.stop();
		await later?.stop();
	});

	const report = (body) => sendJson(`${base()}/api/reports`, 'POST', body);
	async function reportOk(name, body) {
		const r = await report(body);
		assert.equal(r.res.status, 201, `POST /api/reports ${JSON.stringify(body)}: ${r.text}`);
		filed[name] = r.body;
		return r.body;
	}
	/** GET /api/numbers/N as `who`; asserts 200 and returns the body. */
	async function lookup(who, number) {
		const r = await who.get(`/api/numbers/${encodeURIComponent(number)}`);
		assert.equal(r.res.status, 200, `GET /api/numbers/${number}: ${r.text}`);
		return r.body;
	}
	async function stats(who, period) {
		const r = await who.get(`/api/reports/stats?period=${period}`);
		assert.equal(r.res.status, 200, `stats ${period}: ${r.text}`);
		return r.body;
	}
	const byKind = (s) => Object.fromEntries(s.kinds.map((k) => [k.kind, k]));
	const bySeries = (s) => Object.fromEntries(s.series.map((k) => [k.series, k]));
	async function dispatchView(who, id) {
		const r = await who.get(`/api/dispatches/${id}`);
		assert.equal(r.res.status, 200, `GET /api/dispatches/${id}: ${r.text}`);
		assert.deepEqual(r.body.disposal_choices.map((c) => c.code), ['shut_down', 'restricted', 'warned', 'checked_fine', 'cannot_verify'],
			'every answer but 未处置 offered');
		assert.ok(r.body.disposal_choices.every((c) => c.label), 'labelled');
		return r.body;
	}

	test('the public files each kind; every spelling of a number lands on the same digits', async () => {
		const spellings = ['+86 138 0013 8000', '138-0013-8000', '１３８ ００１３ ８０００', '0086 13800138000'];
		const kinds = ['harassment_call', 'spam_sms', 'fraud_call', 'fraud_sms'];
		for (let i = 0; i < kinds.length; i++) {
			const body = await reportOk(kinds[i], {
				kind: kinds[i], number: spellings[i],
				...(kinds[i] === 'spam_sms' ? { reporter: '139 0000 0000', content: '您的账户异常，请点击链接验证' } : {}),
			});
			assert.equal(typeof body.id, 'number');
			assert.equal(body.kind, kinds[i]);
			assert.match(body.kind_label, /^(骚扰电话|垃圾短信|诈骗电话|诈骗短信)$/);
			assert.deepEqual({ digits: body.number.digits, kind: body.number.kind },
				{ digits: '13800138000', kind: 'mobile' }, spellings[i]);
			assert.equal(body.number.operator?.name, '中国移动');
			assert.match(body.reported_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
			assert.ok(Math.abs(Date.parse(body.reported_at) - Date.now()) < 120_000, body.reported_at);
			assert.match(body.notice, /举报已受理/);
		}
		assert.equal(new Set(kinds.map((k) => filed[k].id)).size, 4, 'four distinct reports');
		// Chinese labels are accepted as kinds too
		const byLabel = await reportOk('fraud_call2', { kind: '诈骗电话', number: '135 0013 5000', occurred_at: bjText(NOW - DAY) });
		assert.equal(byLabel.kind, 'fraud_call');
		assert.equal(byLabel.number.digits, '13500135000');
		await reportOk('telecom', { kind: 'harassment_call', number: '13300133000' });
		assert.equal(filed.telecom.number.operator.name, '中国电信');
		await reportOk('to_invalidate', { kind: 'harassment_call', number: '13600136000' });
		const port = await reportOk('sms_port', { kind: 'spam_sms', number: '1069-0000-1234', content: '【某银行】积分兑换' });
		assert.deepEqual(port.number, { digits: '106900001234', kind: 'sms_port', operator: null });
		// apps: no number, the package is the key
		for (const [name, pkg, app] of [['loan1', 'com.bad.loan', '极速贷'], ['loan2', 'com.bad.loan', '极速贷'],
			['game', 'com.bad.game', '暗黑游戏']]) {
			const a = await reportOk(name, { kind: 'bad_app', app_name: app, app_package: pkg, app_store: '某应用市场', content: '强制索取通讯录' });
			assert.equal(a.kind, 'bad_app');
			assert.equal(a.app_package, pkg);
			assert.equal(a.number, undefined);
		}
		const r = await report({ kind: 'harassment_call', number: '13300133000' });
		assert.equal(r.res.headers.get('location'), `/api/reports/${r.body.id}`);
		filed.telecom2 = r.body;
	});

	test('a ported 138 number routes to 中国电信', async () => {
		const p = await reportOk('ported', { kind: 'harassment_call', number: '+86 138-0013-8001' });
		assert.equal(p.number.digits, '13800138001');
		assert.equal(p.number.operator?.name, '中国电信');
		const n = await lookup(staff, '13800138001');
		assert.equal(n.ported, true);
		assert.equal(n.operator?.name, '中国电信');
		assert.equal(n.segment_operator?.name, '中国移动');
		assert.equal(n.reports.harassment_call, 1);
	});

	test('bad forms: 400 invalid_fields with a Chinese message per field; nothing stored', async () => {
		const before = (await staff.get('/api/reports?limit=1000')).body.items.length;
		const tomorrow = bjText(NOW + DAY);
		const cases = [
			[{}, ['kind']],
			[{ number: '13800138000' }, ['kind']],
			[{ kind: 'robocall', number: '13800138000' }, ['kind']],
			[{ kind: 'harassment_call' }, ['number']],
			[{ kind: 'spam_sms', number: '' }, ['number']],
			[{ kind: 'harassment_call', number: 'abc' }, ['number']],
			[{ kind: 'harassment_call', number: '138001380' }, ['number']],
			[{ kind: 'fraud_call', number: '+1 212 555 0100' }, ['number']],
			[{ kind: 'bad_app', app_name: '某应用' }, ['app_package']],
			[{ kind: 'bad_app', app_name: '某应用', app_package: 'notapackage' }, ['app_package']],
			[{ kind: 'bad_app', app_package: 'com.x.y' }, ['app_name']],
			[{ kind: 'harassment_call', number: '13800138000', occurred_at: tomorrow }, ['occurred_at']],
			[{ kind: 'harassment_call', number: '13800138000', occurred_at: 'yesterday' }, ['occurred_at']],
			[{ kind: 'spam_sms', number: '13800138000', content: '短'.repeat(2001) }, ['content']],
			[{ kind: 'spam_sms', number: '13800138000', reporter: '95588' }, ['reporter']],
			[{ kind: 'bad_app', occurred_at: tomorrow, content: 'x'.repeat(2001) }, ['app_name', 'app_package', 'occurred_at', 'content']],
		];
		for (const [body, fields] of cases) {
			const what = JSON.stringify(body).slice(0, 120);
			const p = assertProblem(await report(body), 400, 'invalid_fields');
			assert.ok(Array.isArray(p.errors), what);
			assert.deepEqual(p.errors.map((e) => e.field).sort(), [...fields].sort(), what);
			for (const e of p.errors) assert.match(e.message, /[\u4e00-\u9fff]/, `${what}: ${e.message}`);
			assert.match(p.detail, /[\u4e00-\u9fff]/);
		}
		// 2000 characters is the limit, not more
		const ok = await report({ kind: 'spam_sms', number: '1069 0000 1234', content: '长'.repeat(2000) });
		assert.equal(ok.res.status, 201, ok.text);
		filed.long = ok.body;
		assertProblem(await sendJson(`${base()}/api/reports`, 'POST', '{"kind":'), 400, 'invalid_json');
		assertProblem(await sendJson(`${base()}/api/reports`, 'POST', '[1]'), 400, 'invalid_json');
		const afterCount = (await staff.get('/api/reports?limit=1000')).body.items.length;
		assert.equal(afterCount, before + 1, 'only the valid report was stored');
	});

	test('the number look-up aggregates every report of a number, however it was spelled', async () => {
		for (const spelling of ['13800138000', '+86 138 0013 8000', '１３８００１３８０００', '0086-138-0013-8000']) {
			const n = await lookup(staff, spelling);
			assert.equal(n.number, '13800138000', spelling);
			assert.equal(n.kind, 'mobile');
			assert.deepEqual(n.reports, { harassment_call: 1, spam_sms: 1, fraud_call: 1, fraud_sms: 1 }, spelling);
			assert.equal(n.total_reports, 4);
			assert.equal(Date.parse(n.first_report_at), Date.parse(filed.harassment_call.reported_at));
			assert.equal(Date.parse(n.last_report_at), Date.parse(filed.fraud_sms.reported_at));
			assert.equal(n.operator?.name, '中国移动');
			assert.equal(n.segment_operator?.name, '中国移动');
			assert.equal(n.ported, false);
			assert.equal(n.reseller, false);
			assert.equal(n.dispatched, false);
			assert.equal(n.dispatched_at, null);
			assert.equal(n.disposal, 'none');
		}
		// the regulator reads it too
		assert.equal((await lookup(reg, '13800138000')).total_reports, 4);
		// two reports of 13300133000
		assert.equal((await lookup(staff, '13300133000')).reports.harassment_call, 2);
	});

	test('the operator of a number: by segment, reseller segments, ported records; unknown for fixed lines', async () => {
		const expect = {
			13800138000: ['中国移动', '中国移动', false, false],
			13300133000: ['中国电信', '中国电信', false, false],
			13000130000: ['中国联通', '中国联通', false, false],
			19200192000: ['中国广电', '中国广电', false, false],
			19800198000: ['中国移动', '中国移动', false, false],
			// reseller segments name their host operator
			17000170000: ['中国电信', '中国电信', false, true],
			17030170000: ['中国移动', '中国移动', false, true],
			16500165000: ['中国移动', '中国移动', false, true],
			17100171000: ['中国联通', '中国联通', false, true],
			// ported: the record overrides the segment
			13800138001: ['中国电信', '中国移动', true, false],
			13900139000: ['中国联通', '中国移动', true, false],
		};
		for (const [number, [op, seg, ported, reseller]] of Object.entries(expect)) {
			const n = await lookup(staff, number);
			assert.deepEqual([n.operator?.name, n.segment_operator?.name, n.ported, n.reseller], [op, seg, ported, reseller], number);
		}
		const never = await lookup(staff, '19200192000');
		assert.equal(never.total_reports, 0);
		assert.equal(never.first_report_at, null);
		assert.equal(never.last_report_at, null);
		for (const fixed of ['020-8765-4321', '(0755) 2345 6789', '10690000 5678']) {
			const n = await lookup(staff, fixed);
			assert.equal(n.operator, null, fixed);
			assert.equal(n.segment_operator, null, fixed);
		}
		assert.equal((await lookup(staff, '020-8765-4321')).kind, 'fixed');
		assert.equal((await lookup(staff, '1069 0000 5678')).kind, 'sms_port');
		for (const bad of ['abc', '138001380', '+1 212 555 0100', '0123', '１３８００１３８０００１']) {
			const p = assertProblem(await staff.get(`/api/numbers/${encodeURIComponent(bad)}`), 400, 'invalid_number');
			assert.match(p.detail, /[\u4e00-\u9fff]/);
		}
	});

	test('imported history is in the look-up: counts per kind, first and last report', async () => {
		const times = (target) => history.filter((r) => r.target === target).map((r) => r.at);
		const gz = await lookup(staff, '02087654321');
		assert.equal(gz.number, '02087654321');
		assert.deepEqual(gz.reports, { harassment_call: 36, spam_sms: 0, fraud_call: 0, fraud_sms: 0 });
		assert.equal(gz.total_reports, 36);
		assert.equal(Date.parse(gz.first_report_at), Math.min(...times('020-8765-4321')));
		assert.equal(Date.parse(gz.last_report_at), Math.max(...times('020-8765-4321')));
		const sms = await lookup(staff, '1069 0000 5678');
		assert.deepEqual(sms.reports, { harassment_call: 0, spam_sms: 4, fraud_call: 0, fraud_sms: 1 });
		const cu13900 = await lookup(staff, '13900139000');
		assert.equal(cu13900.reports.harassment_call, 2);
		assert.equal(Date.parse(cu13900.first_report_at), Math.min(...times('13900139000')));
	});

	test('the centre lists reports newest first with the reporter and the content; filters work', async () => {
		const all = (await staff.get('/api/reports?limit=1000')).body;
		assert.equal(all.items.length, history.length + Object.keys(filed).length);
		const ids = all.items.map((i) => i.id);
		assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
		assert.equal(all.items[0].id, filed.long.id);
		const sms = all.items.find((i) => i.id === filed.spam_sms.id);
		assert.equal(sms.reporter, '13900000000');
		assert.equal(sms.content, '您的账户异常，请点击链接验证');
		assert.deepEqual(sms.number, { digits: '13800138000', kind: 'mobile' });
		assert.equal(sms.invalid, false);
		const app = all.items.find((i) => i.id === filed.loan1.id);
		assert.deepEqual(app.app, { package: 'com.bad.loan', name: '极速贷', store: '某应用市场' });
		const hist = all.items.find((i) => i.content === '自称"客服",推销贷款');
		assert.ok(hist, 'the history description is kept, quotes and comma included');
		assert.equal(hist.number.digits, '13900139000');
		assert.equal(Date.parse(hist.reported_at), history[0].at);

		const kind = (await staff.get('/api/reports?kind=fraud_call&limit=1000')).body.items;
		assert.equal(kind.length, 2 + 3 + 6 + 2, 'fraud_call: two filed, eleven imported');
		assert.ok(kind.every((i) => i.kind === 'fraud_call'));
		const num = (await staff.get(`/api/reports?number=${encodeURIComponent('+86 138-0013-8000')}`)).body.items;
		assert.deepEqual(num.map((i) => i.id), ['fraud_sms', 'fraud_call', 'spam_sms', 'harassment_call'].map((k) => filed[k].id));
		const appItems = (await staff.get('/api/reports?app=com.bad.loan')).body.items;
		assert.deepEqual(appItems.map((i) => i.id), [filed.loan2.id, filed.loan1.id]);
		// keyset pages
		const p1 = (await staff.get('/api/reports?limit=2')).body;
		assert.equal(p1.items.length, 2);
		assert.match(p1.next, /^before=\d+$/);
		const p2 = (await staff.get(`/api/reports?limit=2&${p1.next}`)).body;
		assert.deepEqual([...p1.items, ...p2.items].map((i) => i.id), ids.slice(0, 4));
		const fc2 = all.items.find((i) => i.id === filed.fraud_call2.id);
		assert.equal(Date.parse(fc2.occurred_at), Math.floor((NOW - DAY) / 1000) * 1000);
		assert.equal(sms.occurred_at, null);
		// received today (Beijing), harassment calls: those filed plus any history of today
		const today = (await staff.get(`/api/reports?kind=harassment_call&from=${TODAY}&to=${TODAY}&limit=1000`)).body.items;
		const todayHistory = history.filter((r) => r.kind === 'harassment_call' && bjDay(r.at) === TODAY).length;
		assert.equal(today.length, 5 + todayHistory);
		const old = (await staff.get(`/api/reports?to=${addDays(TODAY, -1)}&limit=1000`)).body.items;
		assert.equal(old.length, history.filter((r) => bjDay(r.at) < TODAY).length, 'to= is inclusive of its day only');
		assertProblem(await staff.get('/api/reports?kind=robocall'), 400, 'invalid_parameter');
		assertProblem(await staff.get('/api/reports?number=abc'), 400, 'invalid_number');
	});

	test('invalidating a report: reason required; counts go down in the look-up and the statistics', async () => {
		const id = filed.to_invalidate.id;
		const before = byKind(await stats(staff, label(CUR))).harassment_call.count;
		assert.equal((await lookup(staff, '13600136000')).reports.harassment_call, 1);
		assertProblem(await staff.post(`/api/reports/${id}/invalidate`, {}), 400, 'invalid_fields');
		assertProblem(await staff.post(`/api/reports/${id}/invalidate`, { reason: '' }), 400, 'invalid_fields');
		assertProblem(await staff.post(`/api/reports/${id}/invalidate`, { reason: '长'.repeat(501) }), 400, 'invalid_fields');
		const r = await staff.post(`/api/reports/${id}/invalidate`, { reason: '举报人误拨，号码为正常用户' });
		assert.equal(r.res.status, 200, r.text);
		assert.equal(r.body.id, id);
		assert.equal(r.body.invalid, true);
		const n = await lookup(staff, '13600136000');
		assert.equal(n.reports.harassment_call, 0);
		assert.equal(n.total_reports, 0);
		// its only report is gone: no first or last report either, as after a restart
		assert.equal(n.first_report_at, null);
		assert.equal(n.last_report_at, null);
		assert.equal(byKind(await stats(staff, label(CUR))).harassment_call.count, before - 1);
		const listed = (await staff.get('/api/reports?number=13600136000')).body.items;
		assert.deepEqual(listed.map((i) => [i.id, i.invalid]), [[id, true]]);
		// twice: 409, and nothing moves
		assertProblem(await staff.post(`/api/reports/${id}/invalidate`, { reason: '再次' }), 409, 'already_invalid');
		assert.equal(byKind(await stats(staff, label(CUR))).harassment_call.count, before - 1);
		assertProblem(await staff.post('/api/reports/99999999/invalidate', { reason: '不存在' }), 404, 'not_found');
		assertProblem(await staff.post('/api/reports/abc/invalidate', { reason: '不存在' }), 404, 'not_found');
	});

	test('roles: the public and agency staff are kept out; operators and regulators only read', async () => {
		const anon = staffClient(base(), 'not-a-token');
		const noAuth = {
			get: (p) => request(base() + p),
			post: (p, b) => sendJson(base() + p, 'POST', b),
		};
		const reads = ['/api/reports', '/api/reports/stats?period=2020Q4', '/api/numbers/13800138000',
			'/api/dispatches', '/api/dispatches/1', '/api/apps'];
		const writes = [['/api/dispatches', {}], ['/api/reports/1/invalidate', { reason: 'x' }],
			['/api/dispatches/1/disposals', { items: [] }], ['/api/apps/com.bad.loan/actions', { action: 'remove', version: 0 }]];
		for (const who of [noAuth, anon]) {
			for (const p of reads) assertProblem(await who.get(p), 401, 'unauthenticated');
			for (const [p, b] of writes) assertProblem(await who.post(p, b), 401, 'unauthenticated');
		}
		for (const p of reads) assertProblem(await agency.get(p), 403, 'role_not_allowed');
		for (const [p, b] of writes) assertProblem(await agency.post(p, b), 403, 'role_not_allowed');
		// operators: no list of reports, no statistics, no apps, no dispatching or invalidating
		for (const p of ['/api/reports', '/api/reports/stats?period=2020Q4', '/api/apps'])
			assertProblem(await cm.get(p), 403, 'role_not_allowed');
		for (const [p, b] of writes.filter(([p]) => !p.endsWith('/disposals')))
			assertProblem(await cm.post(p, b), 403, 'role_not_allowed');
		// the regulator reads statistics, numbers, dispatches and apps, changes nothing
		for (const p of ['/api/reports/stats?period=2020Q4', '/api/numbers/13800138000', '/api/dispatches', '/api/apps'])
			assert.equal((await reg.get(p)).res.status, 200, p);
		assertProblem(await reg.get('/api/reports'), 403, 'role_not_allowed');
		for (const [p, b] of writes) assertProblem(await reg.post(p, b), 403, 'role_not_allowed');
		// the centre does not dispose: that is the operator's
		assertProblem(await staff.post('/api/dispatches/1/disposals', { items: [] }), 403, 'role_not_allowed');
		// and the look-ups above changed nothing
		assert.equal((await lookup(staff, '13800138000')).dispatched, false);
	});

	test('dispatch: one list per operator with the right numbers; a second call right away makes none', async () => {
		assertProblem(await staff.post('/api/dispatches', { due: TODAY }), 400, 'invalid_fields');
		assertProblem(await staff.post('/api/dispatches', { due: '明天' }), 400, 'invalid_fields');
		assert.deepEqual((await staff.get('/api/dispatches')).body.items, [], 'the failed calls made nothing');
		// due tomorrow: the later server (two days on) sees the lists not disposed of as overdue
		const due = addDays(TODAY, 1);
		const r = await staff.post('/api/dispatches', { due });
		assert.equal(r.res.status, 201, r.text);
		const made = r.body.dispatches;
		for (const d of made) dispatchOf[d.operator.name] = d;
		// 中国移动: 13800138000 and 13500135000 (13600136000's only report is invalid);
		// 中国电信: 13300133000 and the ported 13800138001; 中国联通: 13900139000, ported
		// after its history was imported. Fixed lines and SMS ports have no operator.
		assert.deepEqual(Object.fromEntries(made.map((d) => [d.operator.name, d.numbers])),
			{ 中国移动: 2, 中国电信: 2, 中国联通: 1 });
		for (const d of made) {
			assert.equal(d.due, due);
			assert.equal(d.disposed, 0);
			assert.equal(d.overdue, false);
			assert.ok(Math.abs(Date.parse(d.created_at) - Date.now()) < 120_000, d.created_at);
		}
		const numbersOf = async (name) => (await dispatchView(staff, dispatchOf[name].id)).items.map((i) => i.number);
		assert.deepEqual(await numbersOf('中国移动'), ['13500135000', '13800138000']);
		assert.deepEqual(await numbersOf('中国电信'), ['13300133000', '13800138001']);
		assert.deepEqual(await numbersOf('中国联通'), ['13900139000']);
		const cmView = await dispatchView(staff, dispatchOf['中国移动'].id);
		assert.deepEqual(cmView.items.map((i) => [i.number, i.reports, i.disposal]),
			[['13500135000', 1, 'none'], ['13800138000', 4, 'none']]);
		assert.equal(Date.parse(cmView.items[1].last_report_at), Date.parse(filed.fraud_sms.reported_at));

		const again = await staff.post('/api/dispatches', { due });
		assert.equal(again.res.status, 200, again.text);
		assert.deepEqual(again.body.dispatches, []);
		assert.equal((await staff.get('/api/dispatches')).body.items.length, 3);

		const n = await lookup(staff, '13800138000');
		assert.equal(n.dispatched, true);
		assert.equal(n.dispatched_at, made.find((d) => d.operator.name === '中国移动').created_at);
		assert.equal((await lookup(staff, '13600136000')).dispatched, false, 'only invalid reports: not dispatched');
		assert.equal((await lookup(staff, '02087654321')).dispatched, false, 'no operator: not dispatched');
		// the regulator sees every list and its numbers
		assert.equal((await reg.get('/api/dispatches')).body.items.length, 3);
		assert.equal((await dispatchView(reg, dispatchOf['中国电信'].id)).items.length, 2);
		const list = (await staff.get('/api/dispatches')).body.items.map((d) => d.id);
		assert.deepEqual(list, [...list].sort((a, b) => b - a), 'newest first');
	});

	test('an operator sees only its own lists and the numbers dispatched to it', async () => {
		const own = (await cm.get('/api/dispatches')).body.items;
		assert.deepEqual(own.map((d) => [d.id, d.operator.name]), [[dispatchOf['中国移动'].id, '中国移动']]);
		assert.deepEqual((await ct.get('/api/dispatches')).body.items.map((d) => d.id), [dispatchOf['中国电信'].id]);
		assert.equal((await dispatchView(cm, dispatchOf['中国移动'].id)).items.length, 2);
		const hidden = assertProblem(await cm.get(`/api/dispatches/${dispatchOf['中国电信'].id}`), 404, 'not_found');
		const missing = assertProblem(await cm.get('/api/dispatches/99999999'), 404, 'not_found');
		assert.equal(hidden.title, missing.title);
		assert.equal(hidden.detail.replace(/\d+/, 'N'), missing.detail.replace(/\d+/, 'N'), 'another operator\'s list looks like none');
		for (const [fmt, who] of [['csv', cm], ['xlsx', cm], ['json', ct]])
			assertProblem(await who.get(`/api/dispatches/${dispatchOf[who === cm ? '中国电信' : '中国移动'].id}?format=${fmt}`), 404, 'not_found');

		// numbers: its own dispatched ones only
		assert.equal((await lookup(cm, '+86 138 0013 8000')).total_reports, 4);
		assert.equal((await lookup(cm, '13500135000')).reports.fraud_call, 1);
		assert.equal((await lookup(ct, '13800138001')).operator.name, '中国电信');
		assert.equal((await lookup(cu, '13900139000')).reports.harassment_call, 2);
		const notFound = [
			[cm, '13300133000'], // 中国电信's
			[cm, '13800138001'], // a 138 number, but ported to 中国电信
			[cm, '13900139000'], // ported to 中国联通
			[cm, '13600136000'], // 中国移动's, never dispatched (its report is invalid)
			[cm, '13700137000'], // 中国移动's, never reported
			[cm, '02087654321'], // reported, no operator
			[ct, '13800138000'],
			[cu, '13800138000'],
		];
		for (const [who, number] of notFound) {
			const p = assertProblem(await who.get(`/api/numbers/${number}`), 404, 'not_found');
			// a number it may not see looks exactly like one never reported
			const never = assertProblem(await who.get('/api/numbers/13711112222'), 404, 'not_found');
			assert.deepEqual([p.title, p.detail.replace(number, 'N')], [never.title, never.detail.replace('13711112222', 'N')]);
		}
		// a new report of a number of its own is not visible before it is dispatched
		await reportOk('cm_new', { kind: 'fraud_sms', number: '13700137000' });
		assertProblem(await cm.get('/api/numbers/13700137000'), 404, 'not_found');
		assert.equal((await lookup(staff, '13700137000')).operator.name, '中国移动');
	});

	test('disposals: all or nothing, only numbers on the list; the look-up and the list show them', async () => {
		const id = dispatchOf['中国移动'].id;
		const post = (who, items) => who.post(`/api/dispatches/${id}/disposals`, { items });
		const unchanged = async () => {
			const v = await dispatchView(cm, id);
			assert.equal(v.disposed, 0);
			assert.ok(v.items.every((i) => i.disposal === 'none' && i.disposed_at === null), JSON.stringify(v.items));
			assert.equal((await lookup(staff, '13800138000')).disposal, 'none');
		};
		// a number not on this list: 400, and the good item of the same request is not saved either
		const p = assertProblem(await post(cm, [
			{ number: '13800138000', disposal: 'shut_down', note: '已关停' },
			{ number: '13300133000', disposal: '关停' },
		]), 400, 'not_on_dispatch');
		assert.match(p.detail, /第2条/);
		assert.match(p.detail, /13300133000/);
		await unchanged();
		assertProblem(await post(cm, [{ number: '13800138000', disposal: 'deleted' }]), 400, 'invalid_fields');
		assertProblem(await post(cm, [{ number: '13800138000', disposal: 'none' }]), 400, 'invalid_fields');
		assertProblem(await post(cm, [{ number: '13800138000' }]), 400, 'invalid_fields');
		assertProblem(await post(cm, [{ number: 'abc', disposal: 'warned' }]), 400, 'invalid_fields');
		assertProblem(await post(cm, [{ number: '13800138000', disposal: 'warned', note: '长'.repeat(501) }]), 400, 'invalid_fields');
		assertProblem(await post(cm, []), 400, 'invalid_fields');
		assertProblem(await cm.post(`/api/dispatches/${id}/disposals`, {}), 400, 'invalid_fields');
		// another operator cannot touch it; an unknown list is the same 404
		assertProblem(await post(ct, [{ number: '13800138000', disposal: 'shut_down' }]), 404, 'not_found');
		assertProblem(await cm.post('/api/dispatches/99999999/disposals', { items: [{ number: '13800138000', disposal: 'shut_down' }] }), 404, 'not_found');
		await unchanged();

		// one number, written as the public writes it, with the Chinese label
		const r1 = await post(cm, [{ number: '+86 138 0013 8000', disposal: '关停', note: '已关停，涉嫌诈骗' }]);
		assert.equal(r1.res.status, 200, r1.text);
		assert.deepEqual(r1.body, { dispatch: id, updated: 1 });
		assert.equal((await dispatchView(cm, id)).disposed, 1);
		const n = await lookup(staff, '13800138000');
		assert.equal(n.disposal, 'shut_down');
		assert.equal(n.disposal_label, '关停');
		assert.equal((await lookup(cm, '13800138000')).disposal, 'shut_down');
		const r2 = await post(cm, [{ number: '13500135000', disposal: 'warned' }]);
		assert.equal(r2.res.status, 200, r2.text);
		const v = await dispatchView(cm, id);
		assert.equal(v.disposed, 2);
		assert.equal(v.numbers, 2);
		assert.deepEqual(v.items.map((i) => [i.number, i.disposal, i.disposal_label, i.note ?? null]),
			[['13500135000', 'warned', '警告', null], ['13800138000', 'shut_down', '关停', '已关停，涉嫌诈骗']]);
		for (const i of v.items) assert.ok(Math.abs(Date.parse(i.disposed_at) - Date.now()) < 120_000, i.disposed_at);
		const listed = (await staff.get('/api/dispatches')).body.items;
		assert.deepEqual(listed.map((d) => [d.operator.name, d.disposed]).sort(),
			[['中国电信', 0], ['中国移动', 2], ['中国联通', 0]]);
		assert.equal((await lookup(staff, '13500135000')).disposal, 'warned');
	});

	test('a dispatch list exports as CSV (BOM, header, the numbers) and XLSX', async () => {
		const id = dispatchOf['中国移动'].id;
		const res = await fetch(`${base()}/api/dispatches/${id}?format=csv`, { headers: { authorization: `Bearer ${cm.token}` } });
		assert.equal(res.status, 200);
		assert.match(res.headers.get('content-type'), /^text\/csv/);
		assert.match(res.headers.get('content-disposition') ?? '', new RegExp(`attachment; filename="dispatch-${id}\\.csv"`));
		const bytes = Buffer.from(await res.arrayBuffer());
		assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
		const rows = parseCsv(bytes.toString('utf8')).filter((r) => r.some((f) => f !== ''));
		const header = rows.findIndex((r) => r[0] === '号码');
		assert.ok(header >= 0, `a header row: ${JSON.stringify(rows.slice(0, 3))}`);
		assert.deepEqual(rows[header], ['号码', '有效举报次数', '最近举报时间', '处置结果', '处置时间', '说明', '处置期限']);
		const data = rows.slice(header + 1);
		assert.deepEqual(data.map((r) => [r[0], r[1], r[3], r[5], r[6]]),
			[['13500135000', '1', '警告', '', dispatchOf['中国移动'].due], ['13800138000', '4', '关停', '已关停，涉嫌诈骗', dispatchOf['中国移动'].due]]);

		const x = await fetch(`${base()}/api/dispatches/${id}?format=xlsx`, { headers: { authorization: `Bearer ${staff.token}` } });
		assert.equal(x.status, 200);
		assert.match(x.headers.get('content-type'), /spreadsheetml\.sheet/);
		const xlsx = Buffer.from(await x.arrayBuffer());
		assert.equal(xlsx.subarray(0, 2).toString('latin1'), 'PK');
		if (spawnSync('which', ['unzip']).status === 0) {
			const file = writeFile(dir, 'dispatch.xlsx', xlsx);
			const u = spawnSync('unzip', ['-p', file], { encoding: 'utf8' });
			assert.equal(u.status, 0, u.stderr);
			assert.match(u.stdout, /13800138000/);
			assert.match(u.stdout, /13500135000/);
			assert.match(u.stdout, /关停/);
		}
		assertProblem(await cm.get(`/api/dispatches/${id}?format=pdf`), 400, 'invalid_parameter');
	});

	test('statistics per kind and per series with 环比 and 同比 against the imported history', async () => {
		const s = await stats(reg, label(CUR));
		assert.equal(s.period, label(CUR));
		const k = byKind(s), sr = bySeries(s);
		const change = (x) => [x.count, x.previous, x.year_before, x.qoq.percent, x.yoy.percent];
		// filed this quarter (valid): harassment 13800138000, 13300133000 ×2, 13800138001
		// (13600136000 invalid); spam 13800138000, 106900001234 ×2; fraud_call 13800138000,
		// 13500135000; fraud_sms 13800138000, 13700137000; bad_app 3. Plus the history.
		assert.deepEqual(change(k.harassment_call), [4 + 8, 10, 20, 20.0, -40.0]);
		assert.deepEqual(change(k.spam_sms), [3, 4, 0, -25.0, null]);
		assert.deepEqual(change(k.fraud_call), [2 + 2, 3, 6, 33.3, -33.3]);
		assert.deepEqual(change(k.fraud_sms), [2, 1, 0, 100.0, null]);
		assert.deepEqual(change(k.bad_app), [3, 2, 3, 50.0, 0.0]);
		assert.deepEqual(change(sr.fraud), [6, 4, 6, 50.0, 0.0]);
		assert.deepEqual(change(sr.harassment_call), change(k.harassment_call));
		assert.deepEqual(change(sr.spam_sms), change(k.spam_sms));
		assert.deepEqual(change(sr.bad_app), change(k.bad_app));
		assert.equal(k.harassment_call.qoq.text, '环比上升20.0%');
		assert.equal(k.harassment_call.yoy.text, '同比下降40.0%');
		assert.equal(k.spam_sms.yoy.text, '同比—');
		assert.equal(sr.fraud.yoy.text, '同比持平');
		assert.equal(sr.fraud.label, '诈骗电话及短信');
		assert.deepEqual(s.series.map((x) => x.series).sort(), ['bad_app', 'fraud', 'harassment_call', 'spam_sms']);
		// the previous quarter as a period of its own
		const p = byKind(await stats(staff, label(PREV)));
		assert.deepEqual([p.harassment_call.count, p.spam_sms.count, p.fraud_call.count, p.fraud_sms.count, p.bad_app.count],
			[10, 4, 3, 1, 2]);
		assertProblem(await reg.get('/api/reports/stats?period=2020Q5'), 400, 'invalid_parameter');
		assertProblem(await reg.get('/api/reports/stats'), 400, 'missing_parameter');
	});

	test('a bad history CSV names each bad line and imports nothing', async () => {
		const before = await stats(reg, label(PREV));
		const at = bjText(inQuarter(PREV, 20, 9));
		const file = writeFile(dir, 'bad.csv', [
			'reported_at,kind,target,description',
			`${at},harassment_call,13800138000,好的一行`,
			`${at},robocall,13800138000,类型不对`,
			`${at},spam_sms,1380013,号码不对`,
			`${at},bad_app,not_a_package,包名不对`,
			`${bjText(NOW + 2 * DAY)},spam_sms,13800138000,时间晚于现在`,
		].join('\n') + '\n');
		const r = run(['import', 'reports', file, '--db', db]);
		assert.notEqual(r.status, 0, show(r));
		for (const line of [3, 4, 5, 6]) assert.match(r.stderr, new RegExp(`bad\\.csv:${line}:`), show(r));
		assert.doesNotMatch(r.stderr, /bad\.csv:2:/, show(r));
		assert.match(r.stderr, /bad\.csv:3: column 2\b.*robocall/);
		assert.match(r.stderr, /bad\.csv:4: column 3\b.*1380013/);
		assert.match(r.stderr, /nothing was imported/);
		assert.deepEqual(await stats(reg, label(PREV)), before, 'nothing imported');
		// a missing column is refused at the header
		const noTarget = run(['import', 'reports', writeFile(dir, 'nohead.csv', 'reported_at,kind\n2020-01-01,spam_sms\n'), '--db', db]);
		assert.notEqual(noTarget.status, 0, show(noTarget));
		assert.match(noTarget.stderr, /target/);
	});

	test('apps: reports gather per package; notify → name (after the deadline only) → remove', async () => {
		const apps = (await staff.get('/api/apps')).body.items;
		assert.deepEqual(apps.map((a) => [a.package, a.reports, a.state]),
			[['com.history.app', 5, 'reported'], ['com.bad.loan', 2, 'reported'], ['com.bad.game', 1, 'reported']]);
		const loan = apps[1];
		assert.deepEqual(loan.actions.map((x) => [x.action, x.needs_deadline]), [['notify', true]],
			'a reported app offers notify only');
		assert.equal(loan.actions[0].label, '通知整改');
		assert.equal(loan.name, '极速贷');
		assert.equal(loan.store, '某应用市场');
		assert.equal(Date.parse(loan.first_report_at), Date.parse(filed.loan1.reported_at));
		assert.equal(Date.parse(loan.last_report_at), Date.parse(filed.loan2.reported_at));
		assert.equal(apps[0].name, 'com.history.app', 'an imported app is named by its package');
		assert.deepEqual((await reg.get('/api/apps')).body.items.map((a) => a.package), apps.map((a) => a.package));
		const act = (pkg, body) => staff.post(`/api/apps/${pkg}/actions`, body);
		const v0 = loan.version;

		assertProblem(await act('com.bad.loan', { action: 'notify', version: v0 }), 400, 'invalid_fields');
		assertProblem(await act('com.bad.loan', { action: 'notify', deadline: addDays(TODAY, 7) }), 400, 'invalid_fields');
		assertProblem(await act('com.bad.loan', { action: 'delete', version: v0 }), 400, 'invalid_fields');
		assertProblem(await act('com.bad.loan', { action: 'notify', deadline: TODAY, version: v0 }), 409, 'invalid_transition');
		assertProblem(await act('com.bad.loan', { action: 'name', version: v0 }), 409, 'invalid_transition');
		assertProblem(await act('com.bad.loan', { action: 'remove', version: v0 }), 409, 'invalid_transition');
		assertProblem(await act('com.bad.loan', { action: 'rectify', version: v0 }), 409, 'invalid_transition');
		assertProblem(await act('com.unknown.app', { action: 'remove', version: 0 }), 404, 'not_found');

		const deadline = addDays(TODAY, 7);
		const n = await act('com.bad.loan', { action: 'notify', deadline, version: v0 });
		assert.equal(n.res.status, 200, n.text);
		assert.equal(n.body.state, 'notified');
		assert.equal(n.body.notified_on, TODAY);
		assert.equal(n.body.deadline, deadline);
		assert.equal(n.body.version, v0 + 1);
		assert.equal(n.body.overdue, false);
		assert.deepEqual(n.body.actions.map((x) => x.action), ['rectify', 'remove'], 'naming waits for the deadline');
		const early = assertProblem(await act('com.bad.loan', { action: 'name', version: v0 + 1 }), 409, 'invalid_transition');
		assert.match(early.detail, /期限/);
		assertProblem(await act('com.bad.loan', { action: 'remove', version: v0 }), 409, 'version_conflict');
		const rm = await act('com.bad.loan', { action: 'remove', version: v0 + 1 });
		assert.equal(rm.res.status, 200, rm.text);
		assert.equal(rm.body.state, 'removed');
		assert.equal(rm.body.removed_on, TODAY);
		assert.equal(rm.body.version, v0 + 2);
		assertProblem(await act('com.bad.loan', { action: 'notify', deadline, version: v0 + 2 }), 409, 'invalid_transition');
		assert.deepEqual((await staff.get('/api/apps?state=removed')).body.items.map((a) => a.package), ['com.bad.loan']);
		assertProblem(await staff.get('/api/apps?state=gone'), 400, 'invalid_parameter');

		// the game: notified with a deadline of tomorrow (named by the later server)
		const game = apps[2];
		const g = await act('com.bad.game', { action: 'notify', deadline: addDays(TODAY, 1), version: game.version });
		assert.equal(g.res.status, 200, g.text);
		const s = await stats(reg, label(CUR));
		assert.deepEqual(s.apps, { notified: 2, named: 0, removed: 1 });
		assert.deepEqual((await stats(reg, label(PREV))).apps, { notified: 0, named: 0, removed: 0 });
	});

	test('after a restart the index is rebuilt from the store; an app is named once its deadline has passed', async () => {
		// 13500135000 (on 中国移动's list) is ported to 中国联通 after it was dispatched
		runOk(['import', 'ported', writeFile(dir, 'ported2.csv', `number,operator,since\n13500135000,中国联通,${TODAY}\n`), '--db', db]);
		const pinned = addDays(TODAY, 2);
		later = await startServer({ db, env: { ...QUIET_ENV, SHENSU_TODAY: pinned, SHENSU_DISPATCH_HOUR: '-1' } });
		[staff2, cm2, cu2] = await Promise.all(['centre', 'cm', 'cu'].map(async (n) => staffClient(later.url, (await login(later.url, n)).token)));

		const a = await lookup(staff, '13800138000');
		const b = await lookup(staff2, '13800138000');
		for (const f of ['reports', 'total_reports', 'first_report_at', 'last_report_at', 'operator', 'dispatched', 'disposal'])
			assert.deepEqual(b[f], a[f], f);
		assert.equal(b.disposal, 'shut_down');
		const gz = await lookup(staff2, '02087654321');
		assert.equal(gz.total_reports, 36);
		assert.equal(Date.parse(gz.first_report_at), Math.min(...history.filter((r) => r.target === '020-8765-4321').map((r) => r.at)));
		assert.equal((await lookup(staff2, '13600136000')).total_reports, 0, 'the invalid report stays out');
		assert.equal((await lookup(staff2, '13800138001')).operator.name, '中国电信');
		assert.equal((await lookup(cm2, '13800138000')).disposal, 'shut_down');

		// the game's deadline (tomorrow) has passed on the later server
		const game = (await staff2.get('/api/apps')).body.items.find((x) => x.package === 'com.bad.game');
		assert.equal(game.state, 'notified');
		assert.equal(game.overdue, true);
		assert.ok(game.actions.some((x) => x.action === 'name'), 'naming offered once the deadline has passed');
		const named = await staff2.post('/api/apps/com.bad.game/actions', { action: 'name', version: game.version });
		assert.equal(named.res.status, 200, named.text);
		assert.equal(named.body.state, 'named');
		assert.equal(named.body.named_on, pinned);
		const pinnedQuarter = label(quarterOf(Date.parse(`${pinned}T12:00:00+08:00`)));
		assert.equal((await stats(reg, pinnedQuarter)).apps.named, 1);
		// lists due yesterday: overdue unless every number was disposed of
		const lists = (await staff2.get('/api/dispatches')).body.items;
		assert.deepEqual(lists.map((d) => [d.operator.name, d.overdue]).sort(),
			[['中国电信', true], ['中国移动', false], ['中国联通', true]]);
		assert.ok((await staff.get('/api/dispatches')).body.items.every((d) => d.overdue === false), 'not overdue today');

		// nothing new to dispatch
		const again = await staff2.post('/api/dispatches', { due: addDays(pinned, 14) });
		assert.equal(again.res.status, 201, again.text);
		assert.deepEqual(again.body.dispatches.map((d) => [d.operator.name, d.numbers]), [['中国移动', 1]], '13700137000, reported after the first lists');
	});

	test('after a restart a number\'s dispatched_at is still when it was dispatched', async () => {
		assert.ok(staff2, 'the later server is running');
		// 13900139000 was first reported last quarter (imported history) and dispatched today
		for (const [number, op] of [['13900139000', '中国联通'], ['13800138000', '中国移动']]) {
			const n = await lookup(staff2, number);
			assert.equal(n.dispatched, true, number);
			assert.equal(n.dispatched_at, dispatchOf[op].created_at,
				`${number}: dispatched_at ${n.dispatched_at}, first report ${n.first_report_at}`);
		}
	});

	test('a number ported after it was dispatched stays visible to the operator it was dispatched to, and only to it', async () => {
		assert.ok(cm2, 'the later server is running');
		// 13500135000 is on 中国移动's list (disposed of as warned), ported to 中国联通 since
		const v = await dispatchView(cm2, dispatchOf['中国移动'].id);
		assert.ok(v.items.some((i) => i.number === '13500135000'));
		const r = await cm2.get('/api/numbers/13500135000');
		const other = await cu2.get('/api/numbers/13500135000');
		assert.deepEqual([r.res.status, other.res.status], [200, 404],
			`中国移动 (sent it) reads it, 中国联通 (never sent it) does not: ${r.text} / ${other.text}`);
		assert.equal(r.body.disposal, 'warned');
		assertProblem(other, 404, 'not_found');
	});
});

describe('the daily dispatch run', () => {
	test('in its Beijing hour the server makes the lists by itself, once', async () => {
		const db = initDb();
		addUser(db, 'centre', 'report_staff');
		const beijingHour = () => (new Date().getUTCHours() + 8) % 24;
		let hour = beijingHour();
		const srv = await startServer({ db, env: { ...QUIET_ENV, SHENSU_DISPATCH_HOUR: String(hour) } });
		try {
			const staff = staffClient(srv.url, (await login(srv.url, 'centre')).token);
			// Nothing reported yet: the first run (at start) makes no list.
			const first = await sendJson(`${srv.url}/api/reports`, 'POST',
				{ kind: 'harassment_call', number: '13800138000' });
			assert.equal(first.res.status, 201, first.text);
			const lists = await staff.get('/api/dispatches');
			if (beijingHour() !== hour) return; // the hour turned meanwhile: nothing to check
			// The report came after the day's run: it waits for tomorrow's (or a manual) run.
			assert.deepEqual(lists.body.items, [], 'the run at start found nothing to send');
			const manual = await staff.post('/api/dispatches', {});
			assert.equal(manual.res.status, 201, manual.text);
			assert.equal(manual.body.dispatches[0].numbers, 1);
		} finally {
			await srv.stop();
		}
		// A database with reports waiting: a server started in the hour sends them.
		const db2 = initDb();
		addUser(db2, 'centre', 'report_staff');
		writeFile(path.dirname(db2), 'r.csv', 'reported_at,kind,target,description\n' +
			'2026-01-05 10:00,harassment_call,13800138000,\n2026-01-05 11:00,spam_sms,13300133000,\n');
		runOk(['import', 'reports', path.join(path.dirname(db2), 'r.csv'), '--db', db2]);
		hour = beijingHour();
		const srv2 = await startServer({ db: db2, env: { ...QUIET_ENV, SHENSU_DISPATCH_HOUR: String(hour) } });
		try {
			const staff = staffClient(srv2.url, (await login(srv2.url, 'centre')).token);
			let items = [];
			for (const end = Date.now() + 10_000; items.length < 2 && Date.now() < end;) {
				items = (await staff.get('/api/dispatches')).body.items;
				if (items.length < 2) await new Promise((r) => setTimeout(r, 100));
			}
			assert.deepEqual(items.map((d) => d.operator.name).sort(), ['中国电信', '中国移动']);
			const n = await staff.get('/api/numbers/13800138000');
			assert.equal(n.body.dispatched, true);
		} finally {
			await srv2.stop();
		}
	});
});
