// The public bad-record list: the entries GET /api/badlist gives for today,
// a search by name or licence number, one card per entry (readable at 360 px).
import { api, field, fill, fmtDate, h, initLargeToggle, showMessage } from '/shared/ui.js';

const view = document.getElementById('view');

async function start() {
	initLargeToggle();
	let data;
	try {
		data = await api('/api/badlist');
	} catch (e) {
		fill(view);
		return showMessage(view, `名单加载失败。${e.text ?? e.message}`);
	}
	const search = field('按企业名称或许可证号查找', h('input', { type: 'search', name: 'q', autocomplete: 'off' }), {});
	const summary = h('p', { 'aria-live': 'polite', id: 'badlist-summary' });
	const list = h('ul', { class: 'queue', id: 'badlist', 'aria-label': '名单' });
	const draw = () => {
		const q = search.control.value.trim();
		const shown = data.items.filter((e) => !q || e.enterprise.includes(q) || (e.licence_no ?? '').includes(q));
		summary.textContent = `截至${fmtDate(data.date)}，名单上共${data.items.length}家企业${q ? `，其中${shown.length}家符合“${q}”` : ''}。`;
		fill(list, shown.map((e) => h('li', {}, h('div', { style: 'padding: .6rem .75rem' },
			h('p', { class: 'line1' }, h('strong', {}, e.enterprise), ' ', h('span', { class: 'badge badge-state' }, e.list_name)),
			h('dl', { class: 'facts' },
				h('dt', {}, '许可证号'), h('dd', {}, e.licence_no ?? '—'),
				h('dt', {}, '列入日期'), h('dd', {}, fmtDate(e.listed_at)),
				h('dt', {}, '列入原因'), h('dd', {}, e.reason),
				h('dt', {}, '决定机关'), h('dd', {}, e.authority))))));
	};
	search.control.addEventListener('input', draw);
	fill(view, h('div', { class: 'panel' }, search), summary, list);
	draw();
}

start();
