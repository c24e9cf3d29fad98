/* SPDX-License-Identifier: MIT */
/* ast.c: names of syntax tree kinds and operators, and an S-expression dump */
#include "util/compat.h"
#include "lang/ast.h"
#include "lang/parser.h"
#include "util/buf.h"

/* ORDER AST */
static const char *const kind_names[AST_KIND_MAX] = {
	"undef", "default", "bool", "int", "float", "string", "concat",
	"regex", "name", "typeref", "var", "array", "hash", "pair", "access",
	"call", "method", "lambda", "unary", "binary", "assign", "if",
	"unless", "case", "case_opt", "selector", "block", "resource",
	"res_body", "attr", "res_defaults", "res_override", "collect",
	"relation", "class", "define", "node", "function", "type_alias",
	"param", "import", "epp_text", "epp_render",
};

const char *ast_kind_name(enum ast_kind k)
{
	return (unsigned)k < AST_KIND_MAX ? kind_names[k] : "?";
}

/* ORDER OP */
static const char *const op_names[] = {
	"", "!", "-", "*",
	"+", "-", "*", "/", "%", "<<", ">>",
	"==", "!=", "<", "<=", ">", ">=",
	"=~", "!~", "in", "and", "or",
	"->", "~>", "<-", "<~",
	"=>", "+>",
	"+=",
	"@", "@@",
};

const char *ast_op_name(enum ast_op op)
{
	return (unsigned)op < ARRAY_SIZE(op_names) ? op_names[op] : "?";
}

size_t ast_node_size(enum ast_kind k)
{
	switch (k) {
	case AST_UNDEF: case AST_DEFAULT: case AST_BOOL: case AST_INT:
	case AST_FLOAT: case AST_STRING: case AST_REGEX: case AST_NAME:
	case AST_TYPEREF: case AST_VAR: case AST_IMPORT: case AST_EPP_TEXT:
		return offsetof(struct ast, a);
	case AST_PAIR: case AST_UNARY: case AST_BINARY: case AST_RELATION:
	case AST_ATTR: case AST_PARAM: case AST_TYPE_ALIAS:
	case AST_EPP_RENDER:
		return offsetof(struct ast, kids);
	case AST_CONCAT: case AST_ARRAY: case AST_HASH: case AST_ACCESS:
	case AST_CASE: case AST_CASE_OPT: case AST_SELECTOR:
	case AST_RESOURCE: case AST_RES_BODY: case AST_RES_DEFAULTS:
	case AST_RES_OVERRIDE: case AST_COLLECT:
		return offsetof(struct ast, c);
	default:
		return sizeof(struct ast);
	}
}

static void dump_str(struct buf *out, const char *s, size_t len)
{
	buf_addch(out, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': buf_addstr(out, "\\\""); break;
		case '\\': buf_addstr(out, "\\\\"); break;
		case '\n': buf_addstr(out, "\\n"); break;
		case '\t': buf_addstr(out, "\\t"); break;
		case '\r': buf_addstr(out, "\\r"); break;
		default:
			if (c < 0x20 || c == 0x7f)
				buf_addf(out, "\\x%02x", c);
			else
				buf_addch(out, c);
		}
	}
	buf_addch(out, '"');
}

static void dump_kids(struct buf *out, struct ast *const *kids, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		buf_addch(out, ' ');
		ast_dump(out, kids[i]);
	}
}

static void dump_params(struct buf *out, const struct ast *n)
{
	buf_addstr(out, " (params");
	dump_kids(out, n->params, n->nparams);
	buf_addch(out, ')');
}

/* " x" for a child that may be NULL, nothing for NULL */
static void dump_opt(struct buf *out, const struct ast *n)
{
	if (n) {
		buf_addch(out, ' ');
		ast_dump(out, n);
	}
}

/*
 * One line, S-expression style: atoms print as themselves (names, $vars,
 * "strings", /regexes/, numbers), everything else as (head ...). Used by
 * the tests and `tend parser dump`; the format is stable.
 */
