// The public side and the session machinery: intake validation, following a
// case with its number and query code, what the public may and may not see,
// the survey, rate limits, cookie sessions with CSRF, Bearer tokens, logout,
// and a log that never carries personal data.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
	addUser, assertProblem, complaintForm, fileComplaint, initDb, login, PASSWORD, publicView, QUIET_ENV,
	request, sendJson, staffClient, startServer, waitFor,
} from './lib/shensu.mjs';

const TODAY = '2020-09-29';

describe('public API', () => {
	let db, srv, agent, ent;
	const codes = []; // every query code issued, to look for in the log
	const NAME = '王小明';
	const PHONE = '13712345678';
	const ADDRESS = '广东省深圳市南山区科技园路88号';

	before(async () => {
		db = initDb();
		addUser(db, 'gd_agent', 'agency_staff', { province: '44' });
		addUser(db, 'cm_staff', 'enterprise_staff', { enterprise: '中国移动' });
		srv = await startServer({ db, env: { ...QUIET_ENV, SHENSU_TODAY: TODAY } });
		agent = staffClient(srv.url, (await login(srv.url, 'gd_agent')).token);
		ent = staffClient(srv.url, (await login(srv.url, 'cm_staff')).token);
	});
	after(async () => {
		await srv?.stop();
	});

	const file = async (overrides) => {
		const c = await fileComplaint(srv.url, { name: NAME, phone: PHONE, address: ADDRESS, ...overrides });
		codes.push(c.code);
		return c;
	};
	const post = (body) => sendJson(`${srv.url}/api/complaints`, 'POST', body);
	const pubPost = (c, what, body = {}) =>
		sendJson(`${srv.url}/api/complaints/${c.no}/${what}`, 'POST', { code: c.code, ...body });
	const fields = (p) => p.errors.map((e) => e.field).sort();

	describe('intake validation', () => {
		test('an empty form lists every missing field at once', async () => {
			const p = assertProblem(await post({}), 400, 'invalid_fields');
			assert.ok(Array.isArray(p.errors));
			assert.deepEqual(fields(p), ['address', 'category', 'demand', 'description', 'enterprise', 'name',
				'operator_answer', 'phone', 'province'].sort());
			for (const e of p.errors) {
				assert.equal(typeof e.message, 'string');
				assert.match(e.message, /[^\x00-\x7f]/, `a Chinese message for ${e.field}`);
			}
		});

		test('several bad fields are all reported, each by name', async () => {
			const p = assertProblem(await post(complaintForm({
				province: '99',
				enterprise: '不存在的公司',
				phone: '12345',
				postcode: '5100',
				event_date: '2099-01-01',
				operator_answer: 'unsatisfied',
				operator_date: undefined,
			})), 400, 'invalid_fields');
			assert.deepEqual(fields(p), ['enterprise', 'event_date', 'operator_date', 'phone', 'postcode', 'province']);
		});

		test('category of the wrong scheme, bad subtopic, dates after today, bad dates', async () => {
			let p = assertProblem(await post(complaintForm({ category: '服务争议' })), 400, 'invalid_fields');
			assert.deepEqual(fields(p), ['category'], '2022 classes are not valid on 2020-09-29');
			p = assertProblem(await post(complaintForm({ subtopic: '不存在的子类' })), 400, 'invalid_fields');
			assert.deepEqual(fields(p), ['subtopic']);
			p = assertProblem(await post(complaintForm({ event_date: '2020-09-30', operator_date: '2020-09-30' })),
				400, 'invalid_fields');
			assert.deepEqual(fields(p), ['event_date', 'operator_date'], 'tomorrow is after today');
			p = assertProblem(await post(complaintForm({ event_date: '2020-02-30' })), 400, 'invalid_fields');
			assert.deepEqual(fields(p), ['event_date']);
			p = assertProblem(await post(complaintForm({ operator_answer: 'maybe' })), 400, 'invalid_fields');
			assert.deepEqual(fields(p), ['operator_answer']);
			// dates on today are fine, and not_asked needs no date
			await file({ event_date: TODAY, operator_date: TODAY });
			await file({ operator_answer: 'not_asked', operator_date: undefined });
		});

		test('a bad phone "12345" is rejected with a phone error', async () => {
			const p = assertProblem(await post(complaintForm({ phone: '12345' })), 400, 'invalid_fields');
			assert.deepEqual(fields(p), ['phone']);
			assert.ok(p.errors[0].message.length > 0);
			for (const bad of ['abc', '1380013800', '10086']) {
				const q = assertProblem(await post(complaintForm({ phone: bad })), 400, 'invalid_fields');
				assert.deepEqual(fields(q), ['phone'], bad);
			}
		});

		test('phone spellings are accepted and normalised to digits', async () => {
			for (const spelling of ['+86 138 0013 8000', '138-0013-8000', '１３８００１３８０００', '0086 13800138000']) {
				const r = await post(complaintForm({ phone: spelling }));
				assert.equal(r.res.status, 201, `${spelling}: ${r.text}`);
				codes.push(r.body.query_code);
				const v = await agent.view(r.body.case_no);
				assert.equal(v.phone, '13800138000', spelling);
			}
			const fixed = await post(complaintForm({ phone: '(020) 8765-4321' }));
			assert.equal(fixed.res.status, 201, fixed.text);
			codes.push(fixed.body.query_code);
			assert.equal((await agent.view(fixed.body.case_no)).phone, '02087654321');
		});

		test('not JSON → 400, and nothing is filed', async () => {
			const before = (await agent.listAll('limit=1000')).length;
			const r = await request(`${srv.url}/api/complaints`, {
				method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"province":',
			});
			assert.equal(r.res.status, 400, r.text);
			assert.match(r.res.headers.get('content-type'), /^application\/problem\+json/);
			assert.equal((await agent.listAll('limit=1000')).length, before);
		});
	});

	describe('following a case', () => {
		test('wrong code and unknown number: the same 404', async () => {
			const c = await file();
			const wrongCode = c.code === 'AAAAAAAAAAAA' ? 'BBBBBBBBBBBB' : 'AAAAAAAAAAAA';
			const unknownNo = c.no.replace(/\d{6}$/, '999999');
			const get = (no, code) => request(`${srv.url}/api/complaints/${no}${code === undefined ? '' : `?code=${code}`}`);
			const answers = [
				await get(c.no, wrongCode),
				await get(unknownNo, c.code),
				await get(unknownNo, wrongCode),
				await get(c.no, c.code.toLowerCase() === c.code ? c.code.toUpperCase() : c.code.toLowerCase()),
				await get(c.no, 'short'),
				await get(c.no, undefined),
				await get('nonsense', c.code),
			];
			const first = assertProblem(answers[0], 404, 'not_found');
			for (const [i, r] of answers.entries()) {
				const p = assertProblem(r, 404, first.code);
				assert.equal(p.detail, first.detail, `answer ${i}`);
				assert.equal(p.title, first.title, `answer ${i}`);
				assert.equal(p.type, first.type, `answer ${i}`);
			}
			// the same for the complainant's actions
			for (const what of ['withdraw', 'supplement', 'survey']) {
				const a = await sendJson(`${srv.url}/api/complaints/${c.no}/${what}`, 'POST', { code: wrongCode, score: 5 });
				const b = await sendJson(`${srv.url}/api/complaints/${unknownNo}/${what}`, 'POST', { code: c.code, score: 5 });
				const pa = assertProblem(a, 404, first.code);
				const pb = assertProblem(b, 404, first.code);
				assert.equal(pa.detail, pb.detail, what);
			}
			assert.equal((await publicView(srv.url, c.no, c.code)).state, 'submitted', 'untouched');
		});

		test('the public view carries no personal data', async () => {
			const c = await file({ postcode: '518057', city: '深圳市', demand: '要求退费并赔礼道歉' });
			await agent.actOk(c.no, 'accept');
			await agent.actOk(c.no, 'forward');
			await ent.actOk(c.no, 'reply', { comment: '已联系用户处理' });
			const r = await request(`${srv.url}/api/complaints/${c.no}?code=${c.code}`);
			assert.equal(r.res.status, 200);
			for (const key of ['name', 'phone', 'address', 'postcode'])
				assert.equal(r.body[key], undefined, `no ${key}`);
			for (const secret of [NAME, PHONE, '137****5678', ADDRESS, '518057', c.code])
				assert.ok(!r.text.includes(secret), `public view contains ${secret}`);
			for (const e of r.body.timeline) {
				assert.deepEqual(Object.keys(e).filter((k) => !['at', 'action', 'action_label', 'from', 'to', 'to_label',
					'comment', 'reason'].includes(k)), [], `public event fields: ${JSON.stringify(e)}`);
			}
			assert.deepEqual(r.body.timeline.map((e) => e.action), ['submit', 'accept', 'forward', 'reply']);
		});

		test('internal staff notes never reach the public timeline', async () => {
			const c = await file();
			const note = '内部备注：该用户已多次投诉，注意核实';
			const visible = '请补充最近三个月的账单';
			let v = await agent.actOk(c.no, 'request_supplement', { comment: visible });
			v = await agent.actOk(c.no, 'withdraw', { comment: note, internal: true });
			assert.equal(v.timeline.at(-1).internal, true);
			assert.equal(v.timeline.at(-1).comment, note, 'staff see the note');
			assert.equal(v.timeline.at(-2).internal, false);

			const r = await request(`${srv.url}/api/complaints/${c.no}?code=${c.code}`);
			assert.equal(r.res.status, 200);
			assert.ok(!r.text.includes(note), 'the note is not in the public view');
			assert.ok(!r.text.includes('内部备注'), 'nor any part of it');
			const last = r.body.timeline.at(-1);
			assert.equal(last.action, 'withdraw');
			assert.equal(last.comment, undefined);
			assert.equal(r.body.timeline.at(-2).comment, visible, 'a normal comment is public');
			// a complainant cannot make a note internal
			const d = await file();
			const w = await pubPost(d, 'withdraw', { comment: '不想继续了', internal: true });
			assert.equal(w.res.status, 200, w.text);
			assert.equal(w.body.timeline.at(-1).comment, '不想继续了');
		});
	});

	describe('supplement', () => {
		test('the complainant must say what was supplemented (comment required)', async () => {
			const c = await file();
			await agent.actOk(c.no, 'request_supplement', { comment: '请补充账单' });
			const before = await agent.view(c.no);
			assertProblem(await pubPost(c, 'supplement', {}), 400, 'comment_required');
			assertProblem(await pubPost(c, 'supplement', { comment: '　 ' }), 400, 'comment_required');
			const now = await agent.view(c.no);
			assert.equal(now.state, 'needs_supplement');
			assert.equal(now.version, before.version);
			assert.equal(now.timeline.length, before.timeline.length);
			const r = await pubPost(c, 'supplement', { comment: '已上传账单' });
			assert.equal(r.res.status, 200, r.text);
			assert.equal(r.body.state, 'submitted');
		});
	});

	describe('survey', () => {
		test('open only in final states, score 1–5, once', async () => {
			const c = await file();
			assertProblem(await pubPost(c, 'survey', { score: 5 }), 409, 'survey_not_open');
			await agent.actOk(c.no, 'accept');
			assertProblem(await pubPost(c, 'survey', { score: 5 }), 409, 'survey_not_open');
			await pubPost(c, 'withdraw');
			assert.equal((await publicView(srv.url, c.no, c.code)).survey_open, true);
			for (const score of [0, 6, -1, 2.5, '5', null])
				assertProblem(await pubPost(c, 'survey', { score }), 400, 'invalid_fields');
			assertProblem(await pubPost(c, 'survey', {}), 400, 'invalid_fields');
			const r = await pubPost(c, 'survey', { score: 3, comment: '一般' });
			assert.equal(r.res.status, 201, r.text);
			assert.deepEqual((await publicView(srv.url, c.no, c.code)).survey, { score: 3, comment: '一般' });
			assertProblem(await pubPost(c, 'survey', { score: 4 }), 409, 'survey_answered');
			assert.deepEqual((await publicView(srv.url, c.no, c.code)).survey, { score: 3, comment: '一般' });
		});

		test('not_accepted and enquiry_answered cases may be rated too', async () => {
			const a = await file();
			await agent.actOk(a.no, 'reject', { reason: 'settled' });
			const ra = await pubPost(a, 'survey', { score: 1 });
			assert.equal(ra.res.status, 201, ra.text);
			const sv = (await publicView(srv.url, a.no, a.code)).survey;
			assert.equal(sv?.score, 1);
			assert.ok(sv.comment === undefined || sv.comment === null, `no comment: ${JSON.stringify(sv)}`);
			const b = await file();
			await agent.actOk(b.no, 'answer_enquiry', { comment: '已解答' });
			const rb = await pubPost(b, 'survey', { score: 5 });
			assert.equal(rb.res.status, 201, rb.text);
		});
	});

	describe('sessions', () => {
		test('no session → 401 unauthenticated; a bad token too', async () => {
			for (const p of ['/api/me', '/api/cases', '/api/cases.csv', '/api/cases/44-2020-000001'])
				assertProblem(await request(srv.url + p), 401, 'unauthenticated');
			assertProblem(await sendJson(`${srv.url}/api/cases/44-2020-000001/actions`, 'POST', { action: 'accept', version: 1 }),
				401, 'unauthenticated');
			assertProblem(await sendJson(`${srv.url}/api/logout`, 'POST', {}), 401, 'unauthenticated');
			assertProblem(await request(`${srv.url}/api/me`, { headers: { authorization: 'Bearer nonsense' } }), 401,
				'unauthenticated');
			assertProblem(await request(`${srv.url}/api/me`, { headers: { cookie: `shensu_session=${'x'.repeat(43)}` } }),
				401, 'unauthenticated');
		});

		test('wrong password and unknown user: the same 401 login_failed', async () => {
			const a = assertProblem(await sendJson(`${srv.url}/api/login`, 'POST', { name: 'gd_agent', password: 'wrong-password' }),
				401, 'login_failed');
			const b = assertProblem(await sendJson(`${srv.url}/api/login`, 'POST', { name: 'nobody', password: PASSWORD }),
				401, 'login_failed');
			assert.equal(a.detail, b.detail);
			assert.equal(a.title, b.title);
		});

		test('login sets an HttpOnly, SameSite=Strict cookie and returns the user', async () => {
			const s = await login(srv.url, 'gd_agent');
			assert.ok(s.cookie, `a shensu_session cookie: ${s.setCookie}`);
			assert.match(s.setCookie, /HttpOnly/i);
			assert.match(s.setCookie, /SameSite=Strict/i);
			assert.equal(typeof s.token, 'string');
			assert.equal(typeof s.csrf, 'string');
			assert.notEqual(s.token, s.csrf);
			assert.equal(s.user.name, 'gd_agent');
			assert.equal(s.user.role, 'agency_staff');
			assert.equal(s.user.province, '44');
			assert.equal(typeof s.user.id, 'number');
			const me = await request(`${srv.url}/api/me`, { headers: { cookie: s.cookie } });
			assert.equal(me.res.status, 200, me.text);
			assert.equal(me.body.name, 'gd_agent');
			// a page reloaded with only its cookie gets its CSRF token back
			assert.equal(me.body.csrf_token, s.csrf);
		});

		test('cookie sessions: unsafe requests need X-CSRF-Token, GET does not', async () => {
			const s = await login(srv.url, 'gd_agent');
			const c = await file();
			const url = `${srv.url}/api/cases/${c.no}/actions`;
			const view = await request(`${srv.url}/api/cases/${c.no}`, { headers: { cookie: s.cookie } });
			assert.equal(view.res.status, 200, 'GET needs no CSRF token');
			const body = { action: 'accept', version: view.body.version };
			assertProblem(await sendJson(url, 'POST', body, { cookie: s.cookie }), 403, 'csrf_failed');
			assertProblem(await sendJson(url, 'POST', body, { cookie: s.cookie, 'x-csrf-token': 'wrong' }), 403, 'csrf_failed');
			const other = await login(srv.url, 'gd_agent');
			// another session's CSRF token does not do
			assertProblem(await sendJson(url, 'POST', body, { cookie: s.cookie, 'x-csrf-token': other.csrf }), 403,
				'csrf_failed');
			assertProblem(await sendJson(`${srv.url}/api/logout`, 'POST', {}, { cookie: s.cookie }), 403, 'csrf_failed');
			assert.equal((await agent.view(c.no)).version, 1, 'nothing changed');
			const ok = await sendJson(url, 'POST', body, { cookie: s.cookie, 'x-csrf-token': s.csrf });
			assert.equal(ok.res.status, 200, ok.text);
			assert.equal(ok.body.state, 'accepted');
			// the session survived the refused logout
			assert.equal((await request(`${srv.url}/api/me`, { headers: { cookie: s.cookie } })).res.status, 200);
		});

		test('Bearer tokens need no CSRF token', async () => {
			const s = await login(srv.url, 'gd_agent');
			const c = await file();
			const r = await sendJson(`${srv.url}/api/cases/${c.no}/actions`, 'POST', { action: 'accept', version: 1 },
				{ authorization: `Bearer ${s.token}` });
			assert.equal(r.res.status, 200, r.text);
		});

		test('logout invalidates the session (token and cookie)', async () => {
			const s = await login(srv.url, 'gd_agent');
			const auth = { authorization: `Bearer ${s.token}` };
			assert.equal((await request(`${srv.url}/api/me`, { headers: auth })).res.status, 200);
			const out = await sendJson(`${srv.url}/api/logout`, 'POST', {}, auth);
			assert.equal(out.res.status, 200, out.text);
			assert.match(out.res.headers.get('set-cookie') ?? '', /shensu_session=;|Max-Age=0/i, 'the cookie is cleared');
			assertProblem(await request(`${srv.url}/api/me`, { headers: auth }), 401, 'unauthenticated');
			assertProblem(await request(`${srv.url}/api/me`, { headers: { cookie: s.cookie } }), 401, 'unauthenticated');
			assertProblem(await request(`${srv.url}/api/cases`, { headers: auth }), 401, 'unauthenticated');
			assertProblem(await sendJson(`${srv.url}/api/logout`, 'POST', {}, auth), 401, 'unauthenticated');
			// other sessions are unaffected
			assert.equal((await agent.get('/api/me')).res.status, 200);
		});
	});

	describe('the server log', () => {
		test('never contains the phone number, the name, the address or a query code', async () => {
			const c = await file();
			await publicView(srv.url, c.no, c.code);
			await pubPost(c, 'withdraw', { comment: `我是${NAME}，电话${PHONE}` });
			await pubPost(c, 'survey', { score: 4, comment: `${NAME}满意` });
			await sendJson(`${srv.url}/api/login`, 'POST', { name: 'gd_agent', password: 'wrong-password-x' });
			await request(`${srv.url}/api/complaints/${c.no}?code=${c.code}&phone=${PHONE}`);
			await waitFor(() => srv.logs.some((l) => l.includes('"status":401')), 5000, 'the failed login is logged');
			assert.ok(codes.length > 10);
			const log = srv.stderr();
			for (const line of srv.logs) assert.doesNotThrow(() => JSON.parse(line), `JSON line: ${line}`);
			const forbidden = [PHONE, '137 1234 5678', NAME, ADDRESS, '张三', '13800138000', PASSWORD, 'wrong-password-x',
				...codes];
			for (const s of forbidden) assert.ok(!log.includes(s), `the log contains ${s}`);
		});
	});
});

