#include "domain/keywords.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/words.h"
#include "domain/redact.h"

#define RUN_MAX 4    /* characters joined from single-character words */
#define ALNUM_MAX 12

struct term {
	char text[KEYWORD_BYTES];
	bool run;        /* joined from single characters */
	bool dropped;    /* gives way to a longer run */
	int a, b;        /* recent and historical texts it appears in */
	int32_t last;    /* the last text counted (texts are numbered 1..) */
	double z;
};

struct terms {
	struct term *v;
	size_t n, cap; /* open addressing; text[0] == 0 marks an empty slot */
};

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static struct term *slot(struct term *v, size_t cap, const char *text)
{
	size_t i = (size_t)hash(text) & (cap - 1);
	while (v[i].text[0] && strcmp(v[i].text, text) != 0)
		i = (i + 1) & (cap - 1);
	return &v[i];
}

static struct term *find(const struct terms *t, const char *text)
{
	if (!t->cap)
		return NULL;
	struct term *x = slot(t->v, t->cap, text);
	return x->text[0] ? x : NULL;
}

static struct term *add(struct terms *t, const char *text)
{
	if ((t->n + 1) * 2 > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 4096;
		struct term *v = sh_xcalloc(cap, sizeof *v);
		for (size_t i = 0; i < t->cap; i++)
			if (t->v[i].text[0])
				*slot(v, cap, t->v[i].text) = t->v[i];
		free(t->v);
		t->v = v;
		t->cap = cap;
	}
	struct term *x = slot(t->v, t->cap, text);
	if (!x->text[0]) {
		memcpy(x->text, text, strlen(text) + 1);
		t->n++;
	}
	return x;
}

/* ---- one text ------------------------------------------------------------------ */

struct text_ctx {
	struct terms *terms;
	int32_t doc;
	bool recent;
	/* the current run of single characters (their bytes, each 1..4) */
	char run[RUN_MAX * 8 * 4];
	size_t run_off[64];
	int run_len;
};

static void count(struct text_ctx *c, const char *text, bool run)
{
	struct term *t = add(c->terms, text);
	t->run |= run;
	if (t->last == c->doc)
		return;
	t->last = c->doc;
	if (c->recent)
		t->a++;
	else
		t->b++;
}

/* Counts the joined stretches of the run that just ended: 2..RUN_MAX
 * characters each. */
static void end_run(struct text_ctx *c)
{
	for (int i = 0; i < c->run_len; i++)
		for (int k = 2; k <= RUN_MAX && i + k <= c->run_len; k++) {
			char buf[KEYWORD_BYTES];
			size_t n = c->run_off[i + k] - c->run_off[i];
			if (n >= sizeof buf)
				continue;
			memcpy(buf, c->run + c->run_off[i], n);
			buf[n] = 0;
			count(c, buf, true);
		}
	c->run_len = 0;
}

static void on_word(void *ctx, const char *w, size_t len, size_t chars, enum word_kind kind)
{
	struct text_ctx *c = ctx;
	if (kind == WORD_HAN && chars == 1 && len <= 4) {
		if (c->run_len == 0)
			c->run_off[0] = 0;
		if ((size_t)c->run_len + 1 >= sizeof c->run_off / sizeof *c->run_off ||
		    c->run_off[c->run_len] + len > sizeof c->run)
			end_run(c), c->run_off[0] = 0;
		memcpy(c->run + c->run_off[c->run_len], w, len);
		c->run_off[c->run_len + 1] = c->run_off[c->run_len] + len;
		c->run_len++;
		return;
	}
	end_run(c);
	char buf[KEYWORD_BYTES];
	if (kind == WORD_HAN && chars >= 2 && len < sizeof buf) {
		memcpy(buf, w, len);
		buf[len] = 0;
		count(c, buf, false);
	} else if (kind == WORD_ALNUM && len >= 2 && len <= ALNUM_MAX) {
		bool letter = false;
		for (size_t i = 0; i < len; i++) {
			char ch = w[i];
			if (ch >= 'a' && ch <= 'z')
				ch = (char)(ch - 'a' + 'A');
			letter |= ch >= 'A' && ch <= 'Z';
			buf[i] = ch;
		}
		buf[len] = 0;
		if (letter)
			count(c, buf, false);
	}
}

