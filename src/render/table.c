#include "render/table.h"

#include <string.h>

#include <xlsxwriter.h>

#include "render/workbook.h"

#include "core/csv.h"
#include "core/error.h"
#include "core/utf8.h"

int render_table_csv(const struct table *t, FILE *out)
{
	fputs("\xEF\xBB\xBF", out);
	struct csv_field row[32];
	bool numeric[32];
	char nums[32][24];
	size_t ncols = t->ncols < 32 ? t->ncols : 32;
	for (size_t c = 0; c < ncols; c++)
		row[c] = (struct csv_field){t->headers[c], strlen(t->headers[c])};
	csv_write_export(out, row, ncols, NULL);
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < ncols; c++) {
			const struct table_cell *cell = &t->cells[r * t->ncols + c];
			const char *s = cell->text ? cell->text : "";
			if (cell->is_number) {
				snprintf(nums[c], sizeof nums[c], "%lld", (long long)cell->number);
				s = nums[c];
			}
			numeric[c] = cell->is_number;
			row[c] = (struct csv_field){s, strlen(s)};
		}
		csv_write_export(out, row, ncols, numeric);
	}
	return ferror(out) ? SH_EIO : 0;
}

int render_table_xlsx(const struct table *t, FILE *out)
{
	struct workbook_sink sink;
	lxw_workbook *wb = workbook_to_memory(&sink);
	if (!wb)
		return SH_EIO;
	/* A sheet name is at most 31 characters and some are not allowed. */
	const char *name = utf8_chars(t->title, strlen(t->title)) <= 31 &&
	                           !strpbrk(t->title, "[]:*?/\\")
	                       ? t->title
	                       : "Sheet1";
	lxw_worksheet *ws = workbook_add_worksheet(wb, name);
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_bg_color(head, 0xEEF2F7);
	format_set_border(head, LXW_BORDER_THIN);
	lxw_format *cellf = workbook_add_format(wb);
	format_set_border(cellf, LXW_BORDER_THIN);
	lxw_format *numf = workbook_add_format(wb);
	format_set_border(numf, LXW_BORDER_THIN);
	format_set_num_format(numf, "0");
	worksheet_write_string(ws, 0, 0, t->title, bold);
	for (size_t c = 0; c < t->ncols; c++) {
		worksheet_write_string(ws, 2, (lxw_col_t)c, t->headers[c], head);
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, 18, NULL);
	}
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			const struct table_cell *cell = &t->cells[r * t->ncols + c];
			lxw_row_t row = (lxw_row_t)(r + 3);
			if (cell->is_number)
				worksheet_write_number(ws, row, (lxw_col_t)c, (double)cell->number, numf);
			else
				worksheet_write_string(ws, row, (lxw_col_t)c, cell->text ? cell->text : "",
				                       cellf);
		}
	return workbook_to_stream(wb, &sink, out);
}
