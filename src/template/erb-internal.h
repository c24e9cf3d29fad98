/* SPDX-License-Identifier: MIT */
/* erb-internal.h: what the erb_*.c files share (tokens, AST, run state) */
#ifndef ERB_INTERNAL_H
#define ERB_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include "util/buf.h"
#include "util/diag.h"
#include "lang/value.h"
#include "template/erb.h"

/*
 * How a template becomes output:
 *  1. erb_scan.c cuts the template into text, code, insert (<%= %>) and
 *     comment segments exactly as Ruby's ERB::Compiler::ExplicitScanner
 *     does for trim mode '-'. erb_lex.c tokenizes the Ruby of the code
 *     segments. ERB joins the segments into one Ruby program with "; "
 *     between them, so the token stream is one program too: TEXT and
 *     INSERT tokens stand for the `_erbout <<` statements and a TK_NL for
 *     the "; " joints. A `#` comment runs, as in ERB's generated script,
 *     to the next newline of that script, swallowing segments on its way.
 *  2. erb_parse.c (expressions, calls, literals) and erb_parse_stmt.c
 *     (if, case, loops, begin, def) parse that program into an AST;
 *     locals are resolved to slots of a frame; method names to ids (M_*);
 *     regex literals are compiled once.
 *  3. erb_eval.c walks the AST; erb_value.c holds Ruby's values, equality
 *     and errors; erb_methods.c dispatches calls (Object, nil, numbers,
 *     Regexp, classes), erb_kernel.c has `scope` and Kernel, erb_string.c
 *     String, erb_array.c Array and Hash, erb_coll.c Enumerable, Range and
 *     Enumerator; erb_fmt.c Ruby's to_s, inspect and format strings.
 */

/* ---- tokens (erb_lex.c) ---- */

enum erb_tok {
	TK_EOF,
	TK_NL,	       /* newline or ';' or a joint between ERB segments */
	TK_TEXT,       /* template text: s, len */
	TK_INSERT,     /* start of <%= %> */
	TK_INSERT_END, /* its end */
	TK_INT,
	TK_FLOAT,
	TK_STR,	    /* parts (literal or #{code}) */
	TK_REGEX,   /* parts, flags */
	TK_SYM,	    /* :name (s, len) */
	TK_DSYM,    /* :"..." parts */
	TK_WORDS,   /* %w[] : parts, all literal */
	TK_SYMBOLS, /* %i[] */
	TK_IDENT,   /* s, len; may end with ? or ! */
	TK_CONST,
	TK_IVAR,       /* @name: s = name without @ */
	TK_GVAR,       /* $~: s; $1..$9: i */
	TK_LABEL,      /* name: */
	TK_UMINUS_NUM, /* '-' directly before a number at an operand's start */
	/* keywords */
	TK_KW_FIRST,
	TK_IF = TK_KW_FIRST,
	TK_UNLESS,
	TK_ELSIF,
	TK_ELSE,
	TK_END,
	TK_THEN,
	TK_WHILE,
	TK_UNTIL,
	TK_DO,
	TK_CASE,
	TK_WHEN,
	TK_AND,
	TK_OR,
	TK_NOT,
	TK_TRUE,
	TK_FALSE,
	TK_NIL,
	TK_SELF,
	TK_BREAK,
	TK_NEXT,
	TK_BEGIN,
	TK_RESCUE,
	TK_ENSURE,
	TK_FOR,
	TK_IN,
	TK_DEFINED,
	TK_RETURN,
	TK_DEF,
	TK_KW_UNSUPPORTED, /* def class module yield redo retry super alias undef ... */
	TK_KW_LAST = TK_KW_UNSUPPORTED,
	/* punctuation */
	TK_PLUS,
	TK_MINUS,
	TK_UPLUS,
	TK_UMINUS,
	TK_MUL,
	TK_STAR, /* splat */
	TK_POW,
	TK_DIV,
	TK_PERCENT,
	TK_EQ,
	TK_EQQ,
	TK_NEQ,
	TK_MATCH,
	TK_NMATCH,
	TK_LT,
	TK_LE,
	TK_GT,
	TK_GE,
	TK_CMP,
	TK_ANDAND,
	TK_OROR,
	TK_BANG,
	TK_TILDE,
	TK_AMP,	  /* binary & */
	TK_AMPER, /* &block */
	TK_PIPE,
	TK_CARET,
	TK_LSHIFT,
	TK_RSHIFT,
	TK_ASSIGN,
	TK_OP_ASGN, /* i = the operator token (TK_PLUS, TK_OROR, ...) */
	TK_DOT,
	TK_ANDDOT,
	TK_DOT2,
	TK_DOT3,
	TK_COLON2,
	TK_COLON3,
	TK_COLON,
	TK_QMARK,
	TK_COMMA,
	TK_ARROW,	/* => */
	TK_LPAREN,	/* ( starting an expression */
	TK_LPAREN_CALL, /* foo( */
	TK_LPAREN_ARG,	/* foo ( */
	TK_RPAREN,
	TK_LBRACK,	 /* [ of an array literal */
	TK_LBRACK_INDEX, /* x[ */
	TK_RBRACK,
	TK_LBRACE,
	TK_RBRACE,
	TK_LAMBDA, /* -> */
};

