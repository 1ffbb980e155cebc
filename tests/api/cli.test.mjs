// The command line: `shensu COMMAND ...` run as a child process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

import { PG, REPO, initDb, parseCsv, run, runOk, show, sql, tempDir, writeFile } from './lib/shensu.mjs';

const count = (db, table = 'complaint') => Number(sql(db, `SELECT count(*) FROM ${table}`));
/** Beijing wall-clock time to Unix seconds. */
const beijing = (y, mo, d, h = 0, mi = 0, s = 0) => Date.UTC(y, mo - 1, d, h - 8, mi, s) / 1000;
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const HEADER = 'received_at,province,enterprise,category,status,description';
const GOOD = '2020-10-01,44,中国移动,用户服务,closed,好的一行';

describe('shensu (global options and commands)', () => {
	test('--version prints "shensu X.Y.Z"', () => {
		const r = runOk(['--version']);
		assert.match(r.stdout, /^shensu \d+\.\d+\.\d+\n$/);
	});

	test('--help lists the commands', () => {
		const r = runOk(['--help']);
		for (const cmd of ['init', 'serve', 'import', 'demo', 'calendar'])
			assert.match(r.stdout, new RegExp(`^\\s+${cmd}\\b`, 'm'), `--help lists ${cmd}`);
	});

	test('import --help documents --skip-bad', () => {
		const r = runOk(['import', '--help']);
		assert.match(r.stdout, /--skip-bad/);
		assert.match(r.stdout, /complaints/);
		assert.match(r.stdout, /subscribers/);
	});

	test('an unknown command exits 2', () => {
		const r = run(['frobnicate']);
		assert.equal(r.status, 2, show(r));
		assert.match(r.stderr, /frobnicate/);
	});

	test('no command at all exits 2 with the usage', () => {
		const r = run([]);
		assert.equal(r.status, 2, show(r));
		assert.match(r.stderr, /usage/i);
	});

	test('an unknown flag exits 2 and does nothing', () => {
		const dir = tempDir();
		const db = path.join(dir, 'x.db');
		const r = run(['init', '--no-such-flag', '1', '--db', db]);
		assert.equal(r.status, 2, show(r));
		assert.match(r.stderr, /no-such-flag/);
		assert.equal(fs.existsSync(db), false, 'no database was created');
	});
});

describe('shensu init', () => {
	test('a second init leaves the database as it is', () => {
		const dir = tempDir();
		const db = path.join(dir, 'shensu.db');
		const first = runOk(['init', '--db', db]);
		assert.match(first.stdout, /initiali[sz]ed/);
		assert.equal(Number(sql(db, 'SELECT count(*) FROM province')), 32);
		const second = runOk(['init', '--db', db]);
		assert.match(second.stdout, /already initiali[sz]ed/);
		assert.equal(Number(sql(db, 'SELECT count(*) FROM province')), 32);
	});

	test('a database from a newer shensu is refused and left alone', () => {
		const dir = tempDir();
		const db = path.join(dir, 'future.db');
		sql(db, "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL); " +
			"INSERT INTO meta VALUES('schema_version','99');");
		const r = run(['init', '--db', db]);
		assert.equal(r.status, 1, show(r));
		assert.match(r.stderr, /newer/i);
		assert.match(r.stderr, /upgrade shensu/i);
		assert.equal(sql(db, "SELECT value FROM meta WHERE key='schema_version'"), '99');
		assert.equal(sql(db, PG ? "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
			: "SELECT count(*) FROM sqlite_master WHERE type='table'"), '1');
	});
});

