// The complaint lifecycle end to end: every path a case can take, every
// refused transition, deadlines and the overdue queue, lists and the CSV export.
// "Today" is pinned to 2020-09-29 (SHENSU_TODAY); a second server on the same
// database is pinned to 2020-10-20 to see the clocks run out.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
	addUser, assertProblem, complaintForm, fileComplaint, initDb, login, parseCsv, publicView,
	QUIET_ENV, request, run, sendJson, show, sql, staffClient, startServer, tempDir,
} from './lib/shensu.mjs';

const TODAY = '2020-09-29';
const LATER = '2020-10-20';

/* Which actions agency staff may take in each state (lifecycle.h). */
const AGENCY_ACTIONS = ['request_supplement', 'accept', 'reject', 'answer_enquiry', 'forward', 'close',
	'start_mediation', 'mediation_agreement', 'mediation_failed', 'withdraw'];
const ALLOWED = {
	submitted: ['request_supplement', 'accept', 'reject', 'answer_enquiry', 'withdraw'],
	needs_supplement: ['withdraw'],
	accepted: ['forward', 'withdraw'],
	forwarded: ['withdraw'],
	replied: ['close', 'start_mediation', 'withdraw'],
	mediation: ['mediation_agreement', 'mediation_failed', 'withdraw'],
	closed: [],
	not_accepted: [],
	enquiry_answered: [],
};
const STATES = Object.keys(ALLOWED);
const OPEN_STATES = ['submitted', 'needs_supplement', 'accepted', 'forwarded', 'replied', 'mediation'];
const FINAL_STATES = ['closed', 'not_accepted', 'enquiry_answered'];
/* States a case of 中国移动 reaches only after being forwarded (the operator can read it). */
const FORWARDED_HISTORY = new Set(['forwarded', 'replied', 'mediation', 'closed']);

/** Body fields that make an action well-formed, so a refusal is about the state. */
function wellFormed(action) {
	if (action === 'reject') return { reason: 'no_demand', comment: '测试' };
	return { comment: '测试说明' };
}

const sorted = (a) => [...a].sort();

/** Asserts the fields of a timeline event (only those given). */
function assertEvent(ev, expected, what = 'event') {
	assert.ok(ev, `${what}: missing`);
	for (const [k, v] of Object.entries(expected))
		assert.deepEqual(ev[k], v, `${what}.${k}: ${JSON.stringify(ev)}`);
}

