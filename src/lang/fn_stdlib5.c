/* SPDX-License-Identifier: MIT */
/* fn_stdlib5.c: stdlib's random, hashing and file functions (fqdn_rand_string, pw_hash, glob…), apache's pw_hash, stdlib 9's stdlib:: names */
#include "util/compat.h"
#include <crypt.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <sodium.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "lang/eval-internal.h"
#include "lang/fn_arg.h"
#include "lang/fn_stdlib3.h"
#include "lang/fn_stdlib5.h"
#include "lang/func.h"
#include "lang/regex.h"
#include "lang/rubytype.h"
#include "lang/types.h"
#include "lang/value.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/lazylib.h"
#include "util/mtrand.h"
#include "util/proc.h"
#include "util/xalloc.h"

/*
 * As in fn_stdlib3.c, each function follows the .rb file that ships it
 * (puppetlabs-stdlib 8.5, puppetlabs-apache 5.5, and for the stdlib::
 * names of stdlib 9 its lib/puppet/functions/stdlib/NAME.rb): the same checks
 * in the same order, the same messages.
 */

static struct value *str_buf(struct fn_call *c, struct buf *b)
{
	return val_str_buf(c->arena, b);
}

static bool is_str(const struct value *v)
{
	return v->kind == VAL_STRING;
}

static bool ruby_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
	       ch == '\f' || ch == '\v';
}

/* ---- random and hashed strings ---- */

static struct value *fqdn_value(struct fn_call *c)
{
	struct value *net = stdlib3_fact(c, "networking");
	struct value *f = net && net->kind == VAL_HASH
				  ? val_hash_get_str(net, "fqdn")
				  : NULL;
	return f;
}

/* The UTF-8 characters of s as (offset, length) pairs in out[]; returns
 * their number. out must have room for len entries. */
static size_t utf8_chars(size_t *off, size_t *clen, const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len;) {
		size_t k = fnarg_utf8_clen(s, len, i);
		off[n] = i;
		clen[n++] = k;
		i += k;
	}
	return n;
}

/* the default character sets of fqdn_rand_string and seeded_rand_string */
static const char alnum_set[] =
	"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
static const char alnum_lower_first[] =
	"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

static bool is_integer3(const struct value *v)
{
	if (v->kind == VAL_INT)
		return true;
	if (v->kind != VAL_STRING)
		return false;
	/* %r{^-?(?:(?:[1-9]\d*)|0)$} on any line */
	const char *s = v->u.s.ptr, *end = s + v->u.s.len;
	for (const char *l = s; l <= end;) {
		const char *nl = memchr(l, '\n', (size_t)(end - l));
		const char *le = nl ? nl : end, *p = l;
		if (p < le && *p == '-')
			p++;
		bool ok = p < le &&
			  (*p == '0' ? p + 1 == le : *p >= '1' && *p <= '9');
		for (const char *q = p + 1; ok && q < le; q++)
			ok = isdigit((unsigned char)*q);
		if (ok)
			return true;
		if (!nl)
			break;
		l = nl + 1;
	}
	return false;
}

/*
 * fqdn_rand_string's loop: character k (from 1) of the result is
 * charset[fqdn_rand(charset.size, "SEED1:SEED2:k")], charset the UTF-8
 * characters of set (or A-Z, a-z, 0-9 when empty), the seeds as Ruby's
 * join prints them.
 */
static int rand_string(struct value **out, struct fn_call *c, int64_t length,
		       const struct value *cs, struct value **seeds,
		       size_t nseeds)
{
	bool dflt = !cs || cs->kind != VAL_STRING || !cs->u.s.len;
	const char *set = dflt ? alnum_set : cs->u.s.ptr;
	size_t setlen = dflt ? strlen(alnum_set) : cs->u.s.len;
	size_t *off = arena_alloc(c->arena, setlen * sizeof(size_t));
	size_t *cl = arena_alloc(c->arena, setlen * sizeof(size_t));
	size_t nch = utf8_chars(off, cl, set, setlen);
	struct buf fqdn = BUF_INIT, seed = BUF_INIT, res = BUF_INIT;
	struct value *f = fqdn_value(c);
	if (f)
		val_to_s(&fqdn, f);
	int rc = 0;
	for (int64_t cur = 1; cur <= length; cur++) {
		buf_reset(&seed);
		for (size_t i = 0; i < nseeds; i++) {
			fnarg_ruby3_s(&seed, seeds[i]);
			buf_addch(&seed, ':');
		}
		buf_addf(&seed, "%" PRId64, cur);
		int64_t r;
		if ((rc = mt_fqdn_rand(&r, fqdn.ptr, (int64_t)nch, seed.ptr,
				       false)) < 0) {
			rc = fn_error(c, "%s", err_last());
			break;
		}
		buf_add(&res, set + off[r], cl[r]);
	}
	if (!rc)
		*out = str_buf(c, &res);
	buf_release(&fqdn);
	buf_release(&seed);
	buf_release(&res);
	return rc;
}

static int f_fqdn_rand_string(struct value **out, struct fn_call *c)
{
	if (!c->nargs)
		return fn_error(
			c,
			"fqdn_rand_string(): Wrong number of arguments given (0 for minimum 1)");
	if (fnarg_need_ctx(c) < 0)
		return -1;
	struct value *lv = fnarg_arg3(c, 0),
		     *cs = c->nargs > 1 ? fnarg_arg3(c, 1) : NULL;
	int64_t length = 0;
	if (lv->kind == VAL_INT)
		length = lv->u.n.i;
	else if (lv->kind == VAL_STRING)
		mt_ruby_to_i(&length, lv->u.s.ptr);
	if (!is_integer3(lv) || length <= 0)
		return fn_error(
			c,
			"fqdn_rand_string(): first argument must be a positive integer");
	if (cs && cs->kind != VAL_STRING)
		return fn_error(
			c,
			"fqdn_rand_string(): second argument must be undef or a string");
	struct value **seeds =
		arena_alloc(c->arena, (c->nargs + 1) * sizeof(*seeds));
	for (size_t i = 2; i < c->nargs; i++)
		seeds[i - 2] = fnarg_arg3(c, i);
	return rand_string(out, c, length, cs, seeds,
			   c->nargs > 2 ? c->nargs - 2 : 0);
}

/* stdlib 9: stdlib::fqdn_rand_string(Integer[1], Optional[String], Any *seed) */
static int f_stdlib_fqdn_rand_string(struct value **out, struct fn_call *c)
{
	static const struct stdlib3_param ps[] = {
		{"length", "Integer[1]", false},
		{"charset", "Optional[String]", false},
		{"seed", "Any", true},
	};
	if (stdlib3_check(c, ps, ARRAY_SIZE(ps)) < 0 || fnarg_need_ctx(c) < 0)
		return -1;
	return rand_string(out, c, c->args[0]->u.n.i,
			   c->nargs > 1 ? c->args[1] : NULL, c->args + 2,
			   c->nargs > 2 ? c->nargs - 2 : 0);
}