struct erb_strpart {
	const char *s; /* literal bytes (escapes done), or code text */
	size_t len;
	struct srcloc loc; /* of the code */
	bool is_code;
};

struct erb_token {
	enum erb_tok t;
	bool sp;          /* whitespace came before it */
	struct srcloc loc;
	const char *s;    /* names, TEXT bytes; NUL-terminated */
	size_t len;
	int64_t i;        /* TK_INT, TK_GVAR $n, TK_OP_ASGN operator */
	double f;
	struct erb_strpart *parts;
	size_t nparts;
	unsigned flags;   /* TK_REGEX options (REGEX_* of lang/regex.h) */
};

/* ERB segments (erb_scan.c) */
enum seg_kind { SEG_TEXT, SEG_CODE, SEG_INSERT, SEG_CR };

struct erb_seg {
	enum seg_kind kind;
	const char *p; /* text bytes or code, %%> already replaced */
	size_t len;
	struct srcloc loc; /* where p starts */
};


/* Cuts src into segments, allocated in `a`; never fails. */
void erb_scan(struct erb_seg **segs, size_t *nsegs, uint32_t *end_line,
	      uint32_t *end_col, struct arena *a, const char *file,
	      const char *src, size_t len);
/* Advances a line/column over n bytes (columns count characters). */
void erb_advance_loc(uint32_t *line, uint32_t *col, const char *p, size_t n);

/* Answers whether `name` is a local variable at this point of the parse. */
typedef bool (*erb_is_local_fn)(void *payload, const char *name);

struct erb_lexer {
	struct arena *a;
	struct diags *d;
	const char *file;
	struct erb_seg *segs; /* NULL for the code of an interpolation */
	size_t nsegs, si;
	int phase;            /* where we are in segment si */
	const char *p, *end;  /* the code being tokenized */
	uint32_t line, col;   /* position of p */
	int state;            /* LS_* */
	enum erb_tok prev;    /* the previous token */
	const char *prev_name;/* its name when it was an identifier */
	bool prev_is_method;  /* an identifier after '.': never a local */
	bool in_comment;      /* a # comment runs into the next segments */
	erb_is_local_fn is_local;
	void *payload;
	bool failed;          /* an error was recorded */
	uint32_t end_line, end_col; /* the end of the template, for EOF */
};

/* Cuts src into segments and prepares the lexer; -1 after errors. */
int erb_lex_init(struct erb_lexer *lx, struct arena *a, struct diags *d,
		 const char *file, const char *src, size_t len);
/* A lexer over the code of an interpolation, starting at `loc`. */
void erb_lex_init_code(struct erb_lexer *lx, struct arena *a,
		       struct diags *d, const char *code, size_t len,
		       struct srcloc loc);
/* The next token; TK_EOF at the end or after an error (lx->failed). */
void erb_lex_next(struct erb_lexer *lx, struct erb_token *tok);
/* A printable name for a token kind, for messages. */
const char *erb_tok_name(enum erb_tok t);

/* ---- AST (erb_parse.c) ---- */

enum erb_nk {
	N_NIL,
	N_TRUE,
	N_FALSE,
	N_SELF,
	N_CONST_VAL, /* val: an immutable constant (number, regex, symbol) */
	N_STR,       /* val: a string; every evaluation makes a new one */
	N_DSTR,      /* kids: N_STR parts and expressions */
	N_DSYM,      /* like N_DSTR, the result is a symbol */
	N_DREGEX,    /* like N_DSTR, op: regex options */
	N_ARRAY,     /* kids (N_SPLAT allowed) */
	N_HASH,      /* kids: key, value, key, value... */
	N_RANGE,     /* a..b; flags & NF_EXCL: a...b */
	N_LVAR,      /* slot */
	N_IVAR,      /* name */
	N_GVAR,      /* op: 0 for $~, n for $n */
	N_CONST,     /* name, op: a CLS_* class id */
	N_VCALL,     /* a bare name: a Puppet variable (Puppet 3 style) */
	N_CALL,      /* a: receiver or NULL, op: M_*, name, kids: arguments,
			blk: block, c: &block argument */
	N_ASGN,      /* a: target, b: value */
	N_OPASGN,    /* a: target, b: value, op: TK_PLUS, TK_OROR, ... */
	N_MASGN,     /* a: N_MLHS, b: value */
	N_MLHS,      /* kids: targets, N_SPLAT(target), nested N_MLHS */
	N_AND,
	N_OR,
	N_NOT,
	N_DEFINED,
	N_BINOP, /* op: token */
	N_UNOP,  /* op: TK_UMINUS, TK_UPLUS, TK_TILDE */
	N_IF,    /* a: cond, b: then, c: else */
	N_WHILE, /* a: cond, b: body; NF_UNTIL, NF_DOWHILE */
	N_FOR,   /* a: target, b: iterated, c: body */
	N_CASE,  /* a: subject or NULL, kids: N_WHEN, c: else */
	N_WHEN,  /* kids: values, a: body */
	N_SEQ,   /* kids: statements */
	N_BREAK, /* a: value or NULL */
	N_NEXT,
	N_BEGIN, /* a: body, kids: N_RESCUE, b: else, c: ensure */
	N_RESCUE, /* kids: classes, b: target or NULL, a: body */
	N_TEXT,  /* val: the text */
	N_INSERT, /* a: expression; its to_s is output */
	N_SPLAT,
	N_BLOCK_PASS,
	N_DEF,    /* name, blk: parameters (N_LVAR, N_ASGN for a default,
		     N_SPLAT) and body, slot_hi: the method's frame size */
	N_RETURN, /* a: value or NULL */
};

