// The shipped acceptance script of issue 15 (../shared/acceptance/supervision-2020q4),
// run as shipped on the binary under test: section 三 and annex 3 of the 2020 Q4
// notice reproduce seed 003, and the published notice stays as published. On
// SQLite, and on PostgreSQL when SHENSU_TEST_PG is set (the script then gets
// this test's database as SHENSU_DB).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, PG, REPO, dbArg, tempDir } from './lib/shensu.mjs';

const ACCEPTANCE = path.resolve(REPO, '../shared/acceptance/supervision-2020q4');
const haveShared = fs.existsSync(path.join(ACCEPTANCE, 'run.sh'));

describe('the supervision acceptance script', { skip: !haveShared && 'needs ../shared/acceptance' }, () => {
	test(`passes unmodified on ${PG ? 'PostgreSQL' : 'SQLite'}`, { timeout: 900_000 }, async () => {
		const db = dbArg(path.join(tempDir(), 'acceptance.db'));
		// Asynchronously, from the repository root as the script's header says.
		const r = await new Promise((resolve) => {
			const child = spawn('bash', [path.join(ACCEPTANCE, 'run.sh')], {
				cwd: REPO, env: { ...process.env, SHENSU: BIN, SHENSU_DB: db },
			});
			let stdout = '', stderr = '';
			child.stdout.on('data', (d) => { stdout += d; });
			child.stderr.on('data', (d) => { stderr += d; });
			child.on('close', (status) => resolve({ status, stdout, stderr }));
		});
		assert.equal(r.status, 0, r.stdout + r.stderr);
		const lines = r.stdout.split('\n');
		assert.deepEqual(lines.filter((l) => l.startsWith('FAIL')), []);
		assert.ok(lines.filter((l) => l.startsWith('ok')).length >= 20, r.stdout);
		assert.match(r.stdout, /^ok {3}enforcement 710 家次$/m);
		assert.match(r.stdout, /^ok {3}annex 3 lists 6 products$/m);
		assert.match(r.stdout, /^ok {3}published notice unchanged by later data$/m);
		assert.match(r.stdout, /^supervision-2020q4: all figures match seed 003$/m);
	});
});
