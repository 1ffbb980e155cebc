// Personal data and untrusted text on the way out and on the way in:
// - operators and the regulator get a case's free text with ID, phone,
//   bank-card numbers and e-mail addresses masked, in the detail, the list and
//   cases.csv, and never an internal note; agency staff get everything;
// - every CSV export neutralises cells a spreadsheet would run as formulas;
// - blank-only required fields are refused, naming the field, and an error is
//   never lost because its message was cut inside a character;
// - the complaint import refuses rows from the future (FILE:LINE) and reads
//   files with CR-only line ends.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
	addUser, assertProblem, complaintForm, fileComplaint, initDb, login, parseCsv, QUIET_ENV,
	request, run, sendJson, show, sql, staffClient, startServer, tempDir, writeFile,
} from './lib/shensu.mjs';

const HOUR = 3600_000;
const bjDay = (ms) => new Date(ms + 8 * HOUR).toISOString().slice(0, 10);
const TOMORROW = bjDay(Date.now() + 24 * HOUR);

/* What the complainant wrote, and what must never reach an operator. */
const ID = '440306199003071232';
const SECRETS = [ID, '13800138000', '138 0013 8000', '13900139000', 'zhangsan@163.com',
	'6222021234567890128', '内部：用户情绪激动'];
const DESCRIPTION = `本人身份证${ID}，手机138 0013 8000，邮箱zhangsan@163.com。` +
	'2024年3月5日起套餐费用由128元涨到158元，请退到6222021234567890128。';
const MASKED = '本人身份证4403**********1232，手机138****8000，邮箱z***@163.com。' +
	'2024年3月5日起套餐费用由128元涨到158元，请退到6222***********0128。';
const FORMULAS = ['=HYPERLINK("http://evil.example/","点击查看")', '+1+cmd|calc', '-2+3 多收费', '@SUM(1,2)'];

/** A CSV download's rows (BOM checked), without blank ones. */
async function csvRows(url, token) {
	const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
	const bytes = Buffer.from(await res.arrayBuffer());
	assert.equal(res.status, 200, bytes.toString('utf8'));
	assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
	return parseCsv(bytes.toString('utf8')).filter((r) => r.some((f) => f !== ''));
}

/** No cell would run as a formula in a spreadsheet. */
function assertNoFormula(rows, what) {
	for (const row of rows)
		for (const cell of row)
			assert.ok(!/^[=+\-@\t\r]/.test(cell), `${what}: a formula cell ${JSON.stringify(cell)}`);
}

