// Supervision (issue 15) over the command line and HTTP: the imports are
// all-or-nothing with FILE:LINE: column N (name): reason; the registry keeps
// licence numbers straight; a provincial administration records and sees only
// its own records, the ministry all; every change is an event with who and when;
// publishing needs a second regulator through the API, the CLI publishes
// directly; a published notice is served byte for byte in every format, later
// data and corrections notwithstanding.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
	QUIET_ENV, addUser, assertProblem, initDb, login, run, runOk, sendJson, show, sql, startServer,
	staffClient, tempDir, writeFile,
} from './lib/shensu.mjs';

/** A client with PUT besides get/post. */
function client(url, token) {
	const c = staffClient(url, token);
	c.put = (p, body) => sendJson(url + p, 'PUT', body, { authorization: `Bearer ${token}` });
	c.bytes = async (p) => {
		const res = await fetch(url + p, { headers: { authorization: `Bearer ${token}` } });
		return { res, buf: Buffer.from(await res.arrayBuffer()) };
	};
	return c;
}

const ENFORCEMENT = 'decided_at,authority,measure,topic,enterprises,licences,document_no,amount_yuan\n';

describe('supervision imports', () => {
	let dir, db;
	before(() => {
		dir = tempDir();
		db = initDb(dir);
	});
	const count = (table) => Number(sql(db, `SELECT count(*) FROM ${table}`));

	test('a good enforcement file: actions, parties, the registry and one event for the batch', () => {
		const f = writeFile(dir, 'ok.csv', ENFORCEMENT +
			'2020-11-02,44,行政处罚,携号转网,中国移动广东分公司,,粤通管罚〔2020〕1号,30000\n' +
			'2020-11-03,00,通报批评,电信网络诈骗防范,中国联通北京分公司;京东通信;北京星辰001信息技术有限公司,;;京B2-20180001,,\n' +
			'2020-11-04,广东,约谈,垃圾信息,北京星辰001信息技术有限公司,京B2-20180001,,\n');
		const r = runOk(['import', 'enforcement', f, '--db', db]);
		assert.match(r.stdout, /imported 3 enforcement/);
		assert.equal(count('enforcement_action'), 3);
		assert.equal(count('enforcement_party'), 5);
		// the reference table's branch and reseller, and a new value-added firm with its licence
		assert.equal(sql(db, "SELECT kind || '|' || coalesce(licence_no, '') || '|' || coalesce(province, '') FROM licensee WHERE name = '北京星辰001信息技术有限公司'"), 'value_added|京B2-20180001|11');
		assert.equal(sql(db, "SELECT kind FROM licensee WHERE name = '京东通信'"), 'reseller');
		assert.equal(sql(db, "SELECT count(*) FROM supervision_event WHERE record = 'import' AND actor = 'cli'"), '1');
		assert.match(sql(db, "SELECT detail FROM supervision_event WHERE record = 'import'"), /"os_user":"[^"]+"/);
	});

	test('bad rows are reported per line and column; nothing is imported', () => {
		const before = count('enforcement_action');
		const f = writeFile(dir, 'bad.csv', ENFORCEMENT +
			'2020-11-02,44,行政处罚,携号转网,中国移动广东分公司,,,\n' +            // line 2: no document number
			'2020-11-02,44,警告,携号转网,中国移动广东分公司,,,\n' +                 // line 3: not a measure
			'2020-11-02,44,约谈提醒,满意度测评干扰,中国移动广东分公司,,,\n' +       // line 4: topic not valid in 2020
			'2020-11-02,44,约谈提醒,携号转网,北京星辰001信息技术有限公司,京B2-20189999,,\n' + // line 5: licence contradicts
			'2020-11-02,44,约谈提醒,携号转网,甲公司;乙公司,京B2-20180002,,\n' +      // line 6: licences do not match
			'2099-01-01,44,约谈提醒,携号转网,中国移动广东分公司,,,\n' +              // line 7: in the future
			'2020-11-02,44,通报批评,携号转网,中国移动广东分公司,,,5000\n' +         // line 8: a fine without a penalty
			'2020-11-02,44,约谈提醒,携号转网,中国移动广东分公司,粤X9-1,,\n');        // line 9: not a licence number
		const r = run(['import', 'enforcement', f, '--db', db]);
		assert.notEqual(r.status, 0, show(r));
		const e = r.stderr;
		assert.match(e, /bad\.csv:2: column 7 \(document_no\): 行政处罚须填写处罚决定书文号/);
		assert.match(e, /bad\.csv:3: column 3 \(measure\): “警告”不是处理措施/);
		assert.match(e, /bad\.csv:4: column 4 \(topic\): 问题类别“满意度测评干扰”在2020-11-02不适用/);
		assert.match(e, /bad\.csv:5: column 6 \(licences\): 企业“北京星辰001信息技术有限公司”登记的许可证号是京B2-20180001，与京B2-20189999不符/);
		assert.match(e, /bad\.csv:6: column 6 \(licences\): 许可证号有1个，企业有2家/);
		assert.match(e, /bad\.csv:7: column 1 \(decided_at\): 决定日期2099-01-01晚于今天/);
		assert.match(e, /bad\.csv:8: column 8 \(amount_yuan\): 只有行政处罚才有罚款金额/);
		assert.match(e, /bad\.csv:9: column 6 \(licences\): “粤X9-1”不是有效的许可证号/);
		assert.match(e, /8 of 8 rows are bad; nothing was imported/);
		assert.equal(count('enforcement_action'), before);
		assert.equal(sql(db, "SELECT count(*) FROM licensee WHERE name IN ('甲公司', '乙公司')"), '0');
	});

	test('one bad row among good ones: still nothing', () => {
		const before = [count('badlist_entry'), count('licensee')];
		const f = writeFile(dir, 'bl.csv', 'listed_at,enterprise,licence,list,reason,authority,removed_at\n' +
			'2020-12-01,新的一家网络科技有限公司,粤B2-20200001,不良名单,行政处罚,44,\n' +
			'2020-12-01,另一家网络科技有限公司,粤B2-20200002,黑名单,行政处罚,44,\n' +
			'2020-12-01,第三家网络科技有限公司,,不良名单,行政处罚,44,2020-11-01\n');
		const r = run(['import', 'badlist', f, '--db', db]);
		assert.notEqual(r.status, 0);
		assert.match(r.stderr, /bl\.csv:3: column 4 \(list\): “黑名单”不是名单/);
		assert.match(r.stderr, /bl\.csv:4: column 7 \(removed_at\): 移出日期早于列入日期/);
		assert.deepEqual([count('badlist_entry'), count('licensee')], before);
	});

	test('the other kinds check their columns', () => {
		const cases = [
			['inspections', 'inspected_at,authority,enterprise,topic,kind,finding\n2020-11-01,33,中国移动浙江分公司,不正当竞争,突击检查,未发现问题\n', /column 5 \(kind\): “突击检查”不是检查方式/],
			['inspections', 'inspected_at,authority,enterprise,topic,finding\n', /表头缺少“kind”列/],
			['app-tests', 'tested_at,store,apps_tested\n2020-10-20,应用宝,many\n', /column 3 \(apps_tested\): “many”不是检测应用数/],
			['equipment', 'sampled_at,manufacturer,product,model,licence_no,result,problem\n2020-10-20,某通信设备有限公司,路由器,R1,02-1-1,不合格,\n', /column 7 \(problem\): 不合格的产品须写明存在的问题/],
			['app-actions', 'at,package,app_name,store,action,deadline\n2020-10-01,com.example.first,应用,应用宝,name,\n', /column 5 \(action\): 只有已通知整改的应用才能公开通报/],
			['app-actions', 'at,package,app_name,store,action,deadline\n2020-10-01,not a package,应用,应用宝,notify,2020-10-20\n', /column 2 \(package\): 应用包名“not a package”格式不正确/],
			['enforcement', 'decided_at,authority,measure,topic\n', /表头缺少“enterprises”列/],
		];
		for (const [kind, text, re] of cases) {
			const f = writeFile(dir, `${kind}.csv`, text);
			const r = run(['import', kind, f, '--db', db]);
			assert.notEqual(r.status, 0, `${kind}: ${show(r)}`);
			assert.match(r.stderr, re, kind);
		}
	});

	test('every kind: a good row before a bad one is not imported either', () => {
		const cases = [
			['inspections', 'inspection', 'inspected_at,authority,enterprise,topic,kind,finding\n' +
				'2020-11-01,33,浙江全有网络科技有限公司,不正当竞争,实地检查,未发现问题\n' +
				'2020-11-01,33,中国移动浙江分公司,不正当竞争,突击检查,未发现问题\n', /:3: column 5 \(kind\)/],
			['app-tests', 'app_test_batch', 'tested_at,store,apps_tested\n2020-10-20,华为应用市场,1000\n2020-10-21,应用宝,many\n', /:3: column 3 \(apps_tested\)/],
			['equipment', 'equipment_sample', 'sampled_at,manufacturer,product,model,licence_no,result,problem\n' +
				'2020-10-20,全有通信设备有限公司,路由器,R2,02-1-2,合格,\n' +
				'2020-10-20,某通信设备有限公司,路由器,R1,02-1-1,不合格,\n', /:3: column 7 \(problem\)/],
			['app-actions', 'app', 'at,package,app_name,store,action,deadline\n' +
				'2020-10-01,com.example.allornothing,应用,应用宝,notify,2020-10-20\n' +
				'2020-10-02,not a package,应用,应用宝,notify,2020-10-20\n', /:3: column 2 \(package\)/],
		];
		for (const [kind, table, text, re] of cases) {
			const before = [count(table), count('licensee')];
			const f = writeFile(dir, `${kind}-half.csv`, text);
			const r = run(['import', kind, f, '--db', db]);
			assert.notEqual(r.status, 0, `${kind}: ${show(r)}`);
			assert.match(r.stderr, re, kind);
			assert.match(r.stderr, /1 of 2 rows are bad; nothing was imported/, kind);
			assert.deepEqual([count(table), count('licensee')], before, kind);
		}
	});

	test('app actions in time order take an app through the pipeline; later rows see earlier ones', () => {
		const f = writeFile(dir, 'apps.csv', 'at,package,app_name,store,action,deadline,problem\n' +
			'2020-10-01,com.example.later,后来的应用,应用宝,notify,2020-10-16,违规收集使用个人信息\n' +
			'2020-10-20,com.example.later,后来的应用,应用宝,name,,\n' +
			'2020-10-30,com.example.later,后来的应用,应用宝,remove,,\n');
		runOk(['import', 'app-actions', f, '--db', db]);
		assert.equal(sql(db, "SELECT state || '|' || named_on || '|' || removed_on || '|' || problem FROM app WHERE package = 'com.example.later'"),
			'removed|2020-10-20|2020-10-30|违规收集使用个人信息');
	});
});

