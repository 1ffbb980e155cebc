// 热点预警: the demo's 5G surge in 广东 on the regulator's page (its chart,
// keywords, the cases behind it), acknowledged and dismissed with the keyboard
// alone; a provincial agency sees its own province's warnings only. "Today" is
// pinned so that the demo's surge ends on a known day.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { axeBoth, launch, noOverflow, openPage, screenshotPrefix, setLarge, shot, staffLogin, staffLogout, startDemo } from './lib/browser.mjs';

screenshotPrefix('warnings');

const TODAY = '2026-05-14'; // a Thursday: the warnings of Wednesday 2026-05-13

describe('the regulator\'s 热点预警 page', { timeout: 300_000 }, () => {
	let server, browser;

	before(async () => {
		server = await startDemo({ env: { SHENSU_TODAY: TODAY } });
		browser = await launch();
	});
	after(async () => {
		await browser?.close();
		await server?.stop();
	});

	test('the 5G surge in 广东 comes first, with its chart, keywords and cases', async () => {
		const { page, monitor, context } = await openPage(browser, server.url, { width: 1366, height: 900 });
		await staffLogin(page, 'regulator');
		await page.getByRole('link', { name: '热点预警' }).click();
		const first = page.locator('.warning-card').first();
		await first.waitFor();
		assert.match(await first.locator('h2').textContent(), /^1\. 中国移动 · 广东 · 5G服务$/);
		assert.equal(await page.locator('#warning-date').inputValue(), '2026-05-13', 'yesterday by default');
		const keywords = await first.locator('.keyword').allTextContents();
		assert.ok(keywords.includes('降速') && keywords.includes('套餐'), `keywords: ${keywords}`);
		assert.match(await first.locator('.warning-facts').textContent(), /收到申诉\d+件，按以往规律预计约/);
		// the chart is drawn: bars for the days, the band and the expected line
		await first.locator('.chart svg').waitFor();
		assert.ok(await first.locator('.chart svg path').count() > 20, 'the chart has its bars and lines');
		// the data table says the same as the chart, the window's days in bold
		assert.equal(await first.locator('tr.in-window').count(), 3);
		await shot(page, 'regulator-1366');
		await axeBoth(page, '热点预警 (1366 px)');
		await setLarge(page, true);
		await first.locator('.chart svg').waitFor();
		await shot(page, 'regulator-1366-large');
		await setLarge(page, false);

		// the cases behind it: the case list with the warning's filters
		await first.getByRole('link', { name: /查看相关申诉/ }).click();
		await page.getByRole('heading', { name: '预警相关申诉' }).waitFor();
		const items = page.locator('#warning-cases li');
		await items.first().waitFor();
		const n = await items.count();
		assert.ok(n >= 20, `the surge's cases are listed (${n})`);
		for (const t of await items.allTextContents())
			assert.match(t, /广东.*中国移动.*服务争议\/5G服务/, t);
		await shot(page, 'cases-1366');
		await axeBoth(page, '预警相关申诉');
		await items.first().locator('a').click();
		await page.locator('#case-state').waitFor();
		monitor.assertClean('regulator');
		await context.close();
	});

	test('acknowledge and dismiss with the keyboard alone; the decision is kept', async () => {
		const { page, monitor, context } = await openPage(browser, server.url, { width: 360, height: 740 });
		await staffLogin(page, 'regulator');
		await page.goto('/staff/#warnings');
		const first = page.locator('.warning-card').first();
		await first.waitFor();
		await shot(page, 'regulator-360');
		await noOverflow(page, '热点预警 (360 px)');
		await setLarge(page, true);
		await first.locator('.chart svg').waitFor();
		await shot(page, 'regulator-360-large');
		await noOverflow(page, '热点预警 (360 px, 大字模式)');
		await setLarge(page, false);

		// dismiss without a reason: refused on the page, nothing sent
		const dismiss = first.getByRole('radio', { name: /排除/ });
		await dismiss.focus();
		await page.keyboard.press('Space');
		assert.equal(await dismiss.isChecked(), true);
		const submit = first.getByRole('button', { name: '提交处理结果' });
		await submit.focus();
		await page.keyboard.press('Enter');
		await first.getByText('排除预警时请说明原因').waitFor();
		assert.equal(await first.getByRole('textbox', { name: /说明/ }).evaluate((el) => el === document.activeElement), true,
			'the focus goes to the reason');

		// acknowledge with a note, by keyboard
		await first.getByRole('radio', { name: /确认/ }).focus();
		await page.keyboard.press('Space');
		await first.getByRole('textbox', { name: /说明/ }).focus();
		await page.keyboard.type('已转广东省通信管理局核查');
		await submit.focus();
		await page.keyboard.press('Enter');
		await first.locator('.decision').getByText(/已确认（regulator，.*）：已转广东省通信管理局核查/).waitFor();
		await shot(page, 'regulator-360-acknowledged');

		// kept: after a reload the decision is there; then changed to a dismissal
		await page.reload();
		await page.locator('.warning-card').first().locator('.decision').getByText(/已确认/).waitFor();
		const again = page.locator('.warning-card').first();
		await again.getByRole('radio', { name: /排除/ }).check();
		await again.getByRole('textbox', { name: /说明/ }).fill('演示数据，不是真实问题');
		await again.getByRole('button', { name: '更新处理结果' }).click();
		await again.locator('.decision').getByText(/已排除.*演示数据，不是真实问题/).waitFor();
		await axeBoth(page, '热点预警 (360 px, decided)');
		monitor.assertClean('decisions');
		await context.close();
	});

	test('provincial agencies see their own province: 广东 the surge, 北京 none', async () => {
		const { page, monitor, context } = await openPage(browser, server.url, { width: 1366, height: 900 });
		await staffLogin(page, 'guangdong');
		await page.getByRole('link', { name: '热点预警' }).click();
		await page.locator('.warning-card').first().waitFor();
		for (const t of await page.locator('.warning-card h2').allTextContents())
			assert.match(t, /广东/, t);
		await page.getByText(/只列出广东省?的序列/).waitFor();
		await shot(page, 'agency-guangdong');
		await staffLogout(page); // waits for the login form: the logout is not cut short
		await staffLogin(page, 'beijing');
		await page.goto('/staff/#warnings');
		await page.locator('#warnings-status').getByText(/没有预警/).waitFor();
		assert.equal(await page.locator('.warning-card').count(), 0);
		await shot(page, 'agency-beijing-none');
		await axeBoth(page, '热点预警 without warnings');
		monitor.assertClean('agencies');
		await context.close();
	});
});
