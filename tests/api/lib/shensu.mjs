// Helpers for the API and CLI suites: they drive the real `shensu` binary.
// Tests run from the repository root: `node --test tests/api/`.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const BIN = process.env.SHENSU_BIN || path.resolve('build/shensu');
export const REPO = process.cwd();

/* ---- clean-up at exit ---------------------------------------------------- */

const dirs = [];
const children = new Set();
process.on('exit', () => {
	for (const child of children) {
		try {
			child.kill('SIGKILL');
		} catch {
			/* already gone */
		}
	}
	for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
	if (PG && pgDatabases.size) {
		spawnSync('psql', ['-XAtq', '-d', `${PG} dbname=postgres`,
			...[...pgDatabases].flatMap((name) => ['-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`])]);
	}
});

/** A fresh temporary directory, removed when the test process exits. */
export function tempDir() {
	const d = fs.mkdtempSync(path.join(os.tmpdir(), 'shensu-test-'));
	dirs.push(d);
	return d;
}

/* ---- the database: SQLite, or PostgreSQL when SHENSU_TEST_PG is set ----------- */

/** The conninfo of a PostgreSQL cluster ("host=/tmp/x port=5432 user=shensu", no
 * dbname; `make test` starts one with scripts/pg-cluster.sh), or '' for SQLite. */
export const PG = process.env.SHENSU_TEST_PG || '';

const isPgUrl = (db) => /^postgres(ql)?:\/\//.test(db) || db.includes('=');
const pgDatabases = new Set();

function psql(conninfo, query) {
	const r = spawnSync('psql', ['-XAtq', '-v', 'ON_ERROR_STOP=1', '-F', '|', '-d', conninfo, '-c', query],
		{ encoding: 'utf8' });
	if (r.error) throw r.error;
	if (r.status !== 0) throw new Error(`psql "${query}" failed: ${r.stderr}`);
	return r.stdout.trim();
}

/**
 * What to pass as `--db` for a database path the tests chose. Under PostgreSQL a
 * path (always inside a fresh temporary directory) stands for a database of its
 * own, created empty on first use, as SQLite creates a missing file, and
 * dropped when the test process exits.
 */
export function dbArg(db) {
	if (!PG || isPgUrl(db)) return db;
	const name = `t_${crypto.createHash('sha1').update(path.resolve(db)).digest('hex').slice(0, 24)}`;
	if (!pgDatabases.has(name)) {
		psql(`${PG} dbname=postgres`, `CREATE DATABASE ${name}`);
		pgDatabases.add(name);
	}
	return `${PG} dbname=${name}`;
}

/** Whether the database exists and has been initialised (has tables). */
function dbExists(db) {
	if (!PG) return fs.existsSync(db);
	return psql(dbArg(db), "SELECT to_regclass('meta') IS NOT NULL") === 't';
}

/** `args` with the value of every --db mapped by dbArg(). */
const withDb = (args) => args.map((a, i) => (i > 0 && args[i - 1] === '--db' ? dbArg(a) : a));

/* ---- the command line ----------------------------------------------------- */

/** The environment for a child: ours without SHENSU_* settings (so a developer's
 * shell cannot change the results), plus `extra`. */
function childEnv(extra = {}) {
	const env = {};
	for (const [k, v] of Object.entries(process.env))
		if (!k.startsWith('SHENSU_')) env[k] = v;
	return { ...env, ...extra };
}

/**
 * Runs `shensu ARGS...` synchronously.
 * @returns {{status: number|null, signal: string|null, stdout: string, stderr: string, ms: number}}
 */
export function run(args, { input, env, cwd, timeout = 120_000 } = {}) {
	const started = Date.now();
	const r = spawnSync(BIN, withDb(args), {
		input,
		env: childEnv(env),
		cwd: cwd ?? REPO,
		encoding: 'utf8',
		timeout,
		maxBuffer: 64 * 1024 * 1024,
	});
	if (r.error && r.error.code !== 'ETIMEDOUT') throw r.error;
	return {
		status: r.status,
		signal: r.signal,
		stdout: r.stdout ?? '',
		stderr: r.stderr ?? '',
		ms: Date.now() - started,
	};
}

/** A run's exit status and output, for assertion messages. */
export function show(r) {
	return `exit ${r.status}${r.signal ? ` (signal ${r.signal})` : ''}\n` +
		`--- stdout ---\n${r.stdout.slice(0, 4000)}\n--- stderr ---\n${r.stderr.slice(0, 4000)}`;
}

/** Runs a command and asserts its exit status. */
export function runOk(args, opts) {
	const r = run(args, opts);
	assert.equal(r.status, 0, `shensu ${args.join(' ')}: ${show(r)}`);
	return r;
}

/** Creates and initialises a database in a new temporary directory; returns its path. */
export function initDb(dir = tempDir()) {
	const db = path.join(dir, 'shensu.db');
	runOk(['init', '--db', db]);
	return db;
}

/** Runs the sqlite3 CLI (psql under PostgreSQL) on `db` and returns its trimmed
 * standard output: rows by line, columns separated by '|'. */
export function sql(db, query) {
	if (PG) return psql(dbArg(db), query);
	const r = spawnSync('sqlite3', ['-batch', '-noheader', db, query], { encoding: 'utf8' });
	if (r.error) throw r.error;
	if (r.status !== 0) throw new Error(`sqlite3 ${db} "${query}" failed: ${r.stderr}`);
	return r.stdout.trim();
}

/** Writes a file (string or Buffer) into dir and returns its path. */
export function writeFile(dir, name, content) {
	const p = path.join(dir, name);
	fs.writeFileSync(p, content);
	return p;
}

/** Parses RFC 4180 CSV text into an array of records (arrays of strings). */
export function parseCsv(text) {
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	const rows = [];
	let row = [], field = '', i = 0, quoted = false;
	while (i < text.length) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				field += '"';
				i += 2;
			} else if (c === '"') {
				quoted = false;
				i++;
			} else {
				field += c;
				i++;
			}
		} else if (c === '"') {
			quoted = true;
			i++;
		} else if (c === ',') {
			row.push(field);
			field = '';
			i++;
		} else if (c === '\r' || c === '\n') {
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
			i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
		} else {
			field += c;
			i++;
		}
	}
	if (field !== '' || row.length) {
		row.push(field);
		rows.push(row);
	}
	return rows;
}

/* ---- the server ---------------------------------------------------------- */

/**
 * Starts `shensu serve --listen 127.0.0.1:0 --db DB` (initialising DB first when it
 * does not exist) and waits for its "listening" line. `bin` picks another build.
 * @returns {Promise<{url: string, logs: string[], stderr: () => string, pid: number, stop: () => Promise<void>}>}
 */
export async function startServer({ db, env = {}, args = [], timeout = 15_000, bin = BIN } = {}) {
	db ??= path.join(tempDir(), 'shensu.db');
	if (!dbExists(db)) runOk(['init', '--db', db]);
	const child = spawn(bin ?? BIN, ['serve', '--listen', '127.0.0.1:0', '--db', dbArg(db), ...args], {
		cwd: REPO,
		env: childEnv(env),
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	children.add(child);
	const logs = [];
	let stderrText = '', stdoutText = '', partial = '';
	child.stderr.setEncoding('utf8');
	child.stderr.on('data', (chunk) => {
		stderrText += chunk;
		partial += chunk;
		let nl;
		while ((nl = partial.indexOf('\n')) >= 0) {
			logs.push(partial.slice(0, nl));
			partial = partial.slice(nl + 1);
		}
	});
	const exited = new Promise((resolve) => {
		child.on('exit', (code, signal) => {
			children.delete(child);
			resolve({ code, signal });
		});
	});

	const url = await new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`shensu serve did not print its address within ${timeout} ms\n` +
				`stdout: ${stdoutText}\nstderr: ${stderrText}`));
		}, timeout);
		child.stdout.setEncoding('utf8');
		child.stdout.on('data', (chunk) => {
			stdoutText += chunk;
			const m = /^shensu listening on (http:\/\/127\.0\.0\.1:(\d+))$/m.exec(stdoutText);
			if (m && Number(m[2]) > 0) {
				clearTimeout(timer);
				resolve(m[1]);
			}
		});
		exited.then(({ code, signal }) => {
			clearTimeout(timer);
			reject(new Error(`shensu serve exited early (code ${code}, signal ${signal})\n` +
				`stdout: ${stdoutText}\nstderr: ${stderrText}`));
		});
	});

	let stopped = null;
	return {
		url,
		logs,
		db,
		pid: child.pid,
		stderr: () => stderrText,
		/** SIGTERM, then asserts a clean exit (status 0) within 15 s. */
		stop() {
			stopped ??= (async () => {
				child.kill('SIGTERM');
				const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
				const { code, signal } = await exited;
				clearTimeout(timer);
				assert.equal(code, 0, `shensu serve did not exit cleanly on SIGTERM ` +
					`(code ${code}, signal ${signal})\nstderr:\n${stderrText.slice(-4000)}`);
			})();
			return stopped;
		},
	};
}