describe('shensu calendar', () => {
	const schedule2027 = JSON.stringify({
		year: 2027,
		papers: [],
		days: [{ name: '元旦', date: '2027-01-01', isOffDay: true }],
	});

	test('add, between and day', () => {
		const db = initDb();
		assert.equal(runOk(['calendar', 'add', '2020-09-29', '5', '--db', db]).stdout, '2020-10-13\n');
		assert.equal(runOk(['calendar', 'between', '2020-09-29', '2020-10-13', '--db', db]).stdout.trim(), '5');
		assert.equal(runOk(['calendar', 'add', '2024-02-09', '1', '--db', db]).stdout, '2024-02-18\n');
	});

	test('a year neither loaded nor under the statutory rules fails with a message', () => {
		const db = initDb();
		const r = run(['calendar', 'add', '2150-01-02', '1', '--db', db]);
		assert.equal(r.status, 1, show(r));
		assert.equal(r.stdout, '');
		assert.match(r.stderr, /schedule/i);
		assert.match(r.stderr, /calendar load/);
	});

	test('a year without a schedule from 2025 on answers provisionally, and says so', () => {
		const db = initDb();
		const r = runOk(['calendar', 'add', '2030-01-02', '1', '--db', db]);
		assert.equal(r.stdout, '2030-01-03 (provisional)\n');
		assert.match(r.stderr, /no holiday schedule is loaded for 2030/);
		assert.equal(runOk(['calendar', 'between', '2030-01-01', '2030-01-08', '--db', db]).stdout, '5 (provisional)\n');
		assert.equal(runOk(['calendar', 'day', '2030-10-01', '--db', db]).stdout, 'day off (provisional)\n');
		const loaded = runOk(['calendar', 'day', '2026-10-01', '--db', db]);
		assert.equal(loaded.stdout, 'day off\n');
		assert.equal(loaded.stderr, '');
	});

	test('load adds a new year without a rebuild', () => {
		const dir = tempDir();
		const db = initDb(dir);
		const before = runOk(['calendar', 'add', '2026-12-31', '1', '--db', db]);
		assert.equal(before.stdout, '2027-01-04 (provisional)\n', '2027 is not loaded yet');
		const file = writeFile(dir, '2027.json', schedule2027);
		const load = runOk(['calendar', 'load', file, '--db', db]);
		assert.match(load.stdout, /counted again: 0 cases, 0 dispatch lists/);
		// 2027-01-01 is a Friday off, 2 and 3 January the weekend.
		assert.equal(runOk(['calendar', 'add', '2026-12-31', '1', '--db', db]).stdout, '2027-01-04\n');
		assert.match(runOk(['calendar', 'years', '--db', db]).stdout, /^2027$/m);
	});

	test('a malformed schedule fails and changes nothing', () => {
		const dir = tempDir();
		const db = initDb(dir);
		runOk(['calendar', 'load', writeFile(dir, 'good.json', schedule2027), '--db', db]);
		const yearsBefore = runOk(['calendar', 'years', '--db', db]).stdout;
		const holidaysBefore = sql(db, 'SELECT count(*) FROM holiday');
		const bad = {
			'bad-date.json': JSON.stringify({
				year: 2027, papers: [],
				days: [{ name: '元旦', date: '2027-02-30', isOffDay: true }],
			}),
			'not-json.json': '{"year": 2027, "days": [',
			'no-flag.json': JSON.stringify({ year: 2027, papers: [], days: [{ name: '元旦', date: '2027-01-01' }] }),
			'bad-year.json': JSON.stringify({ year: 'next', papers: [], days: [] }),
		};
		for (const [name, text] of Object.entries(bad)) {
			const file = writeFile(dir, name, text);
			const r = run(['calendar', 'load', file, '--db', db]);
			assert.equal(r.status, 1, `${name}: ${show(r)}`);
			assert.ok(r.stderr.trim().length > 0, `${name}: a message`);
			assert.ok(r.stderr.includes(name), `${name}: the message names the file: ${r.stderr}`);
		}
		assert.equal(runOk(['calendar', 'years', '--db', db]).stdout, yearsBefore);
		assert.equal(sql(db, 'SELECT count(*) FROM holiday'), holidaysBefore);
		assert.equal(runOk(['calendar', 'add', '2026-12-31', '1', '--db', db]).stdout, '2027-01-04\n');
	});
});

