// Errors are told to people in Chinese, in context, never as raw JSON: a wrong
// query code, a 409 conflict with a reload, an expired session. And the
// complainant's withdrawal asks first. Each expected error response is declared
// to the monitor; anything else still fails the test.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileComplaint, login, staffClient } from '../api/lib/shensu.mjs';
import { DEMO_PASSWORD, axe, axeBoth, launch, openPage, screenshotPrefix, shot, staffLogin, startDemo } from './lib/browser.mjs';

screenshotPrefix('errors');

describe('errors in context, and the less common paths', { timeout: 300_000 }, () => {
	let server, browser;

	before(async () => {
		server = await startDemo();
		browser = await launch();
	});
	after(async () => {
		await browser?.close();
		await server?.stop();
	});

	test('a wrong query code is explained next to the form; the complainant withdraws after confirming', async () => {
		const { page, monitor, context } = await openPage(browser, server.url);
		const filed = await fileComplaint(server.url, {}, { era: 2022 });
		await page.goto('/#track');
		await page.getByLabel('案件编号').fill(filed.no);
		await page.getByLabel('查询码').fill('2345');
		await page.getByRole('button', { name: '查询' }).click();
		await page.getByText('查询码应为12位（现在是4位）').waitFor(); // checked before asking

		monitor.expect('GET', /^\/api\/complaints\//, 404);
		await page.getByLabel('查询码').fill('ABCDEFGHJKLM');
		await page.getByRole('button', { name: '查询' }).click();
		const alert = page.getByRole('alert');
		await alert.getByText('案件编号或查询码不正确').waitFor();
		assert.doesNotMatch(await page.locator('main').innerText(), /[{}]|"code"|problem/, 'no raw JSON');
		await shot(page, 'wrong-code');
		await axeBoth(page, 'tracking, wrong code');

		await page.getByLabel('查询码').fill(filed.code);
		await page.getByRole('button', { name: '查询' }).click();
		await page.locator('#case-state').filter({ hasText: '待受理' }).waitFor();
		await page.getByRole('button', { name: '撤回申诉' }).click();
		const dialog = page.getByRole('dialog', { name: '确定撤回申诉吗？' });
		await dialog.waitFor();
		await axe(page, 'withdraw dialog'); // the toggle sits behind the modal: this mode only
		await dialog.getByRole('button', { name: '取消' }).click();
		assert.equal((await page.locator('#case-state').textContent()).trim(), '待受理');
		await page.getByRole('button', { name: '撤回申诉' }).click();
		await page.getByRole('dialog').getByRole('button', { name: '确定撤回' }).click();
		await page.locator('#case-state').filter({ hasText: '已办结' }).waitFor();
		await page.getByText('申诉人撤回').waitFor();
		await page.getByRole('button', { name: '提交评价' }).waitFor(); // a closed case may be rated
		await shot(page, 'withdrawn');
		monitor.assertClean('public errors');
		await context.close();
	});

	test('asked to supplement, the complainant sends the missing details', async () => {
		const { page, monitor, context } = await openPage(browser, server.url);
		const filed = await fileComplaint(server.url, {}, { era: 2022 });
		const staff = staffClient(server.url, (await login(server.url, 'guangdong', DEMO_PASSWORD)).token);
		await staff.actOk(filed.no, 'request_supplement', { comment: '请补充被多收费用的月份和金额。' });
		await page.goto('/#track');
		await page.getByLabel('案件编号').fill(filed.no);
		await page.getByLabel('查询码').fill(filed.code);
		await page.getByRole('button', { name: '查询' }).click();
		await page.locator('#case-state').filter({ hasText: '待补正' }).waitFor();
		await page.getByText('请补充被多收费用的月份和金额。').waitFor();
		await page.getByRole('button', { name: '提交补正' }).click();
		await page.getByText('请填写补正说明').waitFor();
		await axeBoth(page, 'supplement form');
		await page.getByLabel('补正说明').fill('2026年9月，多收流量费50元。');
		await page.getByRole('button', { name: '提交补正' }).click();
		await page.locator('#case-state').filter({ hasText: '待受理' }).waitFor();
		await page.getByText('2026年9月，多收流量费50元。').waitFor();
		assert.equal(await page.getByRole('button', { name: '提交补正' }).count(), 0);
		await shot(page, 'supplemented');
		monitor.assertClean('supplement');
		await context.close();
	});

	test('a conflicting change (409) is explained, with a reload', async () => {
		const { page, monitor, context } = await openPage(browser, server.url);
		const filed = await fileComplaint(server.url, {}, { era: 2022 });
		await staffLogin(page, 'guangdong');
		await page.goto(`/staff/#case/${filed.no}`);
		await page.locator('#case-state').filter({ hasText: '待受理' }).waitFor();

		// a colleague accepts it meanwhile
		const colleague = staffClient(server.url, (await login(server.url, 'guangdong', DEMO_PASSWORD)).token);
		await colleague.actOk(filed.no, 'accept');

		monitor.expect('POST', /^\/api\/cases\/[^/]+\/actions$/, 409);
		await page.locator('#case-actions button[data-action=accept]').click();
		await page.getByRole('button', { name: '确认受理' }).click();
		const alert = page.getByRole('alert');
		await alert.getByText('案件已被其他人更新，您的操作没有生效。').waitFor();
		await alert.getByText('请刷新后重试').waitFor(); // the server's own words
		assert.doesNotMatch(await alert.innerText(), /[{}]|stale_version/, 'no raw JSON or codes');
		await shot(page, 'conflict');
		await axeBoth(page, 'conflict message');
		await alert.getByRole('button', { name: '重新加载案件' }).click();
		await page.locator('#case-state').filter({ hasText: '已受理' }).waitFor();
		await page.locator('#case-actions button[data-action=forward]').waitFor();
		await page.getByRole('list', { name: '办理记录' }).getByText('受理', { exact: true }).waitFor();
		monitor.assertClean('conflict');
		await context.close();
	});

	test('an expired session sends staff back to the login form with a message', async () => {
		const { page, monitor, context } = await openPage(browser, server.url);
		await staffLogin(page, 'beijing');
		await page.locator('#queue-summary').filter({ hasText: /共|没有/ }).waitFor(); // loaded: nothing in flight
		await context.clearCookies(); // as if the session had expired
		monitor.expect('GET', /^\/api\/me$/, 401);
		await page.reload();
		await page.getByText('登录已过期，请重新登录。').waitFor();
		await page.getByRole('heading', { name: '工作人员登录' }).waitFor();
		await shot(page, 'session-expired');
		monitor.assertClean('expired session');
		await context.close();
	});

	test('the admin account has no case work and is told so', async () => {
		const { page, monitor, context } = await openPage(browser, server.url, { width: 1280, height: 900 });
		await staffLogin(page, 'admin');
		await page.getByRole('heading', { level: 1, name: '系统管理' }).waitFor();
		await axeBoth(page, 'admin');
		monitor.assertClean('admin');
		await context.close();
	});

	test('the workbench at desktop width: queue filters and the overdue list', async () => {
		const { page, monitor, context } = await openPage(browser, server.url, { width: 1280, height: 900 });
		await staffLogin(page, 'national');
		await page.getByRole('heading', { level: 1, name: '待办案件' }).waitFor();
		await page.locator('#queue li').first().waitFor();
		await page.getByLabel('只看已超期').check();
		await page.getByRole('button', { name: '筛选' }).click();
		await page.locator('#queue-summary').filter({ hasText: /已超期|没有符合条件/ }).waitFor();
		const items = await page.locator('#queue li').count();
		assert.equal(await page.locator('#queue li.overdue').count(), items, 'every listed case is marked overdue');
		await page.getByLabel('范围').selectOption('all');
		await page.getByLabel('只看已超期').uncheck();
		await page.getByLabel('状态').selectOption('closed');
		await page.getByLabel('省份').selectOption('11');
		await page.getByRole('button', { name: '筛选' }).click();
		await page.locator('#queue-summary').filter({ hasText: '按收到时间排序' }).waitFor();
		const states = await page.locator('#queue .badge-state').allTextContents();
		assert.ok(states.length > 0 && states.every((s) => s === '已办结'), `closed cases only: ${states}`);
		const provinces = await page.locator('#queue .line2').allTextContents();
		assert.ok(provinces.every((t) => t.startsWith('北京市')), 'Beijing only');
		await page.getByRole('button', { name: '加载更多' }).click();
		await page.locator('#queue li').nth(50).waitFor();
		await shot(page, 'desktop-queue');
		await axeBoth(page, 'queue at desktop width');
		monitor.assertClean('desktop queue');
		await context.close();
	});
});