#define NF_EXCL 1u       /* N_RANGE: ... */
#define NF_UNTIL 1u      /* N_WHILE */
#define NF_DOWHILE 2u    /* N_WHILE: begin ... end while */
#define NF_SAFE 1u       /* N_CALL: &. */
#define NF_PARENS 2u     /* N_CALL: arguments in parentheses */
#define NF_SPLATS 4u     /* N_CALL/N_ARRAY: has a splat argument */
#define NF_SELF_CALL 8u  /* N_CALL without receiver */
#define NF_INDEX 16u     /* N_CALL: x[...] */

struct erb_blockdef;

struct erb_node {
	uint8_t kind;
	uint8_t flags;
	uint16_t op;
	uint32_t slot;
	uint32_t nkids;
	struct srcloc loc;
	const char *name;
	struct erb_node *a, *b, *c;
	struct erb_node **kids;
	struct value *val;
	struct erb_blockdef *blk;
};

struct erb_blockdef {
	struct erb_node *params; /* N_MLHS, or NULL for no parameters */
	struct erb_node *body;
	uint32_t slot_lo,
		slot_hi;	 /* the block's own locals: nil at each call */
	uint32_t nparams;        /* top-level parameters */
	bool has_splat;          /* a *rest parameter */
	bool trailing_comma;     /* |a, | destructures like |a, b| */
	struct srcloc loc;
};

/* A set of pointers, for telling symbols apart from strings. */
struct erb_ptrset {
	const void **v;
	size_t n, cap;
	struct arena *a; /* allocate here, or with xmalloc when NULL */
};

void erb_ptrset_add(struct erb_ptrset *s, const void *p);
bool erb_ptrset_has(const struct erb_ptrset *s, const void *p);
void erb_ptrset_release(struct erb_ptrset *s);

struct erb_template {
	const char *file;
	struct erb_node *root;
	uint32_t nslots;
	struct erb_ptrset
		syms; /* symbol constants (xmalloc'd; see erb_compile) */
};

/* ---- the parser's own state, shared by erb_parse*.c ---- */

struct erb_pscope {
	const char **names;
	uint32_t *slots;
	size_t n, alloc;
	bool is_def; /* a method body: outer locals are not visible */
};

struct erb_parser {
	struct arena *a;
	struct diags *d;
	const char *file;
	struct erb_lexer *lx;
	struct erb_token tok;  /* current token */
	struct erb_token la;   /* lookahead, when has_la */
	bool has_la;
	struct erb_pscope *scopes;
	size_t nscopes, scopes_alloc;
	uint32_t nslots;
	int depth;
	bool failed;
	bool no_do; /* `do` belongs to while/until/for or a command */
	struct erb_template *t;
};

struct erb_nlist {
	struct erb_node **v;
	size_t n, alloc;
};