/* fqdn_rotate's rotation: by deterministic_rand(MD5("FQDN:SEEDS")) */
static int rotate(struct value **out, struct fn_call *c, struct value *v,
		  const struct value *fqdn, struct value **seeds, size_t nseeds)
{
	size_t n = v->kind == VAL_ARRAY
			   ? v->u.arr.n
			   : fnarg_utf8_count(v->u.s.ptr, v->u.s.len);
	if (n <= 1) {
		*out = v;
		return 0;
	}
	struct buf seed = BUF_INIT;
	if (fqdn)
		fnarg_ruby3_s(&seed, fqdn);
	buf_addch(&seed, ':');
	for (size_t i = 0; i < nseeds; i++) {
		if (i)
			buf_addch(&seed, ':');
		fnarg_ruby3_s(&seed, seeds[i]);
	}
	unsigned char d[HASH_MD5_LEN];
	hash_md5(d, seed.ptr, seed.len);
	buf_release(&seed);
	size_t off = (size_t)mt_digest_rand(d, n);
	if (v->kind == VAL_ARRAY) {
		struct value *r = val_array(c->arena, n);
		for (size_t i = 0; i < n; i++)
			val_array_push(c->arena, r, v->u.arr.v[(i + off) % n]);
		*out = r;
		return 0;
	}
	size_t *o = arena_alloc(c->arena, v->u.s.len * sizeof(size_t));
	size_t *cl = arena_alloc(c->arena, v->u.s.len * sizeof(size_t));
	utf8_chars(o, cl, v->u.s.ptr, v->u.s.len);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++)
		buf_add(&b, v->u.s.ptr + o[(i + off) % n], cl[(i + off) % n]);
	*out = str_buf(c, &b);
	buf_release(&b);
	return 0;
}

static int f_fqdn_rotate(struct value **out, struct fn_call *c)
{
	if (!c->nargs)
		return stdlib3_arity(c, "1");
	if (fnarg_need_ctx(c) < 0)
		return -1;
	struct value *v = fnarg_arg3(c, 0);
	if (v->kind != VAL_ARRAY && v->kind != VAL_STRING)
		return fn_error(
			c,
			"fqdn_rotate(): Requires either array or string to work with");
	struct value **seeds = arena_alloc(c->arena, c->nargs * sizeof(*seeds));
	for (size_t i = 1; i < c->nargs; i++)
		seeds[i - 1] = fnarg_arg3(c, i);
	return rotate(out, c, v, fnarg_topvar(c, "fqdn"), seeds, c->nargs - 1);
}

/* stdlib 9: stdlib::fqdn_rotate(String|Array, Variant[Integer, String] *seeds),
 * seeded from $facts['networking']['fqdn'] */
static int f_stdlib_fqdn_rotate(struct value **out, struct fn_call *c)
{
	bool is_s = c->args[0]->kind == VAL_STRING;
	const struct stdlib3_param ps[] = {
		{"input", is_s ? "String" : "Array", false},
		{"seeds", "Variant[Integer, String]", true},
	};
	if (!is_s && c->args[0]->kind != VAL_ARRAY)
		return fn_error(
			c,
			"'%s' parameter 'input' expects a value of type String or Array, got %s",
			c->name, fnarg_label(c->arena, c->args[0]));
	if (stdlib3_check(c, ps, ARRAY_SIZE(ps)) < 0 || fnarg_need_ctx(c) < 0)
		return -1;
	return rotate(out, c, c->args[0], fqdn_value(c), c->args + 1,
		      c->nargs - 1);
}

static int f_seeded_rand_string(struct value **out, struct fn_call *c)
{
	static const struct stdlib3_param ps[] = {
		{"length", "Integer[1]", false},
		{"seed", "String", false},
		{"charset", "String[2]", false},
	};
	if (stdlib3_check(c, ps, ARRAY_SIZE(ps)) < 0)
		return -1;
	const char *set =
		c->nargs > 2 ? c->args[2]->u.s.ptr : alnum_lower_first;
	size_t setlen =
		c->nargs > 2 ? c->args[2]->u.s.len : strlen(alnum_lower_first);
	size_t *off = arena_alloc(c->arena, setlen * sizeof(size_t));
	size_t *cl = arena_alloc(c->arena, setlen * sizeof(size_t));
	size_t nch = utf8_chars(off, cl, set, setlen);
	/* Random.new(Digest::SHA256.hexdigest(seed).to_i(16)) */
	unsigned char d[HASH_SHA256_LEN];
	hash_sha256(d, c->args[1]->u.s.ptr, c->args[1]->u.s.len);
	uint32_t words[8];
	for (int i = 0; i < 8; i++) {
		const unsigned char *p = d + 28 - 4 * i;
		words[i] = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
			   (uint32_t)p[2] << 8 | p[3];
	}
	struct mt_state mt;
	mt_seed_words(&mt, words, 8);
	struct buf b = BUF_INIT;
	for (int64_t i = 0; i < c->args[0]->u.n.i; i++) {
		size_t k = (size_t)mt_rand_int(&mt, nch);
		buf_add(&b, set + off[k], cl[k]);
	}
	*out = str_buf(c, &b);
	buf_release(&b);
	return 0;
}

static int f_fqdn_uuid(struct value **out, struct fn_call *c)
{
	if (!c->nargs)
		return fn_error(c, "fqdn_uuid: No arguments given");
	if (c->nargs != 1)
		return fn_error(c, "fqdn_uuid: Too many arguments given (%zu)",
				c->nargs);
	struct value *v = fnarg_arg3(c, 0);
	if (v->kind != VAL_STRING)
		return fn_error(c, "no implicit conversion of %s into String",
				fnarg_ruby_class(v));
	static const unsigned char ns_dns[16] = {
		0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1,
		0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
	};
	struct hash_sha1 h;
	unsigned char d[HASH_SHA1_LEN];
	hash_sha1_init(&h);
	hash_sha1_update(&h, ns_dns, sizeof(ns_dns));
	hash_sha1_update(&h, v->u.s.ptr, v->u.s.len);
	hash_sha1_final(d, &h);
	d[6] = (unsigned char)((d[6] & 0x0f) | 0x50);
	d[8] = (unsigned char)((d[8] & 0x3f) | 0x80);
	struct buf b = BUF_INIT;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			buf_addch(&b, '-');
		buf_addf(&b, "%02x", d[i]);
	}
	*out = str_buf(c, &b);
	buf_release(&b);
	return 0;
}

/*
 * crypt(3) from the system's libcrypt, as Ruby's String#crypt calls it:
 * opened on first use (util/lazylib.h), so that tend does not link it for
 * one function. Returns the hash, or NULL with err_set().
 */
static const char *const crypt_names[] = { "crypt_rn", NULL };
static void *crypt_fns[1];
static struct lazylib libcrypt = { .soname = "libcrypt.so.1", .names = crypt_names,
				   .fns = crypt_fns };

static char *sys_crypt(struct arena *a, const char *pw, const char *setting)
{
	if (lazylib_load(&libcrypt) < 0) {
		err_set("pw_hash(): %s", libcrypt.why);
		return NULL;
	}
	typedef char *crypt_rn_fn(const char *, const char *, void *, int);
	crypt_rn_fn *fn;
	*(void **)&fn = crypt_fns[0];
	char *res = NULL;
	struct crypt_data *data = xcalloc(1, sizeof(*data));
	char *r = fn(pw, setting, data, (int)sizeof(*data));
	if (!r || r[0] == '*')
		err_set("Invalid argument - crypt");
	else
		res = arena_strdup(a, r);
	free(data);
	return res;
}

static bool bcrypt_salt_ok(const char *s)
{
	/* ^[0-9]{2}\$[./A-Za-z0-9]{22} at the start of any line */
	for (const char *l = s; l;
	     l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		bool ok = isdigit((unsigned char)l[0]) &&
			  isdigit((unsigned char)l[1]) && l[2] == '$';
		for (int i = 3; ok && i < 25; i++)
			ok = isalnum((unsigned char)l[i]) || l[i] == '.' ||
			     l[i] == '/';
		if (ok)
			return true;
	}
	return false;
}

