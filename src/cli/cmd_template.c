/* SPDX-License-Identifier: MIT */
/* cmd_template.c: tend template render, an ERB or EPP template outside a compile */
#include "util/compat.h"
#include <jansson.h>
#include "cli/cli.h"
#include "lang/eval.h"
#include "facts/json_value.h"
#include "lang/func.h"
#include "lang/value.h"
#include "template/erb.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/err.h"
#include "util/fileio.h"
#include "util/log.h"

static const char usage_str[] =
	"tend template render [--values <json>] [--modulepath <dirs>] <file.erb|file.epp>";

/*
 * Variables come from --values: a JSON object (inline, or a file name)
 * whose keys are variable names ("::x" finds "x" too); keys like __x__
 * are not variables. Its optional key "__functions__" gives canned results for functions that need a compile,
 * {"name": [[[args...], result], ...]}: a call whose arguments equal one
 * entry's returns its result. Other calls go to the native functions;
 * template('mod/file.erb') renders <modulepath>/mod/templates/file.erb
 * with the same variables, and the log functions (warning, notice, ...)
 * log.
 */
struct render {
	struct arena *arena;
	struct diags *diags;
	struct value *vars;      /* VAL_HASH */
	struct value *functions; /* VAL_HASH or NULL */
	const char *modulepath;
	int depth;               /* template() nesting */
};

static struct value *lookup_var(void *payload, const char *name)
{
	struct render *rd = payload;
	if (name[0] == ':' && name[1] == ':')
		name += 2;
	return val_hash_get_str(rd->vars, name);
}

static int set_var(void *payload, const char *name, struct value *v,
		   struct srcloc loc UNUSED)
{
	struct render *rd = payload;
	if (name[0] == ':' && name[1] == ':')
		name += 2;
	val_hash_set_str(rd->arena, rd->vars, name, v);
	return 0;
}

static int render_file(struct buf *out, struct render *rd, const char *path);

static int fn_template(struct value **out, struct render *rd,
		       struct value **args, size_t nargs, struct srcloc loc)
{
	struct buf all = BUF_INIT;
	for (size_t i = 0; i < nargs; i++) {
		if (args[i]->kind != VAL_STRING)
			return diags_add(rd->diags, DIAG_ERROR, loc,
					 "template() expects file names");
		const char *name = args[i]->u.s.ptr, *slash = strchr(name, '/');
		if (!slash || !rd->modulepath) {
			buf_release(&all);
			return diags_add(rd->diags, DIAG_ERROR, loc,
					 "cannot find template '%s' (give --modulepath)",
					 name);
		}
		const char *mp = rd->modulepath;
		char *found = NULL;
		while (*mp && !found) {
			const char *colon = strchr(mp, ':');
			size_t n = colon ? (size_t)(colon - mp) : strlen(mp);
			char *path = arena_strfmt(
				rd->arena, "%.*s/%.*s/templates/%s", (int)n, mp,
				(int)(slash - name), name, slash + 1);
			FILE *fp = fopen(path, "r");
			if (fp) {
				fclose(fp);
				found = path;
			}
			mp += n + (colon ? 1 : 0);
		}
		if (!found) {
			buf_release(&all);
			return diags_add(rd->diags, DIAG_ERROR, loc,
					 "cannot find template '%s'", name);
		}
		if (++rd->depth > 20) {
			buf_release(&all);
			return diags_add(rd->diags, DIAG_ERROR, loc,
					 "template() nested deeper than 20");
		}
		int rc = render_file(&all, rd, found);
		rd->depth--;
		if (rc < 0) {
			buf_release(&all);
			return -1;
		}
	}
	*out = val_str_buf(rd->arena, &all);
	buf_release(&all);
	return 0;
}

static bool stub_args_match(const struct value *want, struct value **args,
			    size_t nargs)
{
	if (want->kind != VAL_ARRAY || want->u.arr.n != nargs)
		return false;
	for (size_t i = 0; i < nargs; i++)
		if (!val_identical(want->u.arr.v[i], args[i]))
			return false;
	return true;
}

