// A running server sees a schedule loaded by `shensu calendar load` from another process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { runOk, startServer, tempDir, writeFile, request } from './lib/shensu.mjs';

test('calendar load reaches a running server without a restart', async () => {
	const dir = tempDir();
	const db = path.join(dir, 'shensu.db');
	const srv = await startServer({ db, env: { SHENSU_TODAY: '2026-12-01' } });
	try {
		const url = `${srv.url}/api/calendar/add?from=2026-12-31&days=1`;
		// no 2027 schedule: the statutory holidays only (1 January), provisionally
		const before = await request(url);
		assert.equal(before.res.status, 200);
		assert.deepEqual([before.body.date, before.body.provisional], ['2027-01-04', true]);
		// the health check warns a month ahead that next year's schedule is missing
		let health = await request(`${srv.url}/api/health`);
		assert.equal(health.res.status, 200);
		assert.equal(health.body.calendar_through, '2026-12-31');
		assert.match(health.body.warning, /2027年节假日安排尚未加载/);
		const file = writeFile(dir, '2027.json', JSON.stringify({
			year: 2027, papers: [],
			days: [{ name: '元旦', date: '2027-01-01', isOffDay: true }, { name: '元旦', date: '2027-01-04', isOffDay: true }],
		}));
		runOk(['calendar', 'load', file, '--db', db]);
		const r = await request(url);
		assert.equal(r.res.status, 200);
		// 2027-01-01 is a Friday holiday, 2 and 3 are the weekend, this schedule adds 4
		assert.equal(r.body.date, '2027-01-05');
		assert.equal(r.body.provisional, false);
		health = await request(`${srv.url}/api/health`);
		assert.equal(health.body.calendar_through, '2027-12-31');
		assert.equal(health.body.warning, undefined, 'loaded: no warning');
	} finally {
		await srv.stop();
	}
});

test('in mid-year the health check has no calendar warning', async () => {
	const srv = await startServer({ db: path.join(tempDir(), 'shensu.db'), env: { SHENSU_TODAY: '2026-06-01' } });
	try {
		const health = await request(`${srv.url}/api/health`);
		assert.equal(health.body.calendar_through, '2026-12-31');
		assert.equal(health.body.warning, undefined);
	} finally {
		await srv.stop();
	}
});