static int f_pw_hash(struct value **out, struct fn_call *c)
{
	static const struct {
		const char *name, *prefix;
		bool bcrypt;
	} types[] = {
		{"md5", "1", false},	  {"sha-256", "5", false},
		{"sha-512", "6", false},  {"bcrypt", "2b", true},
		{"bcrypt-a", "2a", true}, {"bcrypt-x", "2x", true},
		{"bcrypt-y", "2y", true},
	};
	if (c->nargs != 3)
		return stdlib3_arity(c, "3");
	struct value *pw = fnarg_arg3(c, 0), *ht = fnarg_arg3(c, 1),
		     *salt = fnarg_arg3(c, 2);
	if (pw->kind != VAL_STRING)
		return fn_error(c,
				"pw_hash(): first argument must be a string");
	if (ht->kind != VAL_STRING)
		return fn_error(c,
				"pw_hash(): second argument must be a string");
	size_t t;
	for (t = 0; t < ARRAY_SIZE(types); t++)
		if (!strcasecmp(types[t].name, ht->u.s.ptr))
			break;
	if (t == ARRAY_SIZE(types))
		return fn_error(c, "pw_hash(): %s is not a valid hash type",
				ht->u.s.ptr);
	if (salt->kind != VAL_STRING)
		return fn_error(c,
				"pw_hash(): third argument must be a string");
	if (!salt->u.s.len)
		return fn_error(c,
				"pw_hash(): third argument must not be empty");
	if (types[t].bcrypt) {
		if (!bcrypt_salt_ok(salt->u.s.ptr))
			return fn_error(
				c,
				"pw_hash(): characters in salt must match (?-mix:^[0-9]{2}\\$[.\\/A-Za-z0-9]{22})");
	} else {
		bool ok = strlen(salt->u.s.ptr) == salt->u.s.len;
		for (size_t i = 0; ok && i < salt->u.s.len; i++)
			ok = isalnum((unsigned char)salt->u.s.ptr[i]) ||
			     salt->u.s.ptr[i] == '.' || salt->u.s.ptr[i] == '/';
		if (!ok)
			return fn_error(
				c,
				"pw_hash(): characters in salt must be in the set [a-zA-Z0-9./]");
	}
	if (!pw->u.s.len) {
		*out = val_undef();
		return 0;
	}
	const char *setting = arena_strfmt(c->arena, "$%s$%s", types[t].prefix,
					   salt->u.s.ptr);
	char *r = sys_crypt(c->arena, pw->u.s.ptr, setting);
	if (!r)
		return fn_error(c, "%s", err_last());
	*out = val_strz(c->arena, r);
	return 0;
}

static int f_str2saltedsha512(struct value **out, struct fn_call *c)
{
	if (c->nargs != 1)
		return fn_error(
			c,
			"str2saltedsha512(): Wrong number of arguments passed (%zu but we require 1)",
			c->nargs);
	struct value *pw = fnarg_arg3(c, 0);
	if (pw->kind != VAL_STRING)
		return fn_error(
			c,
			"str2saltedsha512(): Requires a String argument, you passed: %s",
			fnarg_ruby_class(pw));
	/* rand(2**31 - 1) packed as a native (little-endian) 32-bit word */
	uint32_t seed = randombytes_uniform(0x7fffffffu);
	unsigned char in[4];
	for (int i = 0; i < 4; i++)
		in[i] = (unsigned char)(seed >> (8 * i));
	crypto_hash_sha512_state st;
	unsigned char d[crypto_hash_sha512_BYTES];
	crypto_hash_sha512_init(&st);
	crypto_hash_sha512_update(&st, in, 4);
	crypto_hash_sha512_update(&st, (const unsigned char *)pw->u.s.ptr,
				  pw->u.s.len);
	crypto_hash_sha512_final(&st, d);
	char hex[2 * (4 + sizeof(d)) + 1];
	hash_to_hex(hex, in, 4);
	hash_to_hex(hex + 8, d, sizeof(d));
	*out = val_strz(c->arena, hex);
	return 0;
}

/* PBKDF2 with HMAC-SHA512 (RFC 8018), as OpenSSL::PKCS5.pbkdf2_hmac. */
static void pbkdf2_sha512(unsigned char *out, size_t outlen, const char *pw,
			  size_t pwlen, const char *salt, size_t saltlen,
			  int64_t iter)
{
	for (uint32_t block = 1; outlen; block++) {
		unsigned char be[4] = {(unsigned char)(block >> 24),
				       (unsigned char)(block >> 16),
				       (unsigned char)(block >> 8),
				       (unsigned char)block};
		unsigned char u[crypto_auth_hmacsha512_BYTES],
			t[crypto_auth_hmacsha512_BYTES];
		crypto_auth_hmacsha512_state st;
		crypto_auth_hmacsha512_init(&st, (const unsigned char *)pw,
					    pwlen);
		crypto_auth_hmacsha512_update(&st, (const unsigned char *)salt,
					      saltlen);
		crypto_auth_hmacsha512_update(&st, be, 4);
		crypto_auth_hmacsha512_final(&st, u);
		memcpy(t, u, sizeof(t));
		for (int64_t i = 1; i < iter; i++) {
			crypto_auth_hmacsha512_init(
				&st, (const unsigned char *)pw, pwlen);
			crypto_auth_hmacsha512_update(&st, u, sizeof(u));
			crypto_auth_hmacsha512_final(&st, u);
			for (size_t k = 0; k < sizeof(t); k++)
				t[k] ^= u[k];
		}
		size_t n = outlen < sizeof(t) ? outlen : sizeof(t);
		memcpy(out, t, n);
		out += n;
		outlen -= n;
	}
}

static int f_str2saltedpbkdf2(struct value **out, struct fn_call *c)
{
	if (c->nargs != 3)
		return fn_error(
			c,
			"str2saltedpbkdf2(): wrong number of arguments (%zu for 3)",
			c->nargs);
	struct value *pw = fnarg_arg3(c, 0), *salt = fnarg_arg3(c, 1),
		     *it = fnarg_arg3(c, 2);
	if (pw->kind != VAL_STRING)
		return fn_error(
			c,
			"str2saltedpbkdf2(): first argument must be a string");
	if (salt->kind != VAL_STRING)
		return fn_error(
			c,
			"str2saltedpbkdf2(): second argument must be a string");
	if (salt->u.s.len < 8)
		return fn_error(
			c,
			"str2saltedpbkdf2(): second argument must be at least 8 bytes long");
	if (it->kind != VAL_INT)
		return fn_error(
			c,
			"str2saltedpbkdf2(): third argument must be an integer");
	if (it->u.n.i <= 40000 || it->u.n.i >= 70000)
		return fn_error(
			c,
			"str2saltedpbkdf2(): third argument must be between 40,000 and 70,000");
	unsigned char key[128];
	pbkdf2_sha512(key, sizeof(key), pw->u.s.ptr, pw->u.s.len, salt->u.s.ptr,
		      salt->u.s.len, it->u.n.i);
	char hex[2 * sizeof(key) + 1];
	hash_to_hex(hex, key, sizeof(key));
	struct buf sh = BUF_INIT;
	for (size_t i = 0; i < salt->u.s.len; i++)
		buf_addf(&sh, "%02x", (unsigned char)salt->u.s.ptr[i]);
	struct value *h = val_hash(c->arena, 3);
	val_hash_set_str(c->arena, h, "password_hex", val_strz(c->arena, hex));
	val_hash_set_str(c->arena, h, "salt_hex", str_buf(c, &sh));
	val_hash_set_str(c->arena, h, "iterations", it);
	buf_release(&sh);
	*out = h;
	return 0;
}

