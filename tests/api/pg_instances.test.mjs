// Several shensu instances on one PostgreSQL database, as behind a load balancer:
// a transition sent to both at once succeeds once; case numbers never collide;
// a session made on one instance works on the other; and when PostgreSQL stops
// under load, requests get 503 problem+json at once, the instances stay up,
// recover by themselves when it returns, and no acknowledged filing is lost.
// Runs only when SHENSU_TEST_PG names a cluster (as `make test` does).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import {
	BIN, PG, QUIET_ENV, REPO, addUser, assertProblem, complaintForm, dbArg, fileComplaint, initDb,
	login, request, sendJson, sql, staffClient, startServer, tempDir,
} from './lib/shensu.mjs';

const TODAY = '2020-09-29';
const ENV = { ...QUIET_ENV, SHENSU_TODAY: TODAY };
const skip = !PG && 'needs PostgreSQL (SHENSU_TEST_PG; `make test` sets it)';

describe('two instances on one PostgreSQL database', { skip }, () => {
	let db, a, b, agentA, agentB;
	before(async () => {
		db = initDb();
		addUser(db, 'gd_agent', 'agency_staff', { province: '44' });
		[a, b] = await Promise.all([startServer({ db, env: ENV }), startServer({ db, env: ENV })]);
		const token = (await login(a.url, 'gd_agent')).token;
		agentA = staffClient(a.url, token);
		agentB = staffClient(b.url, token);
	});
	after(async () => {
		await a?.stop();
		await b?.stop();
	});

	test('a session made on one instance works on the other, logout on the other ends it', async () => {
		const s = await login(a.url, 'gd_agent');
		const auth = { headers: { authorization: `Bearer ${s.token}` } };
		assert.equal((await request(`${a.url}/api/me`, auth)).res.status, 200);
		const me = await request(`${b.url}/api/me`, auth);
		assert.equal(me.res.status, 200, me.text);
		assert.equal(me.body.name ?? me.body.user?.name, 'gd_agent');
		const out = await sendJson(`${b.url}/api/logout`, 'POST', {}, {
			authorization: `Bearer ${s.token}`, 'x-csrf-token': s.csrf,
		});
		assert.ok(out.res.status < 300, out.text);
		assertProblem(await request(`${b.url}/api/me`, auth), 401, 'unauthenticated');
		// The other instance may trust its recent check of the session for a few
		// seconds (src/http/session_cache.h), not longer.
		const end = Date.now() + 15_000;
		let last;
		while ((last = await request(`${a.url}/api/me`, auth)).res.status === 200) {
			assert.ok(Date.now() < end, 'the session still works on the other instance after 15 s');
			await new Promise((r) => setTimeout(r, 250));
		}
		assertProblem(last, 401, 'unauthenticated');
	});

	test('the same transition sent to both at once: exactly one 200, the other 409 stale_version', async () => {
		for (let i = 0; i < 10; i++) {
			const c = await fileComplaint(a.url);
			const { version } = await agentA.view(c.no);
			const results = await Promise.all([
				agentA.act(c.no, 'accept', { version }),
				agentB.act(c.no, 'accept', { version }),
			]);
			const statuses = results.map((r) => r.res.status).sort();
			assert.deepEqual(statuses, [200, 409], results.map((r) => r.text).join('\n'));
			assertProblem(results.find((r) => r.res.status === 409), 409, 'stale_version');
			const v = await agentB.view(c.no);
			assert.equal(v.state, 'accepted');
			assert.equal(v.version, version + 1);
			assert.equal(v.timeline.filter((e) => e.action === 'accept').length, 1, 'one event only');
		}
	});

	test('concurrent filings on both instances: every case number is unique', async () => {
		const N = 240;
		const send = (i) => sendJson(`${[a, b][i % 2].url}/api/complaints`, 'POST',
			complaintForm({ province: ['44', '11'][Math.floor(i / 2) % 2], phone: `1390000${String(i).padStart(4, '0')}` }));
		const results = [];
		for (let i = 0; i < N; i += 40)
			results.push(...await Promise.all(Array.from({ length: 40 }, (_, k) => send(i + k))));
		for (const r of results) assert.equal(r.res.status, 201, r.text);
		const numbers = results.map((r) => r.body.case_no);
		assert.equal(new Set(numbers).size, N, 'no case number handed out twice');
		// And the numbers of a (province, year) are consecutive: nothing skipped.
		for (const prov of ['44', '11']) {
			const seqs = sql(db, `SELECT case_no FROM complaint WHERE province = '${prov}' ORDER BY case_no`)
				.split('\n').map((no) => Number(no.split('-')[2]));
			assert.deepEqual(seqs, seqs.map((_, k) => k + 1), `${prov}: 1..${seqs.length}`);
		}
	});
});

