// Supervision in the browser (issue 15), on the demo: 广东省通信管理局
// (regulator_gd) records a penalty against two enterprises, one of them new to
// the registry, and puts that enterprise on the bad-record list; the ministry's
// regulator asks for the last quarter's notice to be published and cannot
// approve it; a second regulator (regulator2) approves it; the public bad-list
// page shows the entry. At 360 px and 1366 px, axe-core in both display modes,
// the approval done with the keyboard.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
	axeBoth, isLarge, launch, noOverflow, openPage, screenshotPrefix, setLarge, shot, staffLogin, staffLogout,
	startDemo,
} from './lib/browser.mjs';

screenshotPrefix('supervision');

/** A day in Beijing n days before today, YYYY-MM-DD. */
function daysAgo(n) {
	const d = new Date(Date.now() + 8 * 3600_000 - n * 86400_000);
	return d.toISOString().slice(0, 10);
}
const firm = '广州浏览器测试网络科技有限公司';

/** Screenshots of the page at 360 px and 1366 px, each in both display modes
 * (NAME-360, NAME-360-large, NAME-1366, NAME-1366-large), checking that no
 * error is shown and, at each, that nothing scrolls sideways; leaves the page at 360 px in the mode it was. */
async function shots(page, name) {
	// no page shows an error left by another (the dashboard's late load once did)
	assert.equal(await page.locator('.msg-error').count(), 0, `${name}: ${await page.locator('.msg-error').allTextContents()}`);
	const was = await isLarge(page);
	for (const [width, height] of [[360, 740], [1366, 900]]) {
		await page.setViewportSize({ width, height });
		for (const large of [false, true]) {
			await setLarge(page, large);
			const label = `${name}-${width}${large ? '-large' : ''}`;
			await noOverflow(page, label);
			await shot(page, label);
		}
	}
	await page.setViewportSize({ width: 360, height: 740 });
	await setLarge(page, was);
}

