#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/csv.h"
#include "core/error.h"

/* Every case is parsed through each of these input paths; all must agree. */
enum mode { M_MEM, M_CHUNK1, M_CHUNK2, M_CHUNK3, M_CHUNK7, M_FILE, M_PIPE, M_COUNT };
static const char *const mode_names[M_COUNT] = {"mem",   "mem/1",   "mem/2",  "mem/3",
                                                "mem/7", "file fd", "pipe fd"};

static const char *err_name(int code)
{
	switch (code) {
	case SH_EINVAL:
		return "EINVAL";
	case SH_ETOOLARGE:
		return "ETOOLARGE";
	case SH_EENCODING:
		return "EENCODING";
	case SH_EIO:
		return "EIO";
	default:
		return "E?";
	}
}

static void put_escaped(FILE *f, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n')
			fputs("\\n", f);
		else if (c == '\r')
			fputs("\\r", f);
		else if (c == '<' || c == '>' || c == '\\' || c < 0x20 || c == 0x7f)
			fprintf(f, "\\x%02x", c);
		else
			putc(c, f);
	}
}

/* Reads everything from r into a compact description:
 * "LINE<field><field>;" per record, then "!CODE@LINE:COLUMN" on error. */
static char *drain(csv_reader *r)
{
	char *out = NULL;
	size_t outlen = 0;
	FILE *f = open_memstream(&out, &outlen);
	assert_non_null(f);
	struct csv_record rec;
	int rc;
	while ((rc = csv_read(r, &rec)) == 1) {
		fprintf(f, "%llu", (unsigned long long)rec.line);
		assert_true(rec.n >= 1);
		for (size_t i = 0; i < rec.n; i++) {
			assert_int_equal(rec.fields[i].ptr[rec.fields[i].len], '\0');
			putc('<', f);
			put_escaped(f, rec.fields[i].ptr, rec.fields[i].len);
			putc('>', f);
		}
		putc(';', f);
	}
	if (rc < 0) {
		const struct csv_error *e = csv_reader_error(r);
		assert_int_equal(e->code, rc);
		assert_non_null(e->message);
		assert_true(e->message[0] != '\0');
		fprintf(f, "!%s@%llu:%zu", err_name(rc), (unsigned long long)e->line, e->column);
		/* The reader is finished: the same error again. */
		assert_int_equal(csv_read(r, &rec), rc);
	} else {
		assert_int_equal(csv_reader_error(r)->code, 0);
		assert_int_equal(csv_read(r, &rec), 0);
	}
	fclose(f);
	return out;
}

static char *temp_file(const char *data, size_t len)
{
	char *path = strdup("/tmp/shensu-test-csv-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	size_t off = 0;
	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);
		assert_true(n > 0);
		off += (size_t)n;
	}
	close(fd);
	return path;
}

/* Writes data into a pipe from a child process in pieces of varying size
 * (1 byte at a time for the first bytes) and returns the read end. */
static int pipe_feed(const char *data, size_t len, pid_t *child)
{
	int p[2];
	assert_int_equal(pipe(p), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		signal(SIGPIPE, SIG_IGN);
		size_t off = 0, piece = 1;
		while (off < len) {
			size_t n = len - off < piece ? len - off : piece;
			if (write(p[1], data + off, n) < 0)
				_exit(0);
			off += n;
			piece = piece < 4096 ? piece * 3 : 4096 + off % 1000;
			if (off < 64)
				usleep(200);
		}
		_exit(0);
	}
	close(p[1]);
	*child = pid;
	return p[0];
}

