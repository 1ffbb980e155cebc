#include "domain/redact.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "core/utf8.h"
#include "domain/access.h"
#include "domain/number.h"

/* The longest digit string any rule masks: a 19-digit bank card (an ID has
 * 18, 0086 + a fixed line 16). */
#define MAX_DIGITS 19
/* Most separators between two groups of digits: "0755 - 1234". */
#define MAX_SEPARATORS 3

struct out {
	char *p;
	size_t n;
};

static void put(struct out *o, const void *b, size_t k)
{
	memcpy(o->p + o->n, b, k);
	o->n += k;
}

static void put_str(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static bool is_wide(const unsigned char *s, size_t avail, unsigned char b1, unsigned char b2)
{
	return avail >= 3 && s[0] == 0xEF && s[1] == b1 && s[2] == b2;
}

/* The digit at s ('0'..'9', ASCII or full-width) with its length in *k, or 0. */
static char digit_at(const unsigned char *s, size_t avail, size_t *k)
{
	if (avail >= 1 && s[0] >= '0' && s[0] <= '9') {
		*k = 1;
		return (char)s[0];
	}
	if (avail >= 3 && s[0] == 0xEF && s[1] == 0xBC && s[2] >= 0x90 && s[2] <= 0x99) {
		*k = 3; /* U+FF10..U+FF19 */
		return (char)('0' + s[2] - 0x90);
	}
	return 0;
}

/* Length of an X (ASCII or full-width, either case) at s, or 0. */
static size_t x_at(const unsigned char *s, size_t avail)
{
	if (avail >= 1 && (s[0] == 'X' || s[0] == 'x'))
		return 1;
	return is_wide(s, avail, 0xBC, 0xB8) || is_wide(s, avail, 0xBD, 0x98) ? 3 : 0;
}

static bool star_at(const unsigned char *s, size_t avail)
{
	return (avail >= 1 && s[0] == '*') || is_wide(s, avail, 0xBC, 0x8A);
}

/* Whether the character ending just before s[pos] is an asterisk or a digit. */
static bool star_before(const unsigned char *s, size_t pos)
{
	return (pos >= 1 && s[pos - 1] == '*') || (pos >= 3 && is_wide(s + pos - 3, 3, 0xBC, 0x8A));
}

static bool digit_before(const unsigned char *s, size_t pos)
{
	size_t k;
	return (pos >= 1 && digit_at(s + pos - 1, 1, &k)) ||
	       (pos >= 3 && digit_at(s + pos - 3, 3, &k));
}

/* Length of a character that may stand between the digits of one number in
 * running text, or 0: spaces (ASCII, no-break, ideographic), dashes (ASCII,
 * full-width, U+2010..U+2015, minus U+2212) and a closing bracket after an
 * area code. Not dots, slashes or line breaks: 3.5, 2024/3/5. */
static size_t separator_at(const unsigned char *s, size_t avail)
{
	if (avail >= 1 && (s[0] == ' ' || s[0] == '-' || s[0] == ')'))
		return 1;
	if (avail >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
		return 2;
	if (avail < 3)
		return 0;
	if ((s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) || is_wide(s, avail, 0xBC, 0x8D) ||
	    is_wide(s, avail, 0xBC, 0x89) ||
	    (s[0] == 0xE2 && s[1] == 0x80 && s[2] >= 0x90 && s[2] <= 0x95) ||
	    (s[0] == 0xE2 && s[1] == 0x88 && s[2] == 0x92))
		return 3;
	return 0;
}

static bool is_close_bracket(const unsigned char *s, size_t avail)
{
	return (avail >= 1 && s[0] == ')') || is_wide(s, avail, 0xBC, 0x89);
}

/* Length of what may open a number, or 0: a plus sign (+86) or an opening
 * bracket ((0755)…), ASCII or full-width. */
static size_t opener_at(const unsigned char *s, size_t avail, bool *bracket)
{
	*bracket = avail >= 1 && s[0] == '(';
	if (avail >= 1 && (s[0] == '+' || s[0] == '('))
		return 1;
	*bracket = is_wide(s, avail, 0xBC, 0x88);
	return *bracket || is_wide(s, avail, 0xBC, 0x8B) ? 3 : 0;
}

/* A run of digits with no separator inside. */
struct group {
	size_t start;  /* first byte: the opener of the run's first group, else the first digit */
	size_t digits; /* first digit */
	size_t end;    /* after the last digit, or after the X */
	size_t next;   /* first digit of the next group of the run; 0 if this is the last */
	bool bracket;  /* opened by a bracket */
	bool close;    /* a closing bracket follows (among the separators) */
	size_t x;      /* bytes of a final X (an ID's check character), 0 if none */
	bool starred;  /* touches an asterisk: already masked text, never joined */
	bool email;    /* starts an e-mail address's local part: left to that rule */
	size_t nd;     /* digits, counted past MAX_DIGITS */
	char d[MAX_DIGITS + 1];
};

static size_t email_local_end(const unsigned char *s, size_t len, size_t i);
static bool local_before(const unsigned char *s, size_t pos);

/* Reads the group whose first digit is at s[at] (opener at start). */
static void read_group(const unsigned char *s, size_t len, size_t start, size_t at, bool bracket,
                       struct group *g)
{
	size_t i = at, k;
	char c;
	*g = (struct group){.start = start, .digits = at, .bracket = bracket};
	while (i < len && (c = digit_at(s + i, len - i, &k))) {
		if (g->nd < MAX_DIGITS)
			g->d[g->nd] = c;
		g->nd++;
		i += k;
	}
	/* An X counts unless a digit follows: 123X, 123Xabc, not 123X5. */
	size_t x = x_at(s + i, len - i), k2;
	if (x && !digit_at(s + i + x, len - i - x, &k2)) {
		g->x = x;
		i += x;
	}
	g->end = i;
	g->starred = star_before(s, start) || star_at(s + i, len - i);
	g->email = !local_before(s, at) && email_local_end(s, len, at);
	if (g->x)
		return; /* an X ends the number */
	for (int n = 0; n < MAX_SEPARATORS && i < len; n++) {
		size_t sep = separator_at(s + i, len - i);
		if (!sep || (!local_before(s, i) && email_local_end(s, len, i)))
			break; /* a dash may start an address: -abc@qq.com */
		g->close = g->close || is_close_bracket(s + i, len - i);
		i += sep;
		if (digit_at(s + i, len - i, &k)) {
			g->next = i;
			return;
		}
	}
	g->close = false;
}

/* ISO 7064 MOD 11-2, the check character of GB 11643 citizen ID numbers. */
static bool id_card_valid(const char *d)
{
	static const int weight[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (d[i] - '0') * weight[i];
	return "10X98765432"[sum % 11] == d[17];
}

static bool luhn_valid(const char *d, size_t n)
{
	int sum = 0;
	for (size_t i = 0; i < n; i++) {
		int v = d[n - 1 - i] - '0';
		if (i % 2 && (v *= 2) > 9)
			v -= 9;
		sum += v;
	}
	return sum % 10 == 0;
}

/* "head" + stars + "tail" of the n characters of d, keeping `keep` at each end. */
static void mask_middle(const char *d, size_t n, size_t keep, char *out)
{
	memcpy(out, d, keep);
	memset(out + keep, '*', n - 2 * keep);
	memcpy(out + n - keep, d + n - keep, keep);
	out[n] = '\0';
}

/* Whether s[from..to) is a phone number; its mask into mask. */
static bool phone(const unsigned char *s, size_t from, size_t to, char *mask, size_t masklen)
{
	char digits[NUMBER_MAX];
	enum number_kind k = number_normalize((const char *)s + from, to - from, digits, NULL, 0);
	if (k != NUMBER_MOBILE && k != NUMBER_FIXED)
		return false;
	access_mask_phone(digits, mask, masklen);
	return true;
}

/* Whether the groups g[0..n) hold personal data: the mask into mask and the
 * bytes it replaces in [*from, *to). */
static bool classify(const unsigned char *s, const struct group *g, size_t n, char *mask,
                     size_t masklen, size_t *from, size_t *to)
{
	char d[MAX_DIGITS + 2];
	size_t nd = 0;
	for (size_t i = 0; i < n; i++) {
		memcpy(d + nd, g[i].d, g[i].nd);
		nd += g[i].nd;
	}
	const struct group *last = &g[n - 1];
	*from = g[0].digits;
	*to = last->end;
	if (last->x) {
		if (nd == 17) {
			d[17] = 'X';
			if (id_card_valid(d)) {
				mask_middle(d, 18, 4, mask);
				return true;
			}
		}
		*to -= last->x; /* not an ID: the X is just a letter after the number */
	}
	d[nd] = '\0';
	if (nd == 18 && id_card_valid(d)) {
		mask_middle(d, 18, 4, mask);
		return true;
	}
	/* Phone numbers have 10 (010 + 7 digits) to 16 digits (0086 + 0755 +
	 * 8). A plus sign belongs to the number when it makes one (+86 138…); a
	 * bracket when it closes after the area code ((0755)1234…). */
	bool phone_length = nd >= 10 && nd <= 16;
	if (phone_length && g[0].start < g[0].digits && (!g[0].bracket || (g[0].close && n > 1)) &&
	    phone(s, g[0].start, *to, mask, masklen)) {
		*from = g[0].start;
		return true;
	}
	if (phone_length && phone(s, *from, *to, mask, masklen))
		return true;
	if (nd >= 16 && nd <= MAX_DIGITS && d[0] >= '2' && d[0] <= '6' && luhn_valid(d, nd)) {
		mask_middle(d, nd, 4, mask);
		return true;
	}
	return false;
}

/* Emits the run of digit groups starting at s[start] (its first digit at
 * at), masked where a rule matches; returns the position after it. Tries,
 * from each group, the longest join of groups first. */
static size_t run(struct out *o, const unsigned char *s, size_t len, size_t start, size_t at,
                  bool bracket)
{
	struct group g[MAX_DIGITS + 1];
	read_group(s, len, start, at, bracket, &g[0]);
	size_t done = start; /* bytes before this are emitted */
	for (;;) {
		if (g[0].email) { /* the address's rule masks it, as it would on its own */
			put(o, s + done, g[0].digits - done);
			return g[0].digits;
		}
		size_t n = 1, total = g[0].nd;
		while (!g[n - 1].starred && g[n - 1].next && n < MAX_DIGITS + 1) {
			read_group(s, len, g[n - 1].next, g[n - 1].next, false, &g[n]);
			if (g[n].starred || g[n].email || total + g[n].nd > MAX_DIGITS)
				break;
			total += g[n].nd;
			n++;
		}
		char mask[40];
		size_t from = 0, to = 0, used = 0;
		for (size_t j = n; j > 0 && !used && g[0].nd <= MAX_DIGITS; j--)
			if (classify(s, g, j, mask, sizeof mask, &from, &to))
				used = j;
		const struct group *last = &g[used ? used - 1 : 0];
		if (used) {
			put(o, s + done, from - done);
			put_str(o, mask);
			done = to;
		}
		/* On to the group after the last one used (or after the first). */
		if (!last->next) {
			put(o, s + done, last->end - done);
			return last->end;
		}
		put(o, s + done, last->next - done);
		done = last->next;
		struct group next;
		read_group(s, len, last->next, last->next, false, &next);
		g[0] = next;
	}
}

/* Length of a character of an e-mail address's local part at s, or 0:
 * letters, digits and . _ % + - in ASCII, and (so that a number's digits are
 * always in the same word as far as both rules are concerned) full-width
 * digits and X. */
static size_t local_at(const unsigned char *s, size_t avail)
{
	size_t k;
	if (avail && ((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z'))
		return 1;
	if (avail && strchr("._%+-", s[0]) && s[0])
		return 1;
	if (digit_at(s, avail, &k))
		return k;
	return x_at(s, avail);
}

/* Whether a local-part character ends just before s[pos]. */
static bool local_before(const unsigned char *s, size_t pos)
{
	return (pos >= 1 && local_at(s + pos - 1, 1)) ||
	       (pos >= 3 && local_at(s + pos - 3, 3) == 3);
}

static bool label_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-';
}

/* Whether a domain (two labels at least, the last of letters only, two at
 * least: qq.com, mail.example.cn) starts at s. */
static bool domain_at(const unsigned char *s, size_t avail)
{
	size_t i = 0, labels = 0, letters = 0;
	for (;;) {
		size_t start = i;
		letters = 0;
		while (i < avail && label_char(s[i])) {
			letters += (s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z';
			i++;
		}
		if (i == start)
			break;
		labels++;
		if (i < avail && s[i] == '.' && i + 1 < avail && label_char(s[i + 1])) {
			i++;
			continue;
		}
		return labels >= 2 && letters == i - start && letters >= 2;
	}
	return false;
}

/* If an e-mail address's local part starts at s[i] (the start of a run of
 * local-part characters), its end (the @), else 0. */
static size_t email_local_end(const unsigned char *s, size_t len, size_t i)
{
	size_t j = i, k;
	while (j < len && (k = local_at(s + j, len - j)))
		j += k;
	if (j == i)
		return 0;
	size_t at = j < len && s[j] == '@' ? 1 : is_wide(s + j, len - j, 0xBC, 0xA0) ? 3 : 0;
	return at && domain_at(s + j + at, len - j - at) ? j : 0;
}

size_t redact_text(const char *str, size_t len, char *outbuf)
{
	const unsigned char *s = (const unsigned char *)str;
	struct out o = {outbuf, 0};
	size_t i = 0;
	while (i < len) {
		size_t first = local_at(s + i, len - i);
		if (first && !local_before(s, i)) {
			size_t end = email_local_end(s, len, i);
			if (end) {
				put(&o, s + i, first);
				put_str(&o, "***");
				i = end; /* the @ and the domain go on as text */
				continue;
			}
		}
		size_t k, at = i;
		bool bracket = false;
		size_t opener = digit_before(s, i) ? 0 : opener_at(s + i, len - i, &bracket);
		if (opener && digit_at(s + i + opener, len - i - opener, &k))
			at = i + opener;
		if (digit_at(s + at, len - at, &k)) {
			i = run(&o, s, len, i, at, at > i && bracket);
			continue;
		}
		uint32_t cp;
		k = utf8_decode(str + i, len - i, &cp);
		if (k) {
			put(&o, s + i, k);
			i += k;
		} else {
			put_str(&o, "\xEF\xBF\xBD"); /* U+FFFD for a byte that is not UTF-8 */
			i++;
		}
	}
	o.p[o.n] = '\0';
	return o.n;
}
