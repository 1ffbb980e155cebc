// Without a database: commands never create one by accident. Only `init` and
// `demo` create a database; the calendar's arithmetic works from the schedules
// built into the binary; every other command refuses with what to do, and
// `serve` refuses a database without reference data. On SQLite "no database"
// is a missing file; on PostgreSQL an empty database (no schema).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

import { PG, initDb, run, runOk, show, sql, tempDir, writeFile } from './lib/shensu.mjs';

const NO_DATABASE = /no database at .*: run 'shensu init( --db [^']+)?' to create one/;
const NOT_INITIALISED = /is not initiali[sz]ed \(it has no reference data\): run 'shensu init/;

/** Whether shensu's schema exists at db (SQLite: the file; PostgreSQL: the meta
 * table, in a database the test helpers create empty on first use). */
const hasDatabase = (db) => (PG ? sql(db, "SELECT to_regclass('meta') IS NOT NULL") === 't'
	: fs.existsSync(db));

/** A database path in a fresh directory, and a check that nothing but the
 * listed input files ever appears beside it (no -wal or -shm either). */
function emptyPlace(inputs = {}) {
	const dir = tempDir();
	for (const [name, content] of Object.entries(inputs)) writeFile(dir, name, content);
	const db = path.join(dir, 'shensu.db');
	const untouched = () => {
		assert.deepEqual(fs.readdirSync(dir).sort(), Object.keys(inputs).sort(), 'no file was created');
		assert.equal(hasDatabase(db), false, 'no schema was created');
	};
	return { dir, db, untouched };
}

/** An initialised database stripped of its reference data: what an older shensu
 * left behind when a command created the database by accident. */
function uninitialisedDb() {
	const db = initDb();
	sql(db, 'DELETE FROM holiday; DELETE FROM holiday_schedule; DELETE FROM number_segment; ' +
		'DELETE FROM subtopic; DELETE FROM category; DELETE FROM enterprise; DELETE FROM province; ' +
		'DELETE FROM not_admissible_reason;');
	return db;
}

const INPUTS = {
	'complaints.csv': 'received_at,province,enterprise,category,status\n2020-10-01,44,中国移动,用户服务,closed\n',
	'subscribers.csv': 'period,enterprise,subscribers_10k\n2020Q4,中国移动,94200\n',
	'reports.csv': 'reported_at,kind,target\n2020-10-01,spam_sms,13800138000\n',
	'ported.csv': 'number,operator,since\n13800138000,中国电信,2020-01-01\n',
	'2027.json': JSON.stringify({ year: 2027, papers: [], days: [{ name: '元旦', date: '2027-01-01', isOffDay: true }] }),
};

/** Every command that needs a database (all but init and demo), with its input. */
const NEEDS_DATABASE = [
	['notice', '2020Q4'],
	['notice', '2020Q4', '--format', 'md', '--out', 'notice.md'],
	['serve', '--listen', '127.0.0.1:0'],
	['import', 'complaints', 'complaints.csv'],
	['import', 'subscribers', 'subscribers.csv'],
	['import', 'reports', 'reports.csv'],
	['import', 'ported', 'ported.csv'],
	['user', 'add', '--role', 'regulator', 'li.ming'],
	['calendar', 'load', '2027.json'],
];

describe('without a database', () => {
	test('calendar add 2020-09-29 5 prints 2020-10-13 from the built-in schedules, creating nothing', () => {
		// No --db: the default shensu.db in the working directory.
		const { dir, db, untouched } = emptyPlace();
		const r = runOk(['calendar', 'add', '2020-09-29', '5'], { cwd: dir });
		assert.equal(r.stdout, '2020-10-13\n');
		assert.equal(r.stderr, '');
		untouched();
		// Named with --db (on PostgreSQL: an empty database), likewise.
		assert.equal(runOk(['calendar', 'add', '2020-09-29', '5', '--db', db]).stdout, '2020-10-13\n');
		untouched();
	});

	test('calendar day, between and years answer from the built-in schedules, creating nothing', () => {
		const { db, untouched } = emptyPlace();
		assert.equal(runOk(['calendar', 'day', '2020-10-01', '--db', db]).stdout, 'day off\n');
		assert.equal(runOk(['calendar', 'day', '2020-10-10', '--db', db]).stdout, 'working day\n'); // 调休
		assert.equal(runOk(['calendar', 'between', '2020-09-29', '2020-10-13', '--db', db]).stdout, '5\n');
		const years = runOk(['calendar', 'years', '--db', db]).stdout.trim().split('\n').map(Number);
		const built = fs.readdirSync('data/holidays').filter((f) => /^\d{4}\.json$/.test(f))
			.map((f) => Number(f.slice(0, 4))).sort();
		assert.deepEqual(years, built);
		// A later year that is not built in is counted provisionally, as with a database.
		const later = runOk(['calendar', 'add', `${built.at(-1) + 3}-01-02`, '1', '--db', db]);
		assert.match(later.stdout, /^\d{4}-\d{2}-\d{2} \(provisional\)\n$/);
		// A year beyond the statutory rules: the message says where a schedule can go.
		const r = run(['calendar', 'add', '2101-01-03', '1', '--db', db]);
		assert.equal(r.status, 1, show(r));
		assert.match(r.stderr, /built in: \d{4}-\d{4}/);
		assert.match(r.stderr, /shensu init/);
		untouched();
	});

	test('config, routes, --help and --version create nothing', () => {
		const { dir, untouched } = emptyPlace();
		for (const args of [['config'], ['config', '--example'], ['routes'], ['--help'], ['--version'], ['notice', '--help']])
			runOk(args, { cwd: dir });
		untouched();
	});

	for (const args of NEEDS_DATABASE) {
		test(`${args.slice(0, 2).join(' ')} ${args.includes('--out') ? '--out ' : ''}refuses with what to do, creating nothing`, () => {
			const { dir, db, untouched } = emptyPlace(INPUTS);
			// Inputs named relative to the directory; no --db: the default database there.
			const r = run(args, { cwd: dir, input: 'a-long-password\n', timeout: 20_000 });
			assert.equal(r.status, 1, show(r));
			assert.equal(r.stderr, "shensu: no database at shensu.db: run 'shensu init' to create one " +
				"(or 'make run' in the source tree for the demo)\n");
			untouched();
			// With --db: the message names it, also for PostgreSQL.
			const named = run([...args, '--db', db], { cwd: dir, input: 'a-long-password\n', timeout: 20_000 });
			assert.equal(named.status, 1, show(named));
			assert.match(named.stderr, NO_DATABASE);
			assert.match(named.stderr, /--db /);
			untouched();
		});
	}
});