static char *parse(const char *in, size_t len, const struct csv_options *opt, enum mode m)
{
	static const size_t chunks[] = {
	    [M_CHUNK1] = 1, [M_CHUNK2] = 2, [M_CHUNK3] = 3, [M_CHUNK7] = 7};
	csv_reader *r = NULL;
	char *out, *path = NULL;
	int fd = -1;
	pid_t child = 0;

	switch (m) {
	case M_MEM:
		assert_int_equal(csv_reader_open_mem(in, len, opt, &r), 0);
		break;
	case M_CHUNK1:
	case M_CHUNK2:
	case M_CHUNK3:
	case M_CHUNK7:
		assert_int_equal(csv_reader_open_mem_chunked(in, len, chunks[m], opt, &r), 0);
		break;
	case M_FILE:
		path = temp_file(in, len);
		fd = open(path, O_RDONLY);
		assert_true(fd >= 0);
		assert_int_equal(csv_reader_open_fd(fd, opt, &r), 0);
		break;
	case M_PIPE:
		fd = pipe_feed(in, len, &child);
		assert_int_equal(csv_reader_open_fd(fd, opt, &r), 0);
		break;
	default:
		fail();
	}
	out = drain(r);
	if (!strchr(out, '!'))
		assert_int_equal(csv_reader_offset(r), len);
	csv_reader_free(r);
	if (fd >= 0)
		close(fd);
	if (child)
		waitpid(child, NULL, 0);
	if (path) {
		unlink(path);
		free(path);
	}
	return out;
}

struct pcase {
	const char *name;
	const char *in;
	size_t len; /* 0 = strlen(in) */
	struct csv_options opt;
	const char *want;
};

/* clang-format off */
#define UTF8 {.validate_utf8 = true}

