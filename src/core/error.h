/* Project-wide error codes.
 *
 * Functions return 0 on success or one of these negative codes. Each code has a
 * stable machine name (used in problem+json `code` and in CLI messages) and a
 * Chinese title for people. The HTTP status for each code is decided in exactly
 * one place: src/http/problem.c. Out-of-memory is not an error code: allocation
 * failure aborts the process (see core/arena.h). */
#ifndef SHENSU_CORE_ERROR_H
#define SHENSU_CORE_ERROR_H

enum sh_err {
	SH_OK = 0,
	SH_EINVAL = -1,        /* input does not satisfy a rule */
	SH_ENOTFOUND = -2,     /* no such record (or not visible to the caller) */
	SH_ECONFLICT = -3,     /* stale version / duplicate key */
	SH_EIO = -4,           /* file or network I/O failed */
	SH_ESTORE = -5,        /* the database failed */
	SH_ENOSCHEDULE = -6,   /* a date in a year with no holiday schedule loaded */
	SH_ETOOLARGE = -7,     /* a size limit was exceeded */
	SH_EENCODING = -8,     /* text is not valid UTF-8 */
	SH_ESCHEMA = -9,       /* database schema is newer than this program */
	SH_EUNAVAILABLE = -10, /* a dependency is temporarily unavailable */
	SH_EAUTH = -11,        /* not authenticated */
	SH_EFORBIDDEN = -12,   /* authenticated but not allowed */
	SH_ERATELIMIT = -13,   /* too many requests */
	SH_EMETHOD = -14,      /* the resource exists but not with this method */
	SH_EDBDOWN = -15,      /* the database server cannot be reached; retry later */
	SH_EMEDIATYPE = -16,   /* the request body is not in a format the resource takes */
	SH_ERR_MIN = -16,
};

/* Stable machine name of an error code, e.g. "no_schedule". Never NULL. */
const char *sh_err_code(int err);
/* Chinese title for people, e.g. "该年份尚未加载节假日安排". Never NULL. */
const char *sh_err_title(int err);

#endif