describe('personal data, internal notes and exports', () => {
	let db, srv, agent, cm, reg, centre;
	let pii, formulaCases;

	before(async () => {
		db = initDb();
		addUser(db, 'gd', 'agency_staff', { province: '44' });
		addUser(db, 'cm', 'enterprise_staff', { enterprise: '中国移动' });
		addUser(db, 'reg', 'regulator');
		addUser(db, 'centre', 'report_staff');
		srv = await startServer({ db, env: { ...QUIET_ENV, SHENSU_DISPATCH_HOUR: '-1' } });
		const client = async (name) => staffClient(srv.url, (await login(srv.url, name)).token);
		[agent, cm, reg, centre] = await Promise.all(['gd', 'cm', 'reg', 'centre'].map(client));

		pii = await fileComplaint(srv.url, { description: DESCRIPTION, demand: '退款，联系13800138000' },
			{ era: 2022 });
		await agent.actOk(pii.no, 'accept', { comment: '内部：用户情绪激动，另一号码13900139000', internal: true });
		await agent.actOk(pii.no, 'forward', { comment: '请联系用户138-0013-8000核实' });
		formulaCases = [];
		for (const d of FORMULAS) {
			const c = await fileComplaint(srv.url, { description: d }, { era: 2022 });
			await agent.actOk(c.no, 'accept');
			await agent.actOk(c.no, 'forward');
			formulaCases.push(c);
		}
	});
	after(async () => {
		await srv?.stop();
	});

	for (const who of ['cm', 'reg']) {
		test(`${who}: the case comes back masked, without internal notes`, async () => {
			const c = who === 'cm' ? cm : reg;
			const r = await c.get(`/api/cases/${pii.no}`);
			assert.equal(r.res.status, 200, r.text);
			for (const s of SECRETS) assert.ok(!r.text.includes(s), `${who} must not see ${s}: ${r.text}`);
			const v = r.body;
			assert.equal(v.description, MASKED);
			assert.equal(v.demand, '退款，联系138****8000');
			assert.equal(v.phone, '138****8000');
			for (const k of ['name', 'address', 'postcode']) assert.equal(v[k], undefined, k);
			const accept = v.timeline.find((e) => e.action === 'accept');
			assert.ok(accept, 'the internal event stays in the history');
			assert.equal(accept.internal, true);
			assert.equal(accept.comment, undefined, 'its comment does not');
			assert.equal(v.timeline.find((e) => e.action === 'forward').comment, '请联系用户138****8000核实');
		});

		test(`${who}: the list and cases.csv are masked the same way`, async () => {
			const c = who === 'cm' ? cm : reg;
			const list = await c.get('/api/cases?limit=100');
			assert.equal(list.res.status, 200, list.text);
			assert.ok(list.body.items.some((i) => i.case_no === pii.no));
			for (const s of SECRETS) assert.ok(!list.text.includes(s), `list shows ${s}`);
			const rows = await csvRows(`${srv.url}/api/cases.csv`, c.token);
			assert.equal(rows[0][7], 'description');
			const text = JSON.stringify(rows);
			for (const s of SECRETS) assert.ok(!text.includes(s), `cases.csv shows ${s}`);
			assert.ok(rows.some((r) => r[7] === MASKED), `the masked description: ${text}`);
			assertNoFormula(rows, `cases.csv as ${who}`);
		});
	}

	test('agency staff see the description, the demand and the internal note as written', async () => {
		const v = await agent.view(pii.no);
		assert.equal(v.description, DESCRIPTION);
		assert.equal(v.demand, '退款，联系13800138000');
		assert.equal(v.phone, '13800138000');
		assert.equal(v.timeline.find((e) => e.action === 'accept').comment, '内部：用户情绪激动，另一号码13900139000');
		const rows = await csvRows(`${srv.url}/api/cases.csv`, agent.token);
		assert.ok(rows.some((r) => r[7] === DESCRIPTION));
	});

	test('cases.csv: a description that starts like a formula gets an apostrophe, for every role', async () => {
		for (const c of [agent, cm, reg]) {
			const rows = await csvRows(`${srv.url}/api/cases.csv`, c.token);
			assertNoFormula(rows, 'cases.csv');
			for (const d of FORMULAS)
				assert.ok(rows.some((r) => r[7] === `'${d}`), `'${d} in ${JSON.stringify(rows.map((r) => r[7]))}`);
		}
	});

	test('the dispatch CSV: an operator\'s note that starts like a formula gets an apostrophe', async () => {
		const rep = await sendJson(`${srv.url}/api/reports`, 'POST', { kind: 'harassment_call', number: '13500135000' });
		assert.equal(rep.res.status, 201, rep.text);
		const made = await centre.post('/api/dispatches', { due: TOMORROW });
		assert.equal(made.res.status, 201, made.text);
		const id = made.body.dispatches.find((d) => d.operator.name === '中国移动').id;
		const d = await cm.post(`/api/dispatches/${id}/disposals`,
			{ items: [{ number: '13500135000', disposal: 'warned', note: '=cmd|\' /C calc\'!A0' }] });
		assert.equal(d.res.status, 200, d.text);
		for (const c of [cm, centre]) {
			const rows = await csvRows(`${srv.url}/api/dispatches/${id}?format=csv`, c.token);
			const row = rows.find((r) => r[0] === '13500135000');
			assert.ok(row, JSON.stringify(rows));
			assert.equal(row[5], '\'=cmd|\' /C calc\'!A0');
			assert.equal(row[1], '1', 'numbers stay numbers');
			assertNoFormula(rows, 'dispatch CSV');
		}
	});
});

