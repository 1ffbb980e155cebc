// Helpers for the browser suites: a demo server per suite, headless Chromium
// through playwright-core, a monitor that fails on console errors and failed
// requests, axe-core checks in both display modes, and screenshots.
//
// Expected error responses: a test that provokes one (a 409 conflict, a wrong
// query code) declares it with monitor.expect(method, pathRegex, status); the
// monitor then also ignores Chromium's matching "Failed to load resource"
// console line. Nothing else may fail: the pages never ask /api/me before a
// sign-in on that browser, so a signed-out visit makes no 401 at all.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { spawn, spawnSync } from 'node:child_process';
import { BIN, QUIET_ENV, REPO, tempDir } from '../../api/lib/shensu.mjs';

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const SHOTS = path.join(REPO, 'build', 'screenshots');
export const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
export const DEMO_PASSWORD = 'demo-password';
/** Generous: a loaded 2-core machine runs Chromium and the server side by side. */
export const TIMEOUT = 30_000;

/**
 * A fresh demo database (shensu demo) served with the repository's web/ on a
 * free port. Returns the startServer handle plus the demo's sample case number.
 * `env` adds settings to both (e.g. SHENSU_TODAY).
 */
export async function startDemo({ env = {} } = {}) {
	const dir = tempDir();
	const db = path.join(dir, 'demo.db');
	const r = spawnSync(BIN, ['demo', '--db', db], { cwd: REPO, env: childEnv(env), encoding: 'utf8', timeout: 120_000 });
	assert.equal(r.status, 0, `shensu demo: ${r.stdout}${r.stderr}${r.error ?? ''}`);
	const m = /track case (\S+) with query code (\S+)/.exec(r.stdout);
	assert.ok(m, `demo output names a sample case: ${r.stdout}`);
	const server = await serve(db, env);
	return { ...server, sample: { no: m[1], code: m[2] } };
}

const servers = new Set();
process.on('exit', () => {
	for (const child of servers) child.kill('SIGKILL');
});

/**
 * `shensu serve` on a free port with the repository's web/, always on the SQLite
 * file db (the demo), whatever database the API suites are set to use. Resolves
 * to {url, stop, stderr} once it prints its address.
 */
/** Our environment without SHENSU_* settings (a developer's shell cannot change
 * the results), without a test database override, plus `extra`. */
function childEnv(extra = {}) {
	const env = {};
	for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('SHENSU_')) env[k] = v;
	return { ...env, ...extra };
}

function serve(db, extra = {}) {
	const env = childEnv({ ...QUIET_ENV, ...extra });
	const child = spawn(BIN, ['serve', '--listen', '127.0.0.1:0', '--db', db, '--web_root', path.join(REPO, 'web')],
		{ cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
	servers.add(child);
	let out = '', err = '';
	child.stderr.setEncoding('utf8').on('data', (c) => (err = (err + c).slice(-20000)));
	const exited = new Promise((resolve) => child.on('exit', (code, signal) => {
		servers.delete(child);
		resolve({ code, signal });
	}));
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`shensu serve did not start within 30 s\n${out}\n${err}`));
		}, 30_000);
		exited.then(({ code, signal }) => {
			clearTimeout(timer);
			reject(new Error(`shensu serve exited early (code ${code}, signal ${signal})\n${out}\n${err}`));
		});
		child.stdout.setEncoding('utf8').on('data', (c) => {
			out += c;
			const m = /^shensu listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
			if (m) {
				clearTimeout(timer);
				resolve({
					url: m[1],
					db,
					stderr: () => err,
					async stop() {
						child.kill('SIGTERM');
						const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
						const { code } = await exited;
						clearTimeout(t);
						assert.equal(code, 0, `shensu serve did not exit cleanly\n${err.slice(-4000)}`);
					},
				});
			}
		});
	});
}

export async function launch() {
	assert.ok(fs.existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
	assert.ok(fs.existsSync(path.join(REPO, 'web/vendor/echarts.min.js')), 'web/vendor/echarts.min.js is missing: run `make web`');
	return chromium.launch({
		executablePath: CHROMIUM,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
			'--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--lang=zh-CN'],
		timeout: 60_000,
	});
}

/**
 * A new context and page at 360×740 (a small phone) unless told otherwise. The
 * browser's own time zone is far from Beijing on purpose: the pages must show
 * Beijing time regardless. Returns {context, page, monitor}.
 */
export async function openPage(browser, base, { width = 360, height = 740 } = {}) {
	const context = await browser.newContext({
		baseURL: base,
		viewport: { width, height },
		locale: 'zh-CN',
		timezoneId: 'America/Los_Angeles',
		acceptDownloads: true,
	});
	context.setDefaultTimeout(TIMEOUT);
	context.setDefaultNavigationTimeout(TIMEOUT);
	// axe-core is served from the page's own origin, so the strict CSP stays on.
	await context.route('**/__test__/axe.min.js', (route) =>
		route.fulfill({ status: 200, contentType: 'text/javascript', body: AXE }));
	const page = await context.newPage();
	const monitor = watch(page);
	return { context, page, monitor };
}