describe('a database without reference data', () => {
	test('serve refuses it clearly and changes nothing', () => {
		const db = uninitialisedDb();
		const r = run(['serve', '--listen', '127.0.0.1:0', '--db', db], { timeout: 20_000 });
		assert.equal(r.status, 1, show(r));
		assert.match(r.stderr, NOT_INITIALISED);
		assert.doesNotMatch(r.stdout, /listening/);
		assert.equal(sql(db, 'SELECT count(*) FROM province'), '0');
	});

	test('serve refuses an empty PostgreSQL database or an empty SQLite file', () => {
		const { dir, db } = emptyPlace();
		if (!PG) fs.writeFileSync(db, '');
		const r = run(['serve', '--listen', '127.0.0.1:0', '--db', db], { timeout: 20_000 });
		assert.equal(r.status, 1, show(r));
		// An empty file is there, so it is a database without reference data.
		assert.match(r.stderr, PG ? NO_DATABASE : NOT_INITIALISED);
		if (PG) assert.equal(hasDatabase(db), false);
		else assert.deepEqual(fs.readdirSync(dir), ['shensu.db']);
	});

	test('notice and calendar commands refuse it too: its answers would be wrong', () => {
		const db = uninitialisedDb();
		for (const args of [['notice', '2020Q4'], ['calendar', 'add', '2020-09-29', '5'], ['calendar', 'years']]) {
			const r = run([...args, '--db', db]);
			assert.equal(r.status, 1, show(r));
			assert.equal(r.stdout, '');
			assert.match(r.stderr, NOT_INITIALISED);
		}
	});

	test('init adds the reference data and keeps a schedule the database holds', () => {
		const db = uninitialisedDb();
		sql(db, "INSERT INTO holiday_schedule(year, source, loaded_at) VALUES (2020, 'mine.json', 0); " +
			"INSERT INTO holiday(year, day, off, name) VALUES (2020, '2020-09-30', 1, '本地假日');");
		runOk(['init', '--db', db]);
		assert.equal(sql(db, 'SELECT count(*) FROM province'), '32');
		assert.equal(sql(db, 'SELECT source FROM holiday_schedule WHERE year = 2020'), 'mine.json');
		// 30 September is off and 1-8 October ordinary days: the stored schedule counts.
		assert.equal(runOk(['calendar', 'add', '2020-09-29', '5', '--db', db]).stdout, '2020-10-07\n');
	});
});

describe('demo --if-new (what make run uses)', () => {
	test('creates the demo where there is no database', () => {
		const { db } = emptyPlace();
		const r = runOk(['demo', '--if-new', '--complaints', '30', '--db', db], { timeout: 150_000 });
		const m = r.stdout.match(/demo data: 30 complaints .*?and (\d+) more complaints/);
		assert.ok(m, r.stdout);
		assert.equal(sql(db, 'SELECT count(*) FROM complaint'), String(30 + Number(m[1])));
	});

	test('fills a database without reference data, and says so', () => {
		const db = uninitialisedDb();
		const r = runOk(['demo', '--if-new', '--complaints', '30', '--db', db], { timeout: 150_000 });
		assert.match(r.stderr, /had no reference data \(an empty database\): filling it with the demo data/);
		assert.equal(sql(db, 'SELECT count(*) FROM province'), '32');
		const m = r.stdout.match(/demo data: 30 complaints .*?and (\d+) more complaints/);
		assert.ok(m, r.stdout);
		assert.equal(sql(db, 'SELECT count(*) FROM complaint'), String(30 + Number(m[1])));
	});

	test('leaves an initialised database as it is and succeeds', () => {
		const db = initDb();
		const users = sql(db, 'SELECT count(*) FROM app_user');
		const r = runOk(['demo', '--if-new', '--complaints', '30', '--db', db]);
		assert.equal(r.stdout, '');
		assert.match(r.stderr, /is initiali[sz]ed already: left as it is/);
		assert.equal(sql(db, 'SELECT count(*) FROM complaint'), '0');
		assert.equal(sql(db, 'SELECT count(*) FROM app_user'), users, 'no demo accounts added');
	});
});
