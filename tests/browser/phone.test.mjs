// The public form checks phone numbers as the user types (web/shared/ui.js);
// the server decides (src/domain/number.c). The two must agree: whatever the
// form accepts the server accepts as the same number, and every mobile or
// fixed-line spelling the server accepts the form accepts too.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { initDb, QUIET_ENV, sendJson, startServer } from '../api/lib/shensu.mjs';
import { normalizePhone } from '../../web/shared/ui.js';

const SPELLINGS = [
	'13800138000', '138 0013 8000', '138-0013-8000', '+86 138 0013 8000', '+8613800138000',
	'0086 138 0013 8000', '8613800138000', '013800138000', '１３８００１３８０００', '(+86) 138.0013.8000',
	'19212345678', '17012345678', '010-12345678', '(010)1234-5678', '0755-12345678',
	'(0755)1234-5678', '0755 1234567', '+86 10 6512 3456', '+86 755 1234 5678', '021 1234 5678',
	'1380013800', '138001380001', '12345678901', 'abc', '+852 9123 4567', '10086', '95588',
	'1065 0000 1234', '＋86 138 0013 8000', '138　0013　8000',
];

let srv;
before(async () => {
	srv = await startServer({ db: initDb(), env: { ...QUIET_ENV, SHENSU_RATE_PUBLIC: '0', SHENSU_DISPATCH_HOUR: '-1' } });
});
after(() => srv?.stop());

test('the form and the server read phone numbers alike', async () => {
	for (const s of SPELLINGS) {
		const client = normalizePhone(s);
		const r = await sendJson(`${srv.url}/api/reports`, 'POST', { kind: 'harassment_call', number: s });
		const server = r.res.status === 201 ? r.body.number : null;
		assert.ok(r.res.status === 201 || r.res.status === 400, `${s}: ${r.text}`);
		if (client.ok) {
			assert.ok(server, `${s}: the form accepts ${client.digits}, the server refuses: ${r.text}`);
			assert.deepEqual([server.digits, server.kind], [client.digits, client.kind], s);
		}
		if (server && (server.kind === 'mobile' || server.kind === 'fixed'))
			assert.ok(client.ok, `${s}: the server reads ${server.kind} ${server.digits}, the form refuses: ${client.message}`);
	}
});