static const struct pcase cases[] = {
    /* Basics and terminators. */
    {"lf", "a,b,c\nd,e,f\n", 0, {0}, "1<a><b><c>;2<d><e><f>;"},
    {"crlf", "a,b\r\nc,d\r\n", 0, {0}, "1<a><b>;2<c><d>;"},
    {"mixed crlf and lf", "a\r\nb\nc\r\n", 0, {0}, "1<a>;2<b>;3<c>;"},
    {"no final newline", "a,b\nc,d", 0, {0}, "1<a><b>;2<c><d>;"},
    {"single field no newline", "x", 0, {0}, "1<x>;"},
    {"cr at very end ends record", "a,b\r", 0, {0}, "1<a><b>;"},
    {"lone cr ends record", "a\rb,c\n", 0, {0}, "1<a>;2<b><c>;"},
    {"lone cr before comma", "a\r,b\n", 0, {0}, "1<a>;2<><b>;"},
    {"cr cr lf", "a\r\r\nb\n", 0, {0}, "1<a>;3<b>;"},
    {"cr only line ends (old mac)", "a,b\rc,d\re,f\r", 0, {0}, "1<a><b>;2<c><d>;3<e><f>;"},
    {"cr only blank lines skipped", "a\r\r\rb\r", 0, {0}, "1<a>;4<b>;"},
    {"cr only quoted line breaks", "h\r\"x\ry\"\rz\r", 0, {0}, "1<h>;2<x\\ry>;4<z>;"},
    {"quoted cr, escaped quote, lf: two lines", "\"a\r\"\"\nb\"\nc\n", 0, {0},
     "1<a\\r\"\\nb>;4<c>;"},
    {"spaces preserved", " a , b \n", 0, {0}, "1< a >< b >;"},
    {"tab and nul bytes", "a\tb,c\0d\n", 8, {0}, "1<a\\x09b><c\\x00d>;"},

    /* BOM. */
    {"bom skipped", "\xef\xbb\xbfid,name\n1,x\n", 0, UTF8, "1<id><name>;2<1><x>;"},
    {"bom only", "\xef\xbb\xbf", 0, {0}, ""},
    {"bom then blank line", "\xef\xbb\xbf\r\na\n", 0, {0}, "2<a>;"},
    {"bom not at start is data", "a\n\xef\xbb\xbf"
                                 "b\n",
     0, {0}, "1<a>;2<\xef\xbb\xbf"
             "b>;"},
    {"partial bom is data", "\xef\xbb,x\n", 0, {0}, "1<\xef\xbb><x>;"},
    {"quoted after bom", "\xef\xbb\xbf\"a,b\"\n", 0, {0}, "1<a,b>;"},

    /* Empty fields and blank lines. */
    {"empty input", "", 0, {0}, ""},
    {"empty fields", ",,\n", 0, {0}, "1<><><>;"},
    {"empty middle field", "a,,b\n", 0, {0}, "1<a><><b>;"},
    {"trailing comma", "a,\n", 0, {0}, "1<a><>;"},
    {"trailing comma at eof", "a,", 0, {0}, "1<a><>;"},
    {"lone comma at eof", ",", 0, {0}, "1<><>;"},
    {"empty quoted field is a record", "\"\"\n", 0, {0}, "1<>;"},
    {"empty quoted field at eof", "\"\"", 0, {0}, "1<>;"},
    {"blank lines skipped", "\n\na\n\r\n\nb\n\n", 0, {0}, "3<a>;6<b>;"},
    {"only blank lines", "\n\r\n\n", 0, {0}, ""},
    {"whitespace line is a record", " \n", 0, {0}, "1< >;"},

    /* Quoting. */
    {"quoted comma", "\"a,b\",c\n", 0, {0}, "1<a,b><c>;"},
    {"quoted newline keeps line numbers", "h\n\"line1\nline2\",x\nnext,y\n", 0, {0},
     "1<h>;2<line1\\nline2><x>;4<next><y>;"},
    {"quoted crlf", "\"a\r\nb\"\r\nc\r\n", 0, {0}, "1<a\\r\\nb>;3<c>;"},
    {"quoted blank lines inside", "\"a\n\nb\"\nc\n", 0, {0}, "1<a\\n\\nb>;4<c>;"},
    {"doubled quotes", "\"say \"\"hi\"\"\",\"\"\"\"\n", 0, {0}, "1<say \"hi\"><\">;"},
    {"quoted then crlf at eof", "\"a\"\r\n", 0, {0}, "1<a>;"},
    {"quoted then cr at eof", "\"a\"\r", 0, {0}, "1<a>;"},
    {"quoted last field no newline", "x,\"y\"", 0, {0}, "1<x><y>;"},
    {"quoted lone cr", "\"a\rb\"\n", 0, {0}, "1<a\\rb>;"},
    {"many fields on many lines", "\"1\n\",\"2\n\",3\n4\n", 0, {0}, "1<1\\n><2\\n><3>;4<4>;"},
    {"utf8 text", "名字,城市\n张三,\"北京,朝阳\"\n", 0, UTF8, "1<名字><城市>;2<张三><北京,朝阳>;"},

    /* Syntax errors (records before the error are still returned). */
    {"unclosed quote reports opening line", "a,b\nc,\"unterminated\nmore\nlines\n", 0, {0},
     "1<a><b>;!EINVAL@2:2"},
    {"unclosed quote at eof", "\"", 0, {0}, "!EINVAL@1:1"},
    {"unclosed after doubled quote", "a\n\n\"x\"\"", 0, {0}, "1<a>;!EINVAL@3:1"},
    {"char after closing quote", "a\n\"ab\"c,d\n", 0, {0}, "1<a>;!EINVAL@2:1"},
    {"char after multi-line quoted field", "x,\"a\nb\"c\n", 0, {0}, "!EINVAL@2:2"},
    {"space after closing quote", "\"a\" ,b\n", 0, {0}, "!EINVAL@1:1"},
    {"cr not lf after closing quote", "\"a\"\rb\n", 0, {0}, "1<a>;2<b>;"},
    {"non-ascii after closing quote", "\"a\"\xe4\xb8\xad\n", 0, {0}, "!EINVAL@1:1"},
    {"quote inside unquoted field", "a,b\nc,ab\"c\n", 0, {0}, "1<a><b>;!EINVAL@2:2"},
    {"quote after space", "a, \"b\"\n", 0, {0}, "!EINVAL@1:2"},
    {"quote after lone cr", "\r\"\n", 0, {0}, "!EINVAL@2:1"},

    /* Limits. */
    {"field at max", "abcd,efgh\n", 0, {.max_field = 4}, "1<abcd><efgh>;"},
    {"field at max before crlf", "abcd\r\nx\r\n", 0, {.max_field = 4}, "1<abcd>;2<x>;"},
    {"field at max before cr at eof", "abcd\r", 0, {.max_field = 4}, "1<abcd>;"},
    {"field over max", "abcd,efgh\nabcde\n", 0, {.max_field = 4}, "1<abcd><efgh>;!ETOOLARGE@2:1"},
    {"field at max before lone cr", "abcd\rx\n", 0, {.max_field = 4}, "1<abcd>;2<x>;"},
    {"quoted field at max", "\"a\"\"\nb\"\n", 0, {.max_field = 4}, "1<a\"\\nb>;"},
    {"quoted field over max reports field line", "x\ny,\"ab\n\"\"cd\"\n", 0, {.max_field = 4},
     "1<x>;!ETOOLARGE@2:2"},
    {"fields at max count", "a,b,c\n", 0, {.max_fields = 3}, "1<a><b><c>;"},
    {"too many fields", "a,b,c\nd,e,f,g\n", 0, {.max_fields = 3}, "1<a><b><c>;!ETOOLARGE@2:4"},
    {"too many empty fields", ",,,", 0, {.max_fields = 3}, "!ETOOLARGE@1:4"},

    /* Encoding. */
    {"gbk rejected", "name,city\n张三,\xb1\xb1\xbe\xa9\n", 0, UTF8, "1<name><city>;!EENCODING@2:2"},
    {"gbk passes without validation", "\xb1\xb1\xbe\xa9\n", 0, {0}, "1<\xb1\xb1\xbe\xa9>;"},
    {"bad byte on later line of quoted field", "a,\"x\ny\xff\"\n", 0, UTF8, "!EENCODING@2:2"},
    {"bad byte in later record line", "a\n\"p\nq\",\"r\ns\xc0\xaf\"\n", 0, UTF8,
     "1<a>;!EENCODING@4:2"},
    {"truncated sequence at field end", "\xe5\x8c,b\n", 0, UTF8, "!EENCODING@1:1"},
    {"surrogate in third field", "a,b,\xed\xa0\x80\n", 0, UTF8, "!EENCODING@1:3"},
    {"bad byte in last field at eof", "ok,\xfe", 0, UTF8, "!EENCODING@1:2"},
};
/* clang-format on */

