// A running server sees a schedule loaded by `shensu calendar load` from another process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { runOk, startServer, tempDir, writeFile, request, assertProblem } from './lib/shensu.mjs';

test('calendar load reaches a running server without a restart', async () => {
	const dir = tempDir();
	const db = path.join(dir, 'shensu.db');
	const srv = await startServer({ db });
	try {
		const url = `${srv.url}/api/calendar/add?from=2026-12-31&days=1`;
		assertProblem(await request(url), 400, 'no_schedule');
		const file = writeFile(dir, '2027.json', JSON.stringify({
			year: 2027, papers: [],
			days: [{ name: '元旦', date: '2027-01-01', isOffDay: true }],
		}));
		runOk(['calendar', 'load', file, '--db', db]);
		const r = await request(url);
		assert.equal(r.res.status, 200);
		// 2027-01-01 is a Friday holiday, 2 and 3 are the weekend
		assert.equal(r.body.date, '2027-01-04');
	} finally {
		await srv.stop();
	}
});
