// The batch look-up for operators' systems (POST /api/numbers/lookup) and the
// public number check the report form uses as people type
// (GET /api/reference/number).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
	QUIET_ENV, addUser, assertProblem, initDb, login, request, sendJson, staffClient, startServer,
} from './lib/shensu.mjs';

const PORT20 = '10690000123456789012';

describe('POST /api/numbers/lookup and GET /api/reference/number', () => {
	let srv, centre, reg, cm, ct, agency;
	before(async () => {
		const db = initDb();
		addUser(db, 'centre', 'report_staff');
		addUser(db, 'reg', 'regulator');
		addUser(db, 'cm', 'enterprise_staff', { enterprise: '中国移动' });
		addUser(db, 'ct', 'enterprise_staff', { enterprise: '中国电信' });
		addUser(db, 'gd', 'agency_staff', { province: '44' });
		srv = await startServer({ db, env: { ...QUIET_ENV, SHENSU_DISPATCH_HOUR: '-1' } });
		[centre, reg, cm, ct, agency] = await Promise.all(['centre', 'reg', 'cm', 'ct', 'gd']
			.map(async (n) => staffClient(srv.url, (await login(srv.url, n)).token)));
		const report = async (kind, number) => {
			const r = await sendJson(`${srv.url}/api/reports`, 'POST', { kind, number });
			assert.equal(r.res.status, 201, r.text);
		};
		await report('harassment_call', '13800138000');
		await report('fraud_call', '138 0013 8000');
		await report('harassment_call', '13300133000'); // 中国电信
		await report('spam_sms', '1069 0000 1234 5678 9012');
		const made = await centre.post('/api/dispatches', {});
		assert.equal(made.res.status, 201, made.text);
		// reported after the lists were made: not dispatched
		await report('harassment_call', '13900139000');
	});
	after(() => srv?.stop());

	const lookup = (who, numbers) => who.post('/api/numbers/lookup', { numbers });

	test('answers in input order, every spelling, the same as the single look-up', async () => {
		const input = ['+86 138-0013-8000', '13900139000', 'abc', PORT20, '13700137000', '１３８００１３８０００', 7, '010-6512 3456'];
		const r = await lookup(centre, input);
		assert.equal(r.res.status, 200, r.text);
		assert.deepEqual(r.body.report_kinds, ['harassment_call', 'spam_sms', 'fraud_call', 'fraud_sms']);
		const it = r.body.items;
		assert.equal(it.length, input.length);
		assert.deepEqual(it.map((x) => x.number ?? x.error), ['13800138000', '13900139000', 'invalid_number', PORT20,
			'13700137000', '13800138000', 'invalid_number', '01065123456']);
		assert.match(it[2].detail, /字母/);
		assert.equal(it[6].detail, '应为字符串');
		for (const i of [0, 1, 3]) {
			const one = (await centre.get(`/api/numbers/${it[i].number}`)).body;
			assert.deepEqual(it[i].reports, r.body.report_kinds.map((k) => one.reports[k]), it[i].number);
			assert.equal(it[i].total_reports, one.total_reports);
			assert.equal(it[i].first_report_at, one.first_report_at);
			assert.equal(it[i].last_report_at, one.last_report_at);
			assert.equal(it[i].dispatched_at, one.dispatched_at);
			assert.equal(it[i].operator, one.operator?.name ?? null);
			assert.equal(it[i].kind, one.kind);
			assert.equal(it[i].known, true);
		}
		assert.deepEqual(it[0].reports, [1, 0, 1, 0]);
		assert.ok(it[0].dispatched_at, 'dispatched');
		assert.equal(it[1].dispatched_at, null);
		assert.equal(it[3].kind, 'sms_port');
		assert.deepEqual(it[3].reports, [0, 1, 0, 0], 'a 20-digit SMS port is found');
		assert.deepEqual(it[4], { number: '13700137000', kind: 'mobile', operator: '中国移动', ported: false, known: false });
		assert.deepEqual(it[5], it[0]);
		assert.equal(it[7].operator, null);
		// the regulator reads the same
		assert.deepEqual((await lookup(reg, input)).body, r.body);
	});

	test('an operator sees only numbers dispatched to it; others look unknown', async () => {
		const input = ['13800138000', '13300133000', '13900139000', '13700137000'];
		const mine = (await lookup(cm, input)).body.items;
		assert.equal(mine[0].known, true);
		assert.deepEqual(mine[0].reports, [1, 0, 1, 0]);
		const unknown = (n) => ({ number: n, kind: 'mobile', known: false });
		// another operator's number, one not dispatched yet, one never reported: all alike
		assert.deepEqual(mine.slice(1), [unknown('13300133000'), unknown('13900139000'), unknown('13700137000')]);
		const theirs = (await lookup(ct, input)).body.items;
		assert.deepEqual(theirs.map((x) => x.known), [false, true, false, false]);
		assert.deepEqual(theirs[0], unknown('13800138000'));
	});

	test('limits and roles', async () => {
		const many = Array.from({ length: 1000 }, (_, i) => `1380013${String(i).padStart(4, '0')}`);
		const r = await lookup(centre, many);
		assert.equal(r.res.status, 200, r.text);
		assert.equal(r.body.items.length, 1000);
		assert.equal(r.body.items[999].number, '13800130999');
		assertProblem(await lookup(centre, [...many, '13800138000']), 400, 'invalid_fields');
		assertProblem(await lookup(centre, []), 400, 'invalid_fields');
		assertProblem(await centre.post('/api/numbers/lookup', { numbers: '13800138000' }), 400, 'invalid_fields');
		assertProblem(await agency.post('/api/numbers/lookup', { numbers: ['13800138000'] }), 403, 'role_not_allowed');
		assertProblem(await sendJson(`${srv.url}/api/numbers/lookup`, 'POST', { numbers: ['13800138000'] }), 401, 'unauthenticated');
	});

	test('the public check reads numbers as a report would store them, and tells nothing of the records', async () => {
		const check = async (n) => (await request(`${srv.url}/api/reference/number?number=${encodeURIComponent(n)}`)).body;
		assert.deepEqual(await check('+86 138 0013 8000'), {
			valid: true, number: '13800138000', kind: 'mobile', kind_label: '手机号码', display: '138 0013 8000',
			operator: { id: (await check('13800138001')).operator.id, code: 'mobile', name: '中国移动' }, reseller: false,
			text: '中国移动手机号码 138 0013 8000',
		});
		assert.equal((await check('(0755)1234-5678')).text, '固定电话 0755-1234 5678');
		assert.equal((await check(PORT20)).text, '短信端口 1069 0000 1234 5678 9012');
		assert.equal((await check('17012345678')).text, '转售企业手机号码（中国电信网络） 170 1234 5678');
		const bad = await check('1380013800');
		assert.equal(bad.valid, false);
		assert.match(bad.reason, /11位/);
		assertProblem(await request(`${srv.url}/api/reference/number`), 400, 'missing_parameter');
		for (const n of ['+86 138 0013 8000', '0755 1234 5678', '1065 0000', '95588', '１３９００１３９０００']) {
			const c = await check(n);
			const r = await sendJson(`${srv.url}/api/reports`, 'POST', { kind: 'harassment_call', number: n });
			assert.equal(r.res.status, 201, r.text);
			assert.deepEqual([c.number, c.kind], [r.body.number.digits, r.body.number.kind], n);
		}
		const reported = await check('13800138000');
		for (const k of ['reports', 'total_reports', 'dispatched', 'disposal', 'ported'])
			assert.ok(!(k in reported), `the public check says nothing of ${k}`);
	});
});
