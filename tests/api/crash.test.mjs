// Crash test: complaints arrive under load, the server is killed with SIGKILL,
// and after a restart every complaint that got a 201 is there, whole, with its
// filing event; nothing half-written is visible.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { BIN, PG, REPO, dbArg, runOk, sql, tempDir } from './lib/shensu.mjs';

function serve(db) {
	const child = spawn(BIN, ['serve', '--listen', '127.0.0.1:0', '--db', dbArg(db)], {
		cwd: REPO,
		env: { PATH: process.env.PATH, SHENSU_RATE_PUBLIC: '0', ASAN_OPTIONS: process.env.ASAN_OPTIONS ?? '' },
		stdio: ['ignore', 'pipe', 'ignore'],
	});
	const url = new Promise((resolve, reject) => {
		let out = '';
		child.stdout.on('data', (d) => {
			out += d;
			const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
			if (m) resolve(m[1]);
		});
		child.on('exit', (code, sig) => reject(new Error(`server exited early: ${code} ${sig}`)));
	});
	const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
	return { child, url, exited };
}

const form = (i) => ({
	province: ['44', '11', '31'][i % 3], enterprise: '中国移动', category: '服务争议',
	name: `用户${i}`, phone: `1390000${String(i).padStart(4, '0')}`, address: '北京市朝阳区某街1号',
	demand: '退费', description: `第${i}件：营业厅强制捆绑业务。`, operator_answer: 'not_asked',
});

test('kill -9 under intake load loses no acknowledged complaint', async () => {
	const db = path.join(tempDir(), 't.db');
	runOk(['init', '--db', db]);
	const srv = serve(db);
	const url = await srv.url;
	const acked = [];
	let i = 0, stop = false;
	const worker = async () => {
		while (!stop) {
			const n = i++;
			try {
				const res = await fetch(`${url}/api/complaints`, {
					method: 'POST', body: JSON.stringify(form(n)),
					headers: { 'Content-Type': 'application/json' },
				});
				if (res.status === 201) acked.push({ ...(await res.json()), n });
				else await res.text();
			} catch {
				return; // the server is gone
			}
		}
	};
	const workers = Array.from({ length: 8 }, worker);
	// Kill in the middle of the stream, once a good number are acknowledged.
	while (acked.length < 300) await new Promise((r) => setTimeout(r, 20));
	srv.child.kill('SIGKILL');
	const { signal } = await srv.exited;
	stop = true;
	await Promise.all(workers);
	assert.equal(signal, 'SIGKILL');
	assert.ok(acked.length >= 300);

	// Restart on the same file: recovery must not need any manual step.
	const again = serve(db);
	const url2 = await again.url;
	const health = await fetch(`${url2}/api/health`);
	assert.equal(health.status, 200);

	const stored = new Map(sql(db, `SELECT c.case_no, c.name, c.description, count(e.id)
		FROM complaint c JOIN complaint_event e ON e.complaint_id = c.id AND e.action = 'submit'
		GROUP BY c.id`).split('\n').filter(Boolean).map((l) => {
		const [no, name, desc, events] = l.split('|');
		return [no, { name, desc, events: Number(events) }];
	}));
	for (const a of acked) {
		const row = stored.get(a.case_no);
		assert.ok(row, `acknowledged ${a.case_no} is missing after the crash`);
		assert.equal(row.name, `用户${a.n}`);
		assert.equal(row.desc, `第${a.n}件：营业厅强制捆绑业务。`);
		assert.equal(row.events, 1);
	}
	// Every stored case is whole: no case without its event or vice versa.
	assert.equal(sql(db, `SELECT count(*) FROM complaint c WHERE NOT EXISTS
		(SELECT 1 FROM complaint_event e WHERE e.complaint_id = c.id)`), '0');
	if (!PG) assert.equal(sql(db, 'PRAGMA integrity_check'), 'ok');
	// And the public can still follow an acknowledged case with its code.
	const last = acked[acked.length - 1];
	const r = await fetch(`${url2}/api/complaints/${last.case_no}?code=${last.query_code}`);
	assert.equal(r.status, 200);
	again.child.kill('SIGTERM');
	assert.equal((await again.exited).code, 0);
});
