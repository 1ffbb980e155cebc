// One schema description, two databases: `shensu init` on SQLite and on PostgreSQL
// must give the same tables, columns (types normalised), keys, foreign keys and
// indexes. The PostgreSQL driver translates schema.c's migrations
// (pg_schema_translate); this catches a migration it translates wrongly.
// Runs only when SHENSU_TEST_PG names a cluster (as `make test` does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { PG, dbArg, runOk, sql, tempDir } from './lib/shensu.mjs';

const rows = (text) => (text ? text.split('\n').map((l) => l.split('|')) : []);

function sqlite(db, query) {
	const r = spawnSync('sqlite3', ['-batch', '-noheader', db, query], { encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.trim();
}

function type(t) {
	t = t.toLowerCase();
	if (/int/.test(t)) return 'integer';
	if (/char|text|clob/.test(t)) return 'text';
	if (/real|floa|doub|numeric/.test(t)) return 'real';
	if (/blob|bytea/.test(t)) return 'blob';
	return t;
}

/* Defaults as written, without PostgreSQL's casts ('x'::text → 'x'). */
const dflt = (d) => (d === '' ? '' : d.replace(/::[a-z ]+$/i, ''));

function sqliteSchema(db) {
	const tables = rows(sqlite(db, "SELECT name FROM sqlite_master WHERE type = 'table' " +
		"AND name NOT LIKE 'sqlite_%' ORDER BY name")).map(([t]) => t);
	const columns = rows(sqlite(db, 'SELECT m.name, p.name, p.type, p."notnull", p.pk, ' +
		"coalesce(p.dflt_value, '') FROM sqlite_master m JOIN pragma_table_info(m.name) p " +
		"WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"))
		.map(([t, c, ty, nn, pk, d]) => `${t}.${c} ${type(ty)}${nn === '1' || pk !== '0' ? ' not null' : ''}` +
			`${pk !== '0' ? ` pk${pk}` : ''}${d ? ` default ${dflt(d)}` : ''}`);
	const indexes = rows(sqlite(db, 'SELECT m.name, il.name, il."unique", il.origin, il.partial, ' +
		"(SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(il.name) ORDER BY seqno)) " +
		"FROM sqlite_master m JOIN pragma_index_list(m.name) il WHERE m.type = 'table' AND il.origin <> 'pk'"))
		.map(([t, name, uniq, origin, partial, cols]) => origin === 'c'
			? `index ${name} on ${t}(${cols})${uniq === '1' ? ' unique' : ''}${partial === '1' ? ' partial' : ''}`
			: `unique ${t}(${cols})`);
	const fks = rows(sqlite(db, 'SELECT m.name, f."from", f."table", f."to", f.on_delete FROM sqlite_master m ' +
		"JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table'"))
		.map(([t, from, to, toCol, del]) => `fk ${t}.${from} -> ${to}.${toCol}${del !== 'NO ACTION' ? ` ${del}` : ''}`);
	return { tables, items: [...columns, ...indexes, ...fks].sort() };
}

function pgSchema(db) {
	const q = (query) => rows(sql(db, query));
	const tables = q("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
		.map(([t]) => t);
	const pk = new Map(q(`SELECT cl.relname, a.attname, k.ord FROM pg_index i
		JOIN pg_class cl ON cl.oid = i.indrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
		CROSS JOIN unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
		JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
		WHERE i.indisprimary AND n.nspname = 'public'`).map(([t, c, ord]) => [`${t}.${c}`, ord]));
	const columns = q(`SELECT table_name, column_name, data_type, is_nullable, coalesce(column_default, '')
		FROM information_schema.columns WHERE table_schema = 'public'`)
		.map(([t, c, ty, nullable, d]) => `${t}.${c} ${type(ty)}${nullable === 'NO' ? ' not null' : ''}` +
			`${pk.has(`${t}.${c}`) ? ` pk${pk.get(`${t}.${c}`)}` : ''}${d ? ` default ${dflt(d)}` : ''}`);
	const indexes = q(`SELECT cl.relname, ic.relname, i.indisunique, i.indpred IS NOT NULL,
		(SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
		 JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum),
		EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype = 'u')
		FROM pg_index i JOIN pg_class cl ON cl.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
		JOIN pg_namespace n ON n.oid = cl.relnamespace
		WHERE n.nspname = 'public' AND NOT i.indisprimary`)
		.map(([t, name, uniq, partial, cols, constraint]) => constraint === 't'
			? `unique ${t}(${cols})`
			: `index ${name} on ${t}(${cols})${uniq === 't' ? ' unique' : ''}${partial === 't' ? ' partial' : ''}`);
	const del = { a: '', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };
	const fks = q(`SELECT cl.relname, a.attname, fcl.relname, fa.attname, c.confdeltype
		FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_class fcl ON fcl.oid = c.confrelid
		CROSS JOIN unnest(c.conkey, c.confkey) k(col, fcol)
		JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.col
		JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = k.fcol
		WHERE c.contype = 'f'`)
		.map(([t, from, to, toCol, d]) => `fk ${t}.${from} -> ${to}.${toCol}${del[d] ? ` ${del[d]}` : ''}`);
	return { tables, items: [...columns, ...indexes, ...fks].sort() };
}

test('SQLite and PostgreSQL get the same schema from the one description', {
	skip: !PG && 'needs PostgreSQL (SHENSU_TEST_PG; `make test` sets it)',
}, () => {
	const dir = tempDir();
	const lite = path.join(dir, 'lite.db');
	// A file path given by environment is not mapped to PostgreSQL by the helpers.
	runOk(['init'], { env: { SHENSU_DB: lite } });
	const pg = dbArg(path.join(dir, 'pg.db'));
	runOk(['init', '--db', pg]);
	const a = sqliteSchema(lite), b = pgSchema(pg);
	assert.deepEqual(b.tables, a.tables, 'the same tables');
	assert.ok(a.items.length > 100, `schema read (${a.items.length} items)`);
	assert.deepEqual(b.items, a.items);
	assert.equal(sql(pg, "SELECT value FROM meta WHERE key = 'schema_version'"),
		sqlite(lite, "SELECT value FROM meta WHERE key = 'schema_version'"));
});
