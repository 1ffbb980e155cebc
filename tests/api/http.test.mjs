// The HTTP API, driven over real sockets against `shensu serve`.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';

import { assertProblem, request, run, sql, startServer, waitFor } from './lib/shensu.mjs';

/** A raw GET whose path is sent exactly as given (fetch would normalise dot segments). */
function rawGet(base, rawPath) {
	const { hostname, port } = new URL(base);
	return new Promise((resolve, reject) => {
		const req = http.request({ host: hostname, port, path: rawPath, method: 'GET' }, (res) => {
			let text = '';
			res.setEncoding('utf8');
			res.on('data', (c) => (text += c));
			res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
		});
		req.on('error', reject);
		req.end();
	});
}

describe('HTTP API (read-only endpoints)', () => {
	let srv;
	before(async () => {
		srv = await startServer();
	});
	after(async () => {
		await srv?.stop();
	});
	const get = (p, init) => request(srv.url + p, init);

	describe('GET /api/health', () => {
		test('200 JSON with status, version and the database schema version', async () => {
			const { res, body, text } = await get('/api/health');
			assert.equal(res.status, 200, text);
			assert.match(res.headers.get('content-type'), /^application\/json/);
			assert.equal(body.status, 'ok');
			// The schema version of the database actually served (1 at first; migrations raise it).
			assert.ok(Number.isInteger(body.schema_version) && body.schema_version >= 1, `${body.schema_version}`);
			assert.equal(String(body.schema_version),
				sql(srv.db, "SELECT value FROM meta WHERE key = 'schema_version'"));
			assert.equal(typeof body.version, 'string');
			assert.match(body.version, /^\d+\.\d+\.\d+/);
			const cli = run(['--version']);
			assert.equal(cli.stdout.trim(), `shensu ${body.version}`, 'API and CLI agree on the version');
		});

		test('HEAD is answered like GET, without a body', async () => {
			const { res, text } = await get('/api/health', { method: 'HEAD' });
			assert.equal(res.status, 200);
			assert.equal(text, '');
		});
	});

	describe('GET /api/reference/provinces', () => {
		test('31 provinces plus the national centre 00', async () => {
			const { res, body } = await get('/api/reference/provinces');
			assert.equal(res.status, 200);
			assert.ok(Array.isArray(body));
			assert.equal(body.length, 32);
			const national = body.filter((p) => p.national);
			assert.equal(national.length, 1);
			assert.equal(national[0].code, '00');
			const codes = new Set(body.map((p) => p.code));
			assert.equal(codes.size, 32, 'codes are unique');
			for (const p of body) {
				assert.match(p.code, /^\d{2}$/);
				assert.equal(typeof p.name, 'string');
				assert.equal(typeof p.short_name, 'string');
				assert.equal(typeof p.national, 'boolean');
			}
		});

		test('names and short names', async () => {
			const { body } = await get('/api/reference/provinces');
			const by = Object.fromEntries(body.map((p) => [p.code, p]));
			assert.deepEqual([by['44'].name, by['44'].short_name], ['广东省', '广东']);
			assert.deepEqual([by['11'].name, by['11'].short_name], ['北京市', '北京']);
			assert.deepEqual([by['65'].name, by['65'].short_name], ['新疆维吾尔自治区', '新疆']);
			assert.equal(by['44'].national, false);
		});
	});

	describe('GET /api/reference/enterprises', () => {
		const BASIC = ['中国电信', '中国移动', '中国联通', '中国广电'];

		test('the four basic operators and resellers hosted by them', async () => {
			const { res, body } = await get('/api/reference/enterprises');
			assert.equal(res.status, 200);
			assert.ok(Array.isArray(body));
			const byName = new Map(body.map((e) => [e.name, e]));
			for (const name of BASIC) {
				assert.ok(byName.has(name), `${name} is listed`);
				assert.equal(byName.get(name).kind, 'basic');
				assert.equal(byName.get(name).parent_id, undefined);
			}
			const basicIds = new Set(BASIC.map((n) => byName.get(n).id));
			for (const name of ['京东通信', '小米移动']) {
				const e = byName.get(name);
				assert.ok(e, `${name} is listed`);
				assert.equal(e.kind, 'reseller');
				assert.ok(basicIds.has(e.host_id), `${name}.host_id points at a basic operator`);
			}
			const resellers = body.filter((e) => e.kind === 'reseller');
			assert.ok(resellers.length >= 2);
			for (const e of resellers) assert.ok(basicIds.has(e.host_id), `${e.name} has a basic host`);
		});

		test('?level=group has no branches', async () => {
			const { res, body } = await get('/api/reference/enterprises?level=group');
			assert.equal(res.status, 200);
			assert.ok(body.length >= 4);
			for (const e of body) {
				assert.equal(e.parent_id, undefined, `${e.name} has no parent`);
				assert.equal(e.province, undefined, `${e.name} has no province`);
			}
			const names = body.map((e) => e.name);
			for (const name of BASIC) assert.ok(names.includes(name), name);
		});

		test('?level=branch lists 4 × 31 provincial branches', async () => {
			const groups = (await get('/api/reference/enterprises?level=group')).body;
			const { res, body } = await get('/api/reference/enterprises?level=branch');
			assert.equal(res.status, 200);
			assert.equal(body.length, 124);
			const groupById = new Map(groups.map((g) => [g.id, g]));
			const pairs = new Set();
			for (const b of body) {
				const parent = groupById.get(b.parent_id);
				assert.ok(parent, `${b.name}.parent_id ${b.parent_id} is a group`);
				assert.equal(parent.kind, 'basic', `${b.name}'s parent is a basic operator`);
				assert.match(b.province, /^\d{2}$/);
				assert.notEqual(b.province, '00');
				pairs.add(`${b.parent_id}/${b.province}`);
			}
			assert.equal(pairs.size, 124, 'one branch per operator and province');
			const gd = body.find((b) => b.name === '中国移动广东分公司');
			assert.ok(gd, '中国移动广东分公司 is listed');
			assert.equal(gd.province, '44');
			assert.equal(groupById.get(gd.parent_id).name, '中国移动');
		});

		test('?level=bogus is a 400 problem', async () => {
			assertProblem(await get('/api/reference/enterprises?level=bogus'), 400, 'invalid_parameter');
		});
	});

	describe('GET /api/reference/categories', () => {
		const OLD = ['用户服务', '收费争议', '网络质量'];
		const NEW = ['服务争议', '营销、收费、资费争议', '网络质量与信息安全'];
		const names = (body) => body.map((c) => c.name).sort();

		test('six classes from the 2016 and 2022 schemes, each with sub-topics', async () => {
			const { res, body } = await get('/api/reference/categories');
			assert.equal(res.status, 200);
			assert.equal(body.length, 6);
			assert.deepEqual(names(body), [...OLD, ...NEW].sort());
			for (const c of body) {
				if (OLD.includes(c.name)) assert.equal(c.valid_to, '2021-12-31', c.name);
				else assert.equal(c.valid_from, '2022-01-01', c.name);
				assert.ok(Array.isArray(c.subtopics) && c.subtopics.length > 0, `${c.name} has sub-topics`);
				for (const s of c.subtopics) {
					assert.equal(typeof s.id, 'number');
					assert.equal(typeof s.name, 'string');
					assert.ok(s.name.length > 0);
				}
			}
		});

		test('?date picks the scheme in force on that day', async () => {
			assert.deepEqual(names((await get('/api/reference/categories?date=2020-10-01')).body), [...OLD].sort());
			assert.deepEqual(names((await get('/api/reference/categories?date=2023-05-01')).body), [...NEW].sort());
			// the boundaries
			assert.deepEqual(names((await get('/api/reference/categories?date=2021-12-31')).body), [...OLD].sort());
			assert.deepEqual(names((await get('/api/reference/categories?date=2022-01-01')).body), [...NEW].sort());
		});

		test('?date=2020-02-30 is a 400 invalid_date problem', async () => {
			assertProblem(await get('/api/reference/categories?date=2020-02-30'), 400, 'invalid_date');
		});
	});

	describe('GET /api/reference/reasons', () => {
		test('not-admissible reasons, each citing the rules', async () => {
			const { res, body } = await get('/api/reference/reasons');
			assert.equal(res.status, 200);
			const codes = body.map((r) => r.code);
			for (const code of ['time_barred_billing', 'time_barred_other', 'operator_not_first'])
				assert.ok(codes.includes(code), `${code} is listed`);
			for (const r of body) {
				assert.equal(typeof r.title, 'string');
				assert.ok(r.title.length > 0, `${r.code} has a title`);
				assert.ok(r.rule.includes('《电信用户申诉处理办法》'), `${r.code} cites the rules`);
			}
		});
	});

	describe('GET /api/calendar/*', () => {
		test('add: 5 working days after 2020-09-29 across National Day is 2020-10-13', async () => {
			const { res, body } = await get('/api/calendar/add?from=2020-09-29&days=5');
			assert.equal(res.status, 200);
			assert.match(res.headers.get('content-type'), /^application\/json/);
			assert.deepEqual(body, { from: '2020-09-29', days: 5, date: '2020-10-13', provisional: false });
		});

		test('add: across Spring Festival 2024 (10–17 Feb off, Sunday 18 Feb worked)', async () => {
			const add = async (from, days) =>
				(await get(`/api/calendar/add?from=${from}&days=${days}`)).body.date;
			assert.equal(await add('2024-02-08', 1), '2024-02-09'); // Friday, a normal working day
			assert.equal(await add('2024-02-09', 1), '2024-02-18'); // Sunday declared working
			assert.equal(await add('2024-02-08', 2), '2024-02-18');
			assert.equal(await add('2024-02-09', 2), '2024-02-19');
			assert.equal(await add('2024-02-08', 0), '2024-02-08');
		});

		test('between: 5 working days from 2020-09-29 to 2020-10-13', async () => {
			const { res, body } = await get('/api/calendar/between?from=2020-09-29&to=2020-10-13');
			assert.equal(res.status, 200);
			assert.equal(body.working_days, 5);
		});

		test('day: 2020-10-10 (a Saturday) is worked, 2020-10-01 is not', async () => {
			const sat = await get('/api/calendar/day?date=2020-10-10');
			assert.equal(sat.res.status, 200);
			assert.equal(sat.body.working_day, true);
			const national = await get('/api/calendar/day?date=2020-10-01');
			assert.equal(national.body.working_day, false);
			const sunday = await get('/api/calendar/day?date=2020-10-11');
			assert.equal(sunday.body.working_day, false);
		});
	});

	describe('RFC 7807 errors', () => {
		test('missing from → missing_parameter', async () => {
			const p = assertProblem(await get('/api/calendar/add?days=5'), 400, 'missing_parameter');
			assert.ok(p.instance.startsWith('/api/calendar/add'), p.instance);
		});

		test('from=2020-13-01 → invalid_date', async () => {
			assertProblem(await get('/api/calendar/add?from=2020-13-01&days=5'), 400, 'invalid_date');
		});

		test('days=-1 and days=abc → invalid_parameter', async () => {
			assertProblem(await get('/api/calendar/add?from=2020-09-29&days=-1'), 400, 'invalid_parameter');
			assertProblem(await get('/api/calendar/add?from=2020-09-29&days=abc'), 400, 'invalid_parameter');
		});

		test('a year neither loaded nor under the statutory rules → no_schedule naming both ranges', async () => {
			for (const q of ['add?from=2150-01-02&days=1', 'day?date=2006-06-01', 'between?from=2099-12-01&to=2100-01-05']) {
				const p = assertProblem(await get(`/api/calendar/${q}`), 400, 'no_schedule');
				assert.match(p.detail, /2007–2026/);
				assert.match(p.detail, /2025–2099/);
			}
			// 2030 has no schedule: counted provisionally, not refused
			const { body } = await get('/api/calendar/add?from=2030-01-02&days=1');
			assert.deepEqual(body, { from: '2030-01-02', days: 1, date: '2030-01-03', provisional: true });
		});

		test('unknown API path → 404 not_found', async () => {
			assertProblem(await get('/api/nope'), 404, 'not_found');
		});

		test('POST /api/health → 405 method_not_allowed with Allow: GET', async () => {
			const r = await get('/api/health', { method: 'POST' });
			assertProblem(r, 405, 'method_not_allowed');
			assert.equal(r.res.headers.get('allow'), 'GET');
		});
	});

	describe('static files', () => {
		test('GET / serves the web UI index page', async () => {
			const { res, text } = await get('/');
			assert.equal(res.status, 200);
			assert.match(res.headers.get('content-type'), /^text\/html/);
			assert.match(text, /<html/i);
		});

		test('path traversal and hidden files are 404 (an encoded slash 400), never file contents', async () => {
			for (const [p, status] of [['/..%2f..%2fetc/passwd', 400], ['/%2e%2e/%2e%2e/etc/passwd', 404],
				['/../../etc/passwd', 404], ['/.git/config', 404], ['/%2egit/config', 404],
				['/..%2f.git%2fconfig', 400], ['/..%2fmeson.build', 400], ['/web/../meson.build', 404]]) {
				const r = await rawGet(srv.url, p);
				assert.equal(r.status, status, `${p} → ${r.status}: ${r.text.slice(0, 200)}`);
				assert.doesNotMatch(r.text, /root:|\[core\]|project\(/, `${p} leaked a file`);
			}
		});
	});
});

describe('HTTP API (logging and load)', () => {
	test('each request is logged as one JSON line without the query string', async () => {
		const srv = await startServer();
		try {
			const q = '/api/calendar/add?from=2020-09-29&days=5';
			assert.equal((await fetch(srv.url + q)).status, 200);
			assert.equal((await fetch(srv.url + '/api/health')).status, 200);
			assert.equal((await fetch(srv.url + '/api/nope?secret=13800138000')).status, 404);
			const requestLines = () => srv.logs.filter((l) => l.includes('"method"'));
			await waitFor(() => requestLines().length >= 3, 5000, 'three request log lines');

			for (const line of srv.logs) {
				assert.doesNotThrow(() => JSON.parse(line), `stderr line is JSON: ${line}`);
			}
			const entries = requestLines().map((l) => ({ line: l, e: JSON.parse(l) }));
			for (const { e } of entries) {
				assert.equal(typeof e.method, 'string');
				assert.equal(typeof e.path, 'string');
				assert.equal(typeof e.status, 'number');
				assert.equal(typeof e.us, 'number');
				assert.ok(Number.isInteger(e.us) && e.us >= 0, `us is a count of microseconds: ${e.us}`);
			}
			const add = entries.filter(({ e }) => e.path === '/api/calendar/add');
			assert.equal(add.length, 1, 'exactly one line for the one request');
			assert.equal(add[0].e.method, 'GET');
			assert.equal(add[0].e.status, 200);
			const health = entries.filter(({ e }) => e.path === '/api/health');
			assert.equal(health.length, 1);
			// an unknown /api path is logged as a placeholder: the path could carry anything
			const nope = entries.filter(({ e }) => e.path === '/api/(unknown)');
			assert.equal(nope.length, 1);
			assert.equal(nope[0].e.status, 404);
			for (const line of srv.logs) {
				assert.ok(!line.includes('?'), `no query string logged: ${line}`);
				assert.ok(!line.includes('days=') && !line.includes('2020-09-29'), `no query values: ${line}`);
				assert.ok(!line.includes('13800138000'), `no personal data: ${line}`);
			}
		} finally {
			await srv.stop();
		}
	});

	test('50 concurrent requests all succeed and the server keeps answering', async () => {
		// 50 connections from one address: above the default per-address limit (32).
		const srv = await startServer({ env: { SHENSU_MAX_CONNECTIONS_PER_IP: '64' } });
		try {
			const paths = [
				'/api/health',
				'/api/reference/provinces',
				'/api/reference/enterprises?level=branch',
				'/api/reference/categories?date=2020-10-01',
				'/api/calendar/add?from=2020-09-29&days=5',
			];
			const results = await Promise.all(
				Array.from({ length: 50 }, (_, i) => request(srv.url + paths[i % paths.length])));
			results.forEach((r, i) => {
				assert.equal(r.res.status, 200, `${paths[i % paths.length]}: ${r.text.slice(0, 200)}`);
				assert.ok(r.body !== undefined, 'a JSON body');
			});
			assert.deepEqual(results[4].body, { from: '2020-09-29', days: 5, date: '2020-10-13', provisional: false });
			const again = await request(srv.url + '/api/health');
			assert.equal(again.res.status, 200);
			assert.equal(again.body.status, 'ok');
		} finally {
			await srv.stop();
		}
	});

	test('a POST with a body to a GET route is 405 and the server keeps answering', async () => {
		const srv = await startServer();
		try {
			for (const body of ['{}', 'x'.repeat(100_000)]) {
				const r = await request(srv.url + '/api/health', {
					method: 'POST', body, headers: { 'content-type': 'application/json' },
				});
				assertProblem(r, 405, 'method_not_allowed');
				assert.equal(r.res.headers.get('allow'), 'GET');
			}
			const big = await request(srv.url + '/api/health', { method: 'POST', body: 'x'.repeat(2 * 1024 * 1024) })
				.catch((e) => e);
			if (!(big instanceof Error)) assert.ok(big.res.status >= 400, `an oversized body is refused: ${big.res.status}`);
			const after = await request(srv.url + '/api/health');
			assert.equal(after.res.status, 200);
		} finally {
			await srv.stop();
		}
	});

	test('SIGTERM shuts the server down cleanly (exit 0)', async () => {
		const srv = await startServer();
		assert.equal((await fetch(srv.url + '/api/health')).status, 200);
		await srv.stop(); // asserts exit status 0
		await assert.rejects(fetch(srv.url + '/api/health'), 'nothing listens any more');
	});
});
