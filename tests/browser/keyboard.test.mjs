// The keyboard alone, at 360 px: a complainant files a complaint with Tab,
// Space, arrows and Enter; agency staff sign in, find the case, accept it and
// withdraw it through the confirmation dialog (Escape cancels). Focus is
// always visible.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launch, openPage, screenshotPrefix, shot, startDemo } from './lib/browser.mjs';

screenshotPrefix('keyboard');

describe('keyboard only', { timeout: 300_000 }, () => {
	let server, browser, page, monitor;
	let caseNo;

	before(async () => {
		server = await startDemo();
		browser = await launch();
		({ page, monitor } = await openPage(browser, server.url));
	});
	after(async () => {
		await browser?.close();
		await server?.stop();
	});

	/** What has the focus: tag, name, type, text, and whether an outline shows. */
	const focused = () => page.evaluate(() => {
		const el = document.activeElement;
		const cs = getComputedStyle(el);
		return {
			tag: el.tagName.toLowerCase(), name: el.getAttribute('name'), type: el.getAttribute('type'), value: el.value,
			text: (el.textContent || '').trim().slice(0, 40), visible: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2,
		};
	});
	/** Presses Tab until pred(focused) holds (at most max times); asserts focus is visible there. */
	async function tabTo(pred, what, max = 60) {
		for (let i = 0; i < max; i++) {
			await page.keyboard.press('Tab');
			const f = await focused();
			if (pred(f)) {
				assert.ok(f.visible, `focus is visible on ${what}`);
				return f;
			}
		}
		throw new Error(`Tab never reached ${what}`);
	}
	const key = (k, n = 1) => (async () => {
		for (let i = 0; i < n; i++) await page.keyboard.press(k);
	})();

	test('a complaint filed with the keyboard alone', async () => {
		await page.goto('/');
		await page.getByRole('heading', { level: 1 }).waitFor();
		// the first Tab reaches the skip link
		await tabTo((f) => f.tag === 'a' && f.text === '跳到主要内容', 'the skip link', 1);
		await tabTo((f) => f.tag === 'button' && f.text === '大字模式', 'the 适老化 toggle');
		await key('Enter');
		assert.equal(await page.evaluate(() => document.documentElement.classList.contains('large')), true);
		await key('Enter');
		await tabTo((f) => f.tag === 'a' && f.text === '我要申诉', 'the filing link');
		await key('Enter');
		await page.getByRole('heading', { name: '第1步：是否已向企业投诉' }).waitFor();

		// step 1: a radio group: Tab in, arrows move, the date field follows
		await tabTo((f) => f.type === 'radio', 'the first answer');
		await key('Space');
		assert.equal(await page.locator('input[name=operator_answer]:checked').getAttribute('value'), 'unsatisfied');
		await tabTo((f) => f.name === 'operator_date', 'the operator date');
		const d = new Date(Date.now() - 30 * 86400000);
		const y = d.getUTCFullYear(), m = String(d.getUTCMonth() + 1).padStart(2, '0'), dd = String(d.getUTCDate()).padStart(2, '0');
		await page.keyboard.type(`${y}-${m}-${dd}`); // 年-月-日, as a Chinese browser shows it
		assert.equal((await focused()).value ?? (await page.locator('input[name=operator_date]').inputValue()), `${y}-${m}-${dd}`);
		await tabTo((f) => f.text === '下一步', 'next');
		await key('Enter');

		// step 2: selects change with the arrow keys
		await page.getByRole('heading', { name: '第2步：申诉内容' }).waitFor();
		await tabTo((f) => f.name === 'province', 'the province');
		const provinces = await page.locator('select[name=province] option').allTextContents();
		await key('ArrowDown', provinces.indexOf('广东省'));
		assert.equal(await page.locator('select[name=province]').inputValue(), '44');
		await tabTo((f) => f.name === 'enterprise', 'the enterprise');
		const enterprises = await page.locator('select[name=enterprise] option').allTextContents();
		await key('ArrowDown', enterprises.indexOf('中国移动'));
		await tabTo((f) => f.name === 'category', 'the class');
		await key('ArrowDown');
		await tabTo((f) => f.name === 'demand', 'the demand');
		await page.keyboard.type('请企业说明并退还费用');
		await tabTo((f) => f.name === 'description', 'the description');
		await page.keyboard.type('营业厅办理的套餐与宣传不符，向企业投诉后答复不满意。');
		await tabTo((f) => f.text === '下一步', 'next');
		await key('Enter');

		// step 3
		await page.getByRole('heading', { name: '第3步：联系方式' }).waitFor();
		await tabTo((f) => f.name === 'name', 'the name');
		await page.keyboard.type('王五');
		await tabTo((f) => f.name === 'phone', 'the phone');
		await page.keyboard.type('0086 139-0000-1111');
		await page.getByText('将登记为 139 0000 1111（手机）').waitFor();
		await tabTo((f) => f.name === 'address', 'the address');
		await page.keyboard.type('广东省深圳市南山区科技园1号');
		await tabTo((f) => f.text === '下一步', 'next');
		await key('Enter');

		// step 4
		await page.getByRole('heading', { name: '第4步：核对并提交' }).waitFor();
		await tabTo((f) => f.text === '提交申诉', 'submit');
		await key('Enter');
		await page.getByRole('heading', { name: '申诉已提交' }).waitFor();
		caseNo = (await page.locator('#filed-case-no').textContent()).trim();
		assert.match(caseNo, /^44-/);
		await shot(page, 'filed');
		monitor.assertClean('keyboard filing');
	});

	test('agency staff work a case with the keyboard alone', async () => {
		await page.goto('/staff/');
		await page.getByRole('heading', { name: '工作人员登录' }).waitFor();
		// the user name has the focus on arrival
		assert.equal((await focused()).name, 'username');
		await page.keyboard.type('guangdong');
		await key('Tab');
		await page.keyboard.type('demo-password');
		await key('Enter');
		await page.locator('#queue-summary').filter({ hasText: /共|没有/ }).waitFor(); // the queue has loaded
		await tabTo((f) => f.name === 'case_no', 'the case search');
		await page.keyboard.type(caseNo);
		await key('Enter');
		await page.getByRole('heading', { level: 1, name: `案件 ${caseNo}` }).waitFor();

		await tabTo((f) => f.tag === 'button' && f.text === '受理', 'accept');
		await key('Enter');
		// the action form opens with the focus inside it
		assert.equal((await focused()).name, 'comment');
		await tabTo((f) => f.text === '确认受理', 'confirm accept');
		await key('Enter');
		await page.locator('#case-state').filter({ hasText: '已受理' }).waitFor();

		// an irreversible action asks first; Escape cancels and changes nothing
		await tabTo((f) => f.tag === 'button' && f.text === '撤回申诉', 'withdraw');
		await key('Enter');
		await tabTo((f) => f.text === '确认撤回申诉', 'confirm withdraw');
		await key('Enter');
		await page.getByRole('dialog').waitFor();
		assert.equal((await focused()).text, '取消', 'the dialog opens on its safe choice');
		await key('Escape');
		await page.getByRole('dialog').waitFor({ state: 'detached' });
		assert.equal((await page.locator('#case-state').textContent()).trim(), '已受理');
		assert.equal((await focused()).text, '确认撤回申诉', 'focus returns to where it was');
		await key('Enter');
		await page.getByRole('dialog').waitFor();
		await key('Tab');
		assert.equal((await focused()).text, '确定撤回申诉');
		await shot(page, 'confirm-dialog');
		await key('Enter');
		await page.locator('#case-state').filter({ hasText: '已办结' }).waitFor();
		await page.getByText('申诉人撤回').first().waitFor();
		await shot(page, 'withdrawn');
		monitor.assertClean('keyboard staff');
	});
});