static void check_case(const struct pcase *c, enum mode m)
{
	size_t len = c->len ? c->len : strlen(c->in);
	char *got = parse(c->in, len, &c->opt, m);
	if (strcmp(got, c->want) != 0)
		fail_msg("case \"%s\" via %s:\n  got  %s\n  want %s", c->name, mode_names[m], got,
		         c->want);
	free(got);
}

static void test_table_mem(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		check_case(&cases[i], M_MEM);
}

static void test_table_chunked(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		for (enum mode m = M_CHUNK1; m <= M_CHUNK7; m++)
			check_case(&cases[i], m);
}

static void test_table_fd(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		check_case(&cases[i], M_FILE);
		check_case(&cases[i], M_PIPE);
	}
}

static csv_reader *open_str(const char *s, const struct csv_options *opt)
{
	csv_reader *r = NULL;
	assert_int_equal(csv_reader_open_mem(s, strlen(s), opt, &r), 0);
	return r;
}

static void test_error_messages(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		struct csv_options opt;
		int code;
		const char *needles[3];
	} m[] = {
	    {"\"abc\n", {0}, SH_EINVAL, {"引号", "没有闭合"}},
	    {"\"ab\"c\n", {0}, SH_EINVAL, {"结束引号", "“c”"}},
	    {"ab\"c\n", {0}, SH_EINVAL, {"未加引号", "\"\""}},
	    {"abcdef\n", {.max_field = 4}, SH_ETOOLARGE, {"4 字节"}},
	    {"a,b\n", {.max_fields = 1}, SH_ETOOLARGE, {"1 个"}},
	    {"\xb1\xb1\xbe\xa9\n", UTF8, SH_EENCODING, {"UTF-8", "GBK", "0xB1"}},
	};
	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
		csv_reader *r = open_str(m[i].in, &m[i].opt);
		struct csv_record rec;
		assert_int_equal(csv_read(r, &rec), m[i].code);
		const char *msg = csv_reader_error(r)->message;
		for (size_t k = 0; k < 3 && m[i].needles[k]; k++)
			if (!strstr(msg, m[i].needles[k]))
				fail_msg("message for \"%s\" lacks \"%s\": %s", m[i].in,
				         m[i].needles[k], msg);
		/* The line number is reported separately, not in the message. */
		assert_null(strstr(msg, "第1行"));
		csv_reader_free(r);
	}
}

