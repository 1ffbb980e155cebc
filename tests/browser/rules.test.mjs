// The pages take their rules from the server (GET /api/reference/rules), never
// from a copy of their own: here the route is intercepted and answers with
// other values (a name of at most 7 characters, 9 days for the operator, a
// 3-month billing bar, 服务争议 as the billing class, a comment required for
// accept, other labels …), and every page must follow them. A page that still
// holds its own copy of a rule fails here.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileComplaint, login, sendJson, staffClient } from '../api/lib/shensu.mjs';
import {
	DEMO_PASSWORD, axeBoth, launch, openPage, screenshotPrefix, shot, staffLogin, startDemo,
} from './lib/browser.mjs';

screenshotPrefix('rules');

const TODAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const daysAgo = (n, from = TODAY) => new Date(Date.parse(from) - n * 86400000).toISOString().slice(0, 10);
const fmtDate = (d) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/** The served rules, changed as a test of the pages; `extra` changes more. */
function changed(rules, extra) {
	rules.fields.name.max_chars = 7;
	rules.fields.description.max_chars = 40;
	Object.assign(rules.periods, {
		operator_wait_days: 9, billing_bar_months: 3, other_bar_months: 36, accept_working_days: 4, answer_days: 20,
	});
	rules.billing_categories = ['service']; // 服务争议, and no longer 营销、收费、资费争议
	for (const a of rules.actions) {
		if (a.code === 'accept') a.comment_required = true;
		if (a.code === 'supplement') a.comment_required = false;
	}
	rules.states.find((s) => s.code === 'submitted').label = '待受理（测）';
	rules.roles.find((r) => r.code === 'complainant').label = '申诉人（测）';
	rules.operator_answers.find((a) => a.code === 'unsatisfied').label = '对答复不满意（测）';
	rules.survey.comment_max_chars = 20;
	rules.survey.scores.find((s) => s.score === 5).label = '非常满意（测）';
	extra?.(rules);
	return rules;
}

