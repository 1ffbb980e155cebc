// Provisional deadlines on the pages: with "today" pinned to 2026-12-28 and no
// 2027 holiday schedule, deadlines reaching 2027 show （暂定） to the public, the
// agency and the operator, and admins and agency staff see the health check's
// warning as a banner (operators do not).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileComplaint, login, staffClient } from '../api/lib/shensu.mjs';
import { DEMO_PASSWORD, axeBoth, launch, openPage, screenshotPrefix, shot, staffLogin, staffLogout, startDemo } from './lib/browser.mjs';

screenshotPrefix('calendar');

const TODAY = '2026-12-28';

describe('provisional deadlines and the calendar warning', { timeout: 300_000 }, () => {
	let server, browser, filed, forwarded;

	before(async () => {
		server = await startDemo({ env: { SHENSU_TODAY: TODAY } });
		browser = await launch();
		const form = { operator_date: '2026-12-01' };
		filed = await fileComplaint(server.url, form, { era: 2022 });
		assert.equal(filed.body.accept_due, '2027-01-05');
		assert.equal(filed.body.provisional, true);
		forwarded = await fileComplaint(server.url, { ...form, phone: '13900001111' }, { era: 2022 });
		const gd = staffClient(server.url, (await login(server.url, 'guangdong', DEMO_PASSWORD)).token);
		await gd.actOk(forwarded.no, 'accept');
		const c = await gd.actOk(forwarded.no, 'forward');
		assert.equal(c.reply_due_provisional, true);
	});
	after(async () => {
		await browser?.close();
		await server?.stop();
	});

	test('the public tracking page marks the deadline 暂定 and explains it', async () => {
		const { page, monitor, context } = await openPage(browser, server.url);
		await page.goto('/#track');
		await page.getByLabel('案件编号').fill(filed.no);
		await page.getByLabel('查询码').fill(filed.code);
		await page.getByRole('button', { name: '查询' }).click();
		const due = page.locator('#case-accept-due');
		await due.waitFor();
		assert.equal((await due.textContent()).trim(), '2027年1月5日（暂定）');
		await page.getByText('暂按法定节假日计算').waitFor();
		await shot(page, 'public-provisional');
		await axeBoth(page, 'tracking, provisional deadline');
		monitor.assertClean('public');
		await context.close();
	});

	test('agency staff see the banner and 暂定 in the queue and on the case', async () => {
		const { page, monitor, context } = await openPage(browser, server.url, { width: 1280, height: 900 });
		await staffLogin(page, 'guangdong');
		const banner = page.locator('#calendar-warning');
		await banner.waitFor();
		assert.match(await banner.textContent(), /2027年节假日安排尚未加载/);
		// the queue of cases awaiting the decision: the filed case's badge is provisional
		await page.getByLabel('状态').selectOption('submitted');
		await page.getByRole('button', { name: '筛选' }).click();
		const item = page.locator('#queue li', { hasText: filed.no });
		await item.waitFor();
		assert.match(await item.textContent(), /期限2027年1月5日（暂定）/);
		await page.goto(`/staff/#case/${encodeURIComponent(filed.no)}`);
		const due = page.locator('#case-accept-due');
		await due.waitFor();
		assert.equal((await due.textContent()).trim(), '2027年1月5日（暂定）');
		await shot(page, 'agency-provisional');
		await axeBoth(page, 'workbench with the calendar banner');
		await staffLogout(page);
		assert.equal(await banner.count(), 0, 'the banner goes with the session');
		monitor.assertClean('agency');
		await context.close();
	});

	test('admins see the banner; operators see 暂定 on the reply due date but no banner', async () => {
		const { page, monitor, context } = await openPage(browser, server.url, { width: 1280, height: 900 });
		await staffLogin(page, 'admin');
		await page.locator('#calendar-warning').waitFor();
		await shot(page, 'admin-banner');
		await axeBoth(page, 'admin page with the calendar banner');
		await staffLogout(page);

		await staffLogin(page, 'cmcc');
		await page.goto(`/staff/#case/${encodeURIComponent(forwarded.no)}`);
		const due = page.locator('#case-reply-due');
		await due.waitFor();
		assert.equal((await due.textContent()).trim(), '2027年1月12日（暂定）');
		assert.equal(await page.locator('#calendar-warning').count(), 0, 'no banner for operators');
		await shot(page, 'operator-provisional');
		monitor.assertClean('admin and operator');
		await context.close();
	});
});