describe('shensu config (precedence)', () => {
	const listen = (r) => /^listen = (.*)$/m.exec(r.stdout)?.[1];

	test('defaults < shensu.conf < SHENSU_LISTEN < --listen', () => {
		const dir = tempDir();
		assert.equal(listen(runOk(['config'], { cwd: dir })), '127.0.0.1:8080', 'the default');
		writeFile(dir, 'shensu.conf', '[server]\nlisten = 127.0.0.1:9000\n');
		assert.equal(listen(runOk(['config'], { cwd: dir })), '127.0.0.1:9000', 'the file');
		const env = { SHENSU_LISTEN: '127.0.0.1:9001' };
		assert.equal(listen(runOk(['config'], { cwd: dir, env })), '127.0.0.1:9001', 'env over file');
		assert.equal(listen(runOk(['config', '--listen', '127.0.0.1:9002'], { cwd: dir, env })),
			'127.0.0.1:9002', 'flag over env');
		assert.equal(listen(runOk(['config', '--listen=127.0.0.1:9003'], { cwd: dir, env })), '127.0.0.1:9003');
	});

	test('an unknown key in shensu.conf exits 2 naming file and line', () => {
		const dir = tempDir();
		writeFile(dir, 'shensu.conf', '# comment\n[server]\nlisten = 127.0.0.1:9000\nfrobnicate = 1\n');
		const r = run(['config'], { cwd: dir });
		assert.equal(r.status, 2, show(r));
		assert.match(r.stderr, /shensu\.conf:4:/);
		assert.match(r.stderr, /frobnicate/);
	});

	test('--config FILE is read instead of shensu.conf', () => {
		const dir = tempDir();
		writeFile(dir, 'shensu.conf', '[server]\nlisten = 127.0.0.1:9000\n');
		const other = writeFile(dir, 'other.conf', '[server]\nlisten = 127.0.0.1:9005\n');
		assert.equal(listen(runOk(['--config', other, 'config'], { cwd: dir })), '127.0.0.1:9005');
	});
});