void ast_dump(struct buf *out, const struct ast *n)
{
	if (!n) {
		buf_addstr(out, "nil");
		return;
	}
	switch (n->kind) {
	case AST_UNDEF:
		buf_addstr(out, "undef");
		return;
	case AST_DEFAULT:
		buf_addstr(out, "default");
		return;
	case AST_BOOL:
		buf_addstr(out, n->ival ? "true" : "false");
		return;
	case AST_INT: {
		char dec[32];
		snprintf(dec, sizeof(dec), "%lld", (long long)n->ival);
		if (n->str && strcmp(n->str, dec))
			buf_addf(out, "(int %s %s)", dec, n->str);
		else
			buf_addstr(out, dec);
		return;
	}
	case AST_FLOAT:
		buf_addf(out, "(float %.17g %s)", n->fval, n->str ? n->str : "");
		return;
	case AST_STRING:
		dump_str(out, n->str, n->len);
		return;
	case AST_REGEX:
		buf_addch(out, '/');
		buf_add(out, n->str, n->len);
		buf_addch(out, '/');
		return;
	case AST_NAME:
	case AST_TYPEREF:
		buf_addstr(out, n->str);
		return;
	case AST_VAR:
		buf_addf(out, "$%s", n->str);
		return;
	default:
		break;
	}

	buf_addch(out, '(');
	switch (n->kind) {
	case AST_CONCAT:
	case AST_ARRAY:
	case AST_HASH:
	case AST_BLOCK:
		buf_addstr(out, ast_kind_name(n->kind));
		if (n->kind == AST_BLOCK && n->has_params)
			dump_params(out, n);
		dump_kids(out, n->kids, n->nkids);
		break;
	case AST_PAIR:
		buf_addstr(out, "=>");
		dump_opt(out, n->a);
		dump_opt(out, n->b);
		break;
	case AST_ACCESS:
		buf_addstr(out, "access ");
		ast_dump(out, n->a);
		dump_kids(out, n->kids, n->nkids);
		break;
	case AST_CALL:
		buf_addf(out, "call %s", n->str);
		dump_kids(out, n->kids, n->nkids);
		dump_opt(out, n->lambda);
		break;
	case AST_METHOD:
		buf_addstr(out, "method ");
		ast_dump(out, n->a);
		buf_addf(out, " %s", n->str);
		dump_kids(out, n->kids, n->nkids);
		dump_opt(out, n->lambda);
		break;
	case AST_LAMBDA:
		buf_addstr(out, "lambda");
		dump_params(out, n);
		if (n->a) {
			buf_addstr(out, " (>> ");
			ast_dump(out, n->a);
			buf_addch(out, ')');
		}
		dump_opt(out, n->b);
		break;
	case AST_UNARY:
	case AST_BINARY:
	case AST_RELATION:
		buf_addstr(out, ast_op_name(n->op));
		dump_opt(out, n->a);
		dump_opt(out, n->b);
		break;
	case AST_ASSIGN:
		buf_addstr(out, n->op == OP_APPEND ? "+=" : "=");
		dump_opt(out, n->a);
		dump_opt(out, n->b);
		break;
	case AST_IF:
	case AST_UNLESS:
		buf_addstr(out, ast_kind_name(n->kind));
		dump_opt(out, n->a);
		dump_opt(out, n->b);
		dump_opt(out, n->c);
		break;
	case AST_CASE:
		buf_addstr(out, "case ");
		ast_dump(out, n->a);
		dump_kids(out, n->kids, n->nkids);
		break;
	case AST_CASE_OPT:
		buf_addstr(out, "when (");
		for (size_t i = 0; i < n->nkids; i++) {
			if (i)
				buf_addch(out, ' ');
			ast_dump(out, n->kids[i]);
		}
		buf_addch(out, ')');
		dump_opt(out, n->b);
		break;
	case AST_SELECTOR:
		buf_addstr(out, "? ");
		ast_dump(out, n->a);
		dump_kids(out, n->kids, n->nkids);
		break;
	case AST_RESOURCE:
		buf_addstr(out, "resource ");
		if (n->op == OP_VIRTUAL || n->op == OP_EXPORTED)
			buf_addstr(out, ast_op_name(n->op));
		ast_dump(out, n->a);
		dump_kids(out, n->kids, n->nkids);
		break;
	case AST_RES_BODY:
		buf_addstr(out, "body ");
		ast_dump(out, n->a);
		dump_kids(out, n->kids, n->nkids);
		break;
	case AST_ATTR:
		buf_addf(out, "attr %s %s ", n->str, ast_op_name(n->op));
		ast_dump(out, n->a);
		break;
	case AST_RES_DEFAULTS:
	case AST_RES_OVERRIDE:
		buf_addstr(out, n->kind == AST_RES_DEFAULTS ? "defaults " : "override ");
		ast_dump(out, n->a);
		dump_kids(out, n->kids, n->nkids);
		break;
	case AST_COLLECT:
		buf_addstr(out, n->op == OP_EXPORTED ? "collect-exported " : "collect ");
		ast_dump(out, n->a);
		buf_addch(out, ' ');
		ast_dump(out, n->b);
		dump_kids(out, n->kids, n->nkids);
		break;
	case AST_CLASS:
	case AST_DEFINE:
	case AST_FUNCTION:
		buf_addf(out, "%s %s", ast_kind_name(n->kind), n->str);
		dump_params(out, n);
		if (n->parent)
			buf_addf(out, " (inherits %s)", n->parent);
		if (n->a) {
			buf_addstr(out, " (>> ");
			ast_dump(out, n->a);
			buf_addch(out, ')');
		}
		dump_opt(out, n->b);
		break;
	case AST_NODE:
		buf_addstr(out, "node (");
		for (size_t i = 0; i < n->nkids; i++) {
			if (i)
				buf_addch(out, ' ');
			ast_dump(out, n->kids[i]);
		}
		buf_addch(out, ')');
		if (n->parent)
			buf_addf(out, " (inherits %s)", n->parent);
		dump_opt(out, n->b);
		break;
	case AST_TYPE_ALIAS:
		buf_addf(out, "type %s ", n->str);
		ast_dump(out, n->a);
		break;
	case AST_PARAM:
		buf_addstr(out, "param ");
		if (n->a) {
			ast_dump(out, n->a);
			buf_addch(out, ' ');
		}
		buf_addf(out, "%s$%s", n->op == OP_SPLAT ? "*" : "", n->str);
		dump_opt(out, n->b);
		break;
	case AST_IMPORT:
		buf_addstr(out, "import ");
		dump_str(out, n->str, n->len);
		break;
	case AST_EPP_TEXT:
		buf_addstr(out, "text ");
		dump_str(out, n->str, n->len);
		break;
	case AST_EPP_RENDER:
		buf_addstr(out, "render ");
		ast_dump(out, n->a);
		break;
	default:
		buf_addstr(out, ast_kind_name(n->kind));
		break;
	}
	buf_addch(out, ')');
}