/** Records console errors, page errors, failed requests and unexpected HTTP errors. */
export function watch(page) {
	const problems = [];
	const expected = []; // {method, re, status, seen}
	const isExpected = (method, url, status) => {
		const p = new URL(url).pathname;
		const e = expected.find((x) => x.method === method && x.re.test(p) && x.status === status);
		if (e) e.seen++;
		return !!e;
	};
	let allowedConsole = 0;
	page.on('console', (msg) => {
		if (msg.type() !== 'error') return;
		const text = msg.text();
		const m = /Failed to load resource: the server responded with a status of (\d+)/.exec(text);
		if (m && allowedConsole > 0 && expected.some((x) => x.status === Number(m[1]) && x.seen)) {
			allowedConsole--;
			return;
		}
		problems.push(`console error: ${text} (${msg.location()?.url ?? ''})`);
	});
	page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
	page.on('requestfailed', (req) => {
		const failure = req.failure()?.errorText ?? '';
		// a blob: download hands over to the download manager, which Chromium reports as
		// aborted; the browser's own favicon fetch is dropped when the test navigates on
		if (/ERR_ABORTED/.test(failure) && (req.url().startsWith('blob:') || new URL(req.url()).pathname === '/favicon.svg')) return;
		problems.push(`request failed: ${req.method()} ${req.url()} ${failure}`);
	});
	page.on('response', (res) => {
		if (res.status() < 400) return;
		if (isExpected(res.request().method(), res.url(), res.status())) {
			allowedConsole++;
			return;
		}
		problems.push(`HTTP ${res.status()}: ${res.request().method()} ${res.url()}`);
	});
	return {
		problems,
		/** Declares that METHOD PATH (regex on the path) will answer STATUS. */
		expect(method, re, status) {
			expected.push({ method, re, status, seen: 0 });
		},
		/** Asserts nothing went wrong since the last call (so one failure does not cascade). */
		assertClean(what = '') {
			const found = problems.splice(0);
			assert.deepEqual(found, [], `no console errors or failed requests${what ? ` (${what})` : ''}`);
		},
	};
}

let shotNo = 0;
let shotPrefix = '';
/** Screenshots of this suite are named PREFIX-NN-step.png (the main flow: NN-step.png). */
export function screenshotPrefix(prefix) {
	shotPrefix = prefix ? `${prefix}-` : '';
}
/** Saves build/screenshots/[PREFIX-]NN-NAME.png (full page), numbered in order. */
export async function shot(page, name) {
	fs.mkdirSync(SHOTS, { recursive: true });
	const file = `${shotPrefix}${String(++shotNo).padStart(2, '0')}-${name}.png`;
	await page.screenshot({ path: path.join(SHOTS, file), fullPage: true });
	return file;
}

/* Every axe finding of this process (any impact), written to
 * build/screenshots/axe-[PREFIX-]report.json at exit for review. */
const axeLog = [];
process.on('exit', () => {
	if (!axeLog.length) return;
	fs.mkdirSync(SHOTS, { recursive: true });
	fs.writeFileSync(path.join(SHOTS, `axe-${shotPrefix}report.json`), JSON.stringify(axeLog, null, '\t'));
});

/** Runs axe-core on the page; fails on violations of impact serious or critical. */
export async function axe(page, label) {
	const loaded = await page.evaluate(() => typeof window.axe === 'object');
	if (!loaded) await page.addScriptTag({ url: '/__test__/axe.min.js' });
	const violations = await page.evaluate(async () => {
		const r = await window.axe.run(document, { resultTypes: ['violations'] });
		return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
	});
	axeLog.push({ page: label, url: page.url(), violations });
	const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	assert.deepEqual(bad, [], `axe-core: serious or critical violations on ${label}`);
	return violations;
}

/** Whether the page is in large-font (适老化) mode. */
export function isLarge(page) {
	return page.evaluate(() => document.documentElement.classList.contains('large'));
}

/** Switches the 适老化 mode with its button and waits for it to apply. */
export async function setLarge(page, on) {
	if ((await isLarge(page)) === on) return;
	await page.locator('[data-large-toggle]').first().click();
	await page.waitForFunction((want) => document.documentElement.classList.contains('large') === want, on);
}

/** axe in normal and large-font mode; the page is left in the mode it was in.
 * Also checks nothing is wider than the viewport (360 px layouts). */
export async function axeBoth(page, label) {
	const was = await isLarge(page);
	await setLarge(page, false);
	await axe(page, `${label} (标准)`);
	await noOverflow(page, `${label} (标准)`);
	await setLarge(page, true);
	await axe(page, `${label} (大字模式)`);
	await noOverflow(page, `${label} (大字模式)`);
	await setLarge(page, was);
}

/** The page does not scroll sideways. */
export async function noOverflow(page, label) {
	const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
	assert.ok(scroll <= width, `${label}: page is ${scroll} px wide in a ${width} px viewport`);
}

/** Signs in on /staff/ with the form. */
export async function staffLogin(page, name, password = DEMO_PASSWORD) {
	await page.goto('/staff/');
	await page.locator('#signed-in-as, input[name=username]').first().waitFor();
	if (await page.locator('#signed-in-as').count()) await staffLogout(page); // left over from a failed step
	await page.getByLabel('用户名').fill(name);
	await page.getByLabel('密码').fill(password);
	await page.getByRole('button', { name: '登录' }).click();
	await page.locator('#signed-in-as').waitFor();
}

export async function staffLogout(page) {
	await page.getByRole('button', { name: '退出' }).click();
	await page.getByRole('heading', { name: '工作人员登录' }).waitFor();
}

/** Polls fn until it returns a truthy value (or fails after ms). */
export async function until(fn, ms = TIMEOUT, what = 'condition') {
	const end = Date.now() + ms;
	let last;
	for (;;) {
		try {
			last = await fn();
			if (last) return last;
		} catch (e) {
			last = e;
		}
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${last}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}