describe('supervision: the provincial ledger, four-eyes publishing, the public bad list', { timeout: 600_000 }, () => {
	let server, browser, page, monitor, actionId;

	before(async () => {
		server = await startDemo();
		browser = await launch();
		({ page, monitor } = await openPage(browser, server.url));
	});
	after(async () => {
		await browser?.close();
		await server?.stop();
	});

	test('a provincial administration records an action against two enterprises', async () => {
		await staffLogin(page, 'regulator_gd');
		await page.goto('/staff/#supervision');
		await page.getByRole('heading', { name: '执法记录' }).waitFor();
		assert.match(await page.locator('main').textContent(), /广东省通信管理局：只能查看和录入本局作出的记录/);
		// the notice desk is the ministry's: no tab for a province
		assert.equal(await page.locator('#staff-nav a', { hasText: '通告发布' }).count(), 0);
		await page.locator('#record-new').click();
		await page.locator('#record-form').waitFor();
		await page.getByLabel('决定日期').fill(daysAgo(10));
		await page.getByLabel('处理措施').selectOption({ label: '行政处罚' });
		await page.getByLabel('问题类别').selectOption({ label: '携号转网' });
		await page.locator('input[name=enterprise_name]').first().fill('中国移动广东分公司');
		await page.locator('#add-enterprise').click();
		await page.locator('input[name=enterprise_name]').nth(1).fill(firm);
		await page.locator('input[name=enterprise_licence]').nth(1).fill('粤B2-20240001');
		// the server's rule: a penalty needs its document number; shown at the field
		monitor.expect('POST', /^\/api\/enforcement$/, 400);
		await page.locator('#record-save').click();
		await page.locator('.field-error:not([hidden])', { hasText: '处罚决定书文号' }).waitFor();
		await page.getByLabel('处罚决定书文号').fill('粤通管罚〔2026〕88号');
		await page.getByLabel('罚款金额（元）').fill('50000');
		await shot(page, 'action-form');
		await page.locator('#record-save').click();
		await page.locator('#record [data-msg]', { hasText: '已录入' }).waitFor();
		const text = await page.locator('#record').textContent();
		assert.match(text, /中国移动广东分公司/);
		assert.match(text, new RegExp(`${firm}（粤B2-20240001）`));
		assert.match(text, /广东省通信管理局/);
		actionId = /执法记录 (\d+)/.exec(text)[1];
		assert.match(await page.locator('.timeline').textContent(), /regulator_gd（电信管理机构）[\s\S]*录入/);
		await shots(page, 'action-recorded');
		await axeBoth(page, '执法记录');
		monitor.assertClean('recording an action');
	});

	test('and puts the firm on the bad-record list', async () => {
		await page.getByRole('navigation', { name: '记录类别' }).getByRole('link', { name: '不良名单' }).click();
		await page.locator('#record-new').click();
		await page.locator('#record-form').waitFor();
		await page.getByLabel('列入日期').fill(daysAgo(5));
		await page.locator('input[name=enterprise_name]').fill(firm);
		await page.locator('select[name=list]').selectOption({ label: '不良名单' });
		await page.getByLabel('列入原因').fill('行政处罚');
		await page.getByLabel('相关执法记录编号').fill(actionId);
		await page.locator('#record-save').click();
		await page.locator('#record [data-msg]', { hasText: '已录入' }).waitFor();
		assert.match(await page.locator('#record').textContent(), /电信业务经营不良名单/);
		await shots(page, 'badlist-recorded');
		// the dashboard counts the quarter's actions
		await page.goto('/staff/#dashboard');
		await page.locator('#kpi-enforcement').waitFor();
		assert.match(await page.locator('#kpi-enforcement').textContent(), /^\d+家次$/);
		await staffLogout(page);
		monitor.assertClean('the bad-list entry');
	});

	test('the ministry asks to publish; its requester cannot approve', async () => {
		await staffLogin(page, 'regulator');
		await page.goto('/staff/#notice');
		await page.locator('#notice-request-form').waitFor();
		await page.getByLabel('发文字号（文号）').fill('工信部信管函〔2026〕120号');
		await page.locator('#notice-request').click();
		await page.locator('#notice-pending').waitFor();
		assert.match(await page.locator('#notice-pending').textContent(), /须由另一名监管人员审核/);
		assert.equal(await page.locator('#notice-approve').count(), 0, 'no approve button for the requester');
		await shots(page, 'publication-requested');
		await axeBoth(page, '通告发布（待审核）');
		await staffLogout(page);
		monitor.assertClean('requesting publication');
	});

	test('a second regulator approves it, with the keyboard', async () => {
		await staffLogin(page, 'regulator2');
		await page.goto('/staff/#notice');
		await page.locator('#notice-approve').waitFor();
		await page.locator('#notice-approve').focus();
		await page.keyboard.press('Enter');
		await page.getByRole('dialog').waitFor();
		// the dialog starts on 取消; Tab reaches 批准发布
		await page.keyboard.press('Tab');
		assert.equal(await page.evaluate(() => document.activeElement.textContent), '批准发布');
		await page.keyboard.press('Enter');
		await page.locator('#notice-status [data-msg]', { hasText: '通告已发布' }).waitFor();
		const status = await page.locator('#notice-published').textContent();
		assert.match(status, /已发布：\d{4}年第\d+号/);
		assert.match(await page.locator('#notice-history').textContent(), /已发布/);
		await shots(page, 'publication-approved');
		await staffLogout(page);
		monitor.assertClean('approving');
	});

	test('the public bad-list page shows the entry', async () => {
		await page.goto('/badlist.html');
		await page.locator('#badlist li').first().waitFor();
		const entry = page.locator('#badlist li', { hasText: firm });
		await entry.waitFor();
		assert.match(await entry.textContent(), /粤B2-20240001[\s\S]*行政处罚[\s\S]*广东省通信管理局/);
		await page.getByLabel('按企业名称或许可证号查找').fill('浏览器测试');
		assert.equal(await page.locator('#badlist li').count(), 1);
		await shots(page, 'public-badlist');
		await axeBoth(page, '不良名单（公众）');
		monitor.assertClean('the public list');
	});
});
