#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"

static void allocations_are_aligned_and_distinct(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 256);
	char *prev = NULL;
	for (int i = 1; i < 200; i++) {
		char *p = arena_alloc(&a, (size_t)i);
		assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
		memset(p, 0xAB, (size_t)i); /* ASan catches overlap or overrun */
		assert_ptr_not_equal(p, prev);
		prev = p;
	}
	assert_true(a.used >= 199 * 200 / 2);
	arena_free(&a);
	assert_int_equal(a.used, 0);
}

static void large_blocks_keep_small_space(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 1024);
	char *small1 = arena_alloc(&a, 16);
	char *big = arena_alloc(&a, 1 << 20);
	memset(big, 1, 1 << 20);
	char *small2 = arena_alloc(&a, 16);
	/* The small allocation after a big one still comes from the first chunk. */
	assert_true(small2 > small1 && small2 - small1 < 1024);
	arena_free(&a);
}

static void strings_and_printf(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	assert_string_equal(arena_strdup(&a, "申诉"), "申诉");
	assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
	assert_string_equal(arena_printf(&a, "%s-%04d-%06d", "44", 2026, 123), "44-2026-000123");
	char *zeros = arena_calloc(&a, 100, 8);
	for (int i = 0; i < 800; i++)
		assert_int_equal(zeros[i], 0);
	arena_free(&a);
	arena_free(&a); /* freeing twice is harmless */
	arena_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(allocations_are_aligned_and_distinct),
		cmocka_unit_test(large_blocks_keep_small_space),
		cmocka_unit_test(strings_and_printf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
