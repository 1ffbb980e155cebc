// The acceptance flow in a real browser at 360 px: a complainant files a
// complaint; agency staff accept and forward it; the operator replies; the
// agency closes it; the complainant sees the closed timeline and answers the
// survey; the regulator's dashboard draws charts whose data match /api/stats
// and downloads the notice. Every step: a screenshot, axe-core in normal and
// large-font mode, and no console error or failed request.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import {
	axe, axeBoth, isLarge, launch, openPage, setLarge, shot, staffLogin, staffLogout, startDemo, until,
} from './lib/browser.mjs';

describe('the whole life of a complaint, at 360 px', { timeout: 600_000 }, () => {
	let server, browser, page, context, monitor;
	const filed = {};

	before(async () => {
		server = await startDemo();
		browser = await launch();
		({ page, context, monitor } = await openPage(browser, server.url));
	});
	after(async () => {
		await browser?.close();
		await server?.stop();
	});

	test('the portal home explains the rules, and 适老化 is one tap away and remembered', async () => {
		await page.goto('/');
		await page.getByRole('heading', { level: 1, name: '电信用户申诉受理' }).waitFor();
		await page.getByText('先向企业投诉').first().waitFor();
		await shot(page, 'portal-home');
		await axeBoth(page, 'portal home');
		await page.getByRole('button', { name: '大字模式' }).click();
		assert.equal(await isLarge(page), true);
		await page.reload();
		assert.equal(await isLarge(page), true, 'large-font mode survives a reload');
		const size = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
		assert.ok(size >= 20, `large font is large (${size}px)`);
		await shot(page, 'portal-large');
		await page.getByRole('button', { name: '标准字体' }).click();
		assert.equal(await isLarge(page), false);
		monitor.assertClean('home');
	});

	test('a complainant files a complaint and sees the case number and query code', async () => {
		await page.getByRole('link', { name: '我要申诉' }).first().click();
		await page.getByRole('heading', { name: '第1步：是否已向企业投诉' }).waitFor();

		// step 1: not complained to the operator yet → told what to do instead
		await page.getByLabel('还没有向企业投诉').check();
		await page.getByRole('heading', { name: '现在申诉还不能受理' }).waitFor();
		await page.getByText('10086').first().waitFor();
		await shot(page, 'file-not-yet-admissible');
		await axeBoth(page, 'filing step 1, not admissible yet');

		// complained and unsatisfied: may go on; the date is asked
		await page.getByLabel('已向企业投诉，对企业的处理结果不满意').check();
		await page.getByRole('button', { name: '下一步' }).click();
		await page.getByText('请填写向企业投诉的日期').waitFor(); // validation before moving on
		const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
		const opDay = new Date(Date.parse(today) - 20 * 86400000).toISOString().slice(0, 10);
		await page.getByLabel('向企业投诉的日期').fill(opDay);
		await page.getByRole('button', { name: '下一步' }).click();

		// step 2
		await page.getByRole('heading', { name: '第2步：申诉内容' }).waitFor();
		await page.getByLabel('被申诉企业所在省份').selectOption({ label: '广东省' });
		await page.locator('select[name=enterprise]').selectOption('中国移动');
		await page.getByLabel('问题类别').selectOption({ index: 2 });
		await page.getByLabel('具体问题').selectOption({ index: 1 });
		await page.getByLabel('您的申诉请求').fill('退还多收的流量费50元');
		// validation as they type: an emptied required field says so on leaving it
		await page.getByLabel('事实和理由').fill('x');
		await page.getByLabel('事实和理由').fill('');
		await page.getByLabel('事实和理由').blur();
		await page.getByText('请填写事实和理由').waitFor();
		await page.getByLabel('事实和理由').fill('上月账单多收了流量费50元，向客服热线反映后答复不合理。');
		await assert.doesNotReject(page.getByText('请填写事实和理由').waitFor({ state: 'hidden' }));
		await shot(page, 'file-step2');
		await axeBoth(page, 'filing step 2');
		await page.getByRole('button', { name: '下一步' }).click();

		// step 3: a phone number in an unusual spelling (full-width, +86, dashes)
		await page.getByRole('heading', { name: '第3步：联系方式' }).waitFor();
		await page.getByLabel('姓名').fill('李四');
		await page.getByLabel('联系电话').fill('13');
		await page.getByLabel('联系电话').blur();
		await page.getByText('手机号码应为11位').waitFor();
		await page.getByLabel('联系电话').fill('＋86 １３８－0013－8000');
		await page.getByText('将登记为 138 0013 8000（手机）').waitFor();
		await page.getByLabel('通信地址').fill('广东省广州市天河区体育西路1号');
		await page.getByLabel('邮政编码').fill('51000');
		await page.getByLabel('邮政编码').blur();
		await page.getByText('邮政编码应为6位数字').waitFor();
		await page.getByLabel('邮政编码').fill('510000');
		await shot(page, 'file-step3');
		await axeBoth(page, 'filing step 3');
		await page.getByRole('button', { name: '下一步' }).click();

		// step 4: review and submit
		await page.getByRole('heading', { name: '第4步：核对并提交' }).waitFor();
		await page.getByText('138 0013 8000', { exact: true }).waitFor();
		await axeBoth(page, 'filing step 4');
		await page.getByRole('button', { name: '提交申诉' }).click();
		await page.getByRole('heading', { name: '申诉已提交' }).waitFor();
		filed.no = (await page.locator('#filed-case-no').textContent()).trim();
		filed.code = (await page.locator('#filed-query-code').textContent()).trim();
		assert.match(filed.no, /^44-\d{4}-\d{6}$/);
		assert.match(filed.code, /^[2-9A-HJ-NP-Z]{12}$/);
		await page.getByText('查询码只显示这一次').first().waitFor();
		await shot(page, 'filed-case-number');
		await axeBoth(page, 'filed');

		// straight to the timeline
		await page.getByRole('link', { name: '我已记下，查看办理进度' }).click();
		await page.locator('#case-state').filter({ hasText: '待受理' }).waitFor();
		await page.getByRole('list', { name: '办理记录' }).getByText('提交申诉').waitFor();
		await shot(page, 'track-submitted');
		await axeBoth(page, 'tracking, submitted');
		// the query code is not kept anywhere in the URL
		assert.ok(!page.url().includes(filed.code));
		monitor.assertClean('filing');
	});

	test('agency staff sign in, see the queue by due date, accept and forward the case', async () => {
		await page.goto('/staff');
		await page.getByRole('heading', { name: '工作人员登录' }).waitFor();
		await page.getByLabel('用户名').fill('guangdong');
		await page.getByLabel('密码').fill('wrong-password');
		monitor.expect('POST', /^\/api\/login$/, 401); // a wrong password, on purpose
		await page.getByRole('button', { name: '登录' }).click();
		await page.getByRole('alert').getByText('用户名或密码不正确').waitFor();
		await shot(page, 'staff-login');
		await axeBoth(page, 'staff login');
		await staffLogin(page, 'guangdong');
		await page.getByRole('heading', { level: 1, name: '待办案件' }).waitFor();
		await page.locator('#queue li').first().waitFor();
		// sorted by due date, the most urgent first; overdue ones marked
		const dues = await page.locator('#queue .line1').evaluateAll((els) => els.map((e) => (/期限(\d+)年(\d+)月(\d+)日/.exec(e.textContent) || []).slice(1).map(Number)));
		const keys = dues.filter((d) => d.length).map(([y, m, d]) => y * 10000 + m * 100 + d);
		assert.ok(keys.length > 1, 'the queue lists cases with due dates');
		assert.deepEqual(keys, [...keys].sort((a, b) => a - b), 'the queue is sorted by due date');
		const overdue = await page.locator('#queue li.overdue').count();
		if (overdue) assert.ok(await page.locator('#queue li.overdue .badge-overdue').count() === overdue);
		await shot(page, 'staff-queue');
		await axeBoth(page, 'staff queue');

		await page.getByLabel('按案件编号查找').fill(filed.no);
		await page.getByRole('button', { name: '查找' }).click();
		await page.getByRole('heading', { level: 1, name: `案件 ${filed.no}` }).waitFor();
		await page.locator('#case-state').filter({ hasText: '待受理' }).waitFor();
		// agency staff see the personal data in full
		await page.getByText('13800138000').waitFor();
		const offered = await page.locator('#case-actions button[data-action]').evaluateAll((bs) => bs.map((b) => b.dataset.action));
		assert.ok(offered.includes('accept') && !offered.includes('reply'), `actions come from the API: ${offered}`);
		await shot(page, 'staff-case');
		await axeBoth(page, 'staff case detail');

		await page.locator('#case-actions button[data-action=accept]').click();
		await page.getByRole('button', { name: '确认受理' }).click();
		await page.locator('#case-state').filter({ hasText: '已受理' }).waitFor();

		await page.locator('#case-actions button[data-action=forward]').click();
		await page.getByRole('button', { name: '确认转企业处理' }).click();
		// forwarding is confirmed first; cancelling changes nothing
		const dialog = page.getByRole('dialog');
		await dialog.waitFor();
		await shot(page, 'staff-confirm-forward');
		await dialog.getByRole('button', { name: '取消' }).click();
		await assert.doesNotReject(page.locator('#case-state').filter({ hasText: '已受理' }).waitFor());
		await page.getByRole('button', { name: '确认转企业处理' }).click();
		await page.getByRole('dialog').getByRole('button', { name: '确定转企业处理' }).click();
		await page.locator('#case-state').filter({ hasText: '已转企业处理' }).waitFor();
		await page.getByText('企业回复期限').waitFor();
		await shot(page, 'staff-forwarded');
		await staffLogout(page);
		monitor.assertClean('agency');
	});

	test('operator staff see the forwarded case with its due date, masked, and reply', async () => {
		await staffLogin(page, 'cmcc_gd');
		await page.getByRole('heading', { level: 1, name: '转办案件' }).waitFor();
		const item = page.locator('#queue li').filter({ hasText: filed.no });
		await item.waitFor();
		await assert.doesNotReject(item.getByText(/期限\d+年/).waitFor());
		await shot(page, 'operator-queue');
		await axeBoth(page, 'operator queue');
		await item.getByRole('link').click();
		await page.getByRole('heading', { level: 1, name: `案件 ${filed.no}` }).waitFor();
		await page.getByText('138****8000').waitFor();
		assert.equal(await page.getByText('13800138000').count(), 0, 'the operator sees the phone masked');
		assert.equal(await page.getByText('李四').count(), 0, 'the operator does not see the name');
		const offered = await page.locator('#case-actions button[data-action]').evaluateAll((bs) => bs.map((b) => b.dataset.action));
		assert.deepEqual(offered, ['reply']);
		await page.locator('#case-actions button[data-action=reply]').click();
		await page.getByRole('button', { name: '确认企业回复' }).click();
		await page.getByText('请填写处理情况和答复').waitFor();
		await page.getByLabel('处理情况和答复').fill('经核实，已向用户退还多收的流量费50元，并致歉。');
		await page.getByText('请填写处理情况和答复').waitFor({ state: 'hidden' }); // cleared as they type
		await shot(page, 'operator-reply');
		await axeBoth(page, 'operator reply form');
		await page.getByRole('button', { name: '确认企业回复' }).click();
		await page.getByRole('dialog').getByRole('button', { name: '确定企业回复' }).click();
		await page.locator('#case-state').filter({ hasText: '企业已回复' }).waitFor();
		await shot(page, 'operator-replied');
		await staffLogout(page);
		monitor.assertClean('operator');
	});

	test('agency staff close the case', async () => {
		await staffLogin(page, 'guangdong');
		await page.goto(`/staff/#case/${filed.no}`);
		await page.locator('#case-state').filter({ hasText: '企业已回复' }).waitFor();
		await page.getByText('经核实，已向用户退还多收的流量费50元').waitFor();
		await page.locator('#case-actions button[data-action=close]').click();
		// the modal confirmation, checked in both modes (the toggle sits behind the modal)
		for (const large of [false, true]) {
			await setLarge(page, large);
			await page.getByRole('button', { name: '确认办结' }).click();
			await page.getByRole('dialog').getByText('此操作不能撤销').waitFor();
			await axe(page, `confirmation dialog${large ? ' (大字模式)' : ''}`);
			if (!large) await page.getByRole('dialog').getByRole('button', { name: '取消' }).click();
		}
		await page.getByRole('dialog').getByRole('button', { name: '确定办结' }).click();
		await setLarge(page, false);
		await page.locator('#case-state').filter({ hasText: '已办结' }).waitFor();
		await shot(page, 'staff-closed');
		await staffLogout(page);
		monitor.assertClean('close');
	});

	test('the complainant sees the closed timeline and answers the survey', async () => {
		await page.goto('/#track');
		await page.getByLabel('案件编号').fill(filed.no);
		await page.getByLabel('查询码').fill(filed.code.toLowerCase()); // typed in lower case: still found
		await page.getByRole('button', { name: '查询' }).click();
		await page.locator('#case-state').filter({ hasText: '已办结' }).waitFor();
		const steps = await page.getByRole('list', { name: '办理记录' }).locator('.what').allTextContents();
		assert.deepEqual(steps, ['提交申诉', '受理', '转企业处理', '企业回复', '办结']);
		await page.getByText('经核实，已向用户退还多收的流量费50元').waitFor();
		await shot(page, 'track-closed');
		await axeBoth(page, 'tracking, closed');
		await page.getByRole('button', { name: '提交评价' }).click();
		await page.getByText('请选择满意程度').waitFor();
		await page.getByLabel('满意', { exact: true }).check();
		await page.getByLabel('您的意见').fill('处理及时，谢谢。');
		await page.getByRole('button', { name: '提交评价' }).click();
		await page.locator('#survey-done').getByText('感谢您的评价：满意（4分）').waitFor();
		await shot(page, 'survey-done');
		await axeBoth(page, 'survey answered');
		monitor.assertClean('survey');
	});

	test('the regulator\'s dashboard draws its charts from /api/stats and offers the notice', async () => {
		await staffLogin(page, 'regulator');
		await page.getByRole('heading', { level: 1, name: '统计看板' }).waitFor();
		await page.locator('#kpi-total').waitFor();
		const period = await page.locator('#period').inputValue();
		assert.match(period, /^\d{4}Q[1-4]$/);

		// the charts' own data, read back from ECharts
		const option = (id) => page.evaluate((i) => {
			const c = window.echarts.getInstanceByDom(document.getElementById(i));
			if (!c) return null;
			const o = c.getOption();
			return { series: o.series.map((s) => ({ type: s.type, data: s.data })), yAxis: o.yAxis?.map((a) => a.data ?? null), xAxis: o.xAxis?.map((a) => a.data ?? null) };
		}, id);
		const stats = async (q) => {
			const r = await page.request.get(`/api/stats?${new URLSearchParams(q)}`);
			assert.equal(r.status(), 200);
			return r.json();
		};
		const byCategory = await stats({ period, by: 'category' });
		const byProvince = await stats({ period, by: 'province' });
		const byEnterprise = await stats({ period, by: 'enterprise' });
		assert.ok(byCategory.total > 0, 'the demo data have complaints in the default quarter');

		const pie = await until(() => option('chart-category'), undefined, 'the class chart');
		assert.equal(pie.series[0].type, 'pie');
		assert.deepEqual(pie.series[0].data.map((d) => [d.name, d.value]), byCategory.groups.map((g) => [g.name, g.count]));

		const prov = await until(() => option('chart-province'), undefined, 'the province chart');
		const expected = [...byProvince.groups].sort((a, b) => b.count - a.count);
		assert.deepEqual(prov.series[0].data, expected.map((g) => g.count));
		assert.equal(prov.series[0].data.reduce((a, b) => a + b, 0), byProvince.total);
		assert.equal(prov.yAxis[0].length, byProvince.groups.length);

		const trend = await until(() => option('chart-trend'), undefined, 'the trend chart');
		assert.equal(trend.series[0].data.length, 8, 'two years of quarters');
		assert.equal(trend.series[0].data.at(-1), byCategory.total, 'the trend ends with the quarter shown');
		assert.equal(trend.series[0].data.at(-2), byCategory.previous_total);
		assert.equal(trend.series[0].data.at(-5), byCategory.year_before_total);

		const rate = await until(() => option('chart-rate'), undefined, 'the per-million chart');
		assert.ok(rate.series[0].data.length >= 3, 'the basic operators have complaints per million users');
		assert.ok(rate.yAxis[0].includes('中国移动'));
		const rated = byEnterprise.groups.filter((g) => g.rate_per_million !== null);
		assert.deepEqual(rate.yAxis[0], rated.map((g) => g.name));
		assert.deepEqual(rate.series[0].data, rated.map((g) => g.rate_per_million));
		await page.getByText(`受理申诉${byCategory.total}件`).first().waitFor();
		await shot(page, 'regulator-dashboard');
		await axeBoth(page, 'regulator dashboard');
		// the charts are redrawn, not lost, in large-font mode
		assert.deepEqual((await option('chart-category')).series[0].data.map((d) => d.value), byCategory.groups.map((g) => g.count));

		// the notice in three formats, each with progress and a real file
		for (const [format, magic] of [['html', '<!'], ['pdf', '%PDF'], ['xlsx', 'PK']]) {
			const [download] = await Promise.all([
				page.waitForEvent('download', { timeout: 120_000 }),
				page.getByRole('button', { name: `下载通告（${format.toUpperCase()}）` }).click(),
			]);
			assert.equal(download.suggestedFilename(), `电信服务质量通告-${period}.${format}`);
			const file = await download.path();
			const head = fs.readFileSync(file).subarray(0, 8).toString('latin1');
			assert.ok(head.toUpperCase().startsWith(magic.toUpperCase()), `${format} starts with ${magic}: ${JSON.stringify(head)}`);
		}
		await page.getByText('版通告已生成').waitFor();
		await shot(page, 'regulator-downloads');
		await staffLogout(page);
		monitor.assertClean('dashboard');
	});
});
