// The 12321 walk in a real browser: a person reports a harassment call at
// 360 px in 大字模式 (the number read back live, as the server reads it) and
// gets a receipt; the centre sees the report, looks the number up and makes
// the day's dispatch lists; the operator (cmcc) downloads its list, fills in
// the 处置结果 column and uploads it as CSV (a bad file first: every bad line
// named, nothing saved); the centre sees the disposal and the regulator's
// figures count the report. Every step: a screenshot, axe in both modes, no
// console error or failed request.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import {
	axeBoth, isLarge, launch, openPage, screenshotPrefix, setLarge, shot, staffLogin, staffLogout, startDemo, until,
} from './lib/browser.mjs';

const TYPED = '+86 139-0013-9000';
const DIGITS = '13900139000';

describe('12321: report → centre → dispatch → operator disposal → figures', { timeout: 600_000 }, () => {
	let server, browser, phone, desk;
	let reportId, harassmentBefore;

	before(async () => {
		screenshotPrefix('12321');
		server = await startDemo({ env: { SHENSU_DISPATCH_HOUR: '-1' } });
		browser = await launch();
		phone = await openPage(browser, server.url);
		desk = await openPage(browser, server.url, { width: 1366, height: 900 });
	});
	after(async () => {
		await browser?.close();
		await server?.stop();
	});

	/** The regulator's figure for harassment calls this quarter, from the API. */
	async function harassmentCount(page) {
		return page.evaluate(async () => {
			const t = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
			const period = `${t.slice(0, 4)}Q${Math.floor((Number(t.slice(5, 7)) - 1) / 3) + 1}`;
			const r = await fetch(`/api/reports/stats?period=${period}`);
			return (await r.json()).kinds.find((k) => k.kind === 'harassment_call').count;
		});
	}

	test('the home page offers 我要举报 beside 我要申诉; /12321 leads to the form', async () => {
		await staffLogin(desk.page, 'center12321');
		harassmentBefore = await harassmentCount(desk.page);
		const { page, monitor } = phone;
		await page.goto('/');
		await page.getByRole('link', { name: '我要申诉' }).first().waitFor();
		await page.locator('#report-entry').waitFor();
		await shot(page, 'home-entry');
		await page.goto('/12321');
		await page.getByRole('heading', { level: 1, name: '12321举报' }).waitFor();
		assert.equal(new URL(page.url()).pathname, '/report');
		monitor.assertClean('home');
	});

	test('a person reports a harassment call at 360 px in 大字模式, with the keyboard', async () => {
		const { page, monitor } = phone;
		await page.goto('/report');
		await page.getByRole('heading', { level: 1, name: '12321举报' }).waitFor();
		await setLarge(page, true);
		assert.equal(await isLarge(page), true);
		await axeBoth(page, 'report form');

		// submit without a kind: told so, focus on the choices
		await page.getByRole('button', { name: '提交举报' }).click();
		await page.getByText('请选择举报类型').waitFor();
		assert.equal(await page.evaluate(() => document.activeElement.name), 'kind');
		// the keyboard picks 骚扰电话 (the first choice)
		await page.keyboard.press('Space');
		assert.equal(await page.locator('input[name=kind][value=harassment_call]').isChecked(), true);

		// the number is read back as the server reads it, for good and bad spellings alike
		const number = page.locator('input[name=number]');
		for (const s of ['12', '1380013800', TYPED]) {
			await number.fill(s);
			const want = await page.evaluate(async (n) => (await (await fetch(`/api/reference/number?number=${encodeURIComponent(n)}`)).json()), s);
			const text = want.valid ? `识别为：${want.text}` : `无法识别：${want.reason}`;
			await page.locator('#number-understood', { hasText: text }).waitFor();
		}
		await page.locator('#number-understood', { hasText: '中国移动手机号码 139 0013 9000' }).waitFor();
		await page.getByLabel('来电时间').fill('2026-01-05T10:20');
		await page.getByLabel('对方说了什么').fill('自称银行客服推销贷款，拒绝后每天换号码打来。');
		await shot(page, 'report-form-large');
		await axeBoth(page, 'report form filled');
		await page.getByLabel('对方说了什么').focus();
		await page.keyboard.press('Tab'); // the phone field
		await page.keyboard.press('Tab'); // the submit button
		await page.keyboard.press('Enter');
		await page.getByRole('heading', { level: 1, name: '举报已提交' }).waitFor();
		reportId = Number(await page.locator('[data-fact=举报编号]').textContent());
		assert.ok(reportId > 0, 'a report number');
		assert.match(await page.locator('#receipt').textContent(), new RegExp(`${DIGITS}（中国移动）`));
		assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H1', 'the receipt heading takes the focus');
		await shot(page, 'report-receipt-large');
		await axeBoth(page, 'report receipt');
		monitor.assertClean('report');
	});

	test('the centre sees the report, looks the number up and makes the day\'s dispatch lists', async () => {
		const { page, monitor } = desk;
		await staffLogin(page, 'center12321');
		await page.getByRole('heading', { level: 1, name: '举报列表' }).waitFor();
		await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '号码查询' }).waitFor();
		const row = page.locator(`tr[data-report="${reportId}"]`);
		await row.waitFor();
		assert.match(await row.textContent(), /骚扰电话/);
		assert.match(await row.textContent(), new RegExp(DIGITS));
		await page.getByLabel('举报类型').selectOption('harassment_call');
		await page.getByLabel('号码').fill(DIGITS);
		await page.getByRole('button', { name: '查询' }).click();
		await until(async () => (await page.locator('#reports-table tbody tr').count()) === 1, undefined, 'filtered to the one report');
		await shot(page, 'centre-reports');
		await axeBoth(page, 'centre reports');

		await row.getByRole('link', { name: DIGITS }).click();
		await page.getByRole('heading', { level: 1, name: '号码查询' }).waitFor();
		await page.locator('#lookup-total', { hasText: '1次（骚扰电话1次）' }).waitFor();
		await page.locator('#lookup-dispatched', { hasText: '未转办' }).waitFor();
		assert.equal(await page.locator('#lookup-history tbody tr').count(), 1);
		await shot(page, 'centre-lookup');
		await axeBoth(page, 'centre look-up');

		await page.getByRole('link', { name: '转办清单' }).click();
		await page.getByRole('heading', { level: 1, name: '转办清单' }).waitFor();
		await page.getByRole('button', { name: '生成今日转办清单' }).click();
		await page.getByText(/已生成\d+份清单/).waitFor();
		const first = page.locator('#dispatch-table tbody tr').first();
		assert.match(await first.textContent(), /0\/\d+/);
		await shot(page, 'centre-dispatches');
		await axeBoth(page, 'centre dispatch lists');
		monitor.assertClean('centre');
	});

	test('the operator (cmcc) uploads its list back as CSV with the disposal filled in', async () => {
		const { page, monitor } = desk;
		await staffLogout(page);
		await staffLogin(page, 'cmcc');
		await page.getByRole('link', { name: '12321转办清单' }).click();
		await page.getByRole('heading', { level: 1, name: '12321转办清单' }).waitFor();
		await shot(page, 'operator-lists');
		await axeBoth(page, 'operator lists');
		await page.locator('#dispatch-table tbody tr').first().getByRole('link', { name: /^第\d+号$/ }).click();
		await page.locator(`#dispatch-items tr[data-number="${DIGITS}"]`).waitFor();

		// the list as CSV, as a person downloads it
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV' }).click()]);
		const csv = fs.readFileSync(await download.path(), 'utf8');
		const lines = csv.split(/\r?\n/);
		const head = lines.findIndex((l) => l.includes('处置结果'));
		assert.ok(head >= 0, `a 处置结果 column: ${csv.slice(0, 300)}`);
		const cols = lines[head].replace(/^\ufeff/, '').split(',');
		const dcol = cols.indexOf('处置结果');
		const fillRow = (value) => lines.map((l, i) => {
			if (i <= head || !l.startsWith(DIGITS)) return l;
			const f = l.split(',');
			f[dcol] = value;
			return f.join(',');
		}).join('\r\n');

		// a bad disposal: the line named, nothing saved
		monitor.expect('POST', /^\/api\/dispatches\/\d+\/disposals$/, 400);
		await page.locator('#upload-file').setInputFiles({ name: 'list.csv', mimeType: 'text/csv', buffer: Buffer.from(fillRow('删除')) });
		await page.getByRole('button', { name: '上传' }).click();
		await page.locator('#upload-errors li', { hasText: '处置结果' }).first().waitFor();
		assert.match(await page.locator('#upload-errors').textContent(), /第\d+行第\d+列（处置结果）/);
		await shot(page, 'operator-upload-errors');
		await axeBoth(page, 'operator upload errors');

		await page.locator('#upload-file').setInputFiles({ name: 'list.csv', mimeType: 'text/csv', buffer: Buffer.from(fillRow('关停')) });
		await page.getByRole('button', { name: '上传' }).click();
		await page.getByText(/上传成功：1个号码的处置结果已保存/).waitFor();
		assert.equal((await page.locator(`#dispatch-items tr[data-number="${DIGITS}"] td.disposal`).textContent()).trim(), '关停');
		await shot(page, 'operator-uploaded');
		await axeBoth(page, 'operator uploaded');
		monitor.assertClean('operator');
	});

	test('the centre sees the disposal; the regulator\'s figures count the report', async () => {
		const { page, monitor } = desk;
		await staffLogout(page);
		await staffLogin(page, 'center12321');
		await page.goto(`/staff/#lookup/${DIGITS}`);
		await page.locator('#lookup-disposal', { hasText: '关停' }).waitFor();
		await page.locator('#lookup-dispatched', { hasText: '已转办' }).waitFor();
		await shot(page, 'centre-sees-disposal');
		await page.getByRole('link', { name: '转办清单' }).click();
		const mine = page.locator('#dispatch-table tbody tr', { hasText: '中国移动' }).first();
		assert.match(await mine.textContent(), /1\/\d+/, 'the operator\'s progress');
		await page.getByRole('link', { name: '应用处置' }).click();
		await page.locator('#app-board').waitFor();
		await shot(page, 'centre-app-board');
		await axeBoth(page, 'centre app board');
		await page.getByRole('link', { name: '季度统计' }).click();
		await page.locator('#figures-kinds').waitFor();
		await axeBoth(page, 'centre figures');

		await staffLogout(page);
		await staffLogin(page, 'regulator');
		await page.locator('#dashboard-12321 #figures-kinds').waitFor();
		const shown = Number((await page.locator('#figures-kinds tr[data-kind=harassment_call] td').first().textContent()).trim());
		assert.equal(shown, await harassmentCount(page), 'the dashboard shows the API\'s figure');
		assert.equal(shown, harassmentBefore + 1, 'the report is counted');
		await shot(page, 'regulator-figures');
		monitor.assertClean('regulator');
	});
});
