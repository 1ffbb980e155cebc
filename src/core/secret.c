#include "core/secret.h"

#include <sodium.h>
#include <string.h>

#include "core/error.h"

int secret_init(void)
{
	return sodium_init() < 0 ? SH_EIO : 0;
}

void secret_token(char *out)
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, SECRET_TOKEN_LEN + 1, raw, sizeof raw,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void secret_query_code(char *out, size_t len)
{
	/* 32 symbols: 5 bits each, from one read of the random source. */
	static const char alphabet[] = SECRET_QUERY_ALPHABET;
	_Static_assert(sizeof alphabet - 1 == 32, "a power of two keeps the draw uniform");
	unsigned char raw[64];
	if (len > sizeof raw)
		len = sizeof raw;
	randombytes_buf(raw, len);
	for (size_t i = 0; i < len; i++)
		out[i] = alphabet[raw[i] & 31];
	out[len] = '\0';
}

void secret_hash(const char *s, char *out)
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)s, strlen(s), NULL, 0);
	sodium_bin2hex(out, SECRET_HASH_LEN + 1, h, sizeof h);
}

bool secret_equal(const char *a, const char *b)
{
	size_t n = strlen(a);
	return n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}

int secret_password_hash(const char *password, char *out)
{
	_Static_assert(crypto_pwhash_STRBYTES <= SECRET_PASSWORD_HASH_MAX, "hash buffer");
	return crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                         crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0
		? 0
		: SH_EIO;
}

bool secret_password_verify(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}
