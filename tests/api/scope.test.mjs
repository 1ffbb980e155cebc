// Who sees and handles which case: agency staff by province (00 reads every
// province), enterprise staff only cases forwarded to their group (and
// province, if set), the ministry's regulators read everything (a provincial administration its
// province: supervision.test.mjs) and act on nothing, admins do
// no case work. Table-driven: every user × every case.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
	addUser, assertProblem, fileComplaint, initDb, login, QUIET_ENV, staffClient, startServer,
} from './lib/shensu.mjs';

const USERS = {
	gd_agent: ['agency_staff', { province: '44' }],
	bj_agent: ['agency_staff', { province: '11' }],
	national: ['agency_staff', { province: '00' }],
	cm_staff: ['enterprise_staff', { enterprise: '中国移动' }],
	cm_gd_staff: ['enterprise_staff', { enterprise: '中国移动', province: '44' }],
	ct_staff: ['enterprise_staff', { enterprise: '中国电信' }],
	regulator: ['regulator', {}],
	admin: ['admin', {}],
};

/* The cases: province, enterprise, forwarded? */
const CASES = {
	gd_cm_fwd: { province: '44', enterprise: '中国移动', forwarded: true, phone: '13800138000' },
	gd_cm_acc: { province: '44', enterprise: '中国移动', forwarded: false, phone: '13800138001' },
	bj_cm_fwd: { province: '11', enterprise: '中国移动', forwarded: true, phone: '13800138002' },
	gd_ct_fwd: { province: '44', enterprise: '中国电信', forwarded: true, phone: '13300138003' },
};

/* Who reads which case (GET /api/cases/{no} 200 and listed), and who may act on it. */
const READ = {
	gd_agent: ['gd_cm_fwd', 'gd_cm_acc', 'gd_ct_fwd'],
	bj_agent: ['bj_cm_fwd'],
	national: ['gd_cm_fwd', 'gd_cm_acc', 'bj_cm_fwd', 'gd_ct_fwd'],
	cm_staff: ['gd_cm_fwd', 'bj_cm_fwd'],
	cm_gd_staff: ['gd_cm_fwd'],
	ct_staff: ['gd_ct_fwd'],
	regulator: ['gd_cm_fwd', 'gd_cm_acc', 'bj_cm_fwd', 'gd_ct_fwd'],
	admin: [],
};
/* The national centre reads every province but acts only on cases filed with it
 * (province 00): the provincial agency handles its own cases. */
const ACT = {
	gd_agent: ['gd_cm_fwd', 'gd_cm_acc', 'gd_ct_fwd'],
	bj_agent: ['bj_cm_fwd'],
	national: [],
	cm_staff: ['gd_cm_fwd', 'bj_cm_fwd'],
	cm_gd_staff: ['gd_cm_fwd'],
	ct_staff: ['gd_ct_fwd'],
	regulator: [],
	admin: [],
};
const ENTERPRISE = new Set(['cm_staff', 'cm_gd_staff', 'ct_staff']);

/** The action each user would take on a case in its state, were it in scope. */
function actionFor(user, state) {
	if (ENTERPRISE.has(user)) return { action: 'reply', comment: '企业回复' };
	if (state === 'accepted') return { action: 'forward' };
	return { action: 'withdraw', comment: '来电撤回' };
}