void erb_p_next(struct erb_parser *ps);
const struct erb_token *erb_p_peek(struct erb_parser *ps);
/* Records a syntax error (the first only) and stops the parse; NULL. */
struct erb_node *erb_p_perr(struct erb_parser *ps, struct srcloc loc,
			    const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
struct erb_node *erb_p_unexpected(struct erb_parser *ps);
bool erb_p_accept(struct erb_parser *ps, enum erb_tok t);
bool erb_p_expect(struct erb_parser *ps, enum erb_tok t, const char *what,
		  struct srcloc opener);
void erb_p_skip_nl(struct erb_parser *ps);
bool erb_p_enter(struct erb_parser *ps);
struct erb_node *erb_p_node(struct erb_parser *ps, enum erb_nk k,
			    struct srcloc loc);
void erb_p_nl_add(struct erb_parser *ps, struct erb_nlist *l,
		  struct erb_node *n);
void erb_p_set_kids(struct erb_node *n, struct erb_nlist *l);
void erb_p_push_scope(struct erb_parser *ps);
uint32_t erb_p_declare(struct erb_parser *ps, const char *name);
uint32_t erb_p_declare_param(struct erb_parser *ps, const char *name);
struct erb_node *erb_p_parse_stmt(struct erb_parser *ps);
struct erb_node *erb_p_parse_expr(struct erb_parser *ps);
struct erb_node *erb_p_parse_arg(struct erb_parser *ps);
struct erb_node *erb_p_parse_compstmt(struct erb_parser *ps);
/* erb_parse_stmt.c */
struct erb_node *erb_p_parse_if_rest(struct erb_parser *ps, bool unless,
				     struct srcloc opener);
struct erb_node *erb_p_parse_case(struct erb_parser *ps);
struct erb_node *erb_p_parse_while(struct erb_parser *ps);
struct erb_node *erb_p_parse_for(struct erb_parser *ps);
struct erb_node *erb_p_parse_begin(struct erb_parser *ps);
struct erb_node *erb_p_parse_def(struct erb_parser *ps);
struct erb_node *erb_p_parse_mlhs_item(struct erb_parser *ps, bool param);
struct erb_node *erb_p_parse_masgn(struct erb_parser *ps);
struct erb_node *erb_p_wrap_modifier(struct erb_parser *ps,
				     struct erb_node *n);

/* Parses the template; NULL after errors. */
struct erb_template *erb_parse(struct arena *a, struct diags *d,
			       const char *file, const char *src, size_t len);

/* ---- Ruby classes and methods ---- */

/* ORDER CLS: the names in erb_class_names[] */
enum erb_cls {
	CLS_NONE,
	CLS_OBJECT,
	CLS_NIL,
	CLS_TRUE,
	CLS_FALSE,
	CLS_INTEGER,
	CLS_FLOAT,
	CLS_NUMERIC,
	CLS_STRING,
	CLS_SYMBOL,
	CLS_ARRAY,
	CLS_HASH,
	CLS_RANGE,
	CLS_REGEXP,
	CLS_MATCHDATA,
	CLS_PROC,
	CLS_ENUMERATOR,
	CLS_CLASS,
	CLS_COMPARABLE,
	CLS_ENUMERABLE,
	CLS_KERNEL,
	CLS_MATH,
	CLS_FILE,
	CLS_STANDARDERROR,
	CLS_EXCEPTION,
	CLS_RUNTIMEERROR,
	CLS_ARGUMENTERROR,
	CLS_TYPEERROR,
	CLS_NAMEERROR,
	CLS_NOMETHODERROR,
	CLS_ZERODIVISIONERROR,
	CLS_KEYERROR,
	CLS_INDEXERROR,
	CLS_RANGEERROR,
	CLS_JSON,
	CLS_PUPPET_TYPE, /* Puppet data types and resource references */
	CLS_SCOPE,
	CLS_BOOLEAN,     /* not Ruby's: only for the error message */
	CLS_COUNT,
};

extern const char *const erb_class_names[CLS_COUNT];
/* The class constant called name, or CLS_NONE. */
enum erb_cls erb_class_lookup(const char *name);

/* Method names: ORDER M */
#define ERB_METHODS(X) \
	X(M_UNKNOWN, "") \
	X(M_AREF, "[]") X(M_ASET, "[]=") X(M_PLUS, "+") X(M_MINUS, "-") \
	X(M_MUL, "*") X(M_DIV, "/") X(M_MOD, "%") X(M_POW, "**") \
	X(M_EQ, "==") X(M_NEQ, "!=") X(M_EQQ, "===") X(M_CMP, "<=>") \
	X(M_LT, "<") X(M_LE, "<=") X(M_GT, ">") X(M_GE, ">=") \
	X(M_LSHIFT, "<<") X(M_MATCHOP, "=~") X(M_AMP, "&") X(M_PIPE, "|") \
	X(M_ABS, "abs") X(M_ALL, "all?") X(M_ANY, "any?") \
	X(M_APPEND, "append") X(M_ARRAY, "Array") X(M_ASSOC, "assoc") \
	X(M_AT, "at") X(M_BEGIN, "begin") X(M_BETWEEN, "between?") \
	X(M_BYTES, "bytes") X(M_BYTESIZE, "bytesize") X(M_CALL, "call") \
	X(M_CALL_FUNCTION, "call_function") X(M_CAPITALIZE, "capitalize") \
	X(M_CAPITALIZE_B, "capitalize!") X(M_CAPTURES, "captures") \
	X(M_CASECMP, "casecmp") X(M_CASECMPQ, "casecmp?") X(M_CEIL, "ceil") \
	X(M_CENTER, "center") X(M_CHARS, "chars") X(M_CHOMP, "chomp") \
	X(M_CHOMP_B, "chomp!") X(M_CHOP, "chop") X(M_CHR, "chr") \
	X(M_CLAMP, "clamp") X(M_CLASS, "class") X(M_CLEAR, "clear") \
	X(M_CLONE, "clone") X(M_COLLECT, "collect") \
	X(M_COLLECT_CONCAT, "collect_concat") X(M_COMPACT, "compact") \
	X(M_COMPACT_B, "compact!") X(M_CONCAT, "concat") \
	X(M_COUNT_M, "count") X(M_COVER, "cover?") X(M_DELETE, "delete") \
	X(M_DELETE_AT, "delete_at") X(M_DELETE_IF, "delete_if") \
	X(M_DETECT, "detect") X(M_DIG, "dig") X(M_DIV_I, "div") \
	X(M_DIVMOD, "divmod") X(M_DOWNCASE, "downcase") \
	X(M_DOWNCASE_B, "downcase!") X(M_DOWNTO, "downto") X(M_DROP, "drop") \
	X(M_DROP_WHILE, "drop_while") X(M_DUP, "dup") X(M_EACH, "each") \
	X(M_EACH_CHAR, "each_char") X(M_EACH_CONS, "each_cons") \
	X(M_EACH_INDEX, "each_index") X(M_EACH_KEY, "each_key") \
	X(M_EACH_LINE, "each_line") X(M_EACH_PAIR, "each_pair") \
	X(M_EACH_SLICE, "each_slice") X(M_EACH_VALUE, "each_value") \
	X(M_EACH_WITH_INDEX, "each_with_index") \
	X(M_EACH_WITH_OBJECT, "each_with_object") X(M_EMPTY, "empty?") \
	X(M_END, "end") X(M_END_WITH, "end_with?") X(M_ENTRIES, "entries") \
	X(M_EQL, "eql?") X(M_EQUAL, "equal?") X(M_ESCAPE, "escape") X(M_FDIV, "fdiv") \
	X(M_EVEN, "even?") X(M_EXCEPT, "except") X(M_EXCLUDE_END, "exclude_end?") \
	X(M_EXIST, "exist?") X(M_FAIL, "fail") X(M_FETCH, "fetch") \
	X(M_FILE, "file") X(M_FILTER, "filter") X(M_FILTER_MAP, "filter_map") \
	X(M_FIND, "find") X(M_FIND_ALL, "find_all") X(M_FIND_INDEX, "find_index") \
	X(M_FIRST, "first") X(M_FLAT_MAP, "flat_map") X(M_FLATTEN, "flatten") \
	X(M_FLATTEN_B, "flatten!") X(M_FLOAT, "Float") X(M_FLOOR, "floor") \
	X(M_FORMAT, "format") X(M_FREEZE, "freeze") X(M_FROZEN, "frozen?") \
	X(M_GROUP_BY, "group_by") X(M_GSUB, "gsub") X(M_GSUB_B, "gsub!") \
	X(M_HAS_KEY, "has_key?") X(M_HAS_VALUE, "has_value?") \
	X(M_HAS_VARIABLE, "has_variable?") X(M_HASH_K, "Hash") X(M_HEX, "hex") \
	X(M_INCLUDE, "include?") X(M_INDEX, "index") X(M_INJECT, "inject") \
	X(M_INSERT, "insert") X(M_INSPECT, "inspect") \
	X(M_INSTANCE_OF, "instance_of?") X(M_INTEGER, "Integer") \
	X(M_INTEGER_P, "integer?") X(M_INTERN, "intern") X(M_INVERT, "invert") \
	X(M_IS_A, "is_a?") X(M_JOIN, "join") X(M_KEEP_IF, "keep_if") \
	X(M_KEY, "key") X(M_KEY_P, "key?") X(M_KEYS, "keys") \
	X(M_KIND_OF, "kind_of?") X(M_LAST, "last") X(M_LENGTH, "length") \
	X(M_LINES, "lines") X(M_LJUST, "ljust") X(M_LOOKUPVAR, "lookupvar") \
	X(M_LOOP, "loop") X(M_LSTRIP, "lstrip") X(M_LSTRIP_B, "lstrip!") \
	X(M_MAP, "map") X(M_MAP_B, "map!") X(M_MATCH, "match") \
	X(M_MATCH_P, "match?") X(M_MAX, "max") X(M_MAX_BY, "max_by") \
	X(M_MEMBER, "member?") X(M_MERGE, "merge") X(M_MERGE_B, "merge!") \
	X(M_MIN, "min") X(M_MIN_BY, "min_by") X(M_MINMAX, "minmax") \
	X(M_MODULO, "modulo") X(M_NAMES, "names") X(M_NAN, "nan?") \
	X(M_NEGATIVE, "negative?") X(M_NEW, "new") X(M_NEXT_M, "next") \
	X(M_NIL, "nil?") X(M_NONE, "none?") X(M_OCT, "oct") X(M_ODD, "odd?") \
	X(M_ONE, "one?") X(M_ORD, "ord") X(M_P, "p") \
	X(M_PARTITION, "partition") X(M_POP, "pop") X(M_POSITIVE, "positive?") \
	X(M_POST_MATCH, "post_match") X(M_PRE_MATCH, "pre_match") \
	X(M_PRED, "pred") X(M_PREPEND, "prepend") X(M_PRINT, "print") \
	X(M_PRODUCT, "product") X(M_PUSH, "push") X(M_PUTS, "puts") \
	X(M_QUOTE, "quote") X(M_RAISE, "raise") X(M_RASSOC, "rassoc") \
	X(M_REDUCE, "reduce") X(M_REJECT, "reject") X(M_REJECT_B, "reject!") \
	X(M_REPLACE, "replace") X(M_REQUIRE, "require") \
	X(M_RESPOND_TO, "respond_to?") \
	X(M_REVERSE, "reverse") X(M_REVERSE_B, "reverse!") \
	X(M_REVERSE_EACH, "reverse_each") X(M_RINDEX, "rindex") \
	X(M_RJUST, "rjust") X(M_ROTATE, "rotate") X(M_ROUND, "round") \
	X(M_RPARTITION, "rpartition") X(M_RSTRIP, "rstrip") \
	X(M_RSTRIP_B, "rstrip!") X(M_SCAN, "scan") X(M_SCOPE, "scope") \
	X(M_SELECT, "select") X(M_SELECT_B, "select!") X(M_SETVAR, "setvar") \
	X(M_SHIFT, "shift") X(M_SIZE, "size") X(M_SLICE, "slice") \
	X(M_SORT, "sort") X(M_SORT_B, "sort!") X(M_SORT_BY, "sort_by") \
	X(M_SORT_BY_B, "sort_by!") X(M_SOURCE, "source") X(M_SPLIT, "split") \
	X(M_SPRINTF, "sprintf") X(M_SQUEEZE, "squeeze") X(M_START_WITH, "start_with?") \
	X(M_STEP, "step") X(M_STORE, "store") X(M_STRING, "String") \
	X(M_STRIP, "strip") X(M_STRIP_B, "strip!") X(M_SUB, "sub") \
	X(M_SUB_B, "sub!") X(M_SUCC, "succ") X(M_SUM, "sum") \
	X(M_SWAPCASE, "swapcase") X(M_TAKE, "take") X(M_TAKE_WHILE, "take_while") \
	X(M_TALLY, "tally") X(M_TAP, "tap") X(M_THEN, "then") X(M_TIMES, "times") \
	X(M_TO_A, "to_a") X(M_TO_F, "to_f") X(M_TO_H, "to_h") X(M_TO_I, "to_i") \
	X(M_TO_INT, "to_int") X(M_TO_PROC, "to_proc") X(M_TO_S, "to_s") \
	X(M_TO_STR, "to_str") X(M_TO_SYM, "to_sym") X(M_TR, "tr") \
	X(M_TRANSFORM_KEYS, "transform_keys") X(M_TRANSPOSE, "transpose") \
	X(M_TRANSFORM_VALUES, "transform_values") X(M_TRUNCATE, "truncate") \
	X(M_UNION, "union") X(M_UNIQ, "uniq") X(M_UNIQ_B, "uniq!") \
	X(M_UNSHIFT, "unshift") X(M_UPCASE, "upcase") X(M_UPCASE_B, "upcase!") \
	X(M_UPDATE, "update") X(M_UPTO, "upto") X(M_VALUE_P, "value?") \
	X(M_VALUES, "values") X(M_VALUES_AT, "values_at") \
	X(M_WITH_INDEX, "with_index") X(M_WITH_OBJECT, "with_object") \
	X(M_ZERO, "zero?") X(M_ZIP, "zip") \
	X(M_BASENAME, "basename") X(M_DIRNAME, "dirname") \
	X(M_EXTNAME, "extname") X(M_SQRT, "sqrt") X(M_TO_JSON, "to_json") \
	X(M_GENERATE, "generate") X(M_PRETTY_GENERATE, "pretty_generate") \
	X(M_DUMP, "dump") X(M_PARSE, "parse") \
	X(M_FUNCTION, "function_") /* scope.function_NAME */

#define ERB_M_ENUM(id, name) id,
enum erb_method { ERB_METHODS(ERB_M_ENUM) M__N };
#undef ERB_M_ENUM

extern const char *const erb_method_names[M__N];
/* The id of a method name; M_FUNCTION for function_*, M_UNKNOWN if none. */
int erb_method_lookup(const char *name);

/* ---- running (erb_eval.c) ---- */

/* Values of our own, kept in struct value as VAL_TYPE with these names
 * (compared by address, never by text, so Puppet types can't collide). */
extern const char erb_t_range[];   /* params: from, to, excl (bool) */
extern const char erb_t_match[];   /* params: groups array, subject, regex,
				      offsets array */
extern const char erb_t_class[];   /* params: VAL_INT class id */
extern const char erb_t_scope[];   /* no params */
extern const char erb_t_enum[];    /* params: receiver, VAL_INT method,
				      args array */
extern const char erb_t_proc[];    /* params: VAL_INT method (&:sym) */

/* Status of an evaluation step. */
#define ERB_OK 0
#define ERB_ERR (-1)
#define ERB_BREAK 1
#define ERB_NEXT 2
#define ERB_RETURN 4 /* `return` in a method defined by the template */

struct erb_run;
struct erb_blk;

typedef int (*erb_native_blk_fn)(struct value **out, struct erb_run *r,
				 struct erb_blk *b, struct value **args,
				 size_t nargs);

/* A block given to a method: from the template, or made in C. */
struct erb_blk {
	const struct erb_blockdef *def;
	erb_native_blk_fn fn;     /* when def is NULL */
	void *data;               /* for fn */
	struct erb_blk *inner;    /* for fn: the block it wraps */
	int mid;                  /* for fn: &:sym method */
	int64_t counter;          /* for fn: with_index */
	struct srcloc loc;
};

struct erb_run {
	const struct erb_template *t;
	struct erb_env *env;
	struct arena *a;
	struct buf *out;
	struct value **slots;
	struct value *last_match;   /* $~: a MatchData, or NULL */
	struct value *jump_val;     /* value carried by break and next */
	unsigned long steps, max_steps;
	size_t bytes_start, max_bytes;
	struct erb_ptrset syms;     /* symbols made while running */
	struct value *ivars;        /* VAL_HASH: @x assigned by the template */
	struct value
		*scopevars; /* VAL_HASH: scope.setvar without env->setvar */
	struct buf err;             /* the pending error message */
	struct srcloc errloc;
	bool err_recorded;          /* the error is already in diags */
	bool err_is_raise;          /* raised by `raise` (a RuntimeError) */
	bool err_fatal;             /* unsupported or a limit: no rescue */
	const char *err_class;      /* given to `raise`, or NULL */
	int depth;                  /* nesting of blocks and method calls */
	const struct erb_node **defs; /* methods the template defined (N_DEF) */
	size_t ndefs, defs_alloc;
	int in_def;                 /* running a method the template defined */
	struct buf tmp;             /* scratch */
};

/* Records a runtime error at loc; returns ERB_ERR. */
int erb_error(struct erb_run *r, struct srcloc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "unsupported ERB construct: <what>" */
int erb_unsupported(struct erb_run *r, struct srcloc loc, const char *fmt,
		    ...) __attribute__((format(printf, 3, 4)));
/* Counts a step; ERB_ERR when a limit is exceeded. */
int erb_step(struct erb_run *r, struct srcloc loc);
/* Checks that `more` bytes can still be allocated. */
int erb_room(struct erb_run *r, struct srcloc loc, size_t more);

/* Calls a block with arguments (Ruby's yield). */
int erb_yield(struct value **out, struct erb_run *r, struct erb_blk *b,
	      struct value **args, size_t nargs);
/* Integer and Float arithmetic for the operator methods (M_PLUS ...). */
int erb_arith(struct value **out, struct erb_run *r, int mid,
	      struct value *a, struct value *b, struct srcloc loc);
/* Calls a method: the one entry point for calls on values. */
int erb_send(struct value **out, struct erb_run *r, struct value *recv,
	     int mid, const char *name, struct value **args, size_t nargs,
	     struct erb_blk *blk, struct srcloc loc);

/* Values */
bool erb_is_sym(const struct erb_run *r, const struct value *v);
struct value *erb_sym(struct erb_run *r, const char *s, size_t len);
struct value *erb_class_val(struct erb_run *r, enum erb_cls c);
enum erb_cls erb_class_of(const struct erb_run *r, const struct value *v);
bool erb_is_obj(const struct value *v, const char *tname);
struct value *erb_range(struct erb_run *r, struct value *from,
			struct value *to, bool excl);
struct value *erb_pair(struct erb_run *r, struct value *a, struct value *b);
bool erb_truthy(const struct value *v);
/* Ruby's == and eql? (hash keys); both may fail on deep values. */
int erb_eq(bool *out, struct erb_run *r, const struct value *a,
	   const struct value *b, struct srcloc loc);
/* Ruby's <=>: *out is -1, 0, 1; *ok false when incomparable (nil). */
int erb_cmp(int *out, bool *ok, struct erb_run *r, const struct value *a,
	    const struct value *b, struct srcloc loc);
/* Ruby's === (case/when). */
int erb_case_eq(bool *out, struct erb_run *r, struct value *pattern,
		struct value *v, struct srcloc loc);
/* Checks a value for use as a hash key or for Puppet: no deeper than 128. */
int erb_check_depth(struct erb_run *r, const struct value *v,
		    struct srcloc loc);
/* Before putting `v` into container `c` in place: no cycle, bounded depth. */
int erb_check_insert(struct erb_run *r, const struct value *c,
		     const struct value *v, struct srcloc loc);
/* Hash access with Ruby's key equality (1 and 1.0 differ). */
struct value *erb_hash_get(const struct value *h, const struct value *k);
int erb_hash_set(struct erb_run *r, struct value *h, struct value *k,
		 struct value *v, struct srcloc loc);
/* Strings are changed in place by <<, concat, upcase! ... */
int erb_str_mutable(struct erb_run *r, struct value *s, struct srcloc loc);
void erb_str_set(struct erb_run *r, struct value *s, const char *p,
		 size_t len);
/* Match a regex, setting $~; *out is a MatchData or nil. */
int erb_regex_match(struct value **out, struct erb_run *r, struct value *re,
		    const char *s, size_t len, size_t start,
		    struct srcloc loc);
/* A regex for a pattern that may be a string (quoted literally). */
int erb_to_regex(struct value **out, struct erb_run *r, struct value *pat,
		 struct srcloc loc);
int erb_regex_code(void **code_out, struct erb_run *r, struct value *re,
		   struct srcloc loc);

/* A method the template defined (def), called with arguments. */
const struct erb_node *erb_find_def(const struct erb_run *r,
				    const char *name);
int erb_call_def(struct value **out, struct erb_run *r,
		 const struct erb_node *def, struct value **args,
		 size_t nargs, struct srcloc loc);

/* Variables and Puppet */
struct value *erb_scope_value(void);
/* Methods of the scope object (erb_kernel.c). */
int erb_scope_method(struct value **out, struct erb_run *r, const char *name,
		     int mid, struct value **args, size_t nargs,
		     struct srcloc loc);
/* A Float's integral value as an Integer, or an error (NaN, too big). */
int erb_float_to_int(struct value **out, struct erb_run *r, double d,
		     struct srcloc loc);
/* A call without receiver: Kernel and template methods (erb_kernel.c). */
int erb_self_call(struct value **out, struct erb_run *r, const char *name,
		  int mid, struct value **args, size_t nargs,
		  struct erb_blk *blk, struct srcloc loc);
int erb_lookup_var(struct value **out, struct erb_run *r, const char *name,
		   bool must_exist, struct srcloc loc);

/* ---- JSON (erb_json.c) ---- */
int erb_json_generate(struct erb_run *r, struct buf *out,
		      const struct value *v, bool pretty, struct srcloc loc);
int erb_json_parse(struct value **out, struct erb_run *r,
		   const struct value *s, struct srcloc loc);

/* ---- formatting (erb_fmt.c) ---- */
int erb_to_s(struct erb_run *r, struct buf *out, const struct value *v,
	     struct srcloc loc);
int erb_inspect(struct erb_run *r, struct buf *out, const struct value *v,
		struct srcloc loc);
/* The class name of v for messages: "nil:NilClass", "\"x\":String" ... */
void erb_describe(struct erb_run *r, struct buf *out, const struct value *v);
/* Kernel#format / String#% */
int erb_format(struct erb_run *r, struct buf *out, const char *fmt,
	       size_t flen, struct value **args, size_t nargs,
	       struct srcloc loc);
/* Ruby's Integer("..") (strict) and String#to_i (lenient). */
int erb_str_to_int(int64_t *out, const char *s, size_t len, int base,
		   bool strict);
double erb_str_to_f(const char *s, size_t len, bool *ok, bool strict);

/* ---- method groups (erb_methods.c, erb_string.c, erb_coll.c) ---- */
int erb_string_method(struct value **out, struct erb_run *r,
		      struct value *recv, int mid, const char *name,
		      struct value **args, size_t nargs, struct erb_blk *blk,
		      struct srcloc loc);
int erb_array_method(struct value **out, struct erb_run *r,
		     struct value *recv, int mid, const char *name,
		     struct value **args, size_t nargs, struct erb_blk *blk,
		     struct srcloc loc);
int erb_hash_method(struct value **out, struct erb_run *r,
		    struct value *recv, int mid, const char *name,
		    struct value **args, size_t nargs, struct erb_blk *blk,
		    struct srcloc loc);
int erb_enum_method(struct value **out, struct erb_run *r,
		    struct value *recv, int mid, const char *name,
		    struct value **args, size_t nargs, struct erb_blk *blk,
		    struct srcloc loc);
/* String#succ */
int erb_str_succ(struct value **out, struct erb_run *r, struct value *s,
		 struct srcloc loc);
/* Enumerable over a list of items (erb_coll.c); ERB_NOMETHOD (3) when
 * `mid` is not an Enumerable method. */
struct erb_items {
	struct value **v;
	size_t n;
};
int erb_enum_common(struct value **out, struct erb_run *r, struct value *recv,
		    struct erb_items it, int mid, struct value **args,
		    size_t nargs, struct erb_blk *blk, struct srcloc loc);
struct value *erb_arr_of(struct erb_run *r, struct value **v, size_t n);
struct value *erb_arr_slice(struct erb_run *r, struct value **v,
			    size_t from, size_t n);
/* Array#flatten (depth < 0: all levels) and Array#join into `res`/`b`. */
int erb_flatten_into(struct erb_run *r, struct value *res, struct value *a,
		     int64_t depth, int level, struct srcloc loc);
int erb_join_into(struct erb_run *r, struct buf *b, struct value *a,
		  struct value *sep, bool *first, int level, struct srcloc loc);
/* Elements of an Enumerable as an array (hash: [k, v] pairs). */
int erb_to_list(struct value **out, struct erb_run *r, struct value *v,
		struct srcloc loc);
/* Sorting with <=> or a block, stable as Ruby's on glibc. */
int erb_sort(struct erb_run *r, struct value **v, size_t n,
	     struct erb_blk *blk, struct srcloc loc);
/* "wrong number of arguments" unless min <= n <= max (max > 64: no limit) */
int erb_arity(struct erb_run *r, struct srcloc loc, size_t n, size_t min,
	      size_t max);
/* An Integer argument (a Float is truncated, as Ruby's to_int does). */
int erb_need_int(int64_t *out, struct erb_run *r, struct value *v,
		 struct srcloc loc);
/* Calls fn for "no such method" */
int erb_no_method(struct erb_run *r, struct value *recv, const char *name,
		  struct srcloc loc);

/* UTF-8 helpers */
size_t erb_utf8_len(const char *s, size_t len);
size_t erb_utf8_char(const char *s, size_t len, size_t i);
bool erb_is_ascii(const char *s, size_t len);

#endif