describe('supervision over HTTP', () => {
	let srv, dir, db, ministry, second, gd, bj, agent;
	before(async () => {
		dir = tempDir();
		db = initDb(dir);
		addUser(db, 'ministry', 'regulator');
		addUser(db, 'second', 'regulator');
		addUser(db, 'gd', 'regulator', { province: '44' });
		addUser(db, 'bj', 'regulator', { province: '11' });
		addUser(db, 'agent', 'agency_staff', { province: '44' });
		srv = await startServer({ db, env: QUIET_ENV });
		ministry = client(srv.url, (await login(srv.url, 'ministry')).token);
		second = client(srv.url, (await login(srv.url, 'second')).token);
		gd = client(srv.url, (await login(srv.url, 'gd')).token);
		bj = client(srv.url, (await login(srv.url, 'bj')).token);
		agent = client(srv.url, (await login(srv.url, 'agent')).token);
	});
	after(() => srv?.stop());

	const penalty = (extra = {}) => ({
		decided_at: '2020-11-20', measure: 'penalty', topic: '携号转网', document_no: '粤通管罚〔2020〕7号',
		amount_yuan: 50000, enterprises: ['中国移动广东分公司', { name: '广州某某网络科技有限公司', licence_no: '粤B2-20190007' }], ...extra,
	});

	test('a provincial administration records its own actions, against two enterprises', async () => {
		const r = await gd.post('/api/enforcement', penalty());
		assert.equal(r.res.status, 201, r.text);
		assert.equal(r.body.authority.code, '44');
		assert.equal(r.body.authority.name, '广东省通信管理局');
		assert.deepEqual(r.body.enterprises.map((e) => [e.name, e.kind]), [['中国移动广东分公司', 'basic'], ['广州某某网络科技有限公司', 'value_added']]);
		assert.equal(r.body.version, 1);
		// another province's authority is refused, and nothing is written
		assertProblem(await gd.post('/api/enforcement', penalty({ authority: '11' })), 403, 'out_of_scope');
		// the ministry records for anyone
		const m = await ministry.post('/api/enforcement', penalty({ authority: '11', enterprises: ['中国移动北京分公司'], document_no: '京通管罚〔2020〕1号' }));
		assert.equal(m.res.status, 201, m.text);
		// field errors name the field
		const bad = await gd.post('/api/enforcement', penalty({ document_no: ' ' }));
		assert.equal(assertProblem(bad, 400, 'invalid_fields').errors[0].field, 'document_no');
		const lic = await gd.post('/api/enforcement', penalty({ enterprises: [{ name: '广州某某网络科技有限公司', licence_no: '粤B2-20199999' }] }));
		assert.equal(assertProblem(lic, 400, 'invalid_fields').errors[0].field, 'licences');
	});

	test('each sees its scope: the province its own, the ministry all; out of scope looks missing', async () => {
		const own = (await gd.get('/api/enforcement')).body.items;
		assert.ok(own.length >= 1 && own.every((x) => x.authority.code === '44'));
		const all = (await ministry.get('/api/enforcement')).body.items;
		assert.ok(all.some((x) => x.authority.code === '11') && all.some((x) => x.authority.code === '44'));
		assertProblem(await gd.get('/api/enforcement?authority=11'), 403, 'out_of_scope');
		const beijing = all.find((x) => x.authority.code === '11');
		assertProblem(await gd.get(`/api/enforcement/${beijing.id}`), 404, 'not_found');
		assertProblem(await gd.put(`/api/enforcement/${beijing.id}`, { ...penalty(), version: 1 }), 404, 'not_found');
		assert.equal((await bj.get('/api/enforcement')).body.items.every((x) => x.authority.code === '11'), true);
		// other roles have no business here
		assertProblem(await agent.get('/api/enforcement'), 403, 'role_not_allowed');
		// the summary: a province its own figures; the dashboard's counts
		const s = (await gd.get('/api/supervision/summary?period=2020Q4')).body;
		assert.equal(s.province, '44');
		assert.equal(s.actions, own.length);
		assert.equal(s.enterprises, own.reduce((n, x) => n + x.enterprises.length, 0));
		assertProblem(await gd.get('/api/supervision/summary?period=2020Q4&province=11'), 403, 'out_of_scope');
		const n = (await ministry.get('/api/supervision/summary?period=2020Q4')).body;
		assert.equal(n.province, null);
		assert.ok(n.actions >= s.actions + 1);
		// the existing scope of a regulator without a province is unchanged: every province's statistics
		assert.equal((await ministry.get('/api/stats?period=2020Q4&province=11')).res.status, 200);
		assertProblem(await gd.get('/api/stats?period=2020Q4&province=11'), 403, 'out_of_scope');
	});

	test('corrections carry the version seen; every change is an event with who and when', async () => {
		const x = (await gd.get('/api/enforcement')).body.items.find((i) => i.document_no === '粤通管罚〔2020〕7号');
		const fixed = await gd.put(`/api/enforcement/${x.id}`, { ...penalty({ amount_yuan: 30000 }), version: 1 });
		assert.equal(fixed.res.status, 200, fixed.text);
		assert.equal(fixed.body.version, 2);
		assert.equal(fixed.body.amount_yuan, 30000);
		assertProblem(await gd.put(`/api/enforcement/${x.id}`, { ...penalty(), version: 1 }), 409, 'version_conflict');
		const one = (await gd.get(`/api/enforcement/${x.id}`)).body;
		assert.deepEqual(one.events.map((e) => e.action), ['created', 'corrected']);
		assert.ok(one.events.every((e) => e.user === 'gd' && e.role === 'regulator' && /^\d{4}-\d\d-\d\dT/.test(e.at)));
		assert.equal(one.events[1].detail.before.amount_yuan, 50000);
		assert.equal(one.events[1].detail.record.amount_yuan, 30000);
		// a province cannot move its record to another authority
		assertProblem(await gd.put(`/api/enforcement/${x.id}`, { ...penalty({ authority: '11' }), version: 2 }), 403, 'out_of_scope');
	});

	test('the public bad-record list shows current entries only', async () => {
		const action = (await gd.get('/api/enforcement')).body.items.find((i) => i.document_no === '粤通管罚〔2020〕7号');
		const e = await gd.post('/api/badlist/entries', { listed_at: '2020-12-01', enterprise: '广州某某网络科技有限公司', list: '不良名单', reason: '行政处罚', action_id: action.id });
		assert.equal(e.res.status, 201, e.text);
		const gone = await gd.post('/api/badlist/entries', { listed_at: '2020-06-01', removed_at: '2020-09-01', enterprise: { name: '已移出的网络科技有限公司', licence_no: '粤B2-20170001' }, list: 'bad_record', reason: '行政处罚' });
		assert.equal(gone.res.status, 201, gone.text);
		// an action that does not name the enterprise cannot be its cause
		const wrong = await gd.post('/api/badlist/entries', { listed_at: '2020-12-01', enterprise: '已移出的网络科技有限公司', list: '不良名单', reason: '行政处罚', action_id: action.id });
		assert.equal(assertProblem(wrong, 400, 'invalid_fields').errors[0].field, 'action_id');
		const pub = await fetch(`${srv.url}/api/badlist`).then((r) => r.json());
		const names = pub.items.map((i) => i.enterprise);
		assert.ok(names.includes('广州某某网络科技有限公司'));
		assert.ok(!names.includes('已移出的网络科技有限公司'));
		const then = await fetch(`${srv.url}/api/badlist?date=2020-07-01`).then((r) => r.json());
		assert.deepEqual(then.items.map((i) => i.enterprise), ['已移出的网络科技有限公司']);
		const item = pub.items.find((i) => i.enterprise === '广州某某网络科技有限公司');
		assert.deepEqual(item, { enterprise: '广州某某网络科技有限公司', licence_no: '粤B2-20190007', list: 'bad_record', list_name: '电信业务经营不良名单', listed_at: '2020-12-01', reason: '行政处罚', authority: '广东省通信管理局' });
	});

	test('inspections, app tests and equipment samples: enter, list, correct', async () => {
		const i = await gd.post('/api/inspections', { inspected_at: '2020-11-05', enterprise: '中国电信广东分公司', topic: '不正当竞争', kind: '实地检查', finding: '未发现问题' });
		assert.equal(i.res.status, 201, i.text);
		assert.equal((await gd.put(`/api/inspections/${i.body.id}`, { inspected_at: '2020-11-05', enterprise: '中国电信广东分公司', topic: '不正当竞争', kind: '明察暗访', finding: '发现问题', version: 1 })).body.kind, 'unannounced');
		const t = await ministry.post('/api/app-tests', { tested_at: '2020-11-10', store: '应用宝', apps_tested: 70000 });
		assert.equal(t.res.status, 201, t.text);
		assertProblem(await gd.post('/api/app-tests', { tested_at: '2020-11-10', store: '应用宝', apps_tested: 70000, authority: '00' }), 403, 'out_of_scope');
		const eq = await ministry.post('/api/equipment-samples', { sampled_at: '2020-11-11', manufacturer: '某某通信设备有限公司', product: '无线路由器', model: 'R-1', licence_no: '02-1234-201901', result: '不合格', problem: '发射功率超标' });
		assert.equal(eq.res.status, 201, eq.text);
		assert.equal(eq.body.manufacturer.kind, 'manufacturer');
		const s = (await ministry.get('/api/supervision/summary?period=2020Q4')).body;
		assert.equal(s.apps.tested, 70000);
		assert.equal(s.equipment.failed_products, 1);
		assert.ok(s.paragraphs.some((p) => p.text.includes('详见附件3')));
		const reg = (await ministry.get('/api/licensees?q=某某')).body.items.map((l) => l.name).sort();
		assert.deepEqual(reg, ['广州某某网络科技有限公司', '某某通信设备有限公司']);
	});

	test('four-eyes: the requester cannot approve, a second regulator can; provinces cannot publish', async () => {
		const text = await ministry.put('/api/notices/2020Q4/texts/work', { body: '# 贯彻落实情况\n\n第一段。\n\n第二段。', version: 0 });
		assert.equal(text.res.status, 200, text.text);
		assertProblem(await ministry.put('/api/notices/2020Q4/texts/work', { body: '覆盖', version: 0 }), 409, 'publication_conflict');
		assertProblem(await gd.put('/api/notices/2020Q4/texts/work', { body: 'x', version: 1 }), 403, 'not_allowed');
		assertProblem(await gd.post('/api/notices/2020Q4/publications', { doc_no: '粤通管函〔2021〕1号', date: '2021-04-12' }), 403, 'not_allowed');
		const bad = await ministry.post('/api/notices/2020Q4/publications', { doc_no: '工信部信管函〔2021〕73号', date: '2020-12-31' });
		assert.equal(assertProblem(bad, 400, 'invalid_fields').errors[0].field, 'date');
		const req = await ministry.post('/api/notices/2020Q4/publications', { doc_no: '工信部信管函〔2021〕73号', date: '2021-04-12' });
		assert.equal(req.res.status, 202, req.text);
		assert.equal(req.body.state, 'pending');
		assert.equal(req.body.number, 1);
		// still a draft for everyone; the pending snapshot carries the number
		assert.equal((await ministry.get('/api/notices/2020Q4?format=md')).res.headers.get('x-notice-status'), 'draft');
		assert.match((await ministry.get('/api/notices/2020Q4?format=md&pending=true')).text, /（2021年第1号）/);
		assertProblem(await ministry.post(`/api/notices/2020Q4/publications/${req.body.id}/approve`, {}), 403, 'not_allowed');
		assertProblem(await gd.post(`/api/notices/2020Q4/publications/${req.body.id}/approve`, {}), 403, 'not_allowed');
		assertProblem(await second.post('/api/notices/2020Q4/publications', { doc_no: 'x', date: '2021-04-12' }), 409, 'publication_conflict');
		const ok = await second.post(`/api/notices/2020Q4/publications/${req.body.id}/approve`, {});
		assert.equal(ok.res.status, 200, ok.text);
		assert.equal(ok.body.state, 'published');
		assertProblem(await second.post(`/api/notices/2020Q4/publications/${req.body.id}/approve`, {}), 409, 'publication_conflict');
	});

	test('the published notice is served byte for byte in every format, whatever comes later', async () => {
		const formats = ['md', 'html', 'pdf', 'xlsx'];
		const first = {};
		for (const f of formats) {
			const r = await ministry.bytes(`/api/notices/2020Q4?format=${f}`);
			assert.equal(r.res.status, 200);
			assert.equal(r.res.headers.get('x-notice-status'), 'published; revision=1');
			first[f] = r.buf;
		}
		const md = first.md.toString();
		assert.match(md, /^# 工业和信息化部关于电信服务质量的通告（2021年第1号）\n\n工信部信管函〔2021〕73号\n/);
		assert.match(md, /### 一、贯彻落实情况\n\n第一段。\n\n第二段。/);
		// more data for the quarter, a change of the ministry's text
		await gd.post('/api/enforcement', penalty({ document_no: '粤通管罚〔2020〕8号', enterprises: ['中国联通广东分公司'] }));
		await ministry.put('/api/notices/2020Q4/texts/work', { body: '改过的文字。', version: 1 });
		for (const f of formats) {
			const again = await ministry.bytes(`/api/notices/2020Q4?format=${f}`);
			assert.ok(again.buf.equals(first[f]), `${f} unchanged after later data`);
		}
		assert.match((await ministry.get('/api/notices/2020Q4?format=md&draft=true')).text, /改过的文字。/);
		// the command line reads the same bytes
		const out = path.join(dir, 'cli.pdf');
		runOk(['notice', '2020Q4', '--format', 'pdf', '--out', out, '--db', db]);
		assert.ok(fs.readFileSync(out).equals(first.pdf), 'the CLI writes the stored PDF');
		// a province's notice is a draft from its own data
		const gdNotice = await gd.get('/api/notices/2020Q4?format=md');
		assert.equal(gdNotice.res.headers.get('x-notice-status'), 'draft');
		assert.match(gdNotice.text, /广东省通信管理局加强监督执法/);
	});

	test('a correction is a new revision with the same number; the old one is kept', async () => {
		const noReason = await ministry.post('/api/notices/2020Q4/publications', { doc_no: '工信部信管函〔2021〕80号', date: '2021-04-20' });
		assert.equal(assertProblem(noReason, 400, 'invalid_fields').errors[0].field, 'reason');
		const req = await ministry.post('/api/notices/2020Q4/publications', { doc_no: '工信部信管函〔2021〕80号', date: '2021-04-20', reason: '更正第一部分的文字' });
		assert.equal(req.res.status, 202, req.text);
		assert.equal(req.body.revision, 2);
		assert.equal(req.body.number, 1);
		// withdrawn by its requester: nothing changes
		assert.equal((await ministry.post(`/api/notices/2020Q4/publications/${req.body.id}/reject`, {})).body.state, 'rejected');
		const again = await ministry.post('/api/notices/2020Q4/publications', { doc_no: '工信部信管函〔2021〕80号', date: '2021-04-20', reason: '更正第一部分的文字' });
		assert.equal(again.body.revision, 2);
		assert.equal((await second.post(`/api/notices/2020Q4/publications/${again.body.id}/approve`, {})).res.status, 200);
		const now = await ministry.get('/api/notices/2020Q4?format=md');
		assert.equal(now.res.headers.get('x-notice-status'), 'published; revision=2');
		assert.match(now.text, /（2021年第1号）/);
		assert.match(now.text, /本通告为第2版（2021年4月20日），更正说明：更正第一部分的文字/);
		assert.match(now.text, /改过的文字。/);
		const old = await ministry.get('/api/notices/2020Q4?format=md&revision=1');
		assert.match(old.text, /第一段。/);
		assertProblem(await ministry.get('/api/notices/2020Q4?format=md&revision=3'), 404, 'not_found');
		const list = (await ministry.get('/api/notices/2020Q4/publications')).body.items;
		assert.deepEqual(list.map((p) => [p.revision, p.state]), [[2, 'published'], [2, 'rejected'], [1, 'published']]);
		// the next quarter published is 2021年第2号
		const q1 = await ministry.post('/api/notices/2021Q1/publications', { doc_no: '工信部信管函〔2021〕150号', date: '2021-07-01' });
		assert.equal(q1.body.number, 2);
		// the notice's events: who and when
		const ev = sql(db, "SELECT action || '|' || coalesce(user_id, 0) FROM supervision_event WHERE record = 'notice' AND record_id = 20204 ORDER BY id");
		assert.match(ev, /publication_requested\|\d+\n(.*\n)*publication_approved\|\d+/);
	});

	test('the command line publishes directly, recorded as the command line', () => {
		const pending = run(['notice', 'publish', '2021Q1', '--doc-no', '工信部信管函〔2021〕151号', '--date', '2021-07-02', '--db', db]);
		assert.notEqual(pending.status, 0, 'refused while a request is pending');
		assert.match(pending.stderr, /已有待审核的发布申请/);
		const r = runOk(['notice', 'publish', '2021Q2', '--doc-no', '工信部信管函〔2021〕200号', '--date', '2021-08-01', '--db', db]);
		assert.match(r.stdout, /published 2021Q2 as 2021年第3号 \(revision 1, 工信部信管函〔2021〕200号, 2021-08-01\), by the command line/);
		assert.equal(sql(db, "SELECT via || '|' || state || '|' || coalesce(requested_by, 0) FROM notice_publication WHERE period = '2021Q2'"), 'cli|published|0');
		assert.match(sql(db, "SELECT actor || '|' || action || '|' || detail FROM supervision_event WHERE record = 'notice' AND record_id = 20212"), /^cli\|published\|.*"os_user":/);
		const h = runOk(['notice', 'history', '2020Q4', '--db', db]).stdout;
		assert.match(h, /revision 2 {2}2021年第1号 {2}工信部信管函〔2021〕80号 {2}2021-04-20 {2}published {2}via api {2}reason: 更正第一部分的文字/);
	});
});