static int call_fn(struct value **out, void *payload, const char *fn,
		   struct value **args, size_t nargs, struct srcloc loc)
{
	struct render *rd = payload;
	if (fn[0] == ':' && fn[1] == ':')
		fn += 2;
	struct value *stubs =
		rd->functions ? val_hash_get_str(rd->functions, fn) : NULL;
	if (stubs && stubs->kind == VAL_ARRAY) {
		for (size_t i = 0; i < stubs->u.arr.n; i++) {
			struct value *e = stubs->u.arr.v[i];
			if (e->kind == VAL_ARRAY && e->u.arr.n == 2 &&
			    stub_args_match(e->u.arr.v[0], args, nargs)) {
				*out = e->u.arr.v[1];
				return 0;
			}
		}
	}
	if (!strcmp(fn, "template"))
		return fn_template(out, rd, args, nargs, loc);
	static const char *const logfns[] = { "debug", "info", "notice",
					      "warning", "err", "crit",
					      "alert", "emerg" };
	for (size_t i = 0; i < ARRAY_SIZE(logfns); i++) {
		if (strcmp(fn, logfns[i]))
			continue;
		struct buf msg = BUF_INIT;
		for (size_t k = 0; k < nargs; k++) {
			if (k)
				buf_addch(&msg, ' ');
			val_to_s(&msg, args[k]);
		}
		if (i <= 2)
			log_notice("%s", msg.ptr);
		else if (i == 3)
			log_warning("%s", msg.ptr);
		else
			log_err("%s", msg.ptr);
		buf_release(&msg);
		*out = val_undef();
		return 0;
	}
	const struct fn_def *def = fn_lookup(fn);
	if (!def)
		return diags_add(rd->diags, DIAG_ERROR, loc,
				 "unknown function '%s'", fn);
	if ((def->flags & FN_LAMBDA) || (int)nargs < def->min_args ||
	    (def->max_args != FN_ANY && (int)nargs > def->max_args))
		return diags_add(rd->diags, DIAG_ERROR, loc,
				 "function '%s' called with %zu arguments", fn,
				 nargs);
	struct fn_call c = { .ctx = NULL, .arena = rd->arena, .loc = loc,
			     .name = fn, .args = args, .nargs = nargs };
	*out = NULL;
	if (def->impl(out, &c) < 0)
		return -1;
	if (!*out)
		*out = val_undef();
	return 0;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

static int render_file(struct buf *out, struct render *rd, const char *path)
{
	struct buf src = BUF_INIT;
	if (file_read(&src, path) < 0) {
		struct srcloc none = { path, 0, 0 };
		diags_add(rd->diags, DIAG_ERROR, none, "%s", err_last());
		buf_release(&src);
		return -1;
	}
	/* the source must live as long as the diagnostics that show it */
	char *text = arena_memdupz(rd->arena, src.ptr, src.len);
	size_t len = src.len;
	buf_release(&src);
	const char *file = arena_strdup(rd->arena, path);
	struct erb_env env = {
		.arena = rd->arena,
		.diags = rd->diags,
		.lookup = lookup_var,
		.call = call_fn,
		.setvar = set_var,
		.payload = rd,
	};
	return erb_render(out, &env, file, text, len);
}

static int load_values(struct render *rd, const char *arg)
{
	json_error_t jerr;
	json_t *j;
	const char *p = arg;
	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	if (*p == '{' || *p == '[') {
		j = json_loads(arg, 0, &jerr);
	} else {
		struct buf b = BUF_INIT;
		if (file_read(&b, arg) < 0) {
			fprintf(stderr, "error: cannot read '%s': %s\n", arg, err_last());
			buf_release(&b);
			return -1;
		}
		j = json_loadb(b.ptr, b.len, 0, &jerr);
		buf_release(&b);
	}
	if (!j) {
		fprintf(stderr, "error: --values: %s at line %d\n", jerr.text,
			jerr.line);
		return -1;
	}
	if (!json_is_object(j)) {
		fprintf(stderr, "error: --values must be a JSON object\n");
		json_decref(j);
		return -1;
	}
	struct value *all = jv_from_json(rd->arena, j);
	json_decref(j);
	rd->vars = val_hash(rd->arena, all->u.h.n);
	for (size_t i = 0; i < all->u.h.n; i++) {
		struct value *k = all->u.h.e[i].key;
		bool dunder = k->u.s.len > 4 && !memcmp(k->u.s.ptr, "__", 2) &&
			      !memcmp(k->u.s.ptr + k->u.s.len - 2, "__", 2);
		if (val_is_str(k, "__functions__"))
			rd->functions = all->u.h.e[i].val->kind == VAL_HASH ?
						all->u.h.e[i].val : NULL;
		else if (!dunder)
			val_hash_set(rd->arena, rd->vars, k, all->u.h.e[i].val);
	}
	return 0;
}

int cmd_template(int argc, const char **argv, struct cli_ctx *ctx UNUSED)
{
	const char *values = NULL, *modulepath = NULL;
	const struct option opts[] = {
		OPT_STRING(0, "values", &values, "json",
			   "variables: a JSON object, or a file holding one"),
		OPT_STRING(0, "modulepath", &modulepath, "dirs",
			   "where template('mod/file') finds templates (colon-separated)"),
		OPT_END(),
	};
	int nargs = cli_parse_options(argc, argv, opts, usage_str);
	if (nargs < 0)
		return 129;
	if (nargs != 2 || strcmp(argv[0], "render")) {
		cli_usage(usage_str, opts);
		return 129;
	}
	const char *file = argv[1];
	bool is_epp = ends_with(file, ".epp");

	struct arena a = ARENA_INIT;
	struct diags d;
	struct buf out = BUF_INIT;
	struct render rd = { .arena = &a,
			     .diags = &d,
			     .modulepath = modulepath };
	int ret = 0;
	diags_init(&d);
	if (values) {
		if (load_values(&rd, values) < 0) {
			ret = 1;
			goto out;
		}
	} else {
		rd.vars = val_hash(&a, 0);
	}
	if (is_epp) {
		/* EPP runs in the language evaluator; --values are its parameters */
		struct buf src = BUF_INIT;
		if (file_read(&src, file) < 0) {
			fprintf(stderr, "error: %s\n", err_last());
			ret = 1;
		} else {
			const char *text = arena_memdupz(&a, src.ptr, src.len);
			if (eval_render_epp(&out, &a, &d, file, text, src.len, rd.vars) < 0)
				ret = 1;
		}
		buf_release(&src);
		if (!ret && (fwrite(out.ptr, 1, out.len, stdout) != out.len || fflush(stdout)))
			ret = 1;
	} else if (render_file(&out, &rd, file) < 0 || d.nerrors) {
		ret = 1;
	} else if (fwrite(out.ptr, 1, out.len, stdout) != out.len ||
		   fflush(stdout)) {
		fprintf(stderr, "error: cannot write the output\n");
		ret = 1;
	}
	diags_print(&d, stderr);
out:
	buf_release(&out);
	diags_release(&d);
	arena_release(&a);
	return ret;
}