describe('the pages follow the rules the server serves', { timeout: 600_000 }, () => {
	let server, browser;
	before(async () => {
		server = await startDemo();
		browser = await launch();
	});
	after(async () => {
		await browser?.close();
		await server?.stop();
	});

	/** A page whose /api/reference/rules answers changed(…); counts the requests. */
	async function open(extra) {
		const { context, page, monitor } = await openPage(browser, server.url);
		const served = { count: 0 };
		await context.route('**/api/reference/rules', async (route) => {
			served.count++;
			const res = await route.fetch();
			assert.equal(res.status(), 200);
			await route.fulfill({ response: res, json: changed(await res.json(), extra) });
		});
		return { context, page, monitor, served };
	}

	test('the portal home states the served periods', async () => {
		const { context, page, monitor, served } = await open();
		await page.goto('/');
		await page.getByRole('heading', { level: 1, name: '电信用户申诉受理' }).waitFor();
		const text = await page.locator('main').innerText();
		for (const want of ['企业9天内没有答复', '收费争议须在问题发生后3个月内申诉', '其他问题须在3年内申诉',
			'4个工作日内决定是否受理', '20日内答复'])
			assert.ok(text.includes(want), `the home page says "${want}":\n${text}`);
		for (const old of ['15天', '5个月', '2年内', '5个工作日', '30日'])
			assert.ok(!text.includes(old), `no copy of its own: "${old}" is not on the page`);
		assert.equal(served.count, 1);
		await shot(page, 'home');
		await axeBoth(page, 'portal home, served rules');
		monitor.assertClean('home');
		await context.close();
	});

	test('filing: the operator period, the time bar by the served billing classes, the field limits', async () => {
		const { context, page, monitor } = await open();
		await page.goto('/#file');
		await page.getByRole('heading', { name: '第1步：是否已向企业投诉' }).waitFor();
		assert.match(await page.locator('form').innerText(), /企业9天内没有答复/);

		// no answer yet, 3 days ago: 9 days to wait from then
		await page.getByLabel('已向企业投诉，但企业一直没有答复').check();
		const asked = daysAgo(3);
		await page.getByLabel('向企业投诉的日期').fill(asked);
		await page.getByText(`企业有9天答复期，请在${fmtDate(daysAgo(-9, asked))}以后`).waitFor();
		await shot(page, 'operator-wait');
		// 10 days ago: past the served 9 days (not the statute's 15)
		await page.getByLabel('向企业投诉的日期').fill(daysAgo(10));
		await page.getByText('企业超过9天未答复，您可以申诉。').waitFor();
		await page.getByRole('button', { name: '下一步' }).click();

		// step 2: 服务争议 is served as the billing class, with a 3-month bar
		await page.getByRole('heading', { name: '第2步：申诉内容' }).waitFor();
		await page.getByLabel('问题类别').selectOption({ label: '服务争议' });
		await page.getByLabel('问题发生日期').fill(daysAgo(120));
		const advice = page.locator('.msg-warn').filter({ hasText: '可能不予受理' });
		await advice.filter({ hasText: '须在问题发生后3个月内申诉' }).waitFor();
		await shot(page, 'billing-bar');
		// 营销、收费、资费争议 is not billing here: 120 days is well within 3 years
		await page.getByLabel('问题类别').selectOption({ label: '营销、收费、资费争议' });
		await advice.waitFor({ state: 'detached' });
		await page.getByLabel('问题发生日期').fill(daysAgo(37 * 31));
		await advice.filter({ hasText: '须在问题发生后3年内提出' }).waitFor();

		// description: at most 40 characters, counted as the server counts
		assert.match(await page.locator('.counter').innerText(), /\/ 40$/);
		await page.getByLabel('事实和理由').fill('事'.repeat(41));
		await page.getByLabel('事实和理由').blur();
		await page.getByText('事实和理由不能超过40个字').waitFor();
		await page.getByLabel('事实和理由').fill('事'.repeat(40));
		await page.getByText('事实和理由不能超过40个字').waitFor({ state: 'hidden' });
		await page.getByLabel('问题发生日期').fill(daysAgo(20));
		await page.getByLabel('被申诉企业所在省份').selectOption({ label: '广东省' });
		await page.locator('select[name=enterprise]').selectOption('中国移动');
		await page.getByLabel('您的申诉请求').fill('退还多收的费用');
		await page.getByRole('button', { name: '下一步' }).click();

		// step 3: a name of 8 characters is one too many, 7 are fine
		await page.getByRole('heading', { name: '第3步：联系方式' }).waitFor();
		await page.getByLabel('姓名').fill('欧阳一二三四五六');
		await page.getByLabel('姓名').blur();
		await page.getByText('姓名不能超过7个字').waitFor();
		await shot(page, 'name-limit');
		await axeBoth(page, 'filing step 3, served limits');
		await page.getByLabel('姓名').fill('欧阳一二三四五');
		await page.getByText('姓名不能超过7个字').waitFor({ state: 'hidden' });
		monitor.assertClean('filing');
		await context.close();
	});

	test('tracking: the query code length, the supplement\'s comment, the survey\'s scale and limit', async () => {
		const { context, page, monitor } = await open((r) => (r.query_code.length = 10));
		const asked = await fileComplaint(server.url, {}, { era: 2022 });
		const staff = staffClient(server.url, (await login(server.url, 'guangdong', DEMO_PASSWORD)).token);
		await staff.actOk(asked.no, 'request_supplement', { comment: '请补充账单。' });

		await page.goto('/#track');
		await page.getByText('提交申诉时显示的10位字母和数字').waitFor();
		await page.getByLabel('案件编号').fill(asked.no);
		await page.getByLabel('查询码').fill(asked.code); // 12 characters: 10 are served
		await page.getByRole('button', { name: '查询' }).click();
		await page.getByText('查询码应为10位（现在是12位）').waitFor();
		monitor.assertClean('query code');
		await context.close();

		// supplement: served as needing no comment, so the page leaves it to the server
		const second = await open();
		await second.page.goto('/#track');
		await second.page.getByLabel('案件编号').fill(asked.no);
		await second.page.getByLabel('查询码').fill(asked.code);
		await second.page.getByRole('button', { name: '查询' }).click();
		await second.page.getByRole('button', { name: '提交补正' }).waitFor();
		assert.equal(await second.page.getByLabel('补正说明').getAttribute('required'), null, 'not marked required');
		second.monitor.expect('POST', /\/supplement$/, 400);
		await second.page.getByRole('button', { name: '提交补正' }).click();
		await second.page.getByRole('alert').getByText('补正未能提交').waitFor();
		assert.equal(await second.page.getByText('请填写补正说明').count(), 0);

		// survey on a closed case: the served labels and comment limit
		const closed = await fileComplaint(server.url, {}, { era: 2022 });
		const w = await sendJson(`${server.url}/api/complaints/${closed.no}/withdraw`, 'POST', { code: closed.code });
		assert.equal(w.res.status, 200, w.text);
		await second.page.getByLabel('案件编号').fill(closed.no);
		await second.page.getByLabel('查询码').fill(closed.code);
		await second.page.getByRole('button', { name: '查询' }).click();
		await second.page.getByRole('button', { name: '提交评价' }).waitFor();
		await second.page.getByText('不超过20字').waitFor();
		await second.page.getByLabel('非常满意（测）').check();
		await second.page.getByLabel('您的意见').fill('评'.repeat(21));
		await second.page.getByRole('button', { name: '提交评价' }).click();
		await second.page.getByText('评价内容不能超过20字').waitFor();
		await shot(second.page, 'survey-limit');
		await axeBoth(second.page, 'survey, served limits');
		second.monitor.assertClean('supplement and survey');
		await second.context.close();
	});

	test('staff: accept demands the served comment; states, roles and answers carry the served labels', async () => {
		const { context, page, monitor } = await open();
		const filed = await fileComplaint(server.url, { operator_date: daysAgo(20) }, { era: 2022 });
		await staffLogin(page, 'guangdong');
		await page.goto(`/staff/#case/${encodeURIComponent(filed.no)}`);
		await page.getByRole('heading', { level: 1, name: `案件 ${filed.no}` }).waitFor();
		await page.getByRole('list', { name: '办理记录' }).getByText('申诉人（测）').waitFor();
		await page.getByText('对答复不满意（测）').waitFor();

		await page.locator('#case-actions').getByRole('button', { name: '受理', exact: true }).click();
		const form = page.locator('#action-form');
		await form.waitFor();
		assert.notEqual(await form.locator('textarea[name=comment]').getAttribute('required'), null, 'the comment is required');
		await form.getByRole('button', { name: '确认受理' }).click();
		await form.getByText('请填写说明').waitFor();
		assert.equal(await page.getByRole('dialog').count(), 0, 'refused before asking to confirm');
		await shot(page, 'accept-needs-comment');
		await axeBoth(page, 'staff accept form, served rules');

		await page.goto('/staff/#queue');
		await page.getByRole('heading', { level: 1, name: '待办案件' }).waitFor();
		const options = await page.locator('select[name=state] option').allTextContents();
		assert.ok(options.includes('待受理（测）'), `the state filter has the served label: ${options}`);
		monitor.assertClean('staff');
		await context.close();
	});
});
