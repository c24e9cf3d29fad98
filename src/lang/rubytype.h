/* SPDX-License-Identifier: MIT */
/* rubytype.h: what modules' Ruby resource types and functions declare, read without running Ruby */
#ifndef RUBYTYPE_H
#define RUBYTYPE_H

#include <stdbool.h>
#include <stddef.h>
#include "util/diag.h"

struct arena;
struct eval_ctx;
struct value;

/* One entry of a type's title_patterns: a regex and what its groups set. */
struct rubytype_pattern {
	const char *src;     /* the pattern's Ruby source, without delimiters */
	unsigned flags;	     /* REGEX_* (lang/regex.h) from its options */
	const char **fields; /* attribute set by group 1, 2, ... */
	size_t nfields;
};

/*
 * A resource type as a module's lib/puppet/type/NAME.rb declares it
 * (Puppet::Type.newtype or Puppet::ResourceApi.register_type). Everything
 * lives in the arena given to rubytype_parse().
 */
struct rubytype {
	const char *name;   /* "ini_setting" */
	const char *module; /* the module holding the file, or NULL */
	const char *file;   /* path of the .rb file, or NULL */
	const char **attrs; /* parameters and properties, in declaration
			     * order; `ensurable` declares "ensure" */
	size_t nattrs, attrs_alloc;
	const char **keys; /* key attributes (namevars), in declaration
			    * order: isnamevar, namevar: true, or `name` */
	size_t nkeys, keys_alloc;
	struct rubytype_pattern *patterns; /* title_patterns, when declared */
	size_t npatterns, patterns_alloc;
	bool has_title_patterns; /* declares title_patterns (even unread) */
	bool has_provider;	 /* a provider exists: `provider` is valid */
	bool is_open; /* declares attributes we cannot read (computed names,
		       * a parent type): every parameter is accepted */
};

/*
 * Reads the attributes of the type `name` from the Ruby source text[0..len)
 * without running it: newparam(:x), newproperty(:x), ensurable, the
 * namevars (isnamevar, namevar: true, a parameter called name),
 * title_patterns with literal regexes, and the Resource API's attributes
 * hash. Comments, strings, heredocs and regex literals are skipped as Ruby
 * lexes them. Never fails: what cannot be read makes the type is_open.
 * out->name is `name`; the rest is allocated in a.
 */
void rubytype_parse(struct rubytype *out, struct arena *a, const char *name,
		    const char *text, size_t len);

/* Whether `attr` is a valid parameter of t, as Puppet::Type.validattr?
 * says (its attributes, "name", the metaparameters, "provider" when t has
 * providers); always true when t is open. */
bool rubytype_has_attr(const struct rubytype *t, const char *attr);

/* The parameter that a title equal to its value leaves out of the catalog:
 * the only key attribute, else "name" (Puppet::Resource#namevar). */
const char *rubytype_namevar(const struct rubytype *t);

/*
 * Sets in `params` (a VAL_HASH) the attributes that t's title patterns
 * take from `title`, as Puppet::Resource#parse_title does, leaving out the
 * namevar when it equals the title. Nothing when t declares no title
 * patterns or none matches.
 */
void rubytype_title_params(struct arena *a, const struct rubytype *t,
			   const char *title, struct value *params);

/* ---- during a compile ---- */

/*
 * The type `name` (lowercase) from lib/puppet/type/NAME.rb of the first
 * module on the modulepath that has one, parsed once per compile; NULL
 * when no module defines it.
 */
const struct rubytype *rubytype_find(struct eval_ctx *e, const char *name);

/*
 * Checks the parameters of every resource of a module's Ruby type in the
 * catalog, as Puppet does when it finishes the catalog (after defaults and
 * overrides). The first unknown one is an error at the resource:
 * "no parameter named 'x' on Type[title]". Returns 0 or -1.
 */
int rubytype_check_catalog(struct eval_ctx *e);

/*
 * The module file that defines the Ruby function `name`
 * (lib/puppet/functions/NS/NAME.rb for ns::name, else
 * lib/puppet/functions/NAME.rb or lib/puppet/parser/functions/NAME.rb of
 * any module), in the compile arena; NULL when no module does.
 */
const char *rubytype_function_file(struct eval_ctx *e, const char *name);

/*
 * The error for calling `name`, which is neither native nor written in the
 * Puppet language: names the module file when a module defines it in Ruby
 * ("no native implementation of the Ruby function 'x' (module 'm': FILE)"),
 * else "unknown function 'x'". Always returns -1.
 */
int rubytype_function_error(struct eval_ctx *e, const char *name,
			    struct srcloc loc);

#endif