/* apache::pw_hash: {SHA} + base64(sha1(password)) */
static int f_apache_pw_hash(struct value **out, struct fn_call *c)
{
	static const struct stdlib3_param ps[] = {
		{"password", "String[1]", false}};
	const char *name = c->name;
	if (strcmp(name, "apache::pw_hash")) {
		fn_warn(c,
			"This function is deprecated, please use apache::pw_hash instead.");
		c->name = "apache::pw_hash";
		if (c->nargs != 1) {
			int rc = fn_error(
				c,
				"'apache::pw_hash' expects 1 argument, got %zu",
				c->nargs);
			c->name = name;
			return rc;
		}
	}
	int rc = stdlib3_check(c, ps, ARRAY_SIZE(ps));
	c->name = name;
	if (rc < 0)
		return -1;
	unsigned char d[HASH_SHA1_LEN];
	hash_sha1(d, c->args[0]->u.s.ptr, c->args[0]->u.s.len);
	static const char tab[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	struct buf b = BUF_INIT;
	buf_addstr(&b, "{SHA}");
	for (size_t i = 0; i < sizeof(d); i += 3) {
		uint32_t w = (uint32_t)d[i] << 16;
		if (i + 1 < sizeof(d))
			w |= (uint32_t)d[i + 1] << 8;
		if (i + 2 < sizeof(d))
			w |= d[i + 2];
		buf_addch(&b, tab[(w >> 18) & 63]);
		buf_addch(&b, tab[(w >> 12) & 63]);
		buf_addch(&b, i + 1 < sizeof(d) ? tab[(w >> 6) & 63] : '=');
		buf_addch(&b, i + 2 < sizeof(d) ? tab[w & 63] : '=');
	}
	*out = str_buf(c, &b);
	buf_release(&b);
	return 0;
}

/* ---- glob, reject, shuffle, time, try_get_value ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of dir (without . and ..), sorted bytewise, in arena a. */
static size_t read_dir(char ***out, struct arena *a, const char *dir)
{
	DIR *d = opendir(*dir ? dir : ".");
	size_t n = 0, alloc = 0;
	char **v = NULL;
	struct dirent *de;
	while (d && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (n == alloc) {
			size_t na = alloc ? 2 * alloc : 16;
			v = arena_realloc(a, v, alloc * sizeof(*v),
					  na * sizeof(*v));
			alloc = na;
		}
		v[n++] = arena_strdup(a, de->d_name);
	}
	if (d)
		closedir(d);
	if (n)
		qsort(v, n, sizeof(*v), cmp_str);
	*out = v;
	return n;
}

static bool has_magic(const char *s)
{
	return strpbrk(s, "*?[\\") != NULL;
}

static bool is_dir(const char *path, bool follow)
{
	struct stat st;
	int r = follow ? stat(*path ? path : ".", &st)
		       : lstat(*path ? path : ".", &st);
	return r == 0 && S_ISDIR(st.st_mode);
}

struct globber {
	struct fn_call *c;
	struct value *out;
	char **comp; /* the pattern's components */
	size_t ncomp;
};

static void glob_join(struct buf *b, const char *base, const char *name)
{
	buf_reset(b);
	buf_addstr(b, base);
	if (*base && base[strlen(base) - 1] != '/')
		buf_addch(b, '/');
	buf_addstr(b, name);
}

/* Matches components comp[i..] below `base` (a path prefix as the pattern
 * wrote it, "" for relative). */
static void glob_walk(struct globber *g, const char *base, size_t i)
{
	struct arena *a = g->c->arena;
	if (i == g->ncomp) {
		struct stat st;
		if (lstat(*base ? base : ".", &st) == 0)
			val_array_push(a, g->out, val_strz(a, base));
		return;
	}
	const char *pat = g->comp[i];
	struct buf p = BUF_INIT;
	if (!*pat) { /* a trailing '/': directories only */
		if (is_dir(base, true))
			val_array_push(
				a, g->out,
				val_strz(a, arena_strfmt(a, "%s/", base)));
		return;
	}
	if (!strcmp(pat, "**") && i + 1 < g->ncomp) {
		/* zero or more directories, hidden ones and symlinks not followed */
		glob_walk(g, base, i + 1);
		char **ents;
		size_t n = read_dir(&ents, a, base);
		for (size_t k = 0; k < n; k++) {
			if (ents[k][0] == '.')
				continue;
			glob_join(&p, base, ents[k]);
			if (is_dir(p.ptr, false))
				glob_walk(g, arena_strdup(a, p.ptr), i);
		}
		buf_release(&p);
		return;
	}
	if (!has_magic(pat)) {
		glob_join(&p, base, pat);
		char *next = arena_strdup(a, p.ptr);
		buf_release(&p);
		if (i + 1 == g->ncomp || is_dir(next, true))
			glob_walk(g, next, i + 1);
		return;
	}
	char **ents;
	size_t n = read_dir(&ents, a, base);
	for (size_t k = 0; k < n; k++) {
		if (fnmatch(pat, ents[k], FNM_PERIOD))
			continue;
		glob_join(&p, base, ents[k]);
		char *next = arena_strdup(a, p.ptr);
		if (i + 1 == g->ncomp || is_dir(next, true))
			glob_walk(g, next, i + 1);
	}
	buf_release(&p);
}

/* Ruby's brace expansion: "a{b,c}d" → "abd", "acd", nested, in order. */
static void brace_expand(struct arena *a, const char *pat, char ***list,
			 size_t *n, size_t *alloc)
{
	const char *open = NULL;
	int depth = 0;
	for (const char *p = pat; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (*p == '{') {
			if (!depth)
				open = p;
			depth++;
		} else if (*p == '}' && depth && !--depth) {
			const char *alt = open + 1;
			int d2 = 0;
			for (const char *q = open + 1; q <= p; q++) {
				if (*q == '\\' && q[1] && q < p) {
					q++;
					continue;
				}
				if (*q == '{')
					d2++;
				else if (*q == '}' && d2)
					d2--;
				else if ((*q == ',' && !d2) || q == p) {
					char *s = arena_strfmt(
						a, "%.*s%.*s%s",
						(int)(open - pat), pat,
						(int)(q - alt), alt, p + 1);
					brace_expand(a, s, list, n, alloc);
					alt = q + 1;
				}
			}
			return;
		}
	}
	if (*n == *alloc) {
		size_t na = *alloc ? 2 * *alloc : 4;
		*list = arena_realloc(a, *list, *alloc * sizeof(**list),
				      na * sizeof(**list));
		*alloc = na;
	}
	(*list)[(*n)++] = arena_strdup(a, pat);
}

static void glob_one(struct globber *g, const char *pattern)
{
	struct arena *a = g->c->arena;
	char **pats = NULL;
	size_t np = 0, alloc = 0;
	brace_expand(a, pattern, &pats, &np, &alloc);
	for (size_t k = 0; k < np; k++) {
		const char *pat = pats[k];
		const char *base = "";
		if (*pat == '/') {
			base = "/";
			while (*pat == '/')
				pat++;
		}
		/* components, keeping an empty last one for a trailing '/' */
		size_t n = 1;
		for (const char *q = pat; *q; q++)
			n += *q == '/';
		g->comp = arena_alloc(a, n * sizeof(*g->comp));
		g->ncomp = 0;
		for (const char *q = pat;;) {
			const char *sl = strchr(q, '/');
			size_t len = sl ? (size_t)(sl - q) : strlen(q);
			if (len || !sl)
				g->comp[g->ncomp++] = arena_memdupz(a, q, len);
			if (!sl)
				break;
			q = sl + 1;
		}
		if (!*pat)
			continue;
		glob_walk(g, base, 0);
	}
}

static int f_glob(struct value **out, struct fn_call *c)
{
	if (c->nargs != 1)
		return fn_error(
			c,
			"glob(): Wrong number of arguments given (%zu for 1)",
			c->nargs);
	struct value *v = fnarg_arg3(c, 0);
	if (v->kind != VAL_STRING && v->kind != VAL_ARRAY)
		return fn_error(
			c, "glob(): Requires either array or string to work");
	struct globber g = {c, val_array(c->arena, 8), NULL, 0};
	if (v->kind == VAL_STRING) {
		glob_one(&g, v->u.s.ptr);
	} else {
		for (size_t i = 0; i < v->u.arr.n; i++) {
			if (!is_str(v->u.arr.v[i]))
				return fn_error(
					c,
					"no implicit conversion of %s into String",
					fnarg_ruby_class(v->u.arr.v[i]));
			glob_one(&g, v->u.arr.v[i]->u.s.ptr);
		}
	}
	*out = g.out;
	return 0;
}

static int f_reject(struct value **out, struct fn_call *c)
{
	if (c->nargs != 2)
		return fn_error(
			c,
			"reject(): Wrong number of arguments given %zu for 2",
			c->nargs);
	struct value *arr = fnarg_arg3(c, 0), *pat = fnarg_arg3(c, 1);
	const char *src;
	size_t len;
	if (pat->kind == VAL_STRING) {
		src = pat->u.s.ptr;
		len = pat->u.s.len;
	} else if (pat->kind == VAL_REGEX) {
		src = pat->u.re.src;
		len = strlen(src);
	} else {
		return fn_error(c, "no implicit conversion of %s into String",
				fnarg_ruby_class(pat));
	}
	void *code;
	if (regex_compile_src(&code, c->arena, src, len, 0) < 0)
		return fn_error(c, "%s", err_last());
	if (arr->kind == VAL_HASH) {
		*out = arr;
		return 0;
	}
	if (arr->kind != VAL_ARRAY) {
		struct buf b = BUF_INIT;
		fnarg_ruby3_inspect(&b, arr, true);
		fn_error(c, "undefined method `reject' for %s:%s", b.ptr,
			 fnarg_ruby_class(arr));
		buf_release(&b);
		return -1;
	}
	struct value *res = val_array(c->arena, arr->u.arr.n);
	for (size_t i = 0; i < arr->u.arr.n; i++) {
		struct value *e = arr->u.arr.v[i];
		if (e->kind == VAL_STRING) {
			struct regex_hit h = REGEX_HIT_INIT;
			int r = regex_search(&h, code, e->u.s.ptr, e->u.s.len,
					     0, 0);
			regex_hit_release(&h);
			if (r < 0)
				return fn_error(c, "%s", err_last());
			if (r > 0)
				continue;
		}
		val_array_push(c->arena, res, e);
	}
	*out = res;
	return 0;
}

static int f_shuffle(struct value **out, struct fn_call *c)
{
	if (!c->nargs)
		return stdlib3_arity(c, "1");
	struct value *v = fnarg_arg3(c, 0);
	if (v->kind != VAL_ARRAY && v->kind != VAL_STRING)
		return fn_error(
			c,
			"shuffle(): Requires either array or string to work with");
	size_t n = v->kind == VAL_ARRAY ? v->u.arr.n : v->u.s.len;
	size_t *o = arena_alloc(c->arena, (n + 1) * sizeof(size_t));
	size_t *cl = arena_alloc(c->arena, (n + 1) * sizeof(size_t));
	if (v->kind == VAL_STRING)
		n = utf8_chars(o, cl, v->u.s.ptr, v->u.s.len);
	else
		for (size_t i = 0; i < n; i++)
			o[i] = i;
	if (n <= 1) {
		*out = v;
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		size_t j = i + randombytes_uniform((uint32_t)(n - i));
		size_t t = o[i];
		o[i] = o[j];
		o[j] = t;
		t = cl[i];
		cl[i] = cl[j];
		cl[j] = t;
	}
	if (v->kind == VAL_ARRAY) {
		struct value *r = val_array(c->arena, n);
		for (size_t i = 0; i < n; i++)
			val_array_push(c->arena, r, v->u.arr.v[o[i]]);
		*out = r;
		return 0;
	}
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++)
		buf_add(&b, v->u.s.ptr + o[i], cl[i]);
	*out = str_buf(c, &b);
	buf_release(&b);
	return 0;
}

