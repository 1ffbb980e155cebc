#include "core/error.h"

static const struct {
	const char *code;
	const char *title;
} errors[] = {
	[0] = {"ok", "成功"},
	[-SH_EINVAL] = {"invalid_input", "输入不符合要求"},
	[-SH_ENOTFOUND] = {"not_found", "未找到"},
	[-SH_ECONFLICT] = {"conflict", "数据已被修改或已存在，请刷新后重试"},
	[-SH_EIO] = {"io_error", "读写失败"},
	[-SH_ESTORE] = {"store_error", "数据库操作失败"},
	[-SH_ENOSCHEDULE] = {"no_schedule", "该年份尚未加载节假日安排"},
	[-SH_ETOOLARGE] = {"too_large", "内容超出大小限制"},
	[-SH_EENCODING] = {"bad_encoding", "内容不是有效的UTF-8编码"},
	[-SH_ESCHEMA] = {"schema_too_new", "数据库版本高于本程序，请升级shensu"},
	[-SH_EUNAVAILABLE] = {"unavailable", "服务暂时不可用，请稍后重试"},
	[-SH_EAUTH] = {"unauthenticated", "请先登录"},
	[-SH_EFORBIDDEN] = {"forbidden", "无权执行此操作"},
	[-SH_ERATELIMIT] = {"rate_limited", "请求过于频繁，请稍后再试"},
	[-SH_EMETHOD] = {"method_not_allowed", "该接口不支持此请求方法"},
	[-SH_EDBDOWN] = {"database_unavailable", "数据库暂时不可用，请稍后重试"},
	[-SH_EMEDIATYPE] = {"unsupported_media_type", "不支持的请求内容格式"},
};

const char *sh_err_code(int err)
{
	if (err > 0 || err < SH_ERR_MIN)
		return "internal_error";
	return errors[-err].code;
}

const char *sh_err_title(int err)
{
	if (err > 0 || err < SH_ERR_MIN)
		return "内部错误";
	return errors[-err].title;
}