describe('shensu import complaints', () => {
	test('a good file: BOM, CRLF, any column order, mixed spellings, quoting, extra column', () => {
		const dir = tempDir();
		const db = initDb(dir);
		const rows = [
			'description,status,category,enterprise,province,received_at,channel',
			'普通描述,closed,用户服务,中国移动,44,2020-10-01,web',
			'"多收费用, 请核查\r\n第二行",已办结,收费争议,中国电信,广东,2020-10-02T08:30:00,phone',
			',closed,网络质量,中国联通,广东省,2020-10-03T09:00:00+08:00,web',
			'北京用户,closed,用户服务,京东通信,北京市,2020-12-31T23:59:59,web',
			'分公司,closed,服务争议,中国移动广东分公司,44,2022-03-01,app',
			'"带""引号""的描述",closed,营销、收费、资费争议,中国广电,65,2023-05-01T10:00:00,web',
		];
		const file = writeFile(dir, 'good.csv', '\ufeff' + rows.join('\r\n') + '\r\n');
		const r = run(['import', 'complaints', file, '--db', db]);
		assert.equal(r.status, 0, show(r));
		assert.match(r.stdout, /imported 6 complaints/);
		assert.match(r.stderr, /channel/, 'a warning about the unknown column');
		assert.equal(count(db), 6);

		assert.equal(sql(db, 'SELECT province, count(*) FROM complaint GROUP BY province ORDER BY province'),
			'11|1\n44|4\n65|1');
		const at = (desc) => Number(sql(db, `SELECT received_at FROM complaint WHERE description = '${desc}'`));
		assert.equal(at('普通描述'), beijing(2020, 10, 1), 'a date is midnight Beijing time');
		assert.equal(at('北京用户'), beijing(2020, 12, 31, 23, 59, 59));
		assert.equal(Number(sql(db, "SELECT received_at FROM complaint WHERE description LIKE '多收费用%'")),
			beijing(2020, 10, 2, 8, 30), 'a date-time without offset is Beijing time');
		assert.equal(Number(sql(db, "SELECT received_at FROM complaint WHERE description = ''")),
			beijing(2020, 10, 3, 9, 0));
		assert.match(sql(db, "SELECT description FROM complaint WHERE description LIKE '多收费用%'"),
			/^多收费用, 请核查\r?\n第二行$/, 'the quoted comma and newline are kept');
		assert.equal(sql(db, `SELECT count(*) FROM complaint WHERE description = '带"引号"的描述'`), '1');
		assert.match(sql(db, "SELECT e.name FROM complaint c JOIN enterprise e ON e.id = c.enterprise_id " +
			"WHERE c.description = '分公司'"), /^中国移动/);

		const cases = sql(db, 'SELECT case_no FROM complaint ORDER BY case_no').split('\n');
		for (const c of cases) assert.match(c, /^\d{2}-\d{4}-\d{6}$/);
		assert.deepEqual(cases, ['11-2020-000001', '44-2020-000001', '44-2020-000002', '44-2020-000003',
			'44-2022-000001', '65-2023-000001']);
		assert.equal(sql(db, "SELECT case_no FROM complaint WHERE description = '普通描述'"), '44-2020-000001');
	});

	test('a file read from standard input with "-"', () => {
		const db = initDb();
		const r = run(['import', 'complaints', '-', '--db', db], { input: `${HEADER}\n${GOOD}\n${GOOD}\n` });
		assert.equal(r.status, 0, show(r));
		assert.match(r.stdout, /imported 2 complaints/);
		assert.equal(count(db), 2);
	});

	/** Imports `content` as FILE; asserts exit 1, a FILE:LINE: message, nothing imported. */
	function rejects(content, { line, message, env, name = 'bad.csv', maxMs } = {}) {
		const dir = tempDir();
		const db = initDb(dir);
		const file = writeFile(dir, name, content);
		const r = run(['import', 'complaints', file, '--db', db], { env, timeout: 60_000 });
		assert.equal(r.status, 1, show(r));
		if (line !== undefined)
			assert.match(r.stderr, new RegExp(`${escapeRe(file)}:${line}:`), `names ${name}:${line}: ${r.stderr}`);
		if (message) assert.match(r.stderr, message);
		assert.doesNotMatch(r.stdout, /imported \d+/);
		assert.equal(count(db), 0, 'nothing was imported');
		assert.equal(count(db, 'import_batch'), 0, 'no import batch was recorded');
		if (maxMs) assert.ok(r.ms < maxMs, `took ${r.ms} ms`);
		return r;
	}
	const csv = (...lines) => lines.join('\r\n') + '\r\n';

	test('a bad date (2020-02-30) after good rows: nothing imported', () => {
		rejects(csv(HEADER, GOOD, '2020-02-30,44,中国移动,用户服务,closed,x', GOOD), {
			line: 3, message: /2020-02-30/,
		});
	});

	test('the message names line, column and reason', () => {
		const r = rejects(csv(HEADER, GOOD, GOOD, '2020-10-01,火星,中国移动,用户服务,closed,x'), {
			line: 4, message: /火星/,
		});
		assert.match(r.stderr, /:4: column 2 \(province\): /);
	});

	test('an unknown class (其他)', () => {
		rejects(csv(HEADER, GOOD, '2020-10-01,44,中国移动,其他,closed,x'), { line: 3, message: /其他/ });
	});

	test('a class outside its period (用户服务 in 2023)', () => {
		rejects(csv(HEADER, GOOD, '2023-05-01,44,中国移动,用户服务,closed,x'), { line: 3, message: /用户服务/ });
	});

	test('an unknown enterprise', () => {
		rejects(csv(HEADER, GOOD, '2020-10-01,44,中国邮政,用户服务,closed,x'), { line: 3, message: /中国邮政/ });
	});

	test('a branch of another province', () => {
		rejects(csv(HEADER, GOOD, '2020-10-01,11,中国移动广东分公司,用户服务,closed,x'), { line: 3 });
	});

	test('a row with too few fields', () => {
		rejects(csv(HEADER, GOOD, '2020-10-01,44,中国移动,用户服务,closed'), { line: 3 });
	});

	test('not UTF-8 (GBK bytes)', () => {
		const content = Buffer.concat([
			Buffer.from(`${HEADER}\r\n${GOOD}\r\n2020-10-01,44,中国移动,用户服务,closed,`),
			Buffer.from([0xb1, 0xb1, 0xbe, 0xa9]), // 北京 in GBK
			Buffer.from(`\r\n${GOOD}\r\n`),
		]);
		rejects(content, { line: 3, message: /UTF-8|utf-8|编码/ });
	});

	test('unbalanced quotes', () => {
		rejects(csv(HEADER, GOOD, '2020-10-01,44,中国移动,用户服务,closed,"没有结束的引号', GOOD), {
			line: 3, message: /引号|quote/i,
		});
	});

	test('an empty file', () => {
		rejects('', { message: /empty|header/i });
	});

	test('only a BOM', () => {
		rejects('\ufeff', { message: /empty|header/i });
	});

	test('a 10 MB field fails fast with a size message', () => {
		const big = Buffer.alloc(10 * 1024 * 1024, 'x');
		const content = Buffer.concat([
			Buffer.from(`${HEADER}\r\n${GOOD}\r\n2020-10-01,44,中国移动,用户服务,closed,`), big, Buffer.from('\r\n'),
		]);
		rejects(content, {
			line: 3, maxMs: 20_000,
			message: /too (large|long|big)|exceed|limit|bytes|MiB|超过|超出|过长|上限|大小|长度/i,
		});
	});

	test('a missing required column in the header', () => {
		rejects(csv('received_at,province,enterprise,status,description', '2020-10-01,44,中国移动,closed,x'), {
			line: 1, message: /category/,
		});
	});

	test('a date in the future', () => {
		const env = { SHENSU_TODAY: '2021-06-30' };
		rejects(csv(HEADER, '2021-06-30,44,中国移动,用户服务,closed,x', '2021-07-01,44,中国移动,用户服务,closed,x'),
			{ line: 3, env, message: /2021-07-01/ });
		rejects(csv(HEADER, GOOD, '2099-01-01,44,中国移动,用户服务,closed,x'), { line: 3 });
	});

	test('--skip-bad imports the good rows and writes the bad ones with reasons', () => {
		const dir = tempDir();
		const db = initDb(dir);
		const file = writeFile(dir, 'mixed.csv', csv(
			HEADER,
			GOOD,
			'2020-02-30,44,中国移动,用户服务,closed,坏日期',
			'2020-10-02,广东,中国电信,收费争议,closed,好',
			'2020-10-03,火星,中国联通,网络质量,closed,"坏省份, 带逗号"',
			'2020-10-04,北京,中国联通,网络质量,closed,好',
		));
		const rejectsPath = path.join(dir, 'rejects.csv');
		const r = run(['import', 'complaints', file, '--skip-bad', rejectsPath, '--db', db]);
		assert.equal(r.status, 0, show(r));
		assert.match(r.stdout, /imported 3 complaints/);
		assert.match(r.stdout + r.stderr, /2 bad rows/);
		assert.equal(count(db), 3);

		const out = parseCsv(fs.readFileSync(rejectsPath, 'utf8'));
		assert.deepEqual(out[0], [...HEADER.split(','), 'error_line', 'error_column', 'error_reason']);
		assert.equal(out.length, 3, 'header and two rejected rows');
		assert.deepEqual(out[1].slice(0, 8), ['2020-02-30', '44', '中国移动', '用户服务', 'closed', '坏日期', '3', '1']);
		assert.ok(out[1][8].length > 0, 'a reason');
		assert.deepEqual(out[2].slice(0, 8), ['2020-10-03', '火星', '中国联通', '网络质量', 'closed', '坏省份, 带逗号', '5', '2']);
		assert.match(out[2][8], /火星/);

		// The rejects file, corrected, imports cleanly.
		const fixed = out.slice(1).map((f) => f.slice(0, 6));
		fixed[0][0] = '2020-02-28';
		fixed[1][1] = '广东';
		const field = (v) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
		const again = writeFile(dir, 'fixed.csv', csv(HEADER, ...fixed.map((f) => f.map(field).join(','))));
		runOk(['import', 'complaints', again, '--db', db]);
		assert.equal(count(db), 5);
	});

	test('the 2020 Q4 acceptance data set imports completely', { timeout: 300_000 }, (t) => {
		const gen = path.resolve(REPO, '../shared/acceptance/notice-2020q4/gen.py');
		if (!fs.existsSync(gen)) {
			t.skip(`${gen} does not exist`);
			return;
		}
		const dir = tempDir();
		const db = initDb(dir);
		const g = spawnSync('python3', [gen, dir], { encoding: 'utf8', timeout: 120_000 });
		assert.equal(g.status, 0, `gen.py failed: ${g.stderr}`);
		const file = path.join(dir, 'complaints.csv');
		const bytes = fs.readFileSync(file);
		let lines = 0;
		for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) lines++;
		const expected = lines - 1; // no embedded newlines in this file; minus the header
		assert.ok(expected > 200_000, `${expected} rows generated`);

		const r = run(['import', 'complaints', file, '--db', db], { timeout: 240_000 });
		assert.equal(r.status, 0, show(r));
		assert.match(r.stdout, new RegExp(`imported ${expected} complaints`));
		assert.equal(count(db), expected);
		// 2020 Q4 in Beijing time: [2020-10-01T00:00+08:00, 2021-01-01T00:00+08:00)
		assert.equal(beijing(2020, 10, 1), 1601481600);
		assert.equal(beijing(2021, 1, 1), 1609430400);
		assert.equal(sql(db, 'SELECT count(*) FROM complaint WHERE received_at >= 1601481600 AND received_at < 1609430400'),
			'29052');
	});
});