static void test_no_error_and_offsets(void **state)
{
	(void)state;
	const char *s = "\xef\xbb\xbf"
	                "a,b\n\"c\nd\",e\r\n";
	csv_reader *r = open_str(s, NULL);
	struct csv_record rec;
	const struct csv_error *e = csv_reader_error(r);
	assert_int_equal(e->code, 0);
	assert_string_equal(e->message, "");
	assert_int_equal(csv_reader_offset(r), 0);
	assert_int_equal(csv_read(r, &rec), 1);
	assert_int_equal(csv_reader_offset(r), 7); /* BOM + "a,b\n" */
	assert_int_equal(csv_read(r, &rec), 1);
	assert_int_equal(rec.line, 2);
	assert_string_equal(rec.fields[0].ptr, "c\nd");
	assert_int_equal(csv_reader_offset(r), strlen(s));
	assert_int_equal(csv_read(r, &rec), 0);
	assert_int_equal(csv_read(r, &rec), 0);
	csv_reader_free(r);
	csv_reader_free(NULL);
}

static void test_default_limits(void **state)
{
	(void)state;
	/* 1024 fields are fine, 1025 are not. */
	char *row = malloc(2 * 1025 + 1);
	for (size_t n = 1024; n <= 1025; n++) {
		memset(row, ',', n - 1);
		row[n - 1] = '\n';
		row[n] = '\0';
		csv_reader *r = open_str(row, NULL);
		struct csv_record rec;
		int rc = csv_read(r, &rec);
		if (n == 1024) {
			assert_int_equal(rc, 1);
			assert_int_equal(rec.n, 1024);
		} else {
			assert_int_equal(rc, SH_ETOOLARGE);
			assert_int_equal(csv_reader_error(r)->column, 1025);
		}
		csv_reader_free(r);
	}
	free(row);

	/* A field of exactly 1 MiB is fine. */
	size_t len = CSV_DEFAULT_MAX_FIELD;
	char *big = malloc(len + 2);
	memset(big, 'x', len);
	memcpy(big + len, "\n", 2);
	csv_reader *r = open_str(big, NULL);
	struct csv_record rec;
	assert_int_equal(csv_read(r, &rec), 1);
	assert_int_equal(rec.fields[0].len, len);
	csv_reader_free(r);
	free(big);
}

/* A 10 MB single field through a file: fails with SH_ETOOLARGE once about
 * 1 MiB has been read, not after buffering all of it. */