describe('complaint lifecycle', () => {
	let db, srv, later, agent, ent, regulator, admin;
	let agentId, entId;

	before(async () => {
		db = initDb();
		addUser(db, 'gd_agent', 'agency_staff', { province: '44' });
		addUser(db, 'cm_gd_staff', 'enterprise_staff', { enterprise: '中国移动', province: '44' });
		addUser(db, 'regulator1', 'regulator');
		addUser(db, 'admin1', 'admin');
		srv = await startServer({ db, env: { ...QUIET_ENV, SHENSU_TODAY: TODAY } });
		later = await startServer({ db, env: { ...QUIET_ENV, SHENSU_TODAY: LATER } });
		const a = await login(srv.url, 'gd_agent');
		const e = await login(srv.url, 'cm_gd_staff');
		agent = staffClient(srv.url, a.token);
		ent = staffClient(srv.url, e.token);
		regulator = staffClient(srv.url, (await login(srv.url, 'regulator1')).token);
		admin = staffClient(srv.url, (await login(srv.url, 'admin1')).token);
		agentId = a.user.id;
		entId = e.user.id;
	});
	after(async () => {
		await srv?.stop();
		await later?.stop();
	});

	const file = (overrides) => fileComplaint(srv.url, overrides);
	const pub = (c, s = srv) => publicView(s.url, c.no, c.code);
	/** A complainant's POST /api/complaints/NO/WHAT with the query code. */
	const pubPost = (c, what, body = {}, s = srv) =>
		sendJson(`${s.url}/api/complaints/${c.no}/${what}`, 'POST', { code: c.code, ...body });
	const calendarAdd = async (from, days) => {
		const r = await request(`${srv.url}/api/calendar/add?from=${from}&days=${days}`);
		assert.equal(r.res.status, 200, r.text);
		return r.body.date;
	};
	/** state, version and the number of events, to show that nothing changed. */
	const snapshot = async (no) => {
		const v = await agent.view(no);
		return { state: v.state, version: v.version, events: v.timeline.length, outcome: v.outcome };
	};

	/** A new case of 中国移动 in Guangdong brought to `state`. */
	async function caseIn(state, overrides = {}) {
		const c = await file(overrides);
		const go = (action, extra = {}) => agent.actOk(c.no, action, extra);
		switch (state) {
		case 'submitted':
			break;
		case 'needs_supplement':
			await go('request_supplement', { comment: '请补充缴费凭证' });
			break;
		case 'not_accepted':
			await go('reject', { reason: 'no_demand' });
			break;
		case 'enquiry_answered':
			await go('answer_enquiry', { comment: '已电话解答' });
			break;
		default: {
			await go('accept');
			if (state === 'accepted') break;
			await go('forward');
			if (state === 'forwarded') break;
			await ent.actOk(c.no, 'reply', { comment: '已为用户退费50元' });
			if (state === 'replied') break;
			if (state === 'closed') {
				await go('close');
				break;
			}
			await go('start_mediation');
			assert.equal(state, 'mediation', `caseIn: unknown state ${state}`);
		}
		}
		const v = await agent.view(c.no);
		assert.equal(v.state, state, `caseIn(${state})`);
		return { ...c, version: v.version };
	}

	describe('filing', () => {
		test('a case filed on 2020-09-29: number, query code, Location and both clocks', async () => {
			const c = await file();
			assert.equal(c.body.state, 'submitted');
			assert.equal(c.body.accept_due, '2020-10-13');
			assert.equal(c.body.answer_due, '2020-10-29');
			assert.equal(await calendarAdd(TODAY, 5), '2020-10-13', '5 working days across National Day');
			assert.equal(typeof c.code, 'string');
			assert.equal(c.code.length, 12);
			assert.equal(c.res.headers.get('location'), `/api/complaints/${c.no}`);
			const m = /^44-(\d{4})-(\d{6})$/.exec(c.no);
			assert.ok(m, `case number ${c.no}`);

			const v = await agent.view(c.no);
			// the year is that of the real receipt time (Beijing), not of SHENSU_TODAY
			assert.equal(m[1], v.received_at.slice(0, 4), `${c.no} vs received_at ${v.received_at}`);
			assert.equal(v.state, 'submitted');
			assert.equal(v.version, 1);
			assert.equal(v.materials_day, TODAY);
			assert.equal(v.accept_due, '2020-10-13');
			assert.equal(v.answer_due, '2020-10-29');
			assert.equal(v.reply_due, null);
			assert.equal(v.next_due, '2020-10-13');
			assert.equal(v.overdue, false);
			assert.equal(v.timeline.length, 1);
			assertEvent(v.timeline[0], { action: 'submit', from: 'submitted', to: 'submitted', role: 'complainant',
				internal: false });
			assert.deepEqual(sorted(v.actions.map((a) => a.action)), sorted(ALLOWED.submitted));

			const p = await pub(c);
			assert.equal(p.case_no, c.no);
			assert.equal(p.state, 'submitted');
			assert.equal(typeof p.state_label, 'string');
			assert.equal(p.timeline.length, 1);
			assertEvent(p.timeline[0], { action: 'submit', to: 'submitted' });
			assert.equal(typeof p.timeline[0].at, 'string');
			assert.equal(typeof p.timeline[0].action_label, 'string');
			assert.equal(typeof p.timeline[0].to_label, 'string');
			assert.deepEqual(sorted(p.actions.map((a) => a.action)), ['withdraw']);
			assert.equal(p.survey_open, false);
		});

		test('case numbers count up within the province', async () => {
			const a = await file();
			const b = await file();
			const seq = (no) => Number(no.split('-')[2]);
			assert.equal(a.no.slice(0, 8), b.no.slice(0, 8));
			assert.ok(seq(b.no) > seq(a.no), `${a.no} then ${b.no}`);
			const bj = await file({ province: '11' });
			assert.match(bj.no, /^11-\d{4}-\d{6}$/);
		});
	});

	describe('not admissible', () => {
		test('reject with each reason code → not_accepted, the reason on both views', async () => {
			const reasons = (await request(`${srv.url}/api/reference/reasons`)).body;
			assert.ok(reasons.length >= 3);
			for (const r of reasons) {
				const c = await file();
				const comment = `不予受理：${r.title}`;
				const v = await agent.actOk(c.no, 'reject', { version: 1, reason: r.code, comment });
				assert.equal(v.state, 'not_accepted', r.code);
				assert.equal(v.version, 2);
				assert.equal(v.reason, r.code);
				assert.equal(v.reason_title, r.title);
				assert.equal(typeof v.closed_at, 'string', `${r.code}: closed_at is set`);
				assert.deepEqual(v.actions, [], 'a final state offers no action');
				assert.equal(v.timeline.length, 2);
				assertEvent(v.timeline[1], { action: 'reject', from: 'submitted', to: 'not_accepted',
					role: 'agency_staff', user_id: agentId, reason: r.code, comment, internal: false }, r.code);

				const p = await pub(c);
				assert.equal(p.state, 'not_accepted');
				assert.equal(p.reason, r.code);
				assert.equal(p.timeline.length, 2);
				assertEvent(p.timeline[1], { action: 'reject', from: 'submitted', to: 'not_accepted', comment },
					`public ${r.code}`);
				assert.deepEqual(p.actions, []);
				assert.equal(p.survey_open, true);
			}
		});

		test('reject without a reason or with an unknown one is refused and changes nothing', async () => {
			const c = await file();
			const before = await snapshot(c.no);
			assertProblem(await agent.act(c.no, 'reject', { version: 1 }), 400, 'reason_required');
			assertProblem(await agent.act(c.no, 'reject', { version: 1, reason: '' }), 400, 'reason_required');
			assertProblem(await agent.act(c.no, 'reject', { version: 1, reason: 'no_such_reason' }), 400,
				'unknown_reason');
			assert.deepEqual(await snapshot(c.no), before);
		});
	});

	describe('supplement', () => {
		test('request_supplement → complainant supplements (clocks restart) → accept', async () => {
			const c = await file();
			const before = await snapshot(c.no);
			assertProblem(await agent.act(c.no, 'request_supplement', { version: 1 }), 400, 'comment_required');
			assertProblem(await agent.act(c.no, 'request_supplement', { version: 1, comment: '  ' }), 400,
				'comment_required');
			assert.deepEqual(await snapshot(c.no), before);

			const ask = '请补充缴费凭证和账单截图';
			let v = await agent.actOk(c.no, 'request_supplement', { version: 1, comment: ask });
			assert.equal(v.state, 'needs_supplement');
			assertEvent(v.timeline.at(-1), { action: 'request_supplement', from: 'submitted', to: 'needs_supplement',
				role: 'agency_staff', user_id: agentId, comment: ask });
			assert.deepEqual(sorted(v.actions.map((a) => a.action)), ['withdraw']);

			let p = await pub(c);
			assert.equal(p.state, 'needs_supplement');
			assert.deepEqual(sorted(p.actions.map((a) => a.action)), ['supplement', 'withdraw']);
			assertEvent(p.timeline.at(-1), { action: 'request_supplement', to: 'needs_supplement', comment: ask });

			// a wrong query code is not enough
			assertProblem(await sendJson(`${srv.url}/api/complaints/${c.no}/supplement`, 'POST',
				{ code: 'AAAAAAAAAAAA', comment: 'x' }), 404, 'not_found');

			// the materials arrive on 2020-10-20 (the second server's today)
			const added = '已补充缴费凭证';
			const r = await pubPost(c, 'supplement', { comment: added }, later);
			assert.equal(r.res.status, 200, r.text);
			assert.equal(r.body.state, 'submitted');
			assert.equal(r.body.name, undefined, 'the answer is the public view');
			assert.equal(r.body.phone, undefined);
			assertEvent(r.body.timeline.at(-1), { action: 'supplement', from: 'needs_supplement', to: 'submitted',
				comment: added });

			v = await agent.view(c.no);
			assert.equal(v.state, 'submitted');
			assertEvent(v.timeline.at(-1), { action: 'supplement', from: 'needs_supplement', to: 'submitted',
				role: 'complainant', user_id: 0, comment: added, internal: false });
			const supplemented = v;

			// only once: the case is submitted again
			assertProblem(await pubPost(c, 'supplement', { comment: '再次补充' }), 409, 'illegal_transition');

			v = await agent.actOk(c.no, 'accept');
			assert.equal(v.state, 'accepted');
			assert.deepEqual(v.timeline.map((e) => e.action),
				['submit', 'request_supplement', 'supplement', 'accept']);
			p = await pub(c);
			assert.deepEqual(p.timeline.map((e) => e.action), ['submit', 'request_supplement', 'supplement', 'accept']);
			assert.deepEqual(p.timeline.map((e) => e.to), ['submitted', 'needs_supplement', 'submitted', 'accepted']);

			// the clocks restarted on the supplement day, the second server's today
			assert.equal(supplemented.materials_day, LATER, 'materials complete on the supplement day');
			assert.equal(supplemented.accept_due, await calendarAdd(LATER, 5),
				'accept_due: 5 working days after the supplement day');
			assert.equal(supplemented.answer_due, '2020-11-19', 'answer_due: 30 days after the supplement day');
		});
	});

	describe('enquiry', () => {
		test('answer_enquiry → enquiry_answered (final)', async () => {
			const c = await file({ demand: '想了解套餐资费如何计算' });
			const answer = '已电话告知资费计算方式';
			const v = await agent.actOk(c.no, 'answer_enquiry', { version: 1, comment: answer });
			assert.equal(v.state, 'enquiry_answered');
			assert.equal(typeof v.closed_at, 'string');
			assert.deepEqual(v.actions, []);
			assertEvent(v.timeline.at(-1), { action: 'answer_enquiry', from: 'submitted', to: 'enquiry_answered',
				role: 'agency_staff', user_id: agentId, comment: answer });
			const p = await pub(c);
			assert.equal(p.state, 'enquiry_answered');
			assertEvent(p.timeline.at(-1), { action: 'answer_enquiry', to: 'enquiry_answered', comment: answer });
			assert.deepEqual(p.actions, []);
			assert.equal(p.survey_open, true);
		});
	});

	describe('withdrawal by the complainant', () => {
		for (const state of OPEN_STATES) {
			test(`from ${state} → closed (withdrawn)`, async () => {
				const c = await caseIn(state);
				const before = await snapshot(c.no);
				const p0 = await pub(c);
				assert.ok(p0.actions.some((a) => a.action === 'withdraw'), `withdraw offered in ${state}`);
				const why = '问题已自行解决，撤回申诉';
				const r = await pubPost(c, 'withdraw', { comment: why });
				assert.equal(r.res.status, 200, r.text);
				assert.equal(r.body.state, 'closed');
				assert.equal(r.body.outcome, 'withdrawn');
				assert.equal(r.body.phone, undefined, 'the answer is the public view');
				assertEvent(r.body.timeline.at(-1), { action: 'withdraw', from: state, to: 'closed', comment: why });

				const p = await pub(c);
				assert.equal(p.state, 'closed');
				assert.equal(p.timeline.length, p0.timeline.length + 1);
				assertEvent(p.timeline.at(-1), { action: 'withdraw', from: state, to: 'closed', comment: why });
				assert.deepEqual(p.actions, []);
				assert.equal(p.survey_open, true);

				const v = await agent.view(c.no);
				assert.equal(v.state, 'closed');
				assert.equal(v.outcome, 'withdrawn');
				assert.equal(typeof v.closed_at, 'string');
				assert.equal(v.version, before.version + 1);
				assert.equal(v.timeline.length, before.events + 1);
				assertEvent(v.timeline.at(-1), { action: 'withdraw', from: state, to: 'closed', role: 'complainant',
					user_id: 0, comment: why, internal: false });

				const again = await snapshot(c.no);
				assertProblem(await pubPost(c, 'withdraw', {}), 409, 'illegal_transition');
				assert.deepEqual(await snapshot(c.no), again);
			});
		}

		test('agency staff may record a withdrawal made by phone', async () => {
			const c = await caseIn('accepted');
			const v = await agent.actOk(c.no, 'withdraw', { comment: '申诉人来电撤回' });
			assert.equal(v.state, 'closed');
			assert.equal(v.outcome, 'withdrawn');
			assertEvent(v.timeline.at(-1), { action: 'withdraw', from: 'accepted', to: 'closed', role: 'agency_staff',
				user_id: agentId, comment: '申诉人来电撤回' });
		});
	});

	describe('operator reply, then close', () => {
		test('accept → forward → reply (enterprise) → close: resolved_by_operator', async () => {
			const c = await file();
			let v = await agent.actOk(c.no, 'accept', { version: 1, comment: '符合受理条件' });
			assert.equal(v.state, 'accepted');
			assert.equal(v.version, 2);
			v = await agent.actOk(c.no, 'forward', { version: 2 });
			assert.equal(v.state, 'forwarded');
			assert.equal(v.version, 3);
			assert.equal(v.forwarded_to, '中国移动广东分公司');
			assert.match(v.reply_due ?? '', /^\d{4}-\d{2}-\d{2}$/);
			assert.deepEqual(sorted(v.actions.map((a) => a.action)), ['withdraw']);

			// the operator sees it, may only reply, and must say something
			let ev = await ent.view(c.no);
			assert.deepEqual(ev.actions.map((a) => a.action), ['reply']);
			assertProblem(await ent.act(c.no, 'reply', { version: 3 }), 400, 'comment_required');
			assert.equal((await snapshot(c.no)).version, 3);
			const reply = '经核实多收流量费50元，已退还';
			ev = await ent.actOk(c.no, 'reply', { version: 3, comment: reply });
			assert.equal(ev.state, 'replied');
			assert.deepEqual(ev.actions, []);
			assertEvent(ev.timeline.at(-1), { action: 'reply', from: 'forwarded', to: 'replied',
				role: 'enterprise_staff', user_id: entId, comment: reply });

			v = await agent.actOk(c.no, 'close', { comment: '企业已退费，办结' });
			assert.equal(v.state, 'closed');
			assert.equal(v.outcome, 'resolved_by_operator');
			assert.equal(typeof v.closed_at, 'string');
			assert.equal(v.version, 5);
			assert.deepEqual(v.timeline.map((e) => e.action), ['submit', 'accept', 'forward', 'reply', 'close']);
			assert.deepEqual(v.timeline.map((e) => e.role),
				['complainant', 'agency_staff', 'agency_staff', 'enterprise_staff', 'agency_staff']);
			assert.deepEqual(v.timeline.map((e) => e.user_id), [0, agentId, agentId, entId, agentId]);
			assert.deepEqual(v.timeline.map((e) => e.from),
				['submitted', 'submitted', 'accepted', 'forwarded', 'replied']);
			assert.deepEqual(v.timeline.map((e) => e.to), ['submitted', 'accepted', 'forwarded', 'replied', 'closed']);

			const p = await pub(c);
			assert.equal(p.state, 'closed');
			assert.equal(p.outcome, 'resolved_by_operator');
			assert.deepEqual(p.timeline.map((e) => e.action), ['submit', 'accept', 'forward', 'reply', 'close']);
			assert.deepEqual(p.timeline.map((e) => e.to), ['submitted', 'accepted', 'forwarded', 'replied', 'closed']);
			assertEvent(p.timeline[3], { action: 'reply', comment: reply });
			for (const e of p.timeline) {
				assert.equal(e.role, undefined, 'no staff roles on the public timeline');
				assert.equal(e.user_id, undefined, 'no staff ids on the public timeline');
			}
			assert.equal(p.survey_open, true);
		});

		test('forwarding on 2020-09-29 gives the operator 10 working days (reply_due per the calendar)', async () => {
			// 09-30, then National Day 10-01..08 off, 10-09, 10-10 (a Saturday worked), 10-12 … 10-20
			const expected = await calendarAdd(TODAY, 10);
			assert.equal(expected, '2020-10-20');
			const c = await caseIn('accepted');
			const v = await agent.actOk(c.no, 'forward');
			assert.equal(v.reply_due, expected,
				`reply_due counts from the server's today (SHENSU_TODAY=${TODAY}); got ${v.reply_due}`);
			assert.equal(v.next_due, expected, 'next_due: the reply deadline comes before answer_due 2020-10-29');
		});
	});

	describe('mediation', () => {
		for (const [action, outcome] of [['mediation_agreement', 'mediated_agreement'],
			['mediation_failed', 'mediation_failed']]) {
			test(`replied → start_mediation → ${action}: closed (${outcome})`, async () => {
				const c = await caseIn('replied');
				let v = await agent.actOk(c.no, 'start_mediation', { comment: '申诉人对企业回复不满意，组织调解' });
				assert.equal(v.state, 'mediation');
				assert.deepEqual(sorted(v.actions.map((a) => a.action)), sorted(ALLOWED.mediation));
				assertEvent(v.timeline.at(-1), { action: 'start_mediation', from: 'replied', to: 'mediation',
					role: 'agency_staff', user_id: agentId });
				const note = action === 'mediation_agreement' ? '双方同意退费并赠送流量' : '双方未达成一致，可申请仲裁或起诉';
				v = await agent.actOk(c.no, action, { comment: note });
				assert.equal(v.state, 'closed');
				assert.equal(v.outcome, outcome);
				assert.equal(typeof v.closed_at, 'string');
				assertEvent(v.timeline.at(-1), { action, from: 'mediation', to: 'closed', role: 'agency_staff',
					user_id: agentId, comment: note });
				assert.deepEqual(v.timeline.map((e) => e.action),
					['submit', 'accept', 'forward', 'reply', 'start_mediation', action]);

				const p = await pub(c);
				assert.equal(p.state, 'closed');
				assert.equal(p.outcome, outcome);
				assert.deepEqual(p.timeline.map((e) => e.action),
					['submit', 'accept', 'forward', 'reply', 'start_mediation', action]);
				assertEvent(p.timeline.at(-1), { action, from: 'mediation', to: 'closed', comment: note });
				assert.equal(p.survey_open, true);
			});
		}
	});

	describe('survey', () => {
		test('only once the case is closed, once, score 1–5', async () => {
			const c = await caseIn('replied');
			assertProblem(await pubPost(c, 'survey', { score: 5 }), 409, 'survey_not_open');
			await agent.actOk(c.no, 'close');
			assertProblem(await pubPost(c, 'survey', { score: 0 }), 400, 'invalid_fields');
			assertProblem(await pubPost(c, 'survey', { score: 6 }), 400, 'invalid_fields');
			let p = await pub(c);
			assert.equal(p.survey_open, true);
			assert.equal(p.survey, undefined);
			const r = await pubPost(c, 'survey', { score: 5, comment: '处理及时，满意' });
			assert.equal(r.res.status, 201, r.text);
			assert.equal(r.body.score, 5);
			p = await pub(c);
			assert.deepEqual(p.survey, { score: 5, comment: '处理及时，满意' });
			assertProblem(await pubPost(c, 'survey', { score: 1 }), 409, 'survey_answered');
			assert.deepEqual((await pub(c)).survey, { score: 5, comment: '处理及时，满意' });
		});
	});

	describe('illegal transitions change nothing', () => {
		/** one case in each state */
		const cases = {};
		before(async () => {
			for (const s of STATES) cases[s] = await caseIn(s);
		});

		test('each state offers agency staff exactly the allowed actions', async () => {
			for (const s of STATES) {
				const v = await agent.view(cases[s].no);
				assert.deepEqual(sorted(v.actions.map((a) => a.action)), sorted(ALLOWED[s]), s);
				const p = await pub(cases[s]);
				const mine = s === 'needs_supplement' ? ['supplement', 'withdraw'] : OPEN_STATES.includes(s) ? ['withdraw'] : [];
				assert.deepEqual(sorted(p.actions.map((a) => a.action)), mine, `public ${s}`);
				assert.equal(p.survey_open, FINAL_STATES.includes(s), `survey_open in ${s}`);
			}
		});

		test('agency staff: every (state, action) outside the allowed set → 409 illegal_transition', async () => {
			let tried = 0;
			for (const s of STATES) {
				const c = cases[s];
				for (const action of AGENCY_ACTIONS) {
					if (ALLOWED[s].includes(action)) continue;
					const before = await snapshot(c.no);
					const r = await agent.act(c.no, action, { version: before.version, ...wellFormed(action) });
					assertProblem(r, 409, 'illegal_transition');
					assert.deepEqual(await snapshot(c.no), before, `${action} in ${s} changed the case`);
					tried++;
				}
			}
			assert.equal(tried, STATES.length * AGENCY_ACTIONS.length -
				Object.values(ALLOWED).reduce((n, a) => n + a.length, 0));
		});

		test('enterprise staff: reply outside forwarded → 409 (or 404 when never forwarded to them)', async () => {
			for (const s of STATES) {
				if (s === 'forwarded') continue;
				const c = cases[s];
				const before = await snapshot(c.no);
				const r = await ent.act(c.no, 'reply', { version: before.version, comment: '回复' });
				if (FORWARDED_HISTORY.has(s)) assertProblem(r, 409, 'illegal_transition');
				else assertProblem(r, 404, 'not_found');
				assert.deepEqual(await snapshot(c.no), before, `reply in ${s} changed the case`);
			}
		});

		test('complainant: supplement outside needs_supplement, withdraw of a final case → 409', async () => {
			for (const s of STATES) {
				const c = cases[s];
				const before = await snapshot(c.no);
				if (s !== 'needs_supplement')
					assertProblem(await pubPost(c, 'supplement', { comment: '补充' }), 409, 'illegal_transition');
				if (FINAL_STATES.includes(s))
					assertProblem(await pubPost(c, 'withdraw', {}), 409, 'illegal_transition');
				assert.deepEqual(await snapshot(c.no), before, s);
			}
		});

		test('roles: agency reply, enterprise accept/close/withdraw, regulator and admin → 403', async () => {
			const fwd = cases.forwarded;
			const sub = cases.submitted;
			const checks = [
				[agent, fwd, 'reply', ['role_not_allowed']],
				[ent, fwd, 'accept', ['role_not_allowed']],
				[ent, fwd, 'withdraw', ['role_not_allowed']],
				[ent, fwd, 'forward', ['role_not_allowed']],
				[regulator, sub, 'accept', ['role_not_allowed', 'out_of_scope']],
				[regulator, fwd, 'withdraw', ['role_not_allowed', 'out_of_scope']],
			];
			for (const [who, c, action, codes] of checks) {
				const before = await snapshot(c.no);
				const r = await who.post(`/api/cases/${c.no}/actions`,
					{ action, version: before.version, ...wellFormed(action) });
				assert.equal(r.res.status, 403, `${action}: ${r.text}`);
				assert.ok(codes.includes(r.body?.code), `${action}: ${r.text}`);
				assertProblem(r, 403, r.body.code);
				assert.deepEqual(await snapshot(c.no), before, `${action} changed the case`);
			}
			const before = await snapshot(sub.no);
			assertProblem(await admin.post(`/api/cases/${sub.no}/actions`, { action: 'accept', version: before.version }),
				403, 'role_not_allowed');
			assertProblem(await admin.get(`/api/cases/${sub.no}`), 403, 'role_not_allowed');
			assertProblem(await admin.get('/api/cases'), 403, 'role_not_allowed');
			assert.deepEqual(await snapshot(sub.no), before);
			// complainant-only and bookkeeping actions are not staff actions
			for (const action of ['supplement', 'submit']) {
				const r = await agent.act(sub.no, action, { version: before.version });
				assert.ok(r.res.status >= 400 && r.res.status < 500, `${action}: ${r.text}`);
				assert.deepEqual(await snapshot(sub.no), before, action);
			}
		});
	});

	describe('optimistic locking', () => {
		test('a stale version → 409 stale_version and nothing changes', async () => {
			const c = await file();
			await agent.actOk(c.no, 'accept', { version: 1 });
			const before = await snapshot(c.no);
			assert.equal(before.version, 2);
			for (const version of [1, 0, 3, 99]) {
				assertProblem(await agent.act(c.no, 'forward', { version }), 409, 'stale_version');
				assertProblem(await agent.act(c.no, 'withdraw', { version }), 409, 'stale_version');
				assert.deepEqual(await snapshot(c.no), before, `version ${version}`);
			}
			assertProblem(await agent.post(`/api/cases/${c.no}/actions`, { action: 'forward' }), 400, 'version_required');
			assert.deepEqual(await snapshot(c.no), before);
		});

		test('two concurrent actions on the same version: one wins, the other is stale', async () => {
			const c = await file();
			const results = await Promise.all([
				agent.act(c.no, 'accept', { version: 1 }),
				agent.act(c.no, 'reject', { version: 1, reason: 'no_demand' }),
				agent.act(c.no, 'answer_enquiry', { version: 1, comment: '答复' }),
			]);
			const ok = results.filter((r) => r.res.status === 200);
			assert.equal(ok.length, 1, results.map((r) => r.text).join('\n'));
			for (const r of results.filter((x) => x.res.status !== 200)) assertProblem(r, 409, 'stale_version');
			const v = await agent.view(c.no);
			assert.equal(v.version, 2);
			assert.equal(v.timeline.length, 2);
			assert.equal(v.state, ok[0].body.state);
		});
	});

	describe('admissibility warnings (agency staff, submitted cases)', () => {
		const codes = (v) => (v.warnings ?? []).map((w) => w.code);

		test('operator_not_first when the operator was not asked', async () => {
			const c = await file({ operator_answer: 'not_asked', operator_date: undefined, phone: '13900000001' });
			const v = await agent.view(c.no);
			assert.ok(Array.isArray(v.warnings), 'warnings is an array');
			assert.ok(codes(v).includes('operator_not_first'), JSON.stringify(v.warnings));
			for (const w of v.warnings) {
				assert.equal(typeof w.message, 'string');
				assert.ok(w.message.length > 0);
			}
		});

		test('operator_wait_15_days when the operator still has time to answer', async () => {
			const c = await file({ operator_answer: 'no_answer', operator_date: '2020-09-20', phone: '13900000002' });
			assert.ok(codes(await agent.view(c.no)).includes('operator_wait_15_days'));
			const ok = await file({ operator_answer: 'no_answer', operator_date: '2020-09-01', phone: '13900000003' });
			const w = codes(await agent.view(ok.no));
			assert.ok(!w.includes('operator_wait_15_days') && !w.includes('operator_not_first'), w.join());
		});

		test('time_barred_billing for a 收费争议 more than five months old', async () => {
			const c = await file({ category: '收费争议', event_date: '2020-03-01', operator_date: '2020-09-01',
				phone: '13900000004' });
			assert.ok(codes(await agent.view(c.no)).includes('time_barred_billing'));
			const recent = await file({ category: '收费争议', event_date: '2020-06-01', phone: '13900000005' });
			assert.ok(!codes(await agent.view(recent.no)).includes('time_barred_billing'));
			// other classes have two years
			const other = await file({ category: '网络质量', event_date: '2020-03-01', phone: '13900000006' });
			const w = codes(await agent.view(other.no));
			assert.ok(!w.includes('time_barred_billing') && !w.includes('time_barred_other'), w.join());
		});

		test('possible_duplicate: same phone and enterprise, another open case', async () => {
			const first = await file({ phone: '13900000007' });
			const second = await file({ phone: '139 0000 0007' });
			const v = await agent.view(second.no);
			const dup = (v.warnings ?? []).find((w) => w.code === 'possible_duplicate');
			assert.ok(dup, JSON.stringify(v.warnings));
			assert.ok(dup.message.includes(first.no), `names the other case: ${dup.message}`);
			// another enterprise is no duplicate
			const other = await file({ phone: '13900000008' });
			await file({ phone: '13900000008', enterprise: '中国电信' });
			assert.deepEqual(codes(await agent.view(other.no)), []);
			// once the other case is closed it is no duplicate either
			await agent.actOk(first.no, 'withdraw');
			assert.ok(!codes(await agent.view(second.no)).includes('possible_duplicate'));
		});

		test('a clean case has no warnings; accepted cases and operators see none', async () => {
			const c = await file({ phone: '13900000009' });
			assert.deepEqual((await agent.view(c.no)).warnings, []);
			const n = await file({ operator_answer: 'not_asked', operator_date: undefined, phone: '13900000010' });
			await agent.actOk(n.no, 'accept');
			await agent.actOk(n.no, 'forward');
			const v = await agent.view(n.no);
			assert.ok(!v.warnings || v.warnings.length === 0, JSON.stringify(v.warnings));
			const e = await ent.view(n.no);
			assert.ok(!e.warnings || e.warnings.length === 0, JSON.stringify(e.warnings));
		});
	});

	describe('deadlines and the overdue queue (a second server at 2020-10-20)', () => {
		let S, A, F, C;
		const ours = (items) => new Map(items.filter((i) => [S, A, F, C].some((c) => c.no === i.case_no))
			.map((i) => [i.case_no, i]));
		before(async () => {
			S = await caseIn('submitted');  // accept_due 2020-10-13
			A = await caseIn('accepted');   // answer_due 2020-10-29
			F = await caseIn('forwarded');  // reply_due 2020-10-20: 10 working days after 09-29
			C = await caseIn('closed');
		});

		test('on 2020-09-29 nothing is overdue', async () => {
			const items = await agent.listAll('overdue=true&limit=100');
			assert.equal(ours(items).size, 0, JSON.stringify([...ours(items).keys()]));
			const all = ours(await agent.listAll('limit=100'));
			assert.equal(all.size, 4);
			for (const i of all.values()) assert.equal(i.overdue, false, i.case_no);
		});

		test('on 2020-10-20 overdue=true lists the still-submitted case only', async () => {
			const lateAgent = staffClient(later.url, agent.token);
			const over = ours(await lateAgent.listAll('overdue=true&limit=100'));
			assert.ok(over.has(S.no), 'the case not accepted by 2020-10-13 is overdue');
			assert.equal(over.get(S.no).overdue, true);
			assert.ok(!over.has(A.no), 'accepted, answer due 2020-10-29: not overdue');
			assert.ok(!over.has(C.no), 'closed cases are never overdue');
			const all = ours(await lateAgent.listAll('limit=100'));
			assert.equal(all.get(S.no).overdue, true);
			assert.equal(all.get(A.no).overdue, false);
			assert.equal(all.get(C.no).overdue, false);
			for (const i of (await lateAgent.listAll('overdue=true&limit=1000'))) assert.equal(i.overdue, true, i.case_no);
			const v = await lateAgent.view(S.no);
			assert.equal(v.overdue, true);
			assert.equal(v.overdue_detail.accept, true);
			assert.equal(v.overdue_detail.answer, false);
			assert.equal(v.next_due, '2020-10-13');
		});

		test('on 2020-10-20 due_within=N lists cases with a deadline within N days', async () => {
			const lateAgent = staffClient(later.url, agent.token);
			const within = async (n) => ours(await lateAgent.listAll(`due_within=${n}&limit=100`));
			let w = await within(8); // by 2020-10-28
			assert.ok(w.has(S.no), 'accept_due 2020-10-13 has passed: due');
			assert.ok(!w.has(A.no), 'answer_due 2020-10-29 is 9 days away');
			assert.ok(!w.has(C.no));
			w = await within(9); // by 2020-10-29
			assert.ok(w.has(A.no), 'answer_due 2020-10-29 is within 9 days');
			assert.ok(!w.has(C.no));
		});

		test('order=due: the queue by next deadline (none last), pages continue without loss', async () => {
			const all = await agent.listAll('limit=100');
			for (const limit of [3, 7, 1000]) {
				const byDue = await agent.listAll(`order=due&limit=${limit}`);
				assert.deepEqual(byDue.map((c) => c.case_no).sort(), all.map((c) => c.case_no).sort(),
					`limit ${limit}: the same cases, each once`);
				const keys = byDue.map((c) => c.next_due ?? '9999-12-31');
				assert.deepEqual(keys, [...keys].sort(), `limit ${limit}: by next deadline`);
			}
			const first = (await agent.get('/api/cases?order=due&limit=1')).body.items[0];
			assert.equal(first.next_due, (await agent.listAll('order=due&limit=100'))[0].next_due);
			assertProblem(await agent.get('/api/cases?order=urgent'), 400, 'invalid_parameter');
		});

		test('the forwarded case: reply due 2020-10-20 — due_within on 09-29, due on 10-20, overdue on 10-21', async () => {
			const R = await calendarAdd(TODAY, 10);
			assert.equal(R, '2020-10-20');
			const f = await agent.view(F.no);
			assert.equal(f.reply_due, R, `reply_due of a case forwarded on ${TODAY}`);
			assert.equal(f.next_due, R);
			// on 2020-09-29: the reply is due in 21 days (answer_due 2020-10-29 in 30)
			assert.ok(!ours(await agent.listAll('due_within=20&limit=100')).has(F.no), 'not due by 2020-10-19');
			assert.ok(ours(await agent.listAll('due_within=21&limit=100')).has(F.no), 'due by 2020-10-20');
			// on 2020-10-20: due today, not yet overdue
			const lateAgent = staffClient(later.url, agent.token);
			const l = await lateAgent.view(F.no);
			assert.equal(l.overdue, false);
			assert.ok(ours(await lateAgent.listAll('due_within=0&limit=100')).has(F.no));
			assert.ok(!ours(await lateAgent.listAll('overdue=true&limit=100')).has(F.no));
			// on 2020-10-21: overdue
			const third = await startServer({ db, env: { ...QUIET_ENV, SHENSU_TODAY: '2020-10-21' } });
			try {
				const c = staffClient(third.url, agent.token);
				const v = await c.view(F.no);
				assert.equal(v.overdue, true);
				assert.equal(v.overdue_detail.reply, true);
				assert.equal(v.overdue_detail.answer, false);
				const over = ours(await c.listAll('overdue=true&limit=100'));
				assert.ok(over.has(F.no));
				assert.ok(!over.has(A.no), 'accepted, answer due 2020-10-29');
			} finally {
				await third.stop();
			}
		});
	});
});

