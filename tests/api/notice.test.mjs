// Statistics and the quarterly notice: the figures of seed 003 (2020 Q4) come out
// of the API, and the HTML, PDF and XLSX downloads carry the same figures.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
	BIN, REPO, QUIET_ENV, addUser, assertProblem, login, runOk, startServer, staffClient, tempDir,
	writeFile,
} from './lib/shensu.mjs';

const ACCEPTANCE = path.resolve(REPO, '../shared/acceptance/notice-2020q4');
const haveShared = fs.existsSync(path.join(ACCEPTANCE, 'gen.py'));

describe('statistics and the quarterly notice', { skip: !haveShared && 'needs ../shared/acceptance' }, () => {
	let srv, reg, agent, cm, dir, db;
	before(async () => {
		dir = tempDir();
		db = path.join(dir, 't.db');
		runOk(['init', '--db', db]);
		const gen = spawnSync('python3', [path.join(ACCEPTANCE, 'gen.py'), dir]);
		assert.equal(gen.status, 0, String(gen.stderr));
		runOk(['import', 'complaints', path.join(dir, 'complaints.csv'), '--db', db]);
		writeFile(dir, 'subs.csv', 'period,enterprise,subscribers_10k\n' +
			'2020Q3,中国移动,94000\n2020Q3,中国电信,35000\n2020Q3,中国联通,30600\n' +
			'2020Q4,中国移动,94200\n2020Q4,中国电信,35200\n2020Q4,中国联通,30580\n');
		runOk(['import', 'subscribers', path.join(dir, 'subs.csv'), '--db', db]);
		addUser(db, 'reg', 'regulator');
		addUser(db, 'gd', 'agency_staff', { province: '44' });
		addUser(db, 'cm', 'enterprise_staff', { enterprise: '中国移动' });
		srv = await startServer({ db, env: QUIET_ENV });
		reg = staffClient(srv.url, (await login(srv.url, 'reg')).token);
		agent = staffClient(srv.url, (await login(srv.url, 'gd')).token);
		cm = staffClient(srv.url, (await login(srv.url, 'cm')).token);
	});
	after(() => srv?.stop());

	test('the shipped acceptance script passes, with and without the 12321 reports', async () => {
		// The script in ../shared runs as shipped (not a copy, not patched), on the
		// binary under test, from the repository root as its header says.
		// Asynchronously: a blocked event loop would miss the server closing idle
		// keep-alive connections, and the next request would use a dead one.
		const script = path.join(ACCEPTANCE, 'run.sh');
		const runScript = (args = []) => new Promise((resolve) => {
			const child = spawn('bash', [script, ...args], { cwd: REPO, env: { ...process.env, SHENSU: BIN } });
			let stdout = '', stderr = '';
			child.stdout.on('data', (d) => { stdout += d; });
			child.stderr.on('data', (d) => { stderr += d; });
			child.on('close', (status) => resolve({ status, stdout, stderr }));
		});
		const lines = (out, prefix) => out.split('\n').filter((l) => l.startsWith(prefix));
		const plain = await runScript();
		assert.equal(plain.status, 0, plain.stdout + plain.stderr);
		assert.deepEqual(lines(plain.stdout, 'FAIL'), []);
		assert.ok(lines(plain.stdout, 'ok').length >= 6, plain.stdout);
		assert.match(plain.stdout, /^ok {3}total 29052$/m);
		assert.match(plain.stdout, /^ok {3}YoY -41\.6%$/m);
		assert.match(plain.stdout, /^notice-2020q4: all figures match seed 003$/m);
		// With the 12321 reports: counts per kind and their changes.
		const reports = await runScript(['--reports']);
		assert.equal(reports.status, 0, reports.stdout + reports.stderr);
		assert.deepEqual(lines(reports.stdout, 'FAIL'), []);
		assert.ok(lines(reports.stdout, 'ok').length >= 10, reports.stdout);
		assert.match(reports.stdout, /^ok {3}harassment calls 133758, -16\.3%$/m);
		assert.match(reports.stdout, /^ok {3}fraud 36900, \+2\.5%$/m);
		assert.match(reports.stdout, /^notice-2020q4: all figures match seed 003$/m);
	});

	test('GET /api/stats gives the 2020 Q4 headline figures', async () => {
		const { res, body } = await reg.get('/api/stats?period=2020Q4&by=category');
		assert.equal(res.status, 200);
		assert.equal(body.total, 29052);
		assert.equal(body.qoq, -12.8);
		assert.equal(body.yoy, -41.6);
		assert.equal(body.qoq_text, '环比下降12.8%');
		assert.equal(body.yoy_text, '同比下降41.6%');
		const share = Object.fromEntries(body.groups.map((g) => [g.name, g.share]));
		assert.deepEqual(share, { 用户服务: 50.3, 收费争议: 28.2, 网络质量: 21.5 });
		assert.equal(body.range.from, '2020-10-01');
		assert.equal(body.range.to, '2020-12-31');
	});

	test('slices add up, and a period without a basis gives null, never a division by zero', async () => {
		const all = (await reg.get('/api/stats?period=2020Q4')).body;
		for (const by of ['province', 'enterprise', 'subtopic']) {
			const { body } = await reg.get(`/api/stats?period=2020Q4&by=${by}`);
			assert.equal(body.groups.reduce((s, g) => s + g.count, 0), all.total, by);
		}
		const month = (await reg.get('/api/stats?period=2020-11')).body;
		assert.ok(month.total > 0 && month.total < all.total);
		const first = (await reg.get('/api/stats?period=2019Q1')).body;
		assert.equal(first.qoq, null);
		assert.equal(first.qoq_text, '环比—');
		const custom = (await reg.get('/api/stats?from=2020-10-01&to=2020-12-31')).body;
		assert.equal(custom.total, 29052);
		assertProblem(await reg.get('/api/stats?period=2020Q5'), 400, 'invalid_parameter');
	});

	test('agency staff see their own province only; operators none', async () => {
		const own = await agent.get('/api/stats?period=2020Q4&by=province');
		assert.equal(own.res.status, 200);
		assert.deepEqual(own.body.groups.map((g) => g.key), ['44']);
		const national = (await reg.get('/api/stats?period=2020Q4&province=44')).body;
		assert.equal(own.body.total, national.total);
		assertProblem(await agent.get('/api/stats?period=2020Q4&province=11'), 403, 'out_of_scope');
		assertProblem(await cm.get('/api/stats?period=2020Q4'), 403, 'role_not_allowed');
		assertProblem(await agent.get('/api/notices/2020Q4'), 403, 'role_not_allowed');
	});

	test('the HTML notice is self-contained with its chart and annex', async () => {
		const { res, text } = await reg.get('/api/notices/2020Q4?format=html');
		assert.equal(res.status, 200);
		assert.match(res.headers.get('content-type'), /text\/html/);
		const flat = text.replace(/[\s,，]/g, '');
		assert.ok(flat.includes('受理电信用户申诉29052件'));
		assert.ok(flat.includes('环比下降12.8%'));
		assert.match(text, /<svg/);
		assert.doesNotMatch(text, /-0\.0%/);
		assert.doesNotMatch(text, /<script|src="http|href="http/);
	});

	test('the XLSX annex holds the same numbers as the API, stored as numbers', async () => {
		const res = await fetch(`${srv.url}/api/notices/2020Q4?format=xlsx`, { headers: { authorization: `Bearer ${reg.token}` } });
		assert.equal(res.status, 200);
		const file = path.join(dir, 'n.xlsx');
		fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
		const unzip = (member) => spawnSync('unzip', ['-p', file, member], { encoding: 'utf8' }).stdout;
		const strings = [...unzip('xl/sharedStrings.xml').matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((m) => m[1]);
		const sheets = Object.values(unzip('xl/workbook.xml').match(/name="[^"]+"/g) ?? {});
		assert.ok(sheets.some((s) => s.includes('附件1')), sheets.join());
		const { body } = await reg.get('/api/stats?period=2020Q4&by=enterprise');
		const cm = body.groups.find((g) => g.name === '中国移动');
		// complaints per million users, as annex 1: count / (subscribers_10k / 100)
		assert.equal(cm.subscribers_10k, 94200);
		assert.equal(cm.rate_per_million, Math.round((cm.count / 942) * 100) / 100);
		const change = ((cm.count / 94200) / (cm.previous / 94000) - 1) * 100;
		assert.ok(Math.abs(cm.rate_change - change) <= 0.05, `${cm.rate_change} vs ${change}`);
		const gd = body.groups.find((g) => g.name === '中国广电');
		if (gd) assert.equal(gd.rate_per_million, null, 'no subscriber count: no rate');
		// find the annex sheet and a numeric cell equal to 中国移动's total
		const rels = unzip('xl/workbook.xml');
		const all = [1, 2, 3, 4, 5].map((i) => unzip(`xl/worksheets/sheet${i}.xml`)).join('');
		assert.ok(strings.includes('中国移动'));
		assert.match(all, new RegExp(`<c [^>]*><v>${cm.count}</v></c>`), `no numeric cell ${cm.count}`);
		assert.match(all, new RegExp(`<c [^>]*><v>${body.total}</v></c>`));
		assert.ok(rels.length > 0);
	});

	test('the PDF carries the extractable headline and embedded CJK fonts', async (t) => {
		if (spawnSync('which', ['pdftotext']).status !== 0) return t.skip('pdftotext missing');
		const res = await fetch(`${srv.url}/api/notices/2020Q4?format=pdf`, { headers: { authorization: `Bearer ${reg.token}` } });
		assert.equal(res.status, 200);
		assert.equal(res.headers.get('content-type'), 'application/pdf');
		const file = path.join(dir, 'n.pdf');
		fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
		const text = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' }).stdout.replace(/[\s,，]/g, '');
		assert.ok(text.includes('29052件'), text.slice(0, 300));
		assert.ok(text.includes('同比下降41.6%'));
		const fonts = spawnSync('pdffonts', [file], { encoding: 'utf8' }).stdout;
		assert.match(fonts, /CJK.*\byes\b/);
	});
});
