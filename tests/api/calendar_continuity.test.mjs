// Calendar continuity: a deadline reaching a year whose holiday schedule is not
// loaded is counted provisionally from the statutory holidays, never refused;
// loading the schedule counts it again (once, with an event on the case) and
// running servers pick the new calendar up.
//
// "Today" is pinned to 2026-12-28 with no 2027 schedule (the data end in 2026).
// By the statutory rules 1 January 2027 (a Friday) is the only day off early
// in January; the made-up 2027 schedule below also gives 4 January off, so:
//   acceptance (5 working days from 12-28):  2027-01-05 → 2027-01-06
//   operator reply and dispatch (10 days):    2027-01-12 → 2027-01-13
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import {
	addUser, fileComplaint, initDb, login, parseCsv, publicView, QUIET_ENV, request, runOk, sendJson,
	sql, staffClient, startServer, tempDir, writeFile,
} from './lib/shensu.mjs';

const TODAY = '2026-12-28';
const ENV = { ...QUIET_ENV, SHENSU_TODAY: TODAY, SHENSU_DISPATCH_HOUR: '-1' };
const SCHEDULE_2027 = {
	year: 2027,
	papers: [],
	days: [
		{ name: '元旦', date: '2027-01-01', isOffDay: true },
		{ name: '元旦', date: '2027-01-04', isOffDay: true },
	],
};
const form = (overrides = {}) => ({
	operator_date: '2026-12-01',
	description: '2026年11月账单多收了流量费50元，向营业厅反映后未解决。',
	...overrides,
});
const recomputes = (c) => c.timeline.filter((e) => e.action === 'recompute_deadlines');

