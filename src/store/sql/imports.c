/* Import batches: where imported rows came from. */
#include <time.h>

#include "store/sql/sql.h"

int store_import_begin(store *s, const char *kind, const char *source, int64_t *batch_id)
{
	struct sql_args a = {0};
	arg_text(&a, kind);
	arg_text(&a, source);
	arg_int(&a, (int64_t)time(NULL));
	return sql_insert(s, "INSERT INTO import_batch(kind, source, started_at) VALUES (?1, ?2, ?3)",
	                  &a, batch_id);
}

int store_import_finish(store *s, int64_t batch_id, int64_t rows)
{
	struct sql_args a = {0};
	arg_int(&a, batch_id);
	arg_int(&a, rows);
	arg_int(&a, (int64_t)time(NULL));
	return sql_exec(s, "UPDATE import_batch SET rows = ?2, finished_at = ?3 WHERE id = ?1", &a,
	                NULL);
}
