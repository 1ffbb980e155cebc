/* Fuzz harness for reading an uploaded workbook (core/xlsx_read.c) and the
 * disposal rows read from it (domain/disposal_row.c, app/disposal_upload.c):
 * any bytes in, never a crash or a leak; what is read keeps its promises
 * (rows in increasing order, at most the limits, every cell terminated at its
 * length), and a refusal says why. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/disposal_upload.h"
#include "core/arena.h"
#include "core/error.h"
#include "core/utf8.h"
#include "core/xlsx_read.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	arena_init(&a, 0);
	struct xlsx_row *rows;
	size_t n;
	char why[256] = "";
	int rc = xlsx_read_first_sheet(data, size, &a, &rows, &n, why, sizeof why);
	if (rc) {
		CHECK(rc == SH_EINVAL || rc == SH_ETOOLARGE);
		CHECK(why[0] != '\0' && utf8_valid(why, strlen(why)));
	} else {
		CHECK(n <= XLSX_MAX_ROWS);
		for (size_t i = 0; i < n; i++) {
			CHECK(rows[i].number >= 1 && rows[i].number <= XLSX_MAX_ROWS);
			CHECK(i == 0 || rows[i].number > rows[i - 1].number);
			CHECK(rows[i].n >= 1 && rows[i].n <= XLSX_MAX_COLUMNS);
			for (size_t c = 0; c < rows[i].n; c++)
				CHECK(rows[i].cells[c].ptr[rows[i].cells[c].len] == '\0');
		}
		/* and as an upload against a list of two numbers */
		static const struct dispatch_item items[] = {{.number = "13800138000"},
		                                             {.number = "13900139000"}};
		struct table_row *t;
		size_t nt;
		uint64_t line;
		CHECK(disposal_table_rows(TABLE_XLSX, (const char *)data, size, &a, &t, &nt, &line, why,
		                          sizeof why) == 0);
		CHECK(nt == n);
		struct disposal_batch b;
		disposal_table_check(t, nt, items, 2, &a, &b);
		CHECK(b.n <= 2 && b.nerrors <= DISPOSAL_ERRORS_MAX);
		CHECK((b.nerrors > 0) != (b.n > 0) || b.nerrors > 0);
		for (size_t i = 0; i < b.nerrors; i++)
			CHECK(utf8_valid(b.errors[i].message, strlen(b.errors[i].message)));
	}
	arena_free(&a);
	return 0;
}