static int f_time(struct value **out, struct fn_call *c)
{
	if (c->nargs > 1)
		return fn_error(
			c,
			"time(): Wrong number of arguments given %zu for 0 or 1",
			c->nargs);
	*out = val_int(c->arena, (int64_t)time(NULL));
	return 0;
}

/* stdlib's dig44 walk: Integer() keys into arrays, nil or :undef stops */
static struct value *dig44(struct fn_call *c, struct value *data,
			   struct value *path)
{
	struct value *v = data;
	for (size_t i = 0; i < path->u.arr.n; i++) {
		struct value *k = path->u.arr.v[i];
		if (v->kind == VAL_ARRAY) {
			int64_t n;
			if (k->kind == VAL_INT)
				n = k->u.n.i;
			else if (k->kind != VAL_STRING ||
				 fnarg_ruby_integer(&n, k->u.s.ptr,
						    k->u.s.len) < 0)
				return NULL;
			if (n < 0)
				n += (int64_t)v->u.arr.n;
			if (n < 0 || (uint64_t)n >= v->u.arr.n)
				return NULL;
			v = v->u.arr.v[n];
		} else if (v->kind == VAL_HASH) {
			v = val_hash_get(v, k);
			if (!v)
				return NULL;
		} else {
			return NULL;
		}
		if (v->kind == VAL_UNDEF)
			return NULL;
	}
	(void)c;
	return v;
}

static int f_try_get_value(struct value **out, struct fn_call *c)
{
	if (!c->nargs)
		return fn_error(
			c,
			"try_get_value(): Wrong number of arguments given (0 for minimum 1)");
	fn_warn(c,
		"try_get_value() DEPRECATED: this function is deprecated, please use dig() instead.");
	struct value *data = fnarg_arg3(c, 0);
	struct value *path =
		c->nargs > 1 ? fnarg_arg3(c, 1) : val_str(c->arena, "", 0);
	struct value *dflt = c->nargs > 2 ? fnarg_arg3(c, 2) : NULL;
	bool is_coll = data->kind == VAL_HASH || data->kind == VAL_ARRAY;
	if (!is_coll || val_is_str(path, "")) {
		*out = dflt && !(dflt->kind == VAL_BOOL && !dflt->u.b) ? dflt
								       : data;
		return 0;
	}
	if (path->kind != VAL_STRING) {
		struct buf b = BUF_INIT;
		fnarg_ruby3_inspect(&b, path, true);
		fn_error(c, "undefined method `split' for %s:%s", b.ptr,
			 fnarg_ruby_class(path));
		buf_release(&b);
		return -1;
	}
	struct value *sepv = c->nargs > 3 ? fnarg_arg3(c, 3) : NULL;
	const char *sep =
		sepv && sepv->kind == VAL_STRING ? sepv->u.s.ptr : "/";
	size_t seplen = strlen(sep);
	struct value *keys = val_array(c->arena, 4);
	const char *s = path->u.s.ptr, *end = s + path->u.s.len;
	/* String#split(sep): " " splits on runs of whitespace, "" into characters */
	bool awk = !strcmp(sep, " ");
	while (s < end) {
		const char *q;
		size_t skip;
		if (awk) {
			while (s < end && ruby_space(*s))
				s++;
			if (s >= end)
				break;
			q = s;
			while (q < end && !ruby_space(*q))
				q++;
			skip = 1;
		} else if (!seplen) {
			q = s + fnarg_utf8_clen(s, (size_t)(end - s), 0);
			skip = 0;
		} else {
			q = memmem(s, (size_t)(end - s), sep, seplen);
			if (!q)
				q = end;
			skip = seplen;
		}
		struct value *k = val_str(c->arena, s, (size_t)(q - s));
		bool digits = q > s;
		for (const char *d = s; d < q; d++)
			digits = digits && isdigit((unsigned char)*d);
		if (digits) {
			int64_t n;
			if (mt_ruby_to_i(&n, k->u.s.ptr) == 0)
				k = val_int(c->arena, n);
		}
		val_array_push(c->arena, keys, k);
		s = q + skip;
		if (q >= end)
			break;
	}
	/* trailing empty fields go */
	while (keys->u.arr.n &&
	       val_is_str(keys->u.arr.v[keys->u.arr.n - 1], ""))
		keys->u.arr.n--;
	struct value *v = dig44(c, data, keys);
	*out = v ? v : (dflt ? dflt : val_undef());
	return 0;
}

