// One number index across instances: two `shensu serve` processes on one
// database (PostgreSQL, as behind a load balancer; and, on the SQLite run, two
// processes on one file). A report, an invalidation, a dispatch list and a
// disposal made through A show in B's look-ups within 2 s, without a restart.
// On PostgreSQL B's listening connection is killed in the middle; reports made
// meanwhile still show on B within 2 s (it connects again, LISTENs again and
// catches up by change id), and B's log says it lost and regained the feed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
	PG, QUIET_ENV, addUser, initDb, login, request, sendJson, sql, staffClient, startServer, waitFor,
} from './lib/shensu.mjs';

const ENV = { ...QUIET_ENV, SHENSU_DISPATCH_HOUR: '-1' };
const FRESH_MS = 2000;

describe(`two instances on one ${PG ? 'PostgreSQL database' : 'SQLite file'}: look-ups follow writes made anywhere`, () => {
	let db, a, b, centreA, centreB, cmccA, cmccB;
	const latencies = [];

	before(async () => {
		db = initDb();
		addUser(db, 'centre', 'report_staff');
		addUser(db, 'cm', 'enterprise_staff', { enterprise: '中国移动' });
		[a, b] = await Promise.all([startServer({ db, env: ENV }), startServer({ db, env: ENV })]);
		const c = (await login(a.url, 'centre')).token, m = (await login(a.url, 'cm')).token;
		centreA = { base: a.url, token: c, ...staffClient(a.url, c) };
		centreB = { base: b.url, token: c, ...staffClient(b.url, c) };
		cmccA = { base: a.url, token: m, ...staffClient(a.url, m) };
		cmccB = { base: b.url, token: m, ...staffClient(b.url, m) };
	});
	after(async () => {
		if (latencies.length)
			console.log(`look-up on B after a write on A: max ${Math.max(...latencies)} ms over ${latencies.length} writes`);
		await a?.stop();
		await b?.stop();
	});

	const lookup = (client, n) => request(`${client.base}/api/numbers/${encodeURIComponent(n)}`,
		{ headers: { authorization: `Bearer ${client.token}` } });

	/** Polls the client's instance until pred(look-up answer) holds; returns the
	 * milliseconds it took from `since`, failing when it takes longer than FRESH_MS. */
	async function seenOn(client, n, pred, since, what) {
		for (;;) {
			const r = await lookup(client, n);
			if (pred(r)) {
				const ms = Date.now() - since;
				latencies.push(ms);
				assert.ok(ms <= FRESH_MS, `${what}: B saw it after ${ms} ms`);
				return ms;
			}
			assert.ok(Date.now() - since <= FRESH_MS, `${what}: B still answers ${r.res.status} ${r.text} after ${FRESH_MS} ms`);
			await new Promise((res) => setTimeout(res, 20));
		}
	}

	const report = async (base, number, kind = 'harassment_call') => {
		const r = await sendJson(`${base}/api/reports`, 'POST', { kind, number });
		assert.equal(r.res.status, 201, r.text);
		return r.body;
	};

	test('a report through A shows in B\'s look-up within 2 s (and A\'s at once)', async () => {
		for (let i = 0; i < 5; i++) {
			const n = `1380013${String(8100 + i)}`;
			assert.equal((await lookup(centreB, n)).body.total_reports, 0);
			const t = Date.now();
			await report(a.url, n);
			assert.equal((await lookup(centreA, n)).body.total_reports, 1, 'the writer answers from its index at once');
			await seenOn(centreB, n, (r) => r.body.total_reports === 1, t, `report ${n}`);
		}
		// and the other way round, a 20-digit SMS port
		const port = '1069 0000 1234 5678 9012';
		const t = Date.now();
		await report(b.url, port, 'spam_sms');
		await seenOn(centreA, port, (r) => r.body.reports?.spam_sms === 1, t, 'a port reported through B, on A');
		assert.equal((await lookup(centreA, port)).body.number, '10690000123456789012');
	});

	test('an invalidation, a dispatch list and a disposal through A show on B within 2 s', async () => {
		const n = '13800138200';
		const filed = await report(a.url, n);
		await report(a.url, n, 'fraud_call');
		let t = Date.now();
		await seenOn(centreB, n, (r) => r.body.total_reports === 2, t, 'two reports');

		const inv = await centreA.post(`/api/reports/${filed.id}/invalidate`, { reason: '重复举报' });
		assert.equal(inv.res.status, 200, inv.text);
		t = Date.now();
		await seenOn(centreB, n, (r) => r.body.total_reports === 1 && r.body.reports.harassment_call === 0, t, 'invalidation');

		// the operator sees nothing on B before the list is made
		assert.equal((await lookup(cmccB, n)).res.status, 404);
		const made = await centreA.post('/api/dispatches', {});
		assert.equal(made.res.status, 201, made.text);
		t = Date.now();
		await seenOn(centreB, n, (r) => r.body.dispatched === true, t, 'dispatch');
		await seenOn(cmccB, n, (r) => r.res.status === 200, t, 'the operator\'s scope on B');

		const list = made.body.dispatches.find((d) => d.operator.name === '中国移动');
		const disp = await cmccA.post(`/api/dispatches/${list.id}/disposals`, { items: [{ number: n, disposal: 'shut_down' }] });
		assert.equal(disp.res.status, 200, disp.text);
		t = Date.now();
		await seenOn(cmccB, n, (r) => r.body.disposal === 'shut_down', t, 'disposal');
	});

	test('B\'s database connection killed in the middle: it catches up', { skip: !PG && 'PostgreSQL only' }, async () => {
		const listener = `shensu listener ${b.pid}`;
		await waitFor(() => sql(db, `SELECT count(*) FROM pg_stat_activity WHERE application_name = '${listener}'`) === '1',
			5000, 'B listening');
		for (let round = 0; round < 3; round++) {
			const killed = sql(db, `SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '${listener}') k`);
			assert.equal(killed, '1', 'B\'s listening connection was there to kill');
			// written while B has no connection to hear of it
			const numbers = [0, 1, 2].map((i) => `1390013${round}${String(900 + i)}`);
			const t = Date.now();
			for (const n of numbers) await report(a.url, n);
			for (const n of numbers) await seenOn(centreB, n, (r) => r.body.total_reports === 1, t, `report ${n} after the kill`);
		}
		await waitFor(() => sql(db, `SELECT count(*) FROM pg_stat_activity WHERE application_name = '${listener}'`) === '1',
			5000, 'B listening again');
		assert.match(b.stderr(), /number index: (waiting for changes|catching up)/, 'B logged the lost connection');
	});

	test('changes B missed were pruned meanwhile: B reads everything again', async () => {
		// B stands still (SIGSTOP) while A writes and the change log is pruned
		// past what B has applied.
		const n = '13700137300';
		process.kill(b.pid, 'SIGSTOP');
		try {
			await report(a.url, n);
			await report(a.url, n, 'spam_sms');
			const last = sql(db, 'SELECT max(id) FROM number_change');
			sql(db, `DELETE FROM number_change; UPDATE meta SET value = '${last}' WHERE key = 'number_changes_pruned'`);
		} finally {
			process.kill(b.pid, 'SIGCONT');
		}
		const t = Date.now();
		await seenOn(centreB, n, (r) => r.body.total_reports === 2, t, 'after the prune');
		assert.equal((await lookup(centreB, '13800138200')).body.disposal, 'shut_down', 'the rest is still there');
		// and it goes on following from there
		const n2 = '13700137301', t2 = Date.now();
		await report(a.url, n2);
		await seenOn(centreB, n2, (r) => r.body.total_reports === 1, t2, 'after the reload');
	});
});
