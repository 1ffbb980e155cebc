// GET /api/reference/rules serves the web pages the rules they apply as people
// type. Each value must be the one the server enforces: here every served
// number is checked against what the routes accept and refuse, so the served
// table cannot drift from the domain. "Today" is pinned to 2020-09-29.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
	addUser, assertProblem, complaintForm, fileComplaint, initDb, login, QUIET_ENV, request, sendJson,
	staffClient, startServer,
} from './lib/shensu.mjs';
import { monthsBefore } from '../../web/shared/ui.js';

const TODAY = '2020-09-29';
const addDays = (day, n) => new Date(Date.parse(day) + n * 86400000).toISOString().slice(0, 10);

/* How a case reaches the state each action starts from: the actions before
 * it, and who takes it (lifecycle.h). A served action missing here fails. */
const BEFORE = {
	request_supplement: [[], 'agency'],
	supplement: [['request_supplement'], 'public'],
	accept: [[], 'agency'],
	reject: [[], 'agency'],
	answer_enquiry: [[], 'agency'],
	forward: [['accept'], 'agency'],
	reply: [['accept', 'forward'], 'operator'],
	close: [['accept', 'forward', 'reply'], 'agency'],
	start_mediation: [['accept', 'forward', 'reply'], 'agency'],
	mediation_agreement: [['accept', 'forward', 'reply', 'start_mediation'], 'agency'],
	mediation_failed: [['accept', 'forward', 'reply', 'start_mediation'], 'agency'],
	withdraw: [[], 'public'],
};