describe('calendar continuity across a year without a holiday schedule', () => {
	let dir, db, srv, other, agency, centre;
	/** Cases filed before the schedule is loaded: {no, code}. */
	const cases = {};
	let provisionalList, givenList;

	before(async () => {
		dir = tempDir();
		db = initDb(dir);
		addUser(db, 'gd', 'agency_staff', { province: '44' });
		addUser(db, 'centre', 'report_staff');
		srv = await startServer({ db, env: ENV });
		// A second instance on the same database: it too must see the new
		// calendar, and the recount must happen once.
		other = await startServer({ db, env: ENV });
		agency = staffClient(srv.url, (await login(srv.url, 'gd')).token);
		centre = staffClient(srv.url, (await login(srv.url, 'centre')).token);
	});
	after(async () => {
		await srv?.stop();
		await other?.stop();
	});

	test('a filing on 2026-12-28 is accepted, due 2027-01-05 provisionally', async () => {
		const f = await fileComplaint(srv.url, form(), { era: 2022 });
		cases.submitted = f;
		assert.equal(f.body.accept_due, '2027-01-05');
		assert.equal(f.body.accept_due_provisional, true);
		assert.equal(f.body.provisional, true);
		assert.equal(f.body.answer_due, '2027-01-27', '30 calendar days: never provisional');
		assert.match(f.body.notice, /暂定/);
		const pub = await publicView(srv.url, f.no, f.code);
		assert.equal(pub.accept_due, '2027-01-05');
		assert.equal(pub.accept_due_provisional, true);
		const staff = await agency.view(f.no);
		assert.equal(staff.provisional, true);
		assert.equal(staff.next_due, '2027-01-05');
		assert.equal(staff.next_due_provisional, true);
		assert.equal(sql(db, `SELECT accept_due, accept_provisional FROM complaint WHERE case_no = '${f.no}'`),
			'2027-01-05|1');
	});

	test('the calendar answers provisionally for 2027, definitely for 2026', async () => {
		const add = (await request(`${srv.url}/api/calendar/add?from=${TODAY}&days=5`)).body;
		assert.deepEqual(add, { from: TODAY, days: 5, date: '2027-01-05', provisional: true });
		const ny = (await request(`${srv.url}/api/calendar/day?date=2027-01-01`)).body;
		assert.deepEqual(ny, { date: '2027-01-01', working_day: false, provisional: true });
		const june = (await request(`${srv.url}/api/calendar/day?date=2026-06-01`)).body;
		assert.equal(june.provisional, false);
		const between = (await request(`${srv.url}/api/calendar/between?from=2027-01-08&to=2026-12-28`)).body;
		assert.deepEqual([between.working_days, between.provisional], [-8, true]);
		const cli = runOk(['calendar', 'add', TODAY, '5', '--db', db], { env: { SHENSU_TODAY: TODAY } });
		assert.equal(cli.stdout, '2027-01-05 (provisional)\n');
		assert.match(cli.stderr, /2027/);
		assert.equal(runOk(['calendar', 'day', '2027-01-04', '--db', db]).stdout, 'working day (provisional)\n');
		// the warning stays while 2027 is missing
		const health = (await request(`${srv.url}/api/health`)).body;
		assert.equal(health.calendar_through, '2026-12-31');
		assert.match(health.warning, /2027年节假日安排尚未加载/);
		assert.match(health.warning, /暂定/);
	});

	test('a forward made then has a provisional reply due date', async () => {
		const f = await fileComplaint(srv.url, form({ phone: '13900001111' }), { era: 2022 });
		cases.forwarded = f;
		await agency.actOk(f.no, 'accept');
		const c = await agency.actOk(f.no, 'forward');
		assert.equal(c.state, 'forwarded');
		assert.equal(c.reply_due, '2027-01-12'); // 10 working days: 29-31 Dec, 4-8 and 11-12 Jan
		assert.equal(c.reply_due_provisional, true);
		assert.equal(c.next_due, '2027-01-12');
		assert.equal(c.next_due_provisional, true);
		assert.equal(sql(db, `SELECT reply_from, reply_days, reply_provisional FROM complaint WHERE case_no = '${f.no}'`),
			`${TODAY}|10|1`);
	});

	test('a case closed before the schedule keeps its deadlines as history', async () => {
		const f = await fileComplaint(srv.url, form({ phone: '13900002222' }), { era: 2022 });
		cases.withdrawn = f;
		const r = await sendJson(`${srv.url}/api/complaints/${f.no}/withdraw`, 'POST', { code: f.code });
		assert.equal(r.res.status, 200, r.text);
	});

	test('a dispatch list made then is due provisionally, and its exports say so', async () => {
		for (const number of ['13800138000', '13500135000']) {
			const r = await sendJson(`${srv.url}/api/reports`, 'POST', { kind: 'harassment_call', number });
			assert.equal(r.res.status, 201, r.text);
		}
		const made = await centre.post('/api/dispatches', {});
		assert.equal(made.res.status, 201, made.text);
		assert.equal(made.body.dispatches.length, 1);
		provisionalList = made.body.dispatches[0];
		assert.equal(provisionalList.due, '2027-01-12');
		assert.equal(provisionalList.provisional, true);
		const csv = await fetch(`${srv.url}/api/dispatches/${provisionalList.id}?format=csv`,
			{ headers: { authorization: `Bearer ${centre.token}` } });
		const rows = parseCsv(await csv.text());
		assert.equal(rows[0].at(-1), '处置期限');
		assert.equal(rows[1].at(-1), '2027-01-12（暂定）');
		const xlsx = await fetch(`${srv.url}/api/dispatches/${provisionalList.id}?format=xlsx`,
			{ headers: { authorization: `Bearer ${centre.token}` } });
		const file = writeFile(dir, 'list.xlsx', Buffer.from(await xlsx.arrayBuffer()));
		const u = spawnSync('unzip', ['-p', file], { encoding: 'utf8' });
		assert.equal(u.status, 0, u.stderr);
		assert.match(u.stdout, /处置期限2027-01-12（暂定）/);
		// a due day given as a date is never provisional
		await sendJson(`${srv.url}/api/reports`, 'POST', { kind: 'harassment_call', number: '13700137000' });
		const given = await centre.post('/api/dispatches', { due: '2027-01-20' });
		assert.equal(given.res.status, 201, given.text);
		givenList = given.body.dispatches[0];
		assert.equal(givenList.provisional, false);
	});

	test('calendar load counts them again once, with an event, and the servers pick it up', async () => {
		const file = writeFile(dir, '2027.json', JSON.stringify(SCHEDULE_2027));
		const load = runOk(['calendar', 'load', file, '--db', db]);
		assert.match(load.stdout, /loaded the 2027 holiday schedule/);
		assert.match(load.stdout, /counted again: 2 cases, 1 dispatch lists/);

		for (const base of [srv.url, other.url]) {
			// the calendar of each running server
			const add = (await request(`${base}/api/calendar/add?from=${TODAY}&days=5`)).body;
			assert.deepEqual(add, { from: TODAY, days: 5, date: '2027-01-06', provisional: false });
			const health = (await request(`${base}/api/health`)).body;
			assert.equal(health.calendar_through, '2027-12-31');
			assert.equal(health.warning, undefined);
		}

		// the submitted case: acceptance now due a day later, final, with the event
		const s = await agency.view(cases.submitted.no);
		assert.equal(s.accept_due, '2027-01-06');
		assert.equal(s.accept_due_provisional, false);
		assert.equal(s.provisional, false);
		assert.equal(s.state, 'submitted');
		const [ev] = recomputes(s);
		assert.equal(recomputes(s).length, 1);
		assert.equal(ev.action_label, '期限重新计算');
		assert.equal(ev.comment, '节假日安排已公布，期限重新计算：受理期限 2027-01-05 → 2027-01-06');
		assert.equal(ev.internal, false);
		assert.equal(ev.from, 'submitted');
		assert.equal(ev.to, 'submitted');
		// on the public timeline too
		const pub = await publicView(srv.url, cases.submitted.no, cases.submitted.code);
		assert.equal(pub.accept_due, '2027-01-06');
		assert.equal(pub.accept_due_provisional, false);
		assert.deepEqual(recomputes(pub).map((e) => e.comment), [ev.comment]);

		// the forwarded case: both deadlines, one event
		const f = await agency.view(cases.forwarded.no);
		assert.equal(f.reply_due, '2027-01-13');
		assert.equal(f.reply_due_provisional, false);
		assert.equal(f.next_due_provisional, false);
		assert.deepEqual(recomputes(f).map((e) => e.comment), [
			'节假日安排已公布，期限重新计算：受理期限 2027-01-05 → 2027-01-06；企业回复期限 2027-01-12 → 2027-01-13']);

		// the withdrawn case is history: untouched
		const w = await agency.view(cases.withdrawn.no);
		assert.equal(w.state, 'closed');
		assert.equal(w.accept_due, '2027-01-05');
		assert.equal(w.accept_due_provisional, true);
		assert.equal(recomputes(w).length, 0);

		// the dispatch lists
		const list = (await centre.get(`/api/dispatches/${provisionalList.id}`)).body;
		assert.equal(list.due, '2027-01-13');
		assert.equal(list.provisional, false);
		const given = (await centre.get(`/api/dispatches/${givenList.id}`)).body;
		assert.deepEqual([given.due, given.provisional], ['2027-01-20', false]);
		const csv = await fetch(`${srv.url}/api/dispatches/${provisionalList.id}?format=csv`,
			{ headers: { authorization: `Bearer ${centre.token}` } });
		assert.equal(parseCsv(await csv.text())[1].at(-1), '2027-01-13');

		// open cases have no provisional flag left
		assert.equal(sql(db, "SELECT count(*) FROM complaint WHERE (accept_provisional <> 0 OR reply_provisional <> 0) " +
			"AND state <> 'closed'"), '0');

		// loading it again changes nothing and adds no event
		const again = runOk(['calendar', 'load', file, '--db', db]);
		assert.match(again.stdout, /counted again: 0 cases, 0 dispatch lists/);
		assert.equal(sql(db, "SELECT count(*) FROM complaint_event WHERE action = 'recompute_deadlines'"), '2');

		// a filing now is due by the schedule, not provisionally
		const late = await fileComplaint(other.url, form({ phone: '13900003333' }), { era: 2022 });
		assert.equal(late.body.accept_due, '2027-01-06');
		assert.equal(late.body.provisional, false);
		assert.doesNotMatch(late.body.notice, /暂定/);
	});
});
