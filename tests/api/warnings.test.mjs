// Early warning (热点预警) over HTTP and on the command line, on imported history
// with "today" pinned to Thursday 2025-06-19 (the warnings of Wednesday
// 2025-06-18 by default). Nine weeks of complaints and 12321 reports, with:
//   A  中国移动's 5G complaints in 广东 jump from 3 a working day to 15 on the
//      last three days, their descriptions now about a slowed 5G package;
//   B  中国电信's broadband-speed complaints in 北京, steady: never a warning;
//   C  中国联通's package complaints triple in six provinces at once: one
//      national warning, not six;
//   R  fraud SMS reports against 中国移动 numbers jump from 3 a day to 25.
// Checked: who sees what (regulator all, an agency its province's series with
// its part of a national rise, no report series; other roles refused), the
// chart's history and band, keywords, the case-list filters listing exactly
// the cases counted, decisions (acknowledge, dismiss only with a reason, out of
// scope, unknown), the CLI, and bad input.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
	addUser, assertProblem, initDb, login, QUIET_ENV, run, runOk, sql, staffClient, startServer,
	tempDir, writeFile,
} from './lib/shensu.mjs';

const TODAY = '2025-06-19';
const DATE = '2025-06-18';
const FIRST = '2025-04-14';
const SURGE_FROM = '2025-06-16';
const ENV = { ...QUIET_ENV, SHENSU_TODAY: TODAY };

const DAY = 86_400_000;
const addDays = (day, n) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
/* Days off in these weeks (the 2025 schedule): weekends, 劳动节 05-01..05-05 and
 * 端午 05-31..06-02; 04-27 is a Sunday declared a working day. */
const OFF = new Set(['2025-05-01', '2025-05-02', '2025-05-03', '2025-05-04', '2025-05-05', '2025-05-31', '2025-06-01', '2025-06-02']);
const working = (day) => {
	if (day === '2025-04-27') return true;
	if (OFF.has(day)) return false;
	const wd = new Date(`${day}T00:00:00Z`).getUTCDay();
	return wd >= 1 && wd <= 5;
};

const C_PROVINCES = ['44', '11', '31', '32', '33', '37'];

function complaintsCsv() {
	const rows = ['received_at,province,enterprise,category,subtopic,status,description'];
	const add = (day, n, province, enterprise, category, subtopic, text) => {
		for (let i = 0; i < n; i++) {
			const t = `${day}T${String(9 + (i % 10)).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}:00`;
			rows.push(`${t},${province},${enterprise},${category},${subtopic},已办结,${text(i)}`);
		}
	};
	for (let day = FIRST; day <= DATE; day = addDays(day, 1)) {
		const w = working(day), surge = day >= SURGE_FROM;
		add(day, surge ? 15 : w ? 3 : 1, '44', '中国移动', '服务争议', '5G服务', (i) => (surge
			? ['办理5G套餐后网速被降速，要求恢复', '5G套餐无故降速，要求退费', '5G套餐降速严重，客服不处理，要求恢复'][i % 3]
			: ['5G信号覆盖差，要求处理', '营业厅承诺的优惠未兑现，要求处理', '客服热线无人接听，要求答复'][i % 3]));
		add(day, w ? 5 : 3, '11', '中国电信', '网络质量与信息安全', '宽带网速', () => '宽带网速慢，要求处理');
		for (const p of C_PROVINCES)
			add(day, (w ? 4 : 2) * (surge ? 3 : 1), p, '中国联通', '营销、收费、资费争议', '套餐资费与捆绑', () => '套餐资费不清楚，要求解释');
	}
	return `${rows.join('\n')}\n`;
}

function reportsCsv() {
	const rows = ['reported_at,kind,target,description'];
	let k = 0;
	for (let day = FIRST; day <= DATE; day = addDays(day, 1))
		for (let i = 0; i < (day >= SURGE_FROM ? 25 : 3); i++)
			rows.push(`${day}T10:${String(i % 60).padStart(2, '0')}:00,fraud_sms,1390013${String(k++ % 10000).padStart(4, '0')},中奖短信`);
	return `${rows.join('\n')}\n`;
}