/* ---- validate_augeas, validate_cmd, str2resource ---- */

static int f_validate_augeas(struct value **out UNUSED, struct fn_call *c)
{
	/* Puppet 7 defines no augeas feature (it moved to augeas_core) */
	return fn_error(
		c,
		"validate_augeas(): this function requires the augeas feature. See http://docs.puppetlabs.com/guides/augeas.html#pre-requisites for how to activate it.");
}

/*
 * validate_cmd(content, command, [message]): runs the command on a
 * temporary file holding the content (the file's path replaces a lone %,
 * or is appended) through /bin/sh, as Puppet's execution of a command
 * string does; a failure is a compile error.
 */
static int f_validate_cmd(struct value **out, struct fn_call *c)
{
	if (c->nargs < 2 || c->nargs > 3)
		return fn_error(
			c,
			"validate_cmd(): wrong number of arguments (%zu; must be 2 or 3)",
			c->nargs);
	struct value *content = fnarg_arg3(c, 0), *cmd = fnarg_arg3(c, 1);
	struct buf msg = BUF_INIT, path = BUF_INIT, line = BUF_INIT,
		   output = BUF_INIT;
	if (c->nargs > 2 && fnarg_arg3(c, 2)->kind != VAL_STRING)
		fnarg_ruby3_s(&msg, fnarg_arg3(c, 2));
	else if (c->nargs > 2 && fnarg_arg3(c, 2)->u.s.len)
		buf_addstr(&msg, fnarg_arg3(c, 2)->u.s.ptr);
	else if (c->nargs > 2)
		; /* an empty message stays empty, as in Ruby */
	else {
		buf_addstr(
			&msg,
			"validate_cmd(): failed to validate content with command ");
		struct buf q = BUF_INIT;
		fnarg_ruby3_inspect(&q, cmd, true);
		buf_addstr(&msg, q.ptr);
		buf_release(&q);
	}
	const char *tmp = getenv("TMPDIR");
	struct tm tm;
	time_t now = time(NULL);
	localtime_r(&now, &tm);
	buf_addf(&path, "%s/validate_cmd%04d%02d%02d-%ld-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, (long)getpid());
	int rc = 0;
	int fd = mkstemp(path.ptr);
	if (fd < 0) {
		rc = fn_error(c, "%s\nErrno::ENOENT %s", msg.ptr,
			      strerror(errno));
		goto out;
	}
	struct buf body = BUF_INIT;
	fnarg_ruby3_s(&body, content);
	size_t done = 0;
	while (done < body.len) {
		ssize_t w = write(fd, body.ptr + done, body.len - done);
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	close(fd);
	buf_release(&body);
	struct buf cs = BUF_INIT;
	fnarg_ruby3_s(&cs, cmd);
	/* %r{\s%(\s|$)}: every % becomes the path; else the path is appended */
	bool lone = false;
	for (size_t i = 1; i < cs.len && !lone; i++)
		lone = cs.ptr[i] == '%' && ruby_space(cs.ptr[i - 1]) &&
		       (i + 1 == cs.len || ruby_space(cs.ptr[i + 1]) ||
			cs.ptr[i + 1] == '\n');
	if (lone) {
		for (size_t i = 0; i < cs.len; i++) {
			if (cs.ptr[i] == '%')
				buf_addstr(&line, path.ptr);
			else
				buf_addch(&line, cs.ptr[i]);
		}
	} else {
		buf_addf(&line, "%s %s", cs.ptr, path.ptr);
	}
	buf_release(&cs);
	const char *argv[] = {"/bin/sh", "-c", line.ptr, NULL};
	struct proc_opts po = {0};
	po.merge_stderr = true;
	int st = proc_run(&output, NULL, argv, &po);
	unlink(path.ptr);
	if (st < 0)
		rc = fn_error(c, "%s\nPuppet::ExecutionFailure %s", msg.ptr,
			      err_last());
	else if (st != 0)
		rc = fn_error(c, "%s\nExecution of '%s' returned %d: %s",
			      msg.ptr, line.ptr, st, output.ptr);
out:
	buf_release(&msg);
	buf_release(&path);
	buf_release(&line);
	buf_release(&output);
	*out = val_undef();
	return rc;
}

/* Puppet::Resource.type_and_title("Type[title]") and a lookup of the
 * resource in the catalog so far. */
static int f_str2resource(struct value **out, struct fn_call *c)
{
	static const struct stdlib3_param ps[] = {
		{"res_string", "String", false}};
	if (stdlib3_check(c, ps, ARRAY_SIZE(ps)) < 0 || fnarg_need_ctx(c) < 0)
		return -1;
	const char *s = c->args[0]->u.s.ptr;
	size_t len = c->args[0]->u.s.len;
	const char *open = memchr(s, '[', len);
	bool ok = open && open > s && len >= 2 && s[len - 1] == ']' &&
		  (size_t)(open - s) + 2 < len &&
		  !memchr(s, ']', (size_t)(open - s));
	if (!ok) {
		struct buf q = BUF_INIT;
		fnarg_ruby_quote(&q, s, len);
		fn_error(
			c,
			"No title provided and %s is not a valid resource reference",
			q.ptr);
		buf_release(&q);
		return -1;
	}
	const char *tn = arena_memdupz(c->arena, s, (size_t)(open - s));
	if (tn[0] == ':' && tn[1] == ':')
		tn += 2;
	const char *type = cat_type_name(c->arena, tn);
	const char *title =
		arena_memdupz(c->arena, open + 1, len - (size_t)(open - s) - 2);
	if (!strcmp(type, "Class"))
		title = *title ? cat_type_name(c->arena,
					       title[0] == ':' &&
							       title[1] == ':'
						       ? title + 2
						       : title)
			       : "main";
	struct resource *r = cat_find(c->ctx->cat, type, title);
	if (!r)
		return fn_error(
			c,
			"stdlib::str2resource(): could not find %s[%s], this is parse order dependent and values should not be quoted",
			type, title);
	*out = eval_ref(c->ctx, r->type, r->title);
	return 0;
}

/* ---- stdlib 9: the stdlib:: names ---- */

/*
 * stdlib 9 moved its functions under stdlib:: (the old names became
 * deprecated wrappers). Where the namespaced function does what the old
 * one did, it is the same implementation under the new name (messages
 * name the function as called); the others are here.
 */
static int f_stdlib_alias(struct value **out, struct fn_call *c)
{
	const char *name =
		strstr(c->name, "::") ? strstr(c->name, "::") + 2 : c->name;
	const struct fn_def *d = fn_lookup(name);
	if (!d)
		BUG("no function '%s' behind '%s'", name, c->name);
	int n = (int)c->nargs;
	if (n < d->min_args || (d->max_args != FN_ANY && n > d->max_args)) {
		if (d->min_args == d->max_args)
			return fn_error(c,
					"'%s' expects %d argument%s, got %zu",
					c->name, d->min_args,
					d->min_args == 1 ? "" : "s", c->nargs);
		if (d->max_args == FN_ANY)
			return fn_error(
				c,
				"'%s' expects at least %d argument%s, got %zu",
				c->name, d->min_args,
				d->min_args == 1 ? "" : "s", c->nargs);
		return fn_error(
			c, "'%s' expects between %d and %d arguments, got %zu",
			c->name, d->min_args, d->max_args, c->nargs);
	}
	if ((d->flags & FN_LAMBDA) && !c->lambda)
		return fn_error(c, "'%s' requires a block", c->name);
	if (c->lambda && !(d->flags & (FN_LAMBDA | FN_LAMBDA_OPT)))
		return fn_error(c, "'%s' does not accept a block", c->name);
	return d->impl(out, c);
}

/* stdlib::has_interface_with(interface) / (kind, value) on the structured
 * $facts['networking']['interfaces'] */
static int f_stdlib_has_interface_with(struct value **out, struct fn_call *c)
{
	static const struct stdlib3_param one[] = {
		{"interface", "String[1]", false}};
	static const struct stdlib3_param two[] = {
		{"kind",
		 "Enum['macaddress', 'netmask', 'ipaddress', 'network', 'ip', 'mac']",
		 false},
		{"value", "String[1]", false},
	};
	/* two dispatches that differ in their counts of arguments */
	struct type_env env;
	stdlib3_type_env(&env, c);
	const struct stdlib3_param *ps = c->nargs == 1 ? one : two;
	for (size_t i = 0; i < c->nargs; i++) {
		struct value *t = stdlib3_type(c->arena, ps[i].type);
		if (type_match(t, c->args[i], &env))
			continue;
		const char *why = arena_strfmt(
			c->arena, "parameter '%s' %s", ps[i].name,
			type_mismatch_msg(c->arena, t, c->args[i], &env));
		return fn_error(
			c,
			"The function '%s' was called with arguments it does not accept. It expects one of:\n"
			"  (String[1] interface)\n    rejected: %s\n"
			"  (Enum['ip', 'ipaddress', 'mac', 'macaddress', 'netmask', 'network'] kind, String[1] value)\n    rejected: %s",
			c->name,
			c->nargs == 1 ? why : "expects 1 argument, got 2",
			c->nargs == 1 ? "expects 2 arguments, got 1" : why);
	}
	struct value *net = stdlib3_fact(c, "networking");
	struct value *ifs = net && net->kind == VAL_HASH
				    ? val_hash_get_str(net, "interfaces")
				    : NULL;
	bool hit = false;
	if (ifs && ifs->kind == VAL_HASH) {
		if (c->nargs == 1) {
			hit = val_hash_get(ifs, c->args[0]) != NULL;
		} else {
			const char *kind = c->args[0]->u.s.ptr;
			if (!strcmp(kind, "ipaddress"))
				kind = "ip";
			else if (!strcmp(kind, "macaddress"))
				kind = "mac";
			for (size_t i = 0; i < ifs->u.h.n && !hit; i++) {
				struct value *p = ifs->u.h.e[i].val;
				struct value *v =
					p->kind == VAL_HASH
						? val_hash_get_str(p, kind)
						: NULL;
				hit = v && fnarg_ruby_eq(v, c->args[1]);
			}
		}
	}
	*out = val_bool(hit);
	return 0;
}

static int f_stdlib_seeded_rand(struct value **out, struct fn_call *c)
{
	static const struct stdlib3_param ps[] = {
		{"max", "Integer[1]", false},
		{"seed", "String", false},
	};
	if (stdlib3_check(c, ps, ARRAY_SIZE(ps)) < 0)
		return -1;
	unsigned char d[HASH_MD5_LEN];
	hash_md5(d, c->args[1]->u.s.ptr, c->args[1]->u.s.len);
	*out = val_int(c->arena,
		       (int64_t)mt_digest_rand(d, (uint64_t)c->args[0]->u.n.i));
	return 0;
}

/* Ruby's to_s of a ScalarData value, what sha256 and crc32 digest */
static int scalar_s(struct buf *out, struct fn_call *c)
{
	static const struct stdlib3_param ps[] = {
		{"my_data",
		 "Variant[ScalarData, Sensitive[ScalarData], Binary, Sensitive[Binary]]",
		 false},
	};
	if (stdlib3_check(c, ps, ARRAY_SIZE(ps)) < 0)
		return -1;
	fnarg_ruby_s(out, c->args[0]);
	return 0;
}

static int f_stdlib_sha256(struct value **out, struct fn_call *c)
{
	struct buf s = BUF_INIT;
	if (scalar_s(&s, c) < 0) {
		buf_release(&s);
		return -1;
	}
	char hex[HASH_SHA256_HEXSZ];
	hash_sha256_hex(hex, s.ptr, s.len);
	buf_release(&s);
	*out = val_strz(c->arena, hex);
	return 0;
}

/* Zlib.crc32(s).to_s(16): CRC-32 (IEEE), lowercase hex, no padding */
static int f_stdlib_crc32(struct value **out, struct fn_call *c)
{
	struct buf s = BUF_INIT;
	if (scalar_s(&s, c) < 0) {
		buf_release(&s);
		return -1;
	}
	uint32_t crc = 0xffffffffu;
	for (size_t i = 0; i < s.len; i++) {
		crc ^= (unsigned char)s.ptr[i];
		for (int k = 0; k < 8; k++)
			crc = crc & 1 ? (crc >> 1) ^ 0xedb88320u : crc >> 1;
	}
	buf_release(&s);
	*out = val_strz(c->arena,
			arena_strfmt(c->arena, "%x", crc ^ 0xffffffffu));
	return 0;
}

/* stdlib::has_function: a function Puppet could load (native, in the
 * Puppet language, or a module's Ruby function) */
static int f_stdlib_has_function(struct value **out, struct fn_call *c)
{
	static const struct stdlib3_param ps[] = {
		{"function_name", "String[1]", false}};
	if (stdlib3_check(c, ps, ARRAY_SIZE(ps)) < 0 || fnarg_need_ctx(c) < 0)
		return -1;
	const char *name = c->args[0]->u.s.ptr;
	*out = val_bool(fn_lookup(name) || loader_find_function(c->ctx, name) ||
			rubytype_function_file(c->ctx, name));
	return 0;
}

static void nested_values(struct arena *a, struct value *out,
			  const struct value *h)
{
	for (size_t i = 0; i < h->u.h.n; i++) {
		struct value *v = h->u.h.e[i].val;
		if (v->kind == VAL_HASH)
			nested_values(a, out, v);
		else
			val_array_push(a, out, v);
	}
}

static int f_stdlib_nested_values(struct value **out, struct fn_call *c)
{
	static const struct stdlib3_param ps[] = {{"hash", "Hash", false}};
	if (stdlib3_check(c, ps, ARRAY_SIZE(ps)) < 0)
		return -1;
	struct value *r = val_array(c->arena, 8);
	nested_values(c->arena, r, c->args[0]);
	*out = r;
	return 0;
}

struct sort_key {
	struct value *key;
	size_t index;
};

static int cmp_key(const void *a, const void *b)
{
	const struct sort_key *x = a, *y = b;
	int r = val_compare(x->key, y->key);
	if (r)
		return r;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* stdlib::sort_by(Array|String|Hash) |$x| { key }: ordered by the keys */
static int f_stdlib_sort_by(struct value **out, struct fn_call *c)
{
	struct value *v = c->args[0];
	if (v->kind != VAL_ARRAY && v->kind != VAL_STRING &&
	    v->kind != VAL_HASH) {
		struct type_env env;
		stdlib3_type_env(&env, c);
		return fn_error(
			c,
			"The function '%s' was called with arguments it does not accept. It expects one of:\n"
			"  (Array ary, Callable[1, 1] block)\n    rejected: parameter 'ary' %s\n"
			"  (String str, Callable[1, 1] block)\n    rejected: parameter 'str' %s\n"
			"  (Hash hsh)\n    rejected: parameter 'hsh' %s",
			c->name,
			type_mismatch_msg(c->arena,
					  stdlib3_type(c->arena, "Array"), v,
					  &env),
			type_mismatch_msg(c->arena,
					  stdlib3_type(c->arena, "String"), v,
					  &env),
			type_mismatch_msg(c->arena,
					  stdlib3_type(c->arena, "Hash"), v,
					  &env));
	}
	size_t n = v->kind == VAL_ARRAY	 ? v->u.arr.n
		   : v->kind == VAL_HASH ? v->u.h.n
					 : v->u.s.len;
	struct value **elems = arena_alloc(c->arena, (n + 1) * sizeof(*elems));
	if (v->kind == VAL_STRING) {
		size_t k = 0;
		for (size_t i = 0; i < v->u.s.len; k++) {
			size_t l = fnarg_utf8_clen(v->u.s.ptr, v->u.s.len, i);
			elems[k] = val_str(c->arena, v->u.s.ptr + i, l);
			i += l;
		}
		n = k;
	}
	bool two = v->kind == VAL_HASH && fn_lambda_arity(c) == 2;
	struct sort_key *keys = arena_alloc(c->arena, (n + 1) * sizeof(*keys));
	for (size_t i = 0; i < n; i++) {
		struct value *args[2];
		size_t na = 1;
		if (v->kind == VAL_ARRAY) {
			args[0] = v->u.arr.v[i];
		} else if (v->kind == VAL_STRING) {
			args[0] = elems[i];
		} else if (two) {
			args[0] = v->u.h.e[i].key;
			args[1] = v->u.h.e[i].val;
			na = 2;
		} else {
			struct value *pair = val_array(c->arena, 2);
			val_array_push(c->arena, pair, v->u.h.e[i].key);
			val_array_push(c->arena, pair, v->u.h.e[i].val);
			args[0] = pair;
		}
		if (fn_call_lambda(&keys[i].key, c, args, na) < 0)
			return -1;
		keys[i].index = i;
	}
	qsort(keys, n, sizeof(*keys), cmp_key);
	if (v->kind == VAL_ARRAY) {
		struct value *r = val_array(c->arena, n);
		for (size_t i = 0; i < n; i++)
			val_array_push(c->arena, r, v->u.arr.v[keys[i].index]);
		*out = r;
	} else if (v->kind == VAL_STRING) {
		struct buf b = BUF_INIT;
		for (size_t i = 0; i < n; i++)
			buf_add(&b, elems[keys[i].index]->u.s.ptr,
				elems[keys[i].index]->u.s.len);
		*out = str_buf(c, &b);
		buf_release(&b);
	} else {
		struct value *r = val_hash(c->arena, n);
		for (size_t i = 0; i < n; i++)
			val_hash_set(c->arena, r, v->u.h.e[keys[i].index].key,
				     v->u.h.e[keys[i].index].val);
		*out = r;
	}
	return 0;
}

/* stdlib::validate_domain_name / stdlib::validate_email_address */
static int f_stdlib_validate_names(struct value **out, struct fn_call *c)
{
	bool mail = strstr(c->name, "email") != NULL;
	const struct stdlib3_param ps[] = {
		{"values",
		 mail ? "Stdlib::Email"
		      : "Variant[Stdlib::Fqdn, Stdlib::Dns::Zone]",
		 true},
	};
	if (stdlib3_check(c, ps, ARRAY_SIZE(ps)) < 0)
		return -1;
	if (!c->nargs)
		return fn_error(
			c, "%s(): Wrong number of arguments need at least one",
			c->name);
	*out = val_undef();
	return 0;
}

/* stdlib 9's stdlib::time([timezone]): seconds since the epoch (the
 * timezone never mattered) */
static int f_stdlib_time(struct value **out, struct fn_call *c)
{
	static const struct stdlib3_param ps[] = {
		{"_timezone", "Optional[String]", false}};
	if (stdlib3_check(c, ps, ARRAY_SIZE(ps)) < 0)
		return -1;
	*out = val_int(c->arena, (int64_t)time(NULL));
	return 0;
}

const struct fn_def fn_stdlib5_table[] = {
	{"apache::apache_pw_hash", f_apache_pw_hash, 0, FN_ANY, 0},
	{"apache::pw_hash", f_apache_pw_hash, 1, 1, 0},
	{"apache_pw_hash", f_apache_pw_hash, 0, FN_ANY, 0},
	{"fqdn_rand_string", f_fqdn_rand_string, 0, FN_ANY, 0},
	{"fqdn_rotate", f_fqdn_rotate, 0, FN_ANY, 0},
	{"fqdn_uuid", f_fqdn_uuid, 0, FN_ANY, 0},
	{"glob", f_glob, 0, FN_ANY, 0},
	{"pw_hash", f_pw_hash, 0, FN_ANY, 0},
	{"reject", f_reject, 0, FN_ANY, 0},
	{"seeded_rand_string", f_seeded_rand_string, 2, 3, 0},
	{"shuffle", f_shuffle, 0, FN_ANY, 0},
	{"stdlib::batch_escape", f_stdlib_alias, 0, FN_ANY, FN_LAMBDA_OPT},
	{"stdlib::crc32", f_stdlib_crc32, 1, 1, 0},
	{"stdlib::fqdn_rand_string", f_stdlib_fqdn_rand_string, 1, FN_ANY, 0},
	{"stdlib::fqdn_rotate", f_stdlib_fqdn_rotate, 1, FN_ANY, 0},
	{"stdlib::has_function", f_stdlib_has_function, 1, 1, 0},
	{"stdlib::has_interface_with", f_stdlib_has_interface_with, 1, 2, 0},
	{"stdlib::merge", f_stdlib_alias, 0, FN_ANY, FN_LAMBDA_OPT},
	{"stdlib::nested_values", f_stdlib_nested_values, 1, 1, 0},
	{"stdlib::os_version_gte", f_stdlib_alias, 0, FN_ANY, FN_LAMBDA_OPT},
	{"stdlib::parsehocon", f_stdlib_alias, 0, FN_ANY, FN_LAMBDA_OPT},
	{"stdlib::powershell_escape", f_stdlib_alias, 0, FN_ANY, FN_LAMBDA_OPT},
	{"stdlib::seeded_rand", f_stdlib_seeded_rand, 2, 2, 0},
	{"stdlib::seeded_rand_string", f_stdlib_alias, 0, FN_ANY,
	 FN_LAMBDA_OPT},
	{"stdlib::sha256", f_stdlib_sha256, 1, 1, 0},
	{"stdlib::shell_escape", f_stdlib_alias, 0, FN_ANY, FN_LAMBDA_OPT},
	{"stdlib::sort_by", f_stdlib_sort_by, 1, 1, FN_LAMBDA},
	{"stdlib::str2resource", f_str2resource, 1, 1, 0},
	{"stdlib::time", f_stdlib_time, 0, 1, 0},
	{"stdlib::to_json", f_stdlib_alias, 0, FN_ANY, FN_LAMBDA_OPT},
	{"stdlib::to_json_pretty", f_stdlib_alias, 0, FN_ANY, FN_LAMBDA_OPT},
	{"stdlib::to_python", f_stdlib_alias, 0, FN_ANY, FN_LAMBDA_OPT},
	{"stdlib::to_ruby", f_stdlib_alias, 0, FN_ANY, FN_LAMBDA_OPT},
	{"stdlib::to_toml", f_stdlib_alias, 0, FN_ANY, FN_LAMBDA_OPT},
	{"stdlib::to_yaml", f_stdlib_alias, 0, FN_ANY, FN_LAMBDA_OPT},
	{"stdlib::type_of", f_stdlib_alias, 0, FN_ANY, FN_LAMBDA_OPT},
	{"stdlib::validate_domain_name", f_stdlib_validate_names, 0, FN_ANY, 0},
	{"stdlib::validate_email_address", f_stdlib_validate_names, 0, FN_ANY,
	 0},
	{"str2saltedpbkdf2", f_str2saltedpbkdf2, 0, FN_ANY, 0},
	{"str2saltedsha512", f_str2saltedsha512, 0, FN_ANY, 0},
	{"time", f_time, 0, FN_ANY, 0},
	{"try_get_value", f_try_get_value, 0, FN_ANY, 0},
	{"validate_augeas", f_validate_augeas, 0, FN_ANY, 0},
	{"validate_cmd", f_validate_cmd, 0, FN_ANY, 0},
	{NULL, NULL, 0, 0, 0},
};