describe('the served rules are the enforced rules', () => {
	let db, srv, agent, operator, rules, reason;

	before(async () => {
		db = initDb();
		addUser(db, 'gd_agent', 'agency_staff', { province: '44' });
		addUser(db, 'cm_gd', 'enterprise_staff', { enterprise: '中国移动', province: '44' });
		srv = await startServer({ db, env: { ...QUIET_ENV, SHENSU_TODAY: TODAY } });
		agent = staffClient(srv.url, (await login(srv.url, 'gd_agent')).token);
		operator = staffClient(srv.url, (await login(srv.url, 'cm_gd')).token);
		const r = await request(`${srv.url}/api/reference/rules`);
		assert.equal(r.res.status, 200, r.text);
		rules = r.body;
		reason = (await request(`${srv.url}/api/reference/reasons`)).body[0].code;
	});
	after(async () => {
		await srv?.stop();
	});

	const post = (body) => sendJson(`${srv.url}/api/complaints`, 'POST', body);
	const pub = (c, what, body = {}) => sendJson(`${srv.url}/api/complaints/${c.no}/${what}`, 'POST', { code: c.code, ...body });
	/** Takes `action` on case c as `who`, with a comment and a reason, or with `body`. */
	const take = (c, action, who, body = { comment: '说明', reason }) =>
		who === 'public' ? pub(c, action, body) : (who === 'agency' ? agent : operator).act(c.no, action, body);

	test('public, without a session, JSON', async () => {
		const r = await request(`${srv.url}/api/reference/rules`);
		assert.equal(r.res.status, 200);
		assert.match(r.res.headers.get('content-type') ?? '', /^application\/json/);
		assert.equal(r.res.headers.get('set-cookie'), null);
		for (const k of ['fields', 'periods', 'billing_categories', 'states', 'outcomes', 'actions', 'comment', 'roles',
			'operator_answers', 'survey', 'query_code', 'report_fields'])
			assert.ok(k in rules, `rules.${k}`);
		for (const [k, v] of Object.entries(rules.periods)) assert.ok(Number.isInteger(v) && v > 0, `periods.${k} = ${v}`);
	});

	test('each form field: its limit accepted, one more refused, in the words served', async () => {
		assert.deepEqual(Object.keys(rules.fields).sort(), ['address', 'city', 'demand', 'description', 'name', 'postcode']);
		for (const [name, f] of Object.entries(rules.fields)) {
			const n = f.digits ?? f.max_chars;
			const unit = f.digits ? '5' : '字';
			const ok = await post(complaintForm({ [name]: unit.repeat(n) }));
			assert.equal(ok.res.status, 201, `${name} of ${n}: ${ok.text}`);
			const p = assertProblem(await post(complaintForm({ [name]: unit.repeat(n + 1) })), 400, 'invalid_fields');
			assert.deepEqual(p.errors.map((e) => e.field), [name]);
			assert.equal(p.errors[0].message, f.digits ? `${f.label}应为${f.digits}位数字` : `${f.label}不能超过${n}个字`);
			const blank = await post(complaintForm({ [name]: '　 ' }));
			if (f.required) {
				const q = assertProblem(blank, 400, 'invalid_fields');
				assert.deepEqual(q.errors.map((e) => [e.field, e.message]), [[name, `请填写${f.label}`]]);
			} else {
				assert.equal(blank.res.status, 201, `${name} is optional: ${blank.text}`);
			}
		}
	});

	test('each action needs what it is served as needing, and nothing else', async () => {
		assert.deepEqual(rules.actions.map((a) => a.code).sort(), Object.keys(BEFORE).sort());
		for (const a of rules.actions) {
			const [path, who] = BEFORE[a.code];
			const c = await fileComplaint(srv.url);
			for (const step of path) {
				const r = await take(c, step, BEFORE[step][1]);
				assert.equal(r.res.status, 200, `${step} before ${a.code}: ${r.text}`);
			}
			const bare = await take(c, a.code, who, {});
			if (a.comment_required) assertProblem(bare, 400, 'comment_required');
			else if (a.reason_required) assertProblem(bare, 400, 'reason_required');
			else assert.equal(bare.res.status, 200, `${a.code} needs nothing: ${bare.text}`);
			if (a.comment_required && a.reason_required) assertProblem(await take(c, a.code, who, { comment: '说明' }), 400, 'reason_required');
			if (a.comment_required || a.reason_required) {
				const r = await take(c, a.code, who);
				assert.equal(r.res.status, 200, `${a.code} with both: ${r.text}`);
				const label = r.body.timeline.at(-1).action_label;
				assert.equal(label, a.label, `${a.code}: the served label is the timeline's`);
			}
		}
	});

	test('a comment of the served length is taken, one character more is not, on every route', async () => {
		const max = rules.comment.max_chars;
		const c = await fileComplaint(srv.url);
		assertProblem(await agent.act(c.no, 'request_supplement', { comment: '长'.repeat(max + 1) }), 400, 'comment_too_long');
		await agent.actOk(c.no, 'request_supplement', { comment: '长'.repeat(max) });
		assertProblem(await pub(c, 'supplement', { comment: '补'.repeat(max + 1) }), 400, 'comment_too_long');
		const r = await pub(c, 'supplement', { comment: '补'.repeat(max) });
		assert.equal(r.res.status, 200, r.text);
	});

	test('the survey: the served scale and comment limit', async () => {
		const { scores, comment_max_chars: max } = rules.survey;
		const points = scores.map((s) => s.score);
		const [lo, hi] = [Math.min(...points), Math.max(...points)];
		assert.deepEqual(points, Array.from({ length: hi - lo + 1 }, (_, i) => lo + i), 'one label per point, lowest first');
		for (const score of [lo, hi]) {
			const c = await fileComplaint(srv.url);
			assert.equal((await pub(c, 'withdraw')).res.status, 200);
			assertProblem(await pub(c, 'survey', { score: lo - 1 }), 400, 'invalid_fields');
			assertProblem(await pub(c, 'survey', { score: hi + 1 }), 400, 'invalid_fields');
			assertProblem(await pub(c, 'survey', { score, comment: '评'.repeat(max + 1) }), 400, 'invalid_fields');
			const r = await pub(c, 'survey', { score, comment: '评'.repeat(max) });
			assert.equal(r.res.status, 201, r.text);
		}
	});

	test('states, outcomes, roles and operator answers: the labels and codes the cases carry', async () => {
		const c = await fileComplaint(srv.url);
		const view = await agent.actOk(c.no, 'withdraw', { comment: '电话撤回' });
		const label = (list, code) => list.find((x) => x.code === code)?.label;
		assert.equal(view.state_label, label(rules.states, view.state));
		assert.equal(view.outcome_label, label(rules.outcomes, view.outcome));
		assert.equal(rules.states.find((s) => s.code === view.state).final, true);
		assert.equal(rules.states.find((s) => s.code === 'submitted').final, false);
		for (const e of view.timeline) assert.ok(label(rules.roles, e.role), `role ${e.role} is served`);
		const me = (await agent.get('/api/me')).body;
		assert.equal(me.role_label, label(rules.roles, me.role));
		assert.ok(rules.roles.some((r) => r.code === 'report_staff'));
		for (const { code } of rules.operator_answers) {
			const r = await post(complaintForm({ operator_answer: code }));
			assert.equal(r.res.status, 201, `${code}: ${r.text}`);
		}
	});

	test('the query code: the served length and alphabet', async () => {
		const c = await fileComplaint(srv.url);
		assert.equal(c.code.length, rules.query_code.length);
		for (const ch of c.code) assert.ok(rules.query_code.alphabet.includes(ch), `${ch} of ${c.code}`);
	});

	test('the periods and billing classes: where the admissibility warnings start', async () => {
		const { operator_wait_days: wait, billing_bar_months: billingMonths, other_bar_months: otherMonths } = rules.periods;
		const categories = (await request(`${srv.url}/api/reference/categories?date=${TODAY}`)).body;
		const billing = categories.filter((c) => rules.billing_categories.includes(c.code));
		const other = categories.filter((c) => !rules.billing_categories.includes(c.code));
		assert.ok(billing.length && other.length, 'both kinds are on offer today');
		let n = 0; // a phone number each: no case looks like a duplicate of another
		const warnings = async (overrides) => {
			const c = await fileComplaint(srv.url, { phone: `1391234${String(++n).padStart(4, '0')}`, ...overrides });
			return (await agent.view(c.no)).warnings.map((w) => w.code);
		};
		for (const [cats, months, code] of [[billing, billingMonths, 'time_barred_billing'], [other, otherMonths, 'time_barred_other']]) {
			const bar = monthsBefore(TODAY, months); // as the page computes it
			for (const cat of cats) {
				assert.deepEqual(await warnings({ category: cat.name, event_date: bar }), [], `${cat.name} on ${bar}`);
				assert.deepEqual(await warnings({ category: cat.name, event_date: addDays(bar, -1) }), [code], `${cat.name} before ${bar}`);
			}
		}
		const asked = (days) => ({ operator_answer: 'no_answer', operator_date: addDays(TODAY, -days), event_date: addDays(TODAY, -days) });
		assert.deepEqual(await warnings(asked(wait - 1)), ['operator_wait_15_days']);
		assert.deepEqual(await warnings(asked(wait)), []);
	});

	test('the report form: the served text limits', async () => {
		const report = (extra) => sendJson(`${srv.url}/api/reports`, 'POST', extra);
		const f = rules.report_fields;
		assert.equal((await report({ kind: 'spam_sms', number: '106900001234', content: '短'.repeat(f.content.max_chars) })).res.status, 201);
		assertProblem(await report({ kind: 'spam_sms', number: '106900001234', content: '短'.repeat(f.content.max_chars + 1) }), 400, 'invalid_fields');
		for (const k of ['app_name', 'app_store']) {
			const app = { kind: 'bad_app', app_name: '应用', app_package: 'com.example.app', app_store: '商店' };
			assert.equal((await report({ ...app, [k]: '应'.repeat(f[k].max_chars) })).res.status, 201, k);
			assertProblem(await report({ ...app, [k]: '应'.repeat(f[k].max_chars + 1) }), 400, 'invalid_fields');
		}
	});
});