describe('scope: every user × every case', () => {
	let db, srv;
	const client = {}, ids = {};
	const cases = {}; // name → {no, code}

	before(async () => {
		db = initDb();
		for (const [name, [role, opts]] of Object.entries(USERS)) addUser(db, name, role, opts);
		srv = await startServer({ db, env: { ...QUIET_ENV, SHENSU_TODAY: '2020-09-29' } });
		for (const name of Object.keys(USERS)) {
			const s = await login(srv.url, name);
			client[name] = staffClient(srv.url, s.token);
			ids[name] = s.user.id;
			assert.equal(s.user.role, USERS[name][0]);
		}
		for (const [key, c] of Object.entries(CASES)) {
			const f = await fileComplaint(srv.url, {
				province: c.province, enterprise: c.enterprise, phone: c.phone,
				name: `李四${key}`, address: `某地某路${key}号`, postcode: '510000',
			});
			const agent = client[c.province === '44' ? 'gd_agent' : 'bj_agent'];
			await agent.actOk(f.no, 'accept');
			if (c.forwarded) {
				const v = await agent.actOk(f.no, 'forward');
				assert.equal(v.forwarded_to, `${c.enterprise}${c.province === '44' ? '广东' : '北京'}分公司`);
			}
			cases[key] = f;
		}
	});
	after(async () => {
		await srv?.stop();
	});

	/** state and version, read by the regulator (who sees every case). */
	const snapshot = async (key) => {
		const v = await client.regulator.view(cases[key].no);
		return { state: v.state, version: v.version, events: v.timeline.length };
	};

	for (const user of Object.keys(USERS)) {
		test(`${user}: reads exactly its cases (detail and list)`, async () => {
			const c = client[user];
			const listed = user === 'admin' ? null : new Set((await c.listAll('limit=100')).map((i) => i.case_no));
			if (user === 'admin') assertProblem(await c.get('/api/cases'), 403, 'role_not_allowed');
			const notFound = [];
			for (const key of Object.keys(CASES)) {
				const no = cases[key].no;
				const r = await c.get(`/api/cases/${no}`);
				if (user === 'admin') {
					assertProblem(r, 403, 'role_not_allowed');
					continue;
				}
				if (READ[user].includes(key)) {
					assert.equal(r.res.status, 200, `${user} reads ${key}: ${r.text}`);
					assert.equal(r.body.case_no, no);
					assert.ok(listed.has(no), `${user}: ${key} is listed`);
				} else {
					const p = assertProblem(r, 404, 'not_found');
					notFound.push({ detail: p.detail.replace(no, 'NO'), title: p.title });
					assert.ok(!listed.has(no), `${user}: ${key} is not listed`);
				}
			}
			// a case out of scope looks exactly like one that does not exist
			if (user !== 'admin') {
				const missing = '44-2020-999999';
				const p = assertProblem(await c.get(`/api/cases/${missing}`), 404, 'not_found');
				for (const n of notFound) assert.deepEqual(n, { detail: p.detail.replace(missing, 'NO'), title: p.title });
			}
		});

		test(`${user}: acts only within its scope; nothing changes outside it`, async () => {
			const c = client[user];
			for (const key of Object.keys(CASES)) {
				const no = cases[key].no;
				const before = await snapshot(key);
				const body = { ...actionFor(user, before.state), version: before.version + 100 };
				const r = await c.post(`/api/cases/${no}/actions`, body);
				const what = `${user} ${body.action} on ${key}`;
				if (user === 'admin') {
					assertProblem(r, 403, 'role_not_allowed');
				} else if (ACT[user].includes(key)) {
					// in scope: gets as far as the version check
					assertProblem(r, 409, 'stale_version');
				} else if (READ[user].includes(key)) {
					assert.equal(r.res.status, 403, `${what}: ${r.text}`);
					assert.ok(['out_of_scope', 'role_not_allowed'].includes(r.body?.code), `${what}: ${r.text}`);
					assertProblem(r, 403, r.body.code);
				} else {
					assertProblem(r, 404, 'not_found');
				}
				// and with the right version, outside the scope still nothing
				if (!ACT[user].includes(key)) {
					const r2 = await c.post(`/api/cases/${no}/actions`, { ...body, version: before.version });
					assert.ok([403, 404].includes(r2.res.status), `${what} (current version): ${r2.text}`);
				}
				assert.deepEqual(await snapshot(key), before, `${what} changed the case`);
			}
		});
	}

	test('enterprise staff: phone masked like 138****8000, no name, address or postcode', async () => {
		const key = 'gd_cm_fwd';
		for (const user of ['cm_staff', 'cm_gd_staff']) {
			const c = client[user];
			const v = await c.view(cases[key].no);
			assert.equal(v.phone, '138****8000', user);
			for (const field of ['name', 'address', 'postcode'])
				assert.equal(v[field], undefined, `${user} sees no ${field}`);
			const text = JSON.stringify(v);
			assert.ok(!text.includes('13800138000'), `${user}: no full phone anywhere`);
			assert.ok(!text.includes(`李四${key}`), `${user}: no name anywhere`);
			assert.ok(!text.includes(`某地某路${key}号`), `${user}: no address anywhere`);
			const item = (await c.listAll('limit=100')).find((i) => i.case_no === cases[key].no);
			assert.equal(item.phone, '138****8000');
			assert.equal(item.name, undefined);
			assert.equal(item.address, undefined);
		}
		const ct = await client.ct_staff.view(cases.gd_ct_fwd.no);
		assert.equal(ct.phone, '133****8003');
		assert.equal(ct.name, undefined);
		// the agency sees everything
		const a = await client.gd_agent.view(cases[key].no);
		assert.equal(a.phone, '13800138000');
		assert.equal(a.name, `李四${key}`);
		assert.equal(a.address, `某地某路${key}号`);
		assert.equal(a.postcode, '510000');
		const item = (await client.gd_agent.listAll('limit=100')).find((i) => i.case_no === cases[key].no);
		assert.equal(item.phone, '13800138000');
		assert.equal(item.name, `李四${key}`);
	});

	test('enterprise staff may only reply, and only on forwarded cases of their enterprise', async () => {
		for (const [user, key] of [['cm_staff', 'gd_cm_fwd'], ['cm_staff', 'bj_cm_fwd'], ['cm_gd_staff', 'gd_cm_fwd'],
			['ct_staff', 'gd_ct_fwd']]) {
			const v = await client[user].view(cases[key].no);
			assert.deepEqual(v.actions.map((a) => a.action), ['reply'], `${user} on ${key}`);
			for (const action of ['accept', 'reject', 'forward', 'close', 'withdraw', 'request_supplement']) {
				const before = await snapshot(key);
				const r = await client[user].post(`/api/cases/${cases[key].no}/actions`,
					{ action, version: before.version, reason: 'no_demand', comment: '说明' });
				assertProblem(r, 403, 'role_not_allowed');
				assert.deepEqual(await snapshot(key), before, `${user} ${action} on ${key}`);
			}
		}
		// agency staff may not reply for the operator
		const before = await snapshot('gd_cm_fwd');
		assertProblem(await client.gd_agent.post(`/api/cases/${cases.gd_cm_fwd.no}/actions`,
			{ action: 'reply', version: before.version, comment: '代企业回复' }), 403, 'role_not_allowed');
		assert.deepEqual(await snapshot('gd_cm_fwd'), before);
	});

	test('explicit filters cannot widen the scope', async () => {
		const none = async (user, q) => {
			const r = await client[user].get(`/api/cases?${q}`);
			assert.equal(r.res.status, 200, r.text);
			assert.deepEqual(r.body.items, [], `${user} ?${q}: ${r.text}`);
			assert.equal(r.body.next, null);
		};
		await none('gd_agent', 'province=11');
		await none('bj_agent', 'province=44');
		await none('cm_gd_staff', 'province=11');
		await none('ct_staff', 'enterprise=中国移动');
		await none('cm_staff', 'enterprise=中国电信');
		const nat = (await client.national.listAll('province=11&limit=100')).map((i) => i.case_no);
		assert.deepEqual(nat, [cases.bj_cm_fwd.no]);
		const cm = (await client.cm_staff.listAll('province=44&limit=100')).map((i) => i.case_no);
		assert.deepEqual(cm, [cases.gd_cm_fwd.no]);
	});

	test('in scope, the action goes through: 44 agency closes the loop with 中国移动广东', async () => {
		const f = await fileComplaint(srv.url, { phone: '13800138009' });
		await client.gd_agent.actOk(f.no, 'accept');
		await client.gd_agent.actOk(f.no, 'forward');
		// cm_staff (group-wide) and cm_gd_staff may both reply; bj_agent may not touch it
		assertProblem(await client.bj_agent.act(f.no, 'withdraw', { version: 3 }), 404, 'not_found');
		const v = await client.cm_gd_staff.actOk(f.no, 'reply', { comment: '已处理' });
		assert.equal(v.state, 'replied');
		assert.equal(v.timeline.at(-1).user_id, ids.cm_gd_staff);
		// after the reply the operator still reads the case but has nothing left to do
		const e = await client.cm_staff.view(f.no);
		assert.deepEqual(e.actions, []);
		assertProblem(await client.cm_staff.act(f.no, 'reply', { comment: '再次回复' }), 409, 'illegal_transition');
		const closed = await client.gd_agent.actOk(f.no, 'close');
		assert.equal(closed.outcome, 'resolved_by_operator');
	});
});