static void test_huge_field_streaming(void **state)
{
	(void)state;
	size_t len = 10u * 1000 * 1000;
	char *data = malloc(len + 20);
	for (int quoted = 0; quoted < 2; quoted++) {
		size_t n = 0;
		n += (size_t)sprintf(data, "id,text\n1,%s", quoted ? "\"" : "");
		memset(data + n, quoted ? '\n' : 'x', len);
		n += len;
		n += (size_t)sprintf(data + n, "%s\n", quoted ? "\"" : "");
		char *path = temp_file(data, n);
		int fd = open(path, O_RDONLY);
		assert_true(fd >= 0);
		csv_reader *r;
		assert_int_equal(csv_reader_open_fd(fd, NULL, &r), 0);
		struct csv_record rec;
		assert_int_equal(csv_read(r, &rec), 1);
		assert_int_equal(csv_read(r, &rec), SH_ETOOLARGE);
		const struct csv_error *e = csv_reader_error(r);
		assert_int_equal(e->line, 2);
		assert_int_equal(e->column, 2);
		assert_true(csv_reader_offset(r) <= 8 + 3 + CSV_DEFAULT_MAX_FIELD + CSV_BLOCK_SIZE);
		csv_reader_free(r);
		close(fd);
		unlink(path);
		free(path);
	}
	free(data);
}

/* Records that straddle the fd reader's CSV_BLOCK_SIZE boundary at every
 * offset of a tricky snippet must parse exactly as from memory. */
static void test_block_boundary(void **state)
{
	(void)state;
	static const char tricky[] = "\"a\r\nb\",\"c\"\"d\"\r\nxy,z\r\n\"\"\r\n\r\n"
	                             "北京,\"e\n\"\n\"q\"\r\nlast\r";
	size_t tlen = sizeof tricky - 1;
	size_t total = CSV_BLOCK_SIZE + tlen + 8;
	char *data = malloc(total);
	struct csv_options opt = {.validate_utf8 = true};

	for (size_t k = 0; k <= tlen; k++) {
		/* One padding record that ends k bytes before the boundary. */
		size_t pad = CSV_BLOCK_SIZE - k;
		memset(data, 'p', pad - 1);
		data[pad - 1] = '\n';
		memcpy(data + pad, tricky, tlen);
		size_t n = pad + tlen;
		char *a = parse(data, n, &opt, M_MEM);
		char *b = parse(data, n, &opt, M_FILE);
		if (strcmp(a, b) != 0)
			fail_msg("boundary at tricky offset %zu: fd and mem differ", k);
		assert_null(strchr(a, '!'));
		if (k == 0) {
			const char *tail = strchr(a, ';') + 1;
			assert_string_equal(
			    tail, "2<a\\r\\nb><c\"d>;4<xy><z>;5<>;7<北京><e\\n>;9<q>;10<last>;");
		}
		free(a);
		free(b);
	}

	/* An unclosed quote opened just before the boundary, closed never. */
	size_t pad = CSV_BLOCK_SIZE - 2;
	memset(data, 'p', pad - 1);
	data[pad - 1] = '\n';
	memcpy(data + pad, "\"x\ny\nz", 6);
	char *b = parse(data, pad + 6, &opt, M_FILE);
	assert_string_equal(strchr(b, ';') + 1, "!EINVAL@2:1");
	free(b);
	free(data);
}

/* Big input through a pipe written in odd-sized pieces. */
static void test_pipe_large(void **state)
{
	(void)state;
	char *data = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&data, &len);
	for (int i = 0; i < 40000; i++)
		fprintf(f, "%d,\"名字 %d, \"\"引\"\"\r\n第二行\",%s\r\n", i, i, i % 7 ? "x" : "");
	fclose(f);
	struct csv_options opt = {.validate_utf8 = true};
	char *a = parse(data, len, &opt, M_MEM);
	char *b = parse(data, len, &opt, M_PIPE);
	assert_true(strcmp(a, b) == 0);
	assert_non_null(strstr(a, ";79999<39999><名字 39999, \"引\"\\r\\n第二行><x>;"));
	free(a);
	free(b);
	free(data);
}