describe('input: blank fields, whole messages', () => {
	let db, srv, agent, cm;

	before(async () => {
		db = initDb();
		addUser(db, 'gd', 'agency_staff', { province: '44' });
		addUser(db, 'cm', 'enterprise_staff', { enterprise: '中国移动' });
		srv = await startServer({ db, env: { ...QUIET_ENV, SHENSU_TODAY: '2020-09-29' } });
		agent = staffClient(srv.url, (await login(srv.url, 'gd')).token);
		cm = staffClient(srv.url, (await login(srv.url, 'cm')).token);
	});
	after(async () => {
		await srv?.stop();
	});

	const post = (path, body) => sendJson(`${srv.url}${path}`, 'POST', body);
	const fields = (p) => p.errors.map((e) => e.field).sort();

	test('a complaint whose required fields are only blanks is refused, naming each field', async () => {
		const p = assertProblem(await post('/api/complaints', complaintForm({
			name: ' ', address: '\u3000\u3000', demand: '\u00a0\u200b', description: '\t\r\n \u2003',
		})), 400, 'invalid_fields');
		assert.deepEqual(fields(p), ['address', 'demand', 'description', 'name']);
		for (const e of p.errors) assert.match(e.message, /^请填写/);
		// blank optional fields are simply absent
		const ok = await post('/api/complaints', complaintForm({ city: '\u3000', postcode: ' ', subtopic: '\u00a0' }));
		assert.equal(ok.res.status, 201, ok.text);
	});

	test('a report whose required fields are only blanks is refused, naming each field', async () => {
		let p = assertProblem(await post('/api/reports',
			{ kind: 'bad_app', app_name: '\u3000', app_package: '  ' }), 400, 'invalid_fields');
		assert.deepEqual(fields(p), ['app_name', 'app_package']);
		p = assertProblem(await post('/api/reports', { kind: 'spam_sms', number: '\u3000' }), 400, 'invalid_fields');
		assert.deepEqual(fields(p), ['number']);
		p = assertProblem(await post('/api/reports', { kind: ' ', number: '13800138000' }), 400, 'invalid_fields');
		assert.deepEqual(fields(p), ['kind']);
	});

	test('a comment of Unicode blanks is no comment where one is required', async () => {
		const c = await fileComplaint(srv.url);
		await agent.actOk(c.no, 'accept');
		await agent.actOk(c.no, 'forward');
		for (const comment of ['\u3000', '\u00a0\u2003', '\u200b\ufeff', ' \t'])
			assertProblem(await cm.act(c.no, 'reply', { comment }), 400, 'comment_required');
		const v = await cm.actOk(c.no, 'reply', { comment: '已联系用户' });
		assert.equal(v.state, 'replied');
	});

	test('long values are quoted on whole characters: "errors" is never empty', async () => {
		const long = '火星'.repeat(40);
		for (const [field, value] of [['province', long], ['enterprise', `x${long}`], ['category', `xy${long}`]]) {
			const r = await post('/api/complaints', complaintForm({ [field]: value }));
			const p = assertProblem(r, 400, 'invalid_fields');
			assert.deepEqual(fields(p), [field], r.text);
			assert.match(p.errors[0].message, /火星/);
			assert.ok(!p.errors[0].message.includes('\ufffd'), p.errors[0].message);
			assert.ok(p.detail.includes(p.errors[0].message));
		}
		for (const kind of ['骚'.repeat(100), `x${'骚'.repeat(100)}`, `xy${'骚'.repeat(100)}`]) {
			const p = assertProblem(await post('/api/reports', { kind, number: '13800138000' }), 400, 'invalid_fields');
			assert.deepEqual(fields(p), ['kind']);
			assert.match(p.errors[0].message, /骚/);
		}
	});

	test('a detail quoting bytes that are not UTF-8 still has a detail', async () => {
		const p = assertProblem(await agent.get('/api/cases?province=%E7%81%AB%FF'), 400, 'invalid_parameter');
		assert.match(p.detail, /未知的省份/);
	});
});

describe('import: nothing from the future, CR-only line ends', () => {
	const HEADER = 'received_at,province,enterprise,category,subtopic,status,closed_at,description';

	test('closed_at 9999-12-31 is refused with FILE:LINE and nothing is imported', () => {
		const dir = tempDir();
		const db = initDb(dir);
		const file = writeFile(dir, 'future.csv', [HEADER,
			'2020-10-01,44,中国移动,用户服务,,closed,2020-10-15,好的一行',
			'2020-10-01,44,中国移动,用户服务,,closed,9999-12-31,办结时间在未来',
			'2099-01-01,44,中国移动,用户服务,,submitted,,接收时间在未来',
			''].join('\r\n'));
		const r = run(['import', 'complaints', file, '--db', db], { env: { SHENSU_TODAY: '2024-10-04' } });
		assert.notEqual(r.status, 0, show(r));
		assert.ok(r.stderr.includes(`${file}:3: column 7 (closed_at): 办结时间“9999-12-31”晚于现在`), show(r));
		assert.ok(r.stderr.includes(`${file}:4: column 1 (received_at): 接收时间“2099-01-01”晚于现在`), show(r));
		assert.equal(sql(db, 'SELECT count(*) FROM complaint'), '0');
	});

	test('a file with CR-only line ends imports its rows, and a bad one names its line', () => {
		const dir = tempDir();
		const db = initDb(dir);
		const rows = [HEADER,
			'2020-10-01,44,中国移动,用户服务,,closed,2020-10-15,第一行',
			'2020-10-02,11,中国电信,收费争议,,closed,,"第二行\r含换行"',
			'2020-10-03,广东,中国联通,网络质量,,submitted,,第三行'];
		const file = writeFile(dir, 'mac.csv', `${rows.join('\r')}\r`);
		const r = run(['import', 'complaints', file, '--db', db]);
		assert.equal(r.status, 0, show(r));
		assert.match(r.stdout, /imported 3 complaints/);
		assert.equal(sql(db, 'SELECT count(*) FROM complaint'), '3');
		assert.equal(sql(db, "SELECT count(*) FROM complaint WHERE description = '第一行'"), '1');

		const bad = writeFile(dir, 'mac-bad.csv', `${[...rows, '2020-10-04,火星,中国联通,网络质量,,submitted,,'].join('\r')}`);
		const b = run(['import', 'complaints', bad, '--db', initDb(tempDir())]);
		assert.notEqual(b.status, 0, show(b));
		assert.ok(b.stderr.includes(`${bad}:6: column 2 (province): 未知的省份“火星”`), show(b));
	});
});
