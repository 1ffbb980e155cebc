// Workbooks for tests: a ZIP archive written by hand, and an XLSX whose first
// sheet holds given rows, written the ways Excel and others write them (shared
// or inline strings, numbers, stored or deflated entries, a sheet found
// through the workbook's relationships).
import zlib from 'node:zlib';

/** A ZIP archive of stored (or deflated) entries: [name, Buffer|string]. */
export function zip(entries, { deflate = false } = {}) {
	const locals = [], centrals = [];
	let offset = 0;
	for (const [name, content] of entries) {
		const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
		const body = deflate ? zlib.deflateRawSync(data) : data;
		const n = Buffer.from(name, 'utf8');
		const crc = zlib.crc32(data);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(deflate ? 8 : 0, 8);
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(body.length, 18);
		local.writeUInt32LE(data.length, 22);
		local.writeUInt16LE(n.length, 26);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt16LE(deflate ? 8 : 0, 10);
		central.writeUInt32LE(crc, 16);
		central.writeUInt32LE(body.length, 20);
		central.writeUInt32LE(data.length, 24);
		central.writeUInt16LE(n.length, 28);
		central.writeUInt32LE(offset, 42);
		locals.push(local, n, body);
		centrals.push(central, n);
		offset += 30 + n.length + body.length;
	}
	const cd = Buffer.concat(centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(cd.length, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([...locals, cd, end]);
}

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const col = (i) => String.fromCharCode(65 + i);

/** A workbook whose first sheet has `rows` (arrays of strings, or {n: number}),
 * starting at row `first`: strings shared (or inline with inline: true). The
 * sheet is not sheet1.xml: found through the workbook's relationships. */
export function xlsx(rows, { first = 1, inline = false, deflate = true } = {}) {
	const shared = [];
	const cells = rows.map((r, ri) => `<row r="${first + ri}">${r.map((v, ci) => {
		const ref = `${col(ci)}${first + ri}`;
		if (v === null || v === '') return '';
		if (typeof v === 'object') return `<c r="${ref}"><v>${v.n}</v></c>`;
		if (inline) return `<c r="${ref}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`;
		shared.push(v);
		return `<c r="${ref}" t="s"><v>${shared.length - 1}</v></c>`;
	}).join('')}</row>`).join('');
	const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
	const rns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
	return zip([
		['[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'],
		['xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8"?><workbook ${ns} ${rns}><sheets><sheet name="处置" sheetId="1" r:id="rId7"/></sheets></workbook>`],
		['xl/_rels/workbook.xml.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/disposals.xml"/></Relationships>'],
		['xl/worksheets/disposals.xml', `<?xml version="1.0" encoding="UTF-8"?><worksheet ${ns}><sheetData>${cells}</sheetData></worksheet>`],
		['xl/sharedStrings.xml', `<?xml version="1.0" encoding="UTF-8"?><sst ${ns} count="${shared.length}">${shared.map((s) => `<si><t>${esc(s)}</t></si>`).join('')}</sst>`],
	], { deflate });
}