static void test_read_error(void **state)
{
	(void)state;
	int fd = open("/tmp", O_RDONLY | O_DIRECTORY);
	assert_true(fd >= 0);
	csv_reader *r;
	assert_int_equal(csv_reader_open_fd(fd, NULL, &r), 0);
	struct csv_record rec;
	assert_int_equal(csv_read(r, &rec), SH_EIO);
	assert_int_equal(csv_reader_error(r)->code, SH_EIO);
	assert_non_null(strstr(csv_reader_error(r)->message, "读取"));
	assert_int_equal(csv_read(r, &rec), SH_EIO);
	csv_reader_free(r);
	close(fd);

	assert_int_equal(csv_reader_open_fd(-1, NULL, &r), SH_EINVAL);
	assert_int_equal(csv_reader_open_mem_chunked("a", 1, 0, NULL, &r), SH_EINVAL);
}

static char *write_to_string(const struct csv_field *fields, size_t n)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	csv_write_record(f, fields, n);
	fclose(f);
	return out;
}

#define F(s)                                                                                       \
	{                                                                                          \
		s, sizeof s - 1                                                                    \
	}

static void test_writer_output(void **state)
{
	(void)state;
	static const struct {
		struct csv_field in;
		const char *want;
	} w[] = {
	    {F("plain"), "plain"},
	    {F(""), ""},
	    {F("a,b"), "\"a,b\""},
	    {F("say \"hi\""), "\"say \"\"hi\"\"\""},
	    {F("\""), "\"\"\"\""},
	    {F("line\nbreak"), "\"line\nbreak\""},
	    {F("cr\r"), "\"cr\r\""},
	    {F(" lead"), "\" lead\""},
	    {F("trail "), "\"trail \""},
	    {F("\ttab"), "\"\ttab\""},
	    {F("in side"), "in side"},
	    {F("北京"), "北京"},
	    {F("\xef\xbb\xbf"
	       "x"),
	     "\"\xef\xbb\xbf"
	     "x\""},
	};
	for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
		char *out = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&out, &len);
		csv_write_field(f, w[i].in.ptr, w[i].in.len);
		fclose(f);
		assert_string_equal(out, w[i].want);
		free(out);
	}

	struct csv_field two[] = {F("a"), F("")};
	char *s = write_to_string(two, 2);
	assert_string_equal(s, "a,\r\n");
	free(s);
	struct csv_field one_empty[] = {F("")};
	s = write_to_string(one_empty, 1);
	assert_string_equal(s, "\"\"\r\n");
	free(s);
}

/* Exports: a cell a spreadsheet would run as a formula gets an apostrophe,
 * and reads back as text with it. */
static void test_export_neutralises_formulas(void **state)
{
	(void)state;
	static const struct {
		struct csv_field in;
		bool numeric;
		const char *want;
	} w[] = {
	    {F("=1+1"), false, "\"'=1+1\""},
	    {F("=HYPERLINK(\"http://x\")"), false, "\"'=HYPERLINK(\"\"http://x\"\")\""},
	    {F("+86 138"), false, "\"'+86 138\""},
	    {F("-5"), false, "\"'-5\""},
	    {F("-5"), true, "-5"},
	    {F("@SUM(A1)"), false, "\"'@SUM(A1)\""},
	    {F("\tx"), false, "\"'\tx\""},
	    {F("\rx"), false, "\"'\rx\""},
	    {F("a=1"), false, "a=1"},
	    {F(" =1"), false, "\" =1\""},
	    {F("'=1"), false, "'=1"},
	    {F("＝1"), false, "＝1"},
	    {F("北京"), false, "北京"},
	};
	for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
		char *out = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&out, &len);
		csv_write_export(f, &w[i].in, 1, &w[i].numeric);
		fclose(f);
		char want[64];
		size_t wl = strlen(w[i].want);
		memcpy(want, w[i].want, wl);
		memcpy(want + wl, "\r\n", 2);
		if (len != wl + 2 || memcmp(out, want, len) != 0)
			fail_msg("case %zu: got \"%.*s\"", i, (int)len, out);
		csv_reader *r;
		assert_int_equal(csv_reader_open_mem(out, len, NULL, &r), 0);
		struct csv_record rec;
		assert_int_equal(csv_read(r, &rec), 1);
		size_t apostrophe = strcmp(w[i].want, w[i].in.ptr) != 0 && w[i].want[1] == '\'';
		assert_int_equal(rec.fields[0].len, w[i].in.len + apostrophe);
		assert_memory_equal(rec.fields[0].ptr + apostrophe, w[i].in.ptr, w[i].in.len);
		csv_reader_free(r);
		free(out);
	}
	assert_true(csv_cell_is_formula("=", 1));
	assert_false(csv_cell_is_formula("", 0));
	assert_false(csv_cell_is_formula("\0=", 2));

	/* a record: numbers as they are, text neutralised, one empty field quoted */
	struct csv_field row[] = {F("-3"), F("-3"), F("ok")};
	bool numeric[] = {true, false, false};
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	csv_write_export(f, row, 3, numeric);
	struct csv_field empty[] = {F("")};
	csv_write_export(f, empty, 1, NULL);
	fclose(f);
	assert_string_equal(out, "-3,\"'-3\",ok\r\n\"\"\r\n");
	free(out);
}

