// The OpenAPI document and the route table agree: every registered route is
// documented, every documented operation is registered, and session routes
// declare their security. The server answers each route as its class says.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { QUIET_ENV, request, runOk, startServer } from './lib/shensu.mjs';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** "/api/complaints/{no}/withdraw" → "/api/complaints/{}/withdraw" (any placeholder name). */
const normalise = (p) => p.replace(/\{[^}/]*\}/g, '{}');
const key = (method, p) => `${method.toUpperCase()} ${normalise(p)}`;

/** The lines of `shensu routes`: [{method, pattern, access}]. */
function registeredRoutes() {
	const out = runOk(['routes']).stdout;
	const lines = out.split('\n').filter((l) => l.trim() !== '');
	assert.ok(lines.length > 0, 'shensu routes prints something');
	return lines.map((line) => {
		const m = /^([A-Z]+) (\/\S*) (public|session)$/.exec(line);
		assert.ok(m, `route line "METHOD PATTERN public|session": ${JSON.stringify(line)}`);
		return { method: m[1], pattern: m[2], access: m[3] };
	});
}

/** The operations of the document: Map key → {method, path, op}. */
function documentedOperations(doc) {
	const ops = new Map();
	for (const [p, item] of Object.entries(doc.paths)) {
		for (const [method, op] of Object.entries(item)) {
			if (!METHODS.includes(method)) continue; // parameters, summary, …
			const k = key(method, p);
			assert.ok(!ops.has(k), `${k} is documented twice`);
			ops.set(k, { method: method.toUpperCase(), path: p, op, item });
		}
	}
	return ops;
}

describe('OpenAPI document vs the route table', () => {
	let srv, doc, routes, ops;
	before(async () => {
		srv = await startServer({ env: QUIET_ENV });
		const r = await request(`${srv.url}/api/openapi.json`);
		assert.equal(r.res.status, 200, r.text);
		assert.match(r.res.headers.get('content-type') ?? '', /^application\/(vnd\.oai\.openapi\+)?json/);
		assert.ok(r.body && typeof r.body === 'object', 'the document is JSON');
		doc = r.body;
		routes = registeredRoutes();
		ops = documentedOperations(doc);
	});
	after(async () => {
		await srv?.stop();
	});

	test('a valid-looking OpenAPI 3 document', () => {
		assert.equal(typeof doc.openapi, 'string');
		assert.match(doc.openapi, /^3\.\d+\.\d+$/);
		assert.equal(typeof doc.info, 'object');
		assert.equal(typeof doc.info.title, 'string');
		assert.ok(doc.info.title.length > 0);
		assert.equal(typeof doc.info.version, 'string');
		assert.equal(typeof doc.paths, 'object');
		assert.ok(Object.keys(doc.paths).length > 0);
		for (const [p, item] of Object.entries(doc.paths)) {
			assert.ok(p.startsWith('/'), `path ${p} starts with /`);
			for (const name of p.match(/\{[^}]*\}/g) ?? []) {
				const param = name.slice(1, -1);
				for (const [method, op] of Object.entries(item)) {
					if (!METHODS.includes(method)) continue;
					const params = [...(item.parameters ?? []), ...(op.parameters ?? [])]
						.map((x) => (x.$ref ? resolve(doc, x.$ref) : x));
					assert.ok(params.some((x) => x.in === 'path' && x.name === param && x.required === true),
						`${method.toUpperCase()} ${p} declares the required path parameter ${param}`);
				}
			}
		}
		for (const { method, path: p, op } of ops.values()) {
			assert.equal(typeof op.responses, 'object', `${method} ${p} has responses`);
			assert.ok(Object.keys(op.responses).length > 0, `${method} ${p} has at least one response`);
		}
	});

	test('every line of `shensu routes` is documented', () => {
		const missing = routes.filter((r) => !ops.has(key(r.method, r.pattern)))
			.map((r) => `${r.method} ${r.pattern}`);
		assert.deepEqual(missing, [], 'routes missing from /api/openapi.json');
	});

	test('every documented operation is a registered route', () => {
		const registered = new Set(routes.map((r) => key(r.method, r.pattern)));
		const extra = [...ops.values()].filter((o) => !registered.has(key(o.method, o.path)))
			.map((o) => `${o.method} ${o.path}`);
		assert.deepEqual(extra, [], 'documented but not registered');
		assert.equal(ops.size, routes.length);
	});

	test('session routes declare security; public routes require none', () => {
		const schemes = doc.components?.securitySchemes ?? {};
		for (const r of routes) {
			const { op } = ops.get(key(r.method, r.pattern)) ?? {};
			if (!op) continue; // reported above
			const security = op.security ?? doc.security;
			const what = `${r.method} ${r.pattern}`;
			if (r.access === 'session') {
				assert.ok(Array.isArray(security) && security.length > 0, `${what} declares security`);
				assert.ok(security.every((req) => Object.keys(req).length > 0),
					`${what}: security is not optional ({} would allow anonymous calls)`);
				for (const req of security)
					for (const name of Object.keys(req))
						assert.ok(schemes[name], `${what}: security scheme ${name} is defined in components`);
			} else {
				assert.ok(security === undefined || security.length === 0 ||
					security.some((req) => Object.keys(req).length === 0), `${what} is public: no required security`);
			}
		}
	});

	test('the server answers each route as its class says (session → 401 without a session)', async () => {
		const nope = await request(`${srv.url}/api/nope`);
		assert.equal(nope.res.status, 404);
		const unknown = nope.body.detail;
		for (const r of routes) {
			const p = r.pattern.replace(/\{[^}/]*\}/g, '44-2020-000001');
			const init = { method: r.method };
			if (r.method !== 'GET' && r.method !== 'HEAD') {
				init.headers = { 'content-type': 'application/json' };
				init.body = '{}';
			}
			const res = await request(srv.url + p, init);
			const what = `${r.method} ${r.pattern} → ${res.res.status} ${res.text.slice(0, 200)}`;
			assert.notEqual(res.res.status, 405, what);
			// not the router's "no such route" answer
			assert.ok(!(res.res.status === 404 && res.body?.detail === unknown.replace('/api/nope', p)), what);
			if (r.access === 'session') {
				assert.equal(res.res.status, 401, what);
				assert.equal(res.body?.code, 'unauthenticated', what);
			} else {
				assert.notEqual(res.res.status, 401, what);
				assert.ok(res.res.status < 500, what);
			}
		}
	});
});

/** Follows a local "#/a/b" reference. */
function resolve(doc, ref) {
	assert.ok(ref.startsWith('#/'), `local reference ${ref}`);
	return ref.slice(2).split('/').reduce((o, k) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
}