describe('shensu import subscribers', () => {
	test('period,enterprise,subscribers_10k rows are stored', () => {
		const dir = tempDir();
		const db = initDb(dir);
		const file = writeFile(dir, 'subs.csv', 'period,enterprise,subscribers_10k\r\n2020Q4,中国移动,94200\r\n2020Q4,中国电信,35100\r\n');
		const r = run(['import', 'subscribers', file, '--db', db]);
		assert.equal(r.status, 0, show(r));
		assert.match(r.stdout, /imported 2 subscribers/);
		assert.equal(sql(db, "SELECT s.subscribers_10k FROM subscriber_count s JOIN enterprise e ON e.id = s.enterprise_id " +
			"WHERE s.period = '2020Q4' AND e.name = '中国移动'"), '94200');
	});

	test('a bad period (2020Q5) fails naming the line; nothing imported', () => {
		const dir = tempDir();
		const db = initDb(dir);
		const file = writeFile(dir, 'subs.csv', 'period,enterprise,subscribers_10k\n2020Q4,中国移动,94200\n2020Q5,中国电信,35100\n');
		const r = run(['import', 'subscribers', file, '--db', db]);
		assert.equal(r.status, 1, show(r));
		assert.match(r.stderr, new RegExp(`${escapeRe(file)}:3:`));
		assert.match(r.stderr, /2020Q5/);
		assert.equal(count(db, 'subscriber_count'), 0);
	});
});