static void test_writer_round_trip(void **state)
{
	(void)state;
	static const struct csv_field tricky[] = {
	    F(""),     F("plain"),    F("a,b"),           F("say \"hi\""), F("\""),
	    F("\"\""), F(","),        F("line\nbreak"),   F("cr\rhere"),   F("crlf\r\n"),
	    F("\r"),   F("\n"),       F(" leading"),      F("trailing "),  F(" "),
	    F("\t"),   F("a\"b"),     F("\"quoted\""),    F("名字,城市"),  F("\xef\xbb\xbf"),
	    F("x\0y"), F("\r\n\r\n"), F("\"\r\n\",\"\""),
	};
	size_t nt = sizeof tricky / sizeof tricky[0];

	/* Each tricky field alone, and all of them in one record. */
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	for (size_t i = 0; i < nt; i++)
		csv_write_record(f, &tricky[i], 1);
	csv_write_record(f, tricky, nt);
	fclose(f);

	for (enum mode m = M_MEM; m < M_COUNT; m++) {
		csv_reader *r;
		struct csv_options opt = {.validate_utf8 = true};
		if (m == M_MEM)
			assert_int_equal(csv_reader_open_mem(out, len, &opt, &r), 0);
		else
			assert_int_equal(csv_reader_open_mem_chunked(out, len, 1 + m, &opt, &r), 0);
		struct csv_record rec;
		for (size_t i = 0; i <= nt; i++) {
			assert_int_equal(csv_read(r, &rec), 1);
			size_t n = i < nt ? 1 : nt;
			const struct csv_field *want = i < nt ? &tricky[i] : tricky;
			assert_int_equal(rec.n, n);
			for (size_t k = 0; k < n; k++) {
				assert_int_equal(rec.fields[k].len, want[k].len);
				assert_memory_equal(rec.fields[k].ptr, want[k].ptr, want[k].len);
			}
		}
		assert_int_equal(csv_read(r, &rec), 0);
		csv_reader_free(r);
	}
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table_mem),
	    cmocka_unit_test(test_table_chunked),
	    cmocka_unit_test(test_table_fd),
	    cmocka_unit_test(test_error_messages),
	    cmocka_unit_test(test_no_error_and_offsets),
	    cmocka_unit_test(test_default_limits),
	    cmocka_unit_test(test_huge_field_streaming),
	    cmocka_unit_test(test_block_boundary),
	    cmocka_unit_test(test_pipe_large),
	    cmocka_unit_test(test_read_error),
	    cmocka_unit_test(test_writer_output),
	    cmocka_unit_test(test_export_neutralises_formulas),
	    cmocka_unit_test(test_writer_round_trip),
	};
	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