describe('case lists, keyset pagination and the CSV export (real date)', () => {
	let db, srv, agent, cats;
	const mine = [];
	before(async () => {
		db = initDb();
		addUser(db, 'list_agent', 'agency_staff', { province: '44' });
		srv = await startServer({ db, env: QUIET_ENV });
		agent = staffClient(srv.url, (await login(srv.url, 'list_agent')).token);
		cats = (await request(`${srv.url}/api/reference/categories?date=2023-01-01`)).body;
		assert.equal(cats.length, 3);
		for (let i = 0; i < 23; i++) {
			const cat = cats[i % 3];
			const form = {
				category: cat.name,
				subtopic: cat.subtopics[i % cat.subtopics.length].name,
				enterprise: i % 4 === 3 ? '中国电信' : '中国移动',
				province: i >= 20 ? '11' : '44',
				phone: `1390000${String(1000 + i)}`,
				description: `第${i}号申诉，描述含逗号,引号"和换行\n第二行`,
				event_date: undefined,
				operator_date: undefined,
				operator_answer: 'not_asked',
			};
			const c = await fileComplaint(srv.url, form, { era: 2022 });
			mine.push({ ...c, ...form });
		}
		// two accepted ones, one withdrawn
		await agent.actOk(mine[0].no, 'accept');
		await agent.actOk(mine[1].no, 'accept');
		await agent.actOk(mine[2].no, 'withdraw');
	});
	after(async () => {
		await srv?.stop();
	});
	const gd = () => mine.filter((c) => c.province === '44');

	for (const order of ['newest', 'oldest']) {
		test(`order=${order}, limit=7: walking next visits every case once, in order`, async () => {
			const items = await agent.listAll(`order=${order}&limit=7`);
			const nos = items.map((i) => i.case_no);
			assert.equal(new Set(nos).size, nos.length, 'no duplicates');
			assert.deepEqual(sorted(nos), sorted(gd().map((c) => c.no)), 'none missing, none out of scope');
			const seqs = nos.map((n) => Number(n.split('-')[2]));
			const want = [...seqs].sort((a, b) => (order === 'oldest' ? a - b : b - a));
			assert.deepEqual(seqs, want, `${order} first`);
			for (const i of items) {
				assert.equal(typeof i.version, 'number');
				assert.match(i.accept_due, /^\d{4}-\d{2}-\d{2}$/);
				assert.match(i.answer_due, /^\d{4}-\d{2}-\d{2}$/);
				assert.ok('reply_due' in i && 'next_due' in i && typeof i.overdue === 'boolean', JSON.stringify(i));
				assert.equal(i.name, '张三', 'agency staff see the name');
				assert.match(i.phone, /^1390000\d{4}$/);
			}
		});
	}

	test('a page of exactly the remaining size ends with next null at the latest on the following page', async () => {
		const first = await agent.get('/api/cases?limit=20');
		assert.equal(first.res.status, 200);
		assert.equal(first.body.items.length, 20);
		if (first.body.next !== null) {
			const second = await agent.get(`/api/cases?limit=20&after=${encodeURIComponent(first.body.next)}`);
			assert.equal(second.res.status, 200, second.text);
			assert.deepEqual(second.body.items, []);
			assert.equal(second.body.next, null);
		}
		const all = await agent.get('/api/cases?limit=1000');
		assert.equal(all.body.items.length, 20);
		assert.equal(all.body.next, null);
		assertProblem(await agent.get('/api/cases?after=garbage'), 400, 'invalid_parameter');
	});

	test('filters: enterprise, category, subtopic, state, received_from/to, province', async () => {
		const nos = async (q) => sorted((await agent.listAll(`${q}&limit=5`)).map((i) => i.case_no));
		assert.deepEqual(await nos('enterprise=中国电信'),
			sorted(gd().filter((c) => c.enterprise === '中国电信').map((c) => c.no)));
		assert.deepEqual(await nos(`category=${encodeURIComponent(cats[1].name)}`),
			sorted(gd().filter((c) => c.category === cats[1].name).map((c) => c.no)));
		const sub = mine[4];
		assert.deepEqual(await nos(`category=${encodeURIComponent(sub.category)}&subtopic=${encodeURIComponent(sub.subtopic)}`),
			sorted(gd().filter((c) => c.category === sub.category && c.subtopic === sub.subtopic).map((c) => c.no)));
		assertProblem(await agent.get(`/api/cases?subtopic=${encodeURIComponent(sub.subtopic)}`), 400, 'invalid_parameter');
		assert.deepEqual(await nos('state=accepted'), sorted([mine[0].no, mine[1].no]));
		assert.deepEqual(await nos('state=closed'), [mine[2].no]);
		const day = (await agent.view(mine[0].no)).received_at.slice(0, 10);
		const prev = new Date(Date.parse(`${day}T00:00:00Z`) - 86400e3).toISOString().slice(0, 10);
		assert.equal((await nos(`received_from=${day}&received_to=${day}`)).length, 20);
		assert.deepEqual(await nos(`received_to=${prev}`), []);
		assert.deepEqual(await nos('province=11'), [], 'a 44 agency user asking for 11 gets nothing');
		assert.equal((await nos('province=44')).length, 20);
		assertProblem(await agent.get('/api/cases?state=bogus'), 400, 'invalid_parameter');
		assertProblem(await agent.get('/api/cases?received_from=2020-02-30'), 400, 'invalid_date');
	});

	test('GET /api/cases.csv: BOM, header, one row per case; it re-imports into another database', async () => {
		// fetch's text() would drop the BOM: read the bytes
		const res = await fetch(`${srv.url}/api/cases.csv`, { headers: { authorization: `Bearer ${agent.token}` } });
		const bytes = Buffer.from(await res.arrayBuffer());
		const r = { res, text: bytes.toString('utf8') };
		assert.equal(res.status, 200, r.text);
		assert.match(res.headers.get('content-type'), /^text\/csv/);
		assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM first');
		assert.equal(r.text.charCodeAt(0), 0xfeff);
		const firstLine = r.text.slice(1).split(/\r?\n/)[0];
		assert.equal(firstLine, 'received_at,province,enterprise,category,subtopic,status,closed_at,description');
		const rows = parseCsv(r.text).filter((row) => row.length > 1);
		assert.equal(rows.length, 21, 'header + the 20 cases in scope');
		const byDesc = new Map(rows.slice(1).map((row) => [row[7], row]));
		for (const c of gd()) {
			const row = byDesc.get(c.description);
			assert.ok(row, `a row for ${c.no}`);
			assert.equal(row[1], '44');
			assert.equal(row[2], c.enterprise);
			assert.equal(row[3], c.category);
			assert.equal(row[4], c.subtopic);
		}
		assert.equal(byDesc.get(mine[2].description)[5], 'closed');
		assert.notEqual(byDesc.get(mine[2].description)[6], '', 'closed_at of the withdrawn case');
		assert.equal(byDesc.get(mine[0].description)[5], 'accepted');

		// the same filters apply
		const filtered = await agent.get('/api/cases.csv?state=accepted');
		assert.equal(parseCsv(filtered.text).filter((row) => row.length > 1).length, 3);

		const dir = tempDir();
		const file = path.join(dir, 'cases.csv');
		fs.writeFileSync(file, r.text);
		const other = initDb(tempDir());
		const imp = run(['import', 'complaints', file, '--db', other]);
		assert.equal(imp.status, 0, show(imp));
		assert.match(imp.stdout, /imported 20 complaints/);
		assert.equal(sql(other, 'SELECT count(*) FROM complaint'), '20');
		assert.equal(sql(other, "SELECT count(*) FROM complaint WHERE province = '44'"), '20');
		assert.equal(sql(other, "SELECT count(*) FROM complaint WHERE state = 'accepted'"), '2');
		assert.equal(sql(other, "SELECT count(*) FROM complaint WHERE state = 'closed' AND closed_at IS NOT NULL"), '1');
		assert.equal(sql(other, `SELECT count(*) FROM complaint WHERE description = '${mine[5].description.replace(/'/g, "''")}'`), '1');
	});

	test('a complaint form of the old scheme is refused today', async () => {
		const r = await sendJson(`${srv.url}/api/complaints`, 'POST', complaintForm({ category: '收费争议' }));
		const p = assertProblem(r, 400, 'invalid_fields');
		assert.deepEqual(p.errors.map((e) => e.field), ['category']);
	});
});