describe('shensu demo', () => {
	test('fills a new database with several thousand complaints, once', { timeout: 180_000 }, () => {
		const dir = tempDir();
		const db = path.join(dir, 'demo.db');
		const r = run(['demo', '--db', db], { timeout: 150_000 });
		assert.equal(r.status, 0, show(r));
		const n = count(db);
		assert.ok(n >= 2000 && n <= 20000, `${n} complaints`);
		assert.equal(sql(db, "SELECT count(DISTINCT e.id) FROM complaint c JOIN enterprise e ON e.id = " +
			"coalesce((SELECT parent_id FROM enterprise b WHERE b.id = c.enterprise_id), c.enterprise_id) " +
			"WHERE e.kind = 'basic'"), '4', 'all four basic operators');
		const provinces = Number(sql(db, "SELECT count(DISTINCT province) FROM complaint WHERE province <> '00'"));
		assert.ok(provinces >= 30, `${provinces} provinces`);
		// 12321: reports of every kind, monthly dispatch lists, apps along their pipeline
		assert.equal(sql(db, 'SELECT count(DISTINCT kind) FROM report'), '5');
		assert.ok(Number(sql(db, 'SELECT count(*) FROM dispatch')) >= 20, 'monthly dispatch lists');
		assert.ok(Number(sql(db, 'SELECT count(*) FROM reported_number WHERE disposal IS NOT NULL')) > 0);
		assert.ok(Number(sql(db, "SELECT count(DISTINCT state) FROM app")) >= 4, 'apps at several steps');

		const second = run(['demo', '--db', db], { timeout: 60_000 });
		assert.equal(second.status, 1, show(second));
		assert.ok(second.stderr.trim().length > 0, 'says why');
		assert.equal(count(db), n, 'nothing was added');
	});
});