static void read_texts(words *w, struct terms *t, const char *const *texts, size_t n, bool recent,
                       int32_t *doc)
{
	size_t cap = 0;
	char *masked = NULL;
	for (size_t i = 0; i < n; i++) {
		if (!texts[i])
			continue;
		size_t len = strlen(texts[i]);
		if (REDACT_OUT_MAX(len) > cap)
			masked = sh_xrealloc(masked, cap = REDACT_OUT_MAX(len));
		size_t m = redact_text(texts[i], len, masked);
		struct text_ctx c = {.terms = t, .doc = ++*doc, .recent = recent};
		words_split(w, masked, m, on_word, &c);
		end_run(&c);
	}
	free(masked);
}

/* ---- scoring ---------------------------------------------------------------------- */

static double z_of(int a, int r, int b, int h)
{
	double a1 = a + 0.5, a0 = r - a + 0.5, b1 = b + 0.5, b0 = h - b + 0.5;
	return (log(a1 / a0) - log(b1 / b0)) / sqrt(1 / a1 + 1 / a0 + 1 / b1 + 1 / b0);
}

static int by_score(const void *pa, const void *pb)
{
	const struct term *a = *(const struct term *const *)pa, *b = *(const struct term *const *)pb;
	if (a->z != b->z)
		return a->z > b->z ? -1 : 1;
	size_t la = strlen(a->text), lb = strlen(b->text);
	if (la != lb)
		return la > lb ? -1 : 1;
	return strcmp(a->text, b->text);
}

static bool overlaps(const char *a, const char *b)
{
	return strstr(a, b) || strstr(b, a);
}

/* Every stretch of 2.. characters of a run inside a longer run gives way to
 * it when the longer appears in at least 80% as many recent texts. */
static void prefer_longer(struct terms *t)
{
	for (size_t i = 0; i < t->cap; i++) {
		struct term *l = &t->v[i];
		if (!l->text[0] || !l->run || l->a == 0)
			continue;
		size_t off[RUN_MAX * 2 + 1], k = 0, len = strlen(l->text);
		for (size_t p = 0; p < len && k < RUN_MAX * 2; p++)
			if (((unsigned char)l->text[p] & 0xC0) != 0x80)
				off[k++] = p;
		off[k] = len;
		for (size_t x = 0; x < k; x++)
			for (size_t y = x + 2; y <= k; y++) {
				if (x == 0 && y == k)
					continue;
				char sub[KEYWORD_BYTES];
				memcpy(sub, l->text + off[x], off[y] - off[x]);
				sub[off[y] - off[x]] = 0;
				struct term *s = find(t, sub);
				if (s && s->run && l->a * 5 >= s->a * 4)
					s->dropped = true;
			}
	}
}

size_t keywords_contrast(const char *const *recent, size_t nrecent, const char *const *history,
                         size_t nhistory, struct keyword *out, size_t max)
{
	words *w = words_new();
	if (!w || !max)
		return words_free(w), 0;
	struct terms t = {0};
	int32_t doc = 0;
	read_texts(w, &t, recent, nrecent, true, &doc);
	int r = doc;
	read_texts(w, &t, history, nhistory, false, &doc);
	int h = doc - r;
	words_free(w);
	prefer_longer(&t);
	struct term **cand = sh_xmalloc((t.n + 1) * sizeof *cand);
	size_t nc = 0;
	int min_a = r / 10 > 2 ? (r + 9) / 10 : 2;
	for (size_t i = 0; i < t.cap; i++) {
		struct term *x = &t.v[i];
		if (!x->text[0] || x->dropped || x->a < min_a)
			continue;
		if ((double)x->a * (h ? h : 1) <= (double)x->b * (r ? r : 1))
			continue; /* not more common now than before */
		x->z = z_of(x->a, r, x->b, h);
		if (x->z >= 2)
			cand[nc++] = x;
	}
	qsort(cand, nc, sizeof *cand, by_score);
	size_t n = 0;
	for (size_t i = 0; i < nc && n < max; i++) {
		bool clash = false;
		for (size_t j = 0; j < n && !clash; j++)
			clash = overlaps(out[j].text, cand[i]->text);
		if (clash)
			continue;
		memcpy(out[n].text, cand[i]->text, sizeof out[n].text);
		out[n].recent = cand[i]->a;
		out[n].history = cand[i]->b;
		out[n].score = cand[i]->z;
		n++;
	}
	free(cand);
	free(t.v);
	return n;
}