describe('early warnings', { timeout: 300_000 }, () => {
	let server, db, reg, gd, bj, national;

	before(async () => {
		const dir = tempDir();
		db = initDb(dir);
		runOk(['import', 'complaints', writeFile(dir, 'c.csv', complaintsCsv()), '--db', db], { env: ENV });
		runOk(['import', 'reports', writeFile(dir, 'r.csv', reportsCsv()), '--db', db], { env: ENV });
		addUser(db, 'reg', 'regulator');
		addUser(db, 'gd', 'agency_staff', { province: '44' });
		addUser(db, 'bj', 'agency_staff', { province: '11' });
		addUser(db, 'nat', 'agency_staff', { province: '00' });
		addUser(db, 'cm', 'enterprise_staff', { enterprise: '中国移动' });
		addUser(db, 'adm', 'admin');
		server = await startServer({ db, env: ENV });
		const client = async (name) => staffClient(server.url, (await login(server.url, name)).token);
		[reg, gd, bj, national] = await Promise.all(['reg', 'gd', 'bj', 'nat'].map(client));
	});
	after(async () => {
		await server?.stop();
	});

	const titles = (body) => body.items.map((i) => i.title);

	test('the regulator sees each surge once, most surprising first', async () => {
		const r = await reg.get('/api/warnings');
		assert.equal(r.res.status, 200, r.text);
		const w = r.body;
		assert.equal(w.date, DATE, 'yesterday by default');
		assert.equal(w.latest_complete_day, DATE);
		// A, B: leaf, national sub-topic, class (3 each); C: 6 leaves + 2; R: operator, kind
		assert.equal(w.series, 16);
		assert.equal(w.tested, 16);
		assert.deepEqual(titles(w).sort(), ['中国联通 · 全国 · 套餐资费与捆绑', '中国移动 · 广东 · 5G服务', '诈骗短信 · 中国移动'].sort());
		for (let i = 1; i < w.items.length; i++)
			assert.ok(w.items[i - 1].surprise >= w.items[i].surprise, 'ranked by surprise');
		const a = w.items.find((i) => i.title === '中国移动 · 广东 · 5G服务');
		assert.equal(a.series.startsWith('complaint.44.'), true, a.series);
		assert.equal(a.level, 'province_subtopic');
		assert.equal(a.status, 'reported');
		assert.equal(a.window.to, DATE);
		assert.ok(a.window.days >= 1 && a.window.days <= 3);
		assert.equal(a.observed, 15 * a.window.days);
		assert.ok(a.expected > 1 && a.expected < 3 * a.window.days, `expected ${a.expected}`);
		assert.ok(a.surprise > 5);
		const words = a.keywords.map((k) => k.text);
		assert.ok(words.includes('降速') && words.includes('套餐'), `keywords ${words}`);
		assert.ok(!words.includes('要求'), 'a word as common before is no keyword');
		// the chart: 59 days of counts with the model's expectation and band
		assert.equal(a.history.length, 59);
		assert.equal(a.history.at(-1).date, DATE);
		assert.equal(a.history.at(-1).count, 15);
		for (const d of a.history) assert.ok(d.low <= d.expected && d.expected <= d.high, JSON.stringify(d));
		const sat = a.history.find((d) => d.date === '2025-06-07'), wed = a.history.find((d) => d.date === '2025-06-04');
		const holiday = a.history.find((d) => d.date === '2025-05-01'), workSun = a.history.find((d) => d.date === '2025-04-27');
		assert.ok(sat.expected < wed.expected / 2, 'a Saturday expects less than a Wednesday');
		assert.ok(holiday.expected < wed.expected / 2, 'a holiday expects like a Sunday');
		assert.ok(workSun.expected > sat.expected * 2, 'a working Sunday expects like a weekday');
		assert.deepEqual(a.baseline, { from: '2025-04-21', to: '2025-06-15' });
		assert.equal(a.decision, null);
		// C: one national warning, with the provinces adding most
		const c = w.items.find((i) => i.title.startsWith('中国联通'));
		assert.equal(c.level, 'operator_subtopic');
		assert.equal(c.contributors.length, 3);
		assert.ok(c.contributors.every((x) => C_PROVINCES.some((p) => x.series.startsWith(`complaint.${p}.`))));
		assert.equal(c.cases.province, undefined, 'a national series lists every province');
		// R: a 12321 series, no case list
		const rep = w.items.find((i) => i.source === 'fraud_sms');
		assert.equal(rep.cases, null);
		assert.equal(rep.observed, 25 * rep.window.days);
	});

	test('the cases behind a warning are exactly those it counted', async () => {
		const w = (await reg.get(`/api/warnings?date=${DATE}`)).body;
		for (const item of w.items.filter((i) => i.cases)) {
			const q = new URLSearchParams({ ...item.cases, limit: 1000 });
			const r = await reg.get(`/api/cases?${q}`);
			assert.equal(r.res.status, 200, r.text);
			assert.equal(r.body.items.length, item.observed, `${item.title}: ${q}`);
		}
		const a = w.items.find((i) => i.title === '中国移动 · 广东 · 5G服务');
		assert.deepEqual(a.cases, { enterprise: '中国移动', category: '服务争议', subtopic: '5G服务', province: '44', received_from: a.window.from, received_to: DATE });
	});

	test('an agency sees its province: its own surge and its part of a national one', async () => {
		const g = (await gd.get('/api/warnings')).body;
		assert.equal(g.province, '44');
		assert.deepEqual(titles(g).sort(), ['中国移动 · 广东 · 5G服务', '中国联通 · 广东 · 套餐资费与捆绑'].sort());
		const part = g.items.find((i) => i.title.startsWith('中国联通'));
		assert.equal(part.status, 'part_of');
		assert.equal(part.part_of.title, '中国联通 · 全国 · 套餐资费与捆绑');
		const b = (await bj.get('/api/warnings')).body;
		assert.deepEqual(titles(b), ['中国联通 · 北京 · 套餐资费与捆绑'], 'B is steady; no report series for agencies');
		const n = (await national.get('/api/warnings')).body;
		assert.equal(n.province, null);
		assert.deepEqual(titles(n).sort(), ['中国联通 · 全国 · 套餐资费与捆绑', '中国移动 · 广东 · 5G服务'].sort());
		for (const who of ['cm', 'adm']) {
			const c = staffClient(server.url, (await login(server.url, who)).token);
			assertProblem(await c.get('/api/warnings'), 403, 'role_not_allowed');
		}
	});

	test('other days, and days that cannot be asked for', async () => {
		const quiet = (await reg.get('/api/warnings?date=2025-06-10')).body;
		assert.deepEqual(quiet.items, [], 'before the surges');
		const early = (await reg.get('/api/warnings?date=2025-04-20')).body;
		assert.equal(early.tested, 0, 'no history yet: nothing is judged');
		assertProblem(await reg.get('/api/warnings?date=2025-06-31'), 400, 'invalid_date');
		assertProblem(await reg.get('/api/warnings?date=yesterday'), 400, 'invalid_date');
		assertProblem(await reg.get('/api/warnings?date=2025-06-20'), 400, 'invalid_date');
		const today = await reg.get(`/api/warnings?date=${TODAY}`);
		assert.equal(today.res.status, 200, 'today itself may be looked at');
	});

	test('acknowledge, or dismiss with a reason; kept with the figures', async () => {
		const w = (await reg.get('/api/warnings')).body;
		const a = w.items.find((i) => i.title === '中国移动 · 广东 · 5G服务');
		const path = `/api/warnings/${DATE}/${encodeURIComponent(a.series)}/decision`;
		assertProblem(await reg.post(path, { decision: 'dismissed' }), 400, 'note_required');
		assertProblem(await reg.post(path, { decision: 'dismissed', note: ' \u3000 ' }), 400, 'note_required');
		assertProblem(await reg.post(path, { decision: 'maybe' }), 400, 'invalid_fields');
		assertProblem(await reg.post(path, { decision: 'acknowledged', note: '长'.repeat(501) }), 400, 'invalid_fields');
		assertProblem(await reg.post(`/api/warnings/${DATE}/complaint.11.1.1.1/decision`, { decision: 'acknowledged' }), 404, 'not_a_warning');
		assertProblem(await reg.post(`/api/warnings/2025-06-10/${encodeURIComponent(a.series)}/decision`, { decision: 'acknowledged' }), 404, 'not_a_warning');
		assertProblem(await bj.post(path, { decision: 'acknowledged' }), 404, 'not_a_warning'); // another province's
		const ok = await reg.post(path, { decision: 'acknowledged', note: '已转广东省通信管理局核查' });
		assert.equal(ok.res.status, 201, ok.text);
		assert.equal(ok.body.decision, 'acknowledged');
		assert.equal(ok.body.by, 'reg');
		assert.equal(ok.body.observed, a.observed);
		assert.equal(ok.body.window_days, a.window.days);
		assert.equal(ok.body.expected, a.expected);
		const changed = await gd.post(path, { decision: 'dismissed', note: '系统调整引起，已恢复' });
		assert.equal(changed.res.status, 201, changed.text);
		const again = (await reg.get('/api/warnings')).body.items.find((i) => i.series === a.series);
		assert.equal(again.decision.decision, 'dismissed');
		assert.equal(again.decision.label, '已排除');
		assert.equal(again.decision.by, 'gd');
		assert.equal(again.decision.note, '系统调整引起，已恢复');
		// both are kept for measuring precision later, with the warning's figures
		assert.equal(sql(db, `SELECT count(*) FROM warning_decision WHERE series = '${a.series}' AND day = '${DATE}'`), '2');
		assert.equal(sql(db, `SELECT observed FROM warning_decision WHERE decision = 'acknowledged'`), String(a.observed));
	});

	test('shensu warnings prints the day\'s list and its timing', async () => {
		const r = runOk(['warnings', '--db', db], { env: ENV });
		assert.match(r.stdout, /^warnings for 2025-06-18: 3 of \d+ series \(\d+ could be judged\); detection [\d.]+ ms, keywords [\d.]+ ms$/m);
		assert.match(r.stdout, /中国移动 · 广东 · 5G服务: \d+ in \d days?, [\d.]+ expected, surprise [\d.]+; keywords: .*降速/);
		const g = runOk(['warnings', '--province', '广东', '--no-keywords', '--db', db], { env: ENV });
		assert.match(g.stdout, /中国联通 · 广东 · 套餐资费与捆绑: .*\(part of a wider rise\)/);
		assert.doesNotMatch(g.stdout, /keywords:/);
		assert.equal(run(['warnings', '--date', '2025/06/18', '--db', db], { env: ENV }).status, 2);
		assert.equal(run(['warnings', '--province', '火星', '--db', db], { env: ENV }).status, 2);
	});
});