/** Waits until pred() is true (polling), or fails after `ms`. */
export async function waitFor(pred, ms = 5000, what = 'condition') {
	const end = Date.now() + ms;
	for (;;) {
		if (pred()) return;
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

/** GET (or another method) returning {res, text, body}; body is parsed JSON when possible. */
export async function request(url, init = {}) {
	const res = await fetch(url, init);
	const text = await res.text();
	let body;
	try {
		body = JSON.parse(text);
	} catch {
		body = undefined;
	}
	return { res, text, body };
}

/** Asserts an RFC 7807 problem response and returns its body. */
export function assertProblem({ res, body, text }, status, code) {
	assert.equal(res.status, status, `expected HTTP ${status}, got ${res.status}: ${text}`);
	assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
	assert.ok(body && typeof body === 'object', `problem body is not JSON: ${text}`);
	assert.equal(body.status, status);
	assert.equal(body.code, code, `expected code ${code}: ${text}`);
	assert.equal(typeof body.type, 'string');
	assert.ok(body.type.length > 0);
	assert.equal(typeof body.title, 'string');
	assert.match(body.title, /[^\x00-\x7f]/, `title should be Chinese: ${body.title}`);
	assert.equal(typeof body.detail, 'string');
	assert.ok(body.detail.length > 0);
	assert.equal(typeof body.instance, 'string');
	return body;
}

/* ---- complaints, staff accounts and sessions (lifecycle, scope, public suites) ---- */

/** The password every test account gets. */
export const PASSWORD = 'password-123';

/** Environment for a test server: no public rate limit and a login limit high
 * enough for a suite that signs several accounts in (the login suite overrides). */
export const QUIET_ENV = { SHENSU_RATE_PUBLIC: '0', SHENSU_RATE_LOGIN: '10000' };

/**
 * Adds a staff account with the CLI (password on stdin).
 * @param {string} db
 * @param {string} name
 * @param {string} role agency_staff | enterprise_staff | regulator | admin
 * @param {{province?: string, enterprise?: string, password?: string}} [opts]
 */
export function addUser(db, name, role, { province, enterprise, password = PASSWORD } = {}) {
	const args = ['user', 'add', '--role', role];
	if (province) args.push('--province', province);
	if (enterprise) args.push('--enterprise', enterprise);
	args.push(name, '--db', db);
	return runOk(args, { input: `${password}\n` });
}

/** A JSON request: `body` (an object) is sent as JSON; returns request()'s {res, text, body}. */
export function sendJson(url, method, body, headers = {}) {
	const init = { method, headers: { ...headers } };
	if (body !== undefined) {
		init.headers['content-type'] = 'application/json';
		init.body = typeof body === 'string' ? body : JSON.stringify(body);
	}
	return request(url, init);
}

/**
 * Signs in; asserts 200. Returns the token, the CSRF token, the cookie pair
 * ("shensu_session=…"), the raw Set-Cookie header and the user.
 */
export async function login(base, name, password = PASSWORD) {
	// As the web UI's page does: a browser sends its origin, and only then does
	// the server set the session cookie.
	const r = await sendJson(`${base}/api/login`, 'POST', { name, password }, { origin: base });
	assert.equal(r.res.status, 200, `login ${name}: ${r.text}`);
	const setCookie = r.res.headers.get('set-cookie') ?? '';
	const m = /(?:^|[,\s])shensu_session=([^;,\s]+)/.exec(setCookie);
	return {
		token: r.body.token,
		csrf: r.body.csrf_token,
		cookie: m ? `shensu_session=${m[1]}` : null,
		setCookie,
		user: r.body.user,
	};
}

/**
 * A small client for one staff session using the Bearer token.
 * get(path), post(path, body), view(no) (asserts 200), act(no, action, extra)
 * (reads the current version first unless extra.version is given; returns the
 * raw response), actOk(no, action, extra) (asserts 200, returns the new view).
 */
export function staffClient(base, token) {
	const auth = { authorization: `Bearer ${token}` };
	const c = {
		token,
		get: (p) => request(base + p, { headers: auth }),
		post: (p, body) => sendJson(base + p, 'POST', body, auth),
		async view(no) {
			const r = await c.get(`/api/cases/${encodeURIComponent(no)}`);
			assert.equal(r.res.status, 200, `GET /api/cases/${no}: ${r.text}`);
			return r.body;
		},
		async act(no, action, extra = {}) {
			const body = { action, ...extra };
			if (body.version === undefined) body.version = (await c.view(no)).version;
			return c.post(`/api/cases/${encodeURIComponent(no)}/actions`, body);
		},
		async actOk(no, action, extra = {}) {
			const r = await c.act(no, action, extra);
			assert.equal(r.res.status, 200, `${action} on ${no}: ${r.text}`);
			return r.body;
		},
		/** Every item of GET /api/cases?QUERY, following `next` to the end. */
		async listAll(query = '') {
			const items = [];
			let after = null;
			for (let page = 0; page < 10_000; page++) {
				const q = new URLSearchParams(query);
				if (after !== null) q.set('after', after);
				const r = await c.get(`/api/cases?${q}`);
				assert.equal(r.res.status, 200, `GET /api/cases?${q}: ${r.text}`);
				items.push(...r.body.items);
				if (r.body.next === null) return items;
				after = r.body.next;
			}
			throw new Error('pagination did not end');
		},
	};
	return c;
}

/**
 * A valid complaint form. With `era: 2020` (the default) the category is one of
 * the 2016 scheme (for SHENSU_TODAY=2020-09-29); with `era: 2022` one of the
 * scheme in force since 2022.
 */
export function complaintForm(overrides = {}, { era = 2020 } = {}) {
	return {
		province: '44',
		enterprise: '中国移动',
		category: era === 2020 ? '收费争议' : '营销、收费、资费争议',
		name: '张三',
		phone: '13800138000',
		address: '广东省广州市天河区天河路1号',
		city: '广州市',
		postcode: '510000',
		demand: '退还多收的费用',
		description: '2020年8月账单多收了流量费50元，向营业厅反映后未解决。',
		operator_answer: 'unsatisfied',
		operator_date: '2020-09-01',
		...overrides,
	};
}

/** Files a complaint via POST /api/complaints; asserts 201 and returns {no, code, body, res}. */
export async function fileComplaint(base, overrides = {}, opts) {
	const r = await sendJson(`${base}/api/complaints`, 'POST', complaintForm(overrides, opts));
	assert.equal(r.res.status, 201, `POST /api/complaints: ${r.text}`);
	return { no: r.body.case_no, code: r.body.query_code, body: r.body, res: r.res };
}

/** The public view of a case (GET /api/complaints/NO?code=CODE); asserts 200. */
export async function publicView(base, no, code) {
	const r = await request(`${base}/api/complaints/${encodeURIComponent(no)}?code=${encodeURIComponent(code)}`);
	assert.equal(r.res.status, 200, `GET /api/complaints/${no}: ${r.text}`);
	return r.body;
}