test('two inits at once on an empty database: both succeed, the schema and data are made once', {
	skip,
}, async () => {
	const db = dbArg(path.join(tempDir(), 'fresh.db'));
	const init = () => new Promise((resolve) => {
		const child = spawn(BIN, ['init', '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		child.stdout.on('data', (d) => { out += d; });
		child.stderr.on('data', (d) => { out += d; });
		child.on('exit', (code) => resolve({ code, out }));
	});
	const results = await Promise.all([init(), init(), init()]);
	for (const r of results) assert.equal(r.code, 0, r.out);
	assert.equal(sql(db, 'SELECT count(*) FROM province'), '32');
	assert.equal(sql(db, "SELECT count(*) FROM meta WHERE key = 'schema_version'"), '1');
});

/* ---- PostgreSQL stopped and started again under load ------------------------------ */

const cluster = (cmd, dir) => {
	const r = spawnSync(path.join(REPO, 'scripts/pg-cluster.sh'), [cmd, dir], { encoding: 'utf8' });
	assert.equal(r.status, 0, `pg-cluster.sh ${cmd}: ${r.stderr}`);
	return r.stdout.trim();
};
/** The same without blocking the event loop: requests in flight keep being answered. */
const clusterAsync = (cmd, dir) => new Promise((resolve, reject) => {
	execFile(path.join(REPO, 'scripts/pg-cluster.sh'), [cmd, dir], (err, stdout, stderr) =>
		(err ? reject(new Error(`pg-cluster.sh ${cmd}: ${stderr}`)) : resolve(stdout.trim())));
});

describe('PostgreSQL restarted under load', { skip }, () => {
	// A cluster of its own: stopping the shared one would fail the other suites.
	let dir, db, srvs = [];
	before(() => {
		dir = tempDir();
		const conninfo = cluster('start', dir);
		spawnSync('psql', ['-XAtq', '-d', `${conninfo} dbname=postgres`, '-c', 'CREATE DATABASE shensu']);
		db = `${conninfo} dbname=shensu`; // startServer() initialises it
	});
	after(async () => {
		for (const s of srvs) await s.stop().catch(() => {});
		cluster('stop', dir);
	});

	test('503 problem+json while it is down, no hang, no crash; recovery without a restart; no acknowledged filing lost', async (t) => {
		srvs = await Promise.all([startServer({ db: dbArg(db), env: ENV }), startServer({ db: dbArg(db), env: ENV })]);
		const acked = [];
		const failures = []; // {status, code, ms}
		let n = 0, stop = false;
		const worker = async () => {
			while (!stop) {
				const i = n++;
				const url = srvs[i % 2].url;
				const started = Date.now();
				let r;
				try {
					// A hang would show as the 15 s timeout, not as a stuck test.
					r = await request(`${url}/api/complaints`, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify(complaintForm({
							name: `用户${i}`, phone: `1370000${String(i % 10000).padStart(4, '0')}`,
						})),
						signal: AbortSignal.timeout(15_000),
					});
				} catch (e) {
					failures.push({ error: String(e), ms: Date.now() - started });
					continue;
				}
				if (r.res.status === 201) acked.push({ no: r.body.case_no, name: `用户${i}` });
				else failures.push({ r, ms: Date.now() - started });
				if (r.res.status !== 201) await new Promise((res) => setTimeout(res, 20));
			}
		};
		const workers = Array.from({ length: 6 }, worker);
		const waitAcked = async (count, ms) => {
			const end = Date.now() + ms;
			while (acked.length < count) {
				assert.ok(Date.now() < end, `only ${acked.length} of ${count} filings acknowledged`);
				await new Promise((res) => setTimeout(res, 20));
			}
		};
		await waitAcked(100, 30_000);

		await clusterAsync('stop', dir);
		const down = failures.length;
		await new Promise((res) => setTimeout(res, 3000));
		const during = failures.slice(down);
		assert.ok(during.length > 10, `requests kept being answered while PostgreSQL was down (${during.length})`);
		for (const f of during) {
			assert.ok(f.r, `while down: ${f.error}`);
			assertProblem(f.r, 503, 'database_unavailable');
			assert.ok(Number(f.r.res.headers.get('retry-after')) > 0, 'Retry-After is set');
			assert.ok(f.ms < 6000, `answered in ${f.ms} ms`);
		}
		// A load balancer's probe sees it too.
		assertProblem(await request(`${srvs[1].url}/api/health`), 503, 'database_unavailable');

		const ackedBefore = acked.length;
		await clusterAsync('start', dir);
		const restarted = Date.now();
		const before = acked.length;
		await waitAcked(before + 100, 30_000);
		stop = true;
		await Promise.all(workers);
		t.diagnostic(`${ackedBefore} filings acknowledged before the stop; ${during.length} answered 503 ` +
			`in the 3 s down (slowest ${Math.max(...during.map((f) => f.ms))} ms); ` +
			`${acked.length - before} more acknowledged within ${Date.now() - restarted} ms of the restart`);

		// Every acknowledged filing is stored, whole, exactly once.
		const stored = new Map(sql(db, `SELECT c.case_no, c.name, count(e.id) FROM complaint c
			JOIN complaint_event e ON e.complaint_id = c.id GROUP BY c.id`).split('\n').map((l) => {
			const [no, name, events] = l.split('|');
			return [no, { name, events: Number(events) }];
		}));
		for (const x of acked) {
			const row = stored.get(x.no);
			assert.ok(row, `acknowledged ${x.no} is missing`);
			assert.equal(row.name, x.name);
			assert.equal(row.events, 1);
		}
		assert.equal(new Set(acked.map((x) => x.no)).size, acked.length);
		// Both processes are still up and exit cleanly (stop() asserts status 0).
		for (const s of srvs) await s.stop();
	});
});