describe('rate limits (fresh servers)', () => {
	test('public endpoints: SHENSU_RATE_PUBLIC=5 (burst 20) → 429 rate_limited with Retry-After', async () => {
		const srv = await startServer({ env: { SHENSU_RATE_PUBLIC: '5', SHENSU_TODAY: TODAY } });
		try {
			const c = await fileComplaint(srv.url); // one token
			const url = `${srv.url}/api/complaints/${c.no}?code=${c.code}`;
			const results = [];
			for (let i = 0; i < 40; i++) results.push(await request(url));
			const statuses = results.map((r) => r.res.status);
			const ok = statuses.filter((s) => s === 200).length;
			const limited = results.filter((r) => r.res.status === 429);
			assert.ok(limited.length >= 15, `some requests are limited: ${statuses.join(',')}`);
			assert.ok(ok >= 15 && ok <= 21, `about the burst gets through: ${ok}`);
			assert.deepEqual(statuses.filter((s) => s !== 200 && s !== 429), []);
			for (const r of limited) {
				assertProblem(r, 429, 'rate_limited');
				const retry = r.res.headers.get('retry-after');
				assert.match(retry ?? '', /^\d+$/, 'Retry-After in seconds');
				assert.ok(Number(retry) >= 1 && Number(retry) <= 60, retry);
			}
			// intake counts against the same limit
			assertProblem(await sendJson(`${srv.url}/api/complaints`, 'POST', complaintForm()), 429, 'rate_limited');
			// reference data and health are not limited
			assert.equal((await request(`${srv.url}/api/health`)).res.status, 200);
			assert.equal((await request(`${srv.url}/api/reference/provinces`)).res.status, 200);
		} finally {
			await srv.stop();
		}
	});

	test('SHENSU_RATE_PUBLIC=0 disables the public limit', async () => {
		const srv = await startServer({ env: { SHENSU_RATE_PUBLIC: '0', SHENSU_TODAY: TODAY } });
		try {
			const c = await fileComplaint(srv.url);
			const url = `${srv.url}/api/complaints/${c.no}?code=${c.code}`;
			for (let i = 0; i < 60; i++) {
				const r = await request(url);
				assert.equal(r.res.status, 200, `request ${i}: ${r.text}`);
			}
		} finally {
			await srv.stop();
		}
	});

	test('login: the 6th or so rapid wrong login → 429 rate_limited with Retry-After', async () => {
		const db = initDb();
		addUser(db, 'gd_agent', 'agency_staff', { province: '44' });
		const srv = await startServer({ db, env: { SHENSU_RATE_PUBLIC: '0' } });
		try {
			const statuses = [];
			let limited = null;
			for (let i = 0; i < 10 && !limited; i++) {
				const r = await sendJson(`${srv.url}/api/login`, 'POST', { name: 'gd_agent', password: `wrong-${i}` });
				statuses.push(r.res.status);
				if (r.res.status === 429) limited = r;
				else assertProblem(r, 401, 'login_failed');
			}
			assert.ok(limited, `no 429 after ${statuses.length} attempts: ${statuses.join(',')}`);
			assert.ok(statuses.length >= 5 && statuses.length <= 7, `limited at attempt ${statuses.length}`);
			assertProblem(limited, 429, 'rate_limited');
			assert.match(limited.res.headers.get('retry-after') ?? '', /^\d+$/);
			assert.ok(Number(limited.res.headers.get('retry-after')) >= 1);
			// even the right password is refused while limited
			const right = await sendJson(`${srv.url}/api/login`, 'POST', { name: 'gd_agent', password: PASSWORD });
			assertProblem(right, 429, 'rate_limited');
		} finally {
			await srv.stop();
		}
	});
});
