// An operator sends its dispatch list back as a table: the CSV or XLSX it
// downloaded, with the 处置结果 column filled in (POST /api/dispatches/{id}/
// disposals with Content-Type text/csv or the XLSX type). All or nothing: a
// bad line is named (line, column, the column's name, why) and nothing is
// saved; rows left empty stay undisposed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
	QUIET_ENV, addUser, assertProblem, initDb, login, parseCsv, request, sendJson, staffClient,
	startServer,
} from './lib/shensu.mjs';
import { xlsx, zip } from './lib/xlsx.mjs';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('disposals uploaded as the filled-in dispatch list (CSV, XLSX)', () => {
	let srv, centre, cm, ct, list;
	const CM = ['13800138001', '13800138002', '13800138003', '13800138004'];

	before(async () => {
		const db = initDb();
		addUser(db, 'centre', 'report_staff');
		addUser(db, 'cm', 'enterprise_staff', { enterprise: '中国移动' });
		addUser(db, 'ct', 'enterprise_staff', { enterprise: '中国电信' });
		srv = await startServer({ db, env: { ...QUIET_ENV, SHENSU_DISPATCH_HOUR: '-1' } });
		[centre, cm, ct] = await Promise.all(['centre', 'cm', 'ct'].map(async (n) => staffClient(srv.url, (await login(srv.url, n)).token)));
		for (const number of [...CM, '13300133001']) {
			const r = await sendJson(`${srv.url}/api/reports`, 'POST', { kind: 'harassment_call', number });
			assert.equal(r.res.status, 201, r.text);
		}
		const made = await centre.post('/api/dispatches', {});
		assert.equal(made.res.status, 201, made.text);
		list = made.body.dispatches.find((d) => d.operator.name === '中国移动');
		assert.equal(list.numbers, 4);
	});
	after(() => srv?.stop());

	const upload = (who, type, body, id = list.id) => request(`${srv.url}/api/dispatches/${id}/disposals`, {
		method: 'POST', headers: { authorization: `Bearer ${who.token}`, 'content-type': type }, body,
	});
	const disposals = async () => (await cm.get(`/api/dispatches/${list.id}`)).body.items.map((i) => [i.number, i.disposal]);
	const nothingSaved = async () => assert.ok((await disposals()).every(([, d]) => d === 'none'));
	const download = async (format) => Buffer.from(await (await fetch(`${srv.url}/api/dispatches/${list.id}?format=${format}`,
		{ headers: { authorization: `Bearer ${cm.token}` } })).arrayBuffer());

	test('the downloaded CSV, disposals filled in for some rows: those are saved, the rest stay open', async () => {
		const rows = parseCsv((await download('csv')).toString('utf8'));
		const head = rows.findIndex((r) => r[0] === '号码');
		const dcol = rows[head].indexOf('处置结果'), ncol = rows[head].indexOf('说明');
		rows[head + 1][dcol] = '关停';
		rows[head + 1][ncol] = '已关停，"涉诈"';
		rows[head + 2][dcol] = 'warned';
		const csv = '\ufeff' + rows.map((r) => r.map((f) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',')).join('\r\n');
		const r = await upload(cm, 'text/csv; charset=utf-8', csv);
		assert.equal(r.res.status, 200, r.text);
		assert.deepEqual(r.body, { dispatch: list.id, updated: 2, unchanged: 2 });
		assert.deepEqual(await disposals(), [[CM[0], 'shut_down'], [CM[1], 'warned'], [CM[2], 'none'], [CM[3], 'none']]);
		const v = (await cm.get(`/api/dispatches/${list.id}`)).body;
		assert.equal(v.items[0].note, '已关停，"涉诈"');
		assert.equal(v.disposed, 2);
		// the look-up says so
		assert.equal((await centre.get(`/api/numbers/${CM[0]}`)).body.disposal, 'shut_down');
	});

	test('every bad line is named (line, column, its name, why) and nothing is saved', async () => {
		const csv = [
			'派发清单（标题行）',
			'',
			'号码,有效举报次数,处置结果,说明',
			`${CM[2]},1,关停,`,          // line 4: fine
			'13300133001,1,关停,',        // line 5: another operator's number
			`${CM[3]},1,删除,`,           // line 6: no such disposal
			'138-0013-8003,1,警告,',      // line 7: CM[2] again, spelt otherwise
			'abc,1,警告,',                // line 8: not a number
			`${CM[3]},1,限制,${'长'.repeat(501)}`, // line 9: note too long
		].join('\n');
		const p = assertProblem(await upload(cm, 'text/csv', csv), 400, 'invalid_rows');
		assert.deepEqual(p.errors.map((e) => [e.line, e.column, e.name]),
			[[5, 1, '号码'], [6, 3, '处置结果'], [7, 1, '号码'], [8, 1, '号码'], [9, 4, '说明']]);
		assert.match(p.errors[0].message, /13300133001不在本派发清单中/);
		assert.match(p.errors[1].message, /删除/);
		assert.match(p.errors[2].message, /重复：第4行已填写/);
		assert.match(p.detail, /^5行有误，未保存任何处置结果。第5行第1列（号码）/);
		assert.deepEqual(await disposals(), [[CM[0], 'shut_down'], [CM[1], 'warned'], [CM[2], 'none'], [CM[3], 'none']]);
	});

	test('a table without the columns, an empty one, a broken file: refused with the reason', async () => {
		let p = assertProblem(await upload(cm, 'text/csv', 'a,b\n1,2\n'), 400, 'invalid_rows');
		assert.match(p.errors[0].message, /找不到表头/);
		p = assertProblem(await upload(cm, 'text/csv', '号码,说明\n13800138003,x\n'), 400, 'invalid_rows');
		assert.match(p.errors[0].message, /缺少“处置结果”列/);
		p = assertProblem(await upload(cm, 'text/csv', `号码,处置结果\n${CM[2]},\n`), 400, 'invalid_rows');
		assert.match(p.errors[0].message, /没有填写任何处置结果/);
		p = assertProblem(await upload(cm, 'text/csv', '号码,处置结果\n"13800138003,关停\n'), 400, 'invalid_file');
		assert.match(p.detail, /^第2行/);
		assertProblem(await upload(cm, 'text/csv', Buffer.from([0x68, 0x61, 0xff, 0xfe, 0x0a])), 400, 'invalid_file');
		assertProblem(await upload(cm, XLSX, 'not a zip'), 400, 'invalid_file');
		const good = xlsx([['号码', '处置结果'], [CM[2], '关停']]);
		assertProblem(await upload(cm, XLSX, good.subarray(0, good.length - 30)), 400, 'invalid_file');
		const bomb = zip([['xl/workbook.xml', Buffer.alloc(40 * 1024 * 1024, 32)]], { deflate: true });
		p = assertProblem(await upload(cm, XLSX, bomb), 413, 'invalid_file');
		assert.match(p.detail, /内容过大/);
		await nothingSaved3();
	});
	const nothingSaved3 = async () => assert.deepEqual((await disposals()).slice(2), [[CM[2], 'none'], [CM[3], 'none']]);

	test('our own XLSX download sent back unchanged reads (title, header on row 3): the same disposals again', async () => {
		const r = await upload(cm, XLSX, await download('xlsx'));
		assert.equal(r.res.status, 200, r.text);
		assert.deepEqual(r.body, { dispatch: list.id, updated: 2, unchanged: 2 });
		assert.deepEqual(await disposals(), [[CM[0], 'shut_down'], [CM[1], 'warned'], [CM[2], 'none'], [CM[3], 'none']]);
	});

	test('an XLSX as Excel writes it: shared strings, a number in exponent form, a title row', async () => {
		const book = xlsx([
			['派发清单'], [],
			['号码', '处置结果', '处置说明'],
			[{ n: '1.3800138003E10' }, '核实无异常', '核实为正常营销'],
			[CM[3], 'cannot_verify', null],
		]);
		const r = await upload(cm, XLSX, book);
		assert.equal(r.res.status, 200, r.text);
		assert.deepEqual(r.body, { dispatch: list.id, updated: 2, unchanged: 0 });
		assert.deepEqual(await disposals(), [[CM[0], 'shut_down'], [CM[1], 'warned'], [CM[2], 'checked_fine'], [CM[3], 'cannot_verify']]);
		// inline strings and stored entries too; a bad row names the sheet's row number
		const p = assertProblem(await upload(cm, XLSX, xlsx([['号码', '处置结果'], [CM[0], '停机']], { first: 5, inline: true, deflate: false })), 400, 'invalid_rows');
		assert.deepEqual(p.errors.map((e) => [e.line, e.name]), [[6, '处置结果']]);
	});

	test('only the list\'s operator may upload; another sees no such list', async () => {
		assertProblem(await upload(ct, 'text/csv', `号码,处置结果\n${CM[0]},关停\n`), 404, 'not_found');
		assertProblem(await upload(centre, 'text/csv', `号码,处置结果\n${CM[0]},关停\n`), 403, 'role_not_allowed');
	});
});
