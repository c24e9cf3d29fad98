/* SPDX-License-Identifier: MIT */
/* facts_net.c: networking facts from getifaddrs(3), /proc/net and /etc */
#include "util/compat.h"
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include "facts/facts-internal.h"
#include "util/xalloc.h"

struct binding {
	int family;
	unsigned char addr[16]; /* network order; 4 bytes used for AF_INET */
	const char *address;	/* arena strings */
	const char *netmask;
	const char *network;
	struct value *flags; /* AF_INET6: from /proc/net/if_inet6, or NULL */
};

struct iface {
	const char *name;	 /* arena */
	const char *mac;	 /* arena, or NULL */
	int64_t mtu;		 /* -1 when unknown */
	struct binding *b4, *b6; /* in getifaddrs order */
	size_t n4, a4, n6, a6;
	struct value *h; /* networking.interfaces.NAME, once built */
};

struct ifaces {
	struct iface *v;
	size_t n, alloc;
};

static struct iface *iface_get(struct facts_ctx *c, struct ifaces *ifs,
			       const char *name)
{
	for (size_t i = 0; i < ifs->n; i++)
		if (!strcmp(ifs->v[i].name, name))
			return &ifs->v[i];
	ALLOC_GROW(ifs->v, ifs->n + 1, ifs->alloc);
	struct iface *f = &ifs->v[ifs->n++];
	memset(f, 0, sizeof(*f));
	f->name = arena_strdup(c->a, name);
	f->mtu = -1;
	return f;
}

/* Loopback, link-local (169.254/16, fe80::/10) and unique local (fc00::/7). */
static bool ignored_ip(const struct binding *b)
{
	const unsigned char *a = b->addr;
	if (b->family == AF_INET)
		return a[0] == 127 || (a[0] == 169 && a[1] == 254);
	static const unsigned char loop[16] = { [15] = 1 };
	return !memcmp(a, loop, 16) ||
	       (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) || (a[0] & 0xfe) == 0xfc;
}

static const char *scope6(const unsigned char *a)
{
	static const unsigned char zero[12];
	static const unsigned char loop[16] = { [15] = 1 };
	bool compat = !memcmp(a, zero, 12) &&
		      (a[12] | a[13] | a[14] | (a[15] & 0xfe)) != 0;
	const char *s;
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
		s = "link";
	else if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0)
		s = "site";
	else if (!memcmp(a, loop, 16))
		s = "host";
	else
		s = "global";
	if (!compat)
		return s;
	return !strcmp(s, "global") ? "compat,global" : s;
}

static void add_binding(struct facts_ctx *c, struct iface *f,
			const struct sockaddr *addr,
			const struct sockaddr *mask)
{
	int fam = addr->sa_family;
	size_t len = fam == AF_INET ? 4 : 16;
	const void *ap, *mp;
	if (fam == AF_INET) {
		ap = &((const struct sockaddr_in *)(const void *)addr)->sin_addr;
		mp = &((const struct sockaddr_in *)(const void *)mask)->sin_addr;
	} else {
		ap = &((const struct sockaddr_in6 *)(const void *)addr)
			      ->sin6_addr;
		mp = &((const struct sockaddr_in6 *)(const void *)mask)
			      ->sin6_addr;
	}
	struct binding b = { .family = fam };
	unsigned char m[16], net[16];
	char text[INET6_ADDRSTRLEN];
	memcpy(b.addr, ap, len);
	memcpy(m, mp, len);
	for (size_t i = 0; i < len; i++)
		net[i] = b.addr[i] & m[i];
	if (!inet_ntop(fam, b.addr, text, sizeof(text)))
		return;
	b.address = arena_strdup(c->a, text);
	if (!inet_ntop(fam, m, text, sizeof(text)))
		return;
	b.netmask = arena_strdup(c->a, text);
	if (!inet_ntop(fam, net, text, sizeof(text)))
		return;
	b.network = arena_strdup(c->a, text);
	if (fam == AF_INET) {
		ALLOC_GROW(f->b4, f->n4 + 1, f->a4);
		f->b4[f->n4++] = b;
	} else {
		ALLOC_GROW(f->b6, f->n6 + 1, f->a6);
		f->b6[f->n6++] = b;
	}
}

static void add_mac(struct facts_ctx *c, struct iface *f,
		    const struct sockaddr *sa)
{
	const struct sockaddr_ll *sll =
		(const struct sockaddr_ll *)(const void *)sa;
	size_t n = sll->sll_halen;
	/* glibc's storage behind sll_addr holds up to 24 bytes (InfiniBand: 20)
	 */
	const unsigned char *hw = (const unsigned char *)sa +
				  offsetof(struct sockaddr_ll, sll_addr);
	if (f->mac || n < 6 || n > 20)
		return;
	unsigned char any = 0;
	struct buf s = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		any |= hw[i];
		buf_addf(&s, i ? ":%02x" : "%02x", hw[i]);
	}
	if (any)
		f->mac = arena_memdupz(c->a, s.ptr, s.len);
	buf_release(&s);
}

/* IPv6 address flags from /proc/net/if_inet6, as Facter names them. */
static void add_inet6_flags(struct facts_ctx *c, struct ifaces *ifs)
{
	/* ORDER: bit 0 first */
	static const char *const names[] = {
		"temporary", "noad", "optimistic", "dadfailed",
		"homeaddress", "deprecated", "tentative", "permanent",
	};
	if (slurp(c, "/proc/net/if_inet6") < 0)
		return;
	const char *p = c->data.ptr, *end = p + c->data.len, *l;
	size_t ll;
	while (next_line(&p, end, &l, &ll)) {
		/* address ifindex prefixlen scope flags name */
		struct word w[6];
		if (split_words(w, 6, l, ll) != 6 || w[0].len != 32)
			continue;
		unsigned char a[16];
		for (int i = 0; i < 16; i++) {
			char h[3] = { w[0].ptr[2 * i], w[0].ptr[2 * i + 1], '\0' };
			a[i] = (unsigned char)strtoul(h, NULL, 16);
		}
		unsigned long flags = strtoul(word_dup(c, &w[4]), NULL, 16);
		for (size_t i = 0; i < ifs->n; i++) {
			struct iface *f = &ifs->v[i];
			if (!word_is(&w[5], f->name))
				continue;
			for (size_t j = 0; j < f->n6; j++) {
				if (memcmp(f->b6[j].addr, a, 16))
					continue;
				struct value *arr = val_array(c->a, 2);
				for (size_t k = 0; k < ARRAY_SIZE(names); k++)
					if (flags & (1ul << k))
						val_array_push(c->a, arr,
							       str(c,
								   names[k]));
				f->b6[j].flags = arr;
			}
		}
	}
}

/* Facter's find_valid_binding: the first that is not ignored, else the first.
 */
static const struct binding *main_binding(const struct binding *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!ignored_ip(&b[i]))
			return &b[i];
	return n ? &b[0] : NULL;
}

static struct value *bindings_value(struct facts_ctx *c,
				    const struct binding *b, size_t n)
{
	struct value *arr = val_array(c->a, n);
	for (size_t i = 0; i < n; i++) {
		struct value *h = val_hash(c->a, 5);
		put_s(c, h, "address", b[i].address);
		put_s(c, h, "netmask", b[i].netmask);
		put_s(c, h, "network", b[i].network);
		if (b[i].family == AF_INET6) {
			put_s(c, h, "scope6", scope6(b[i].addr));
			put(c, h, "flags", b[i].flags);
		}
		val_array_push(c->a, arr, h);
	}
	return arr;
}

static void build_iface(struct facts_ctx *c, struct iface *f)
{
	struct value *h = val_hash(c->a, 12);
	const struct binding *b4 = main_binding(f->b4, f->n4);
	const struct binding *b6 = main_binding(f->b6, f->n6);
	const char *n = f->name;

	if (f->n4)
		put(c, h, "bindings", bindings_value(c, f->b4, f->n4));
	if (f->n6)
		put(c, h, "bindings6", bindings_value(c, f->b6, f->n6));
	if (b4)
		legacy(c, arena_strfmt(c->a, "ipaddress_%s", n),
		       put_s(c, h, "ip", b4->address));
	if (b6)
		legacy(c, arena_strfmt(c->a, "ipaddress6_%s", n),
		       put_s(c, h, "ip6", b6->address));
	legacy(c, arena_strfmt(c->a, "macaddress_%s", n),
	       put_s(c, h, "mac", f->mac));
	if (f->mtu >= 0)
		legacy(c, arena_strfmt(c->a, "mtu_%s", n),
		       put_i(c, h, "mtu", f->mtu));
	if (b4)
		legacy(c, arena_strfmt(c->a, "netmask_%s", n),
		       put_s(c, h, "netmask", b4->netmask));
	if (b6)
		legacy(c, arena_strfmt(c->a, "netmask6_%s", n),
		       put_s(c, h, "netmask6", b6->netmask));
	if (b4)
		legacy(c, arena_strfmt(c->a, "network_%s", n),
		       put_s(c, h, "network", b4->network));
	if (b6) {
		legacy(c, arena_strfmt(c->a, "network6_%s", n),
		       put_s(c, h, "network6", b6->network));
		legacy(c, arena_strfmt(c->a, "scope6_%s", n),
		       put_s(c, h, "scope6", scope6(b6->addr)));
	}
	f->h = h;
}

/* The interface of the default IPv4 route in /proc/net/route, or NULL. */
static const char *default_route_iface(struct facts_ctx *c)
{
	if (slurp(c, "/proc/net/route") < 0)
		return NULL;
	const char *p = c->data.ptr, *end = p + c->data.len, *l;
	size_t ll;
	bool header = true;
	while (next_line(&p, end, &l, &ll)) {
		if (header) {
			header = false;
			continue;
		}
		/* Iface Destination Gateway Flags RefCnt Use Metric Mask ... */
		struct word w[8];
		if (split_words(w, 8, l, ll) >= 8 && word_is(&w[1], "00000000") &&
		    word_is(&w[7], "00000000") && !word_is(&w[0], "*"))
			return word_dup(c, &w[0]);
	}
	return NULL;
}

/*
 * The domain as Facter finds it without DNS: the hostname's own dots, the
 * canonical name /etc/hosts gives the hostname, then resolv.conf's
 * "domain", then its first "search" entry.
 */
static void host_and_domain(struct facts_ctx *c, const char *host_in,
			    const char **host, const char **domain,
			    const char **fqdn)
{
	const char *dot = strchr(host_in, '.');
	*fqdn = NULL;
	*domain = NULL;
	if (dot && dot > host_in && dot[1]) {
		*host = arena_memdupz(c->a, host_in, (size_t)(dot - host_in));
		*domain = arena_strdup(c->a, dot + 1);
		*fqdn = arena_strdup(c->a, host_in);
		return;
	}
	*host = arena_strdup(c->a, host_in);

	if (slurp(c, "/etc/hosts") == 0) {
		const char *p = c->data.ptr, *end = p + c->data.len, *l;
		size_t ll;
		const char *canon = NULL;
		size_t hl0 = strlen(*host);
		while (!canon && next_line(&p, end, &l, &ll)) {
			const char *hash = memchr(l, '#', ll);
			if (hash)
				ll = (size_t)(hash - l);
			/* address canonical-name aliases... */
			struct word w[64];
			size_t n = split_words(w, ARRAY_SIZE(w), l, ll);
			for (size_t i = 1; i < n && i < ARRAY_SIZE(w); i++) {
				if (w[i].len == hl0 &&
				    !strncasecmp(w[i].ptr, *host, hl0)) {
					canon = word_dup(c, &w[1]);
					break;
				}
			}
		}
		size_t hl = strlen(*host);
		if (canon && strcasecmp(canon, *host) &&
		    !strncasecmp(canon, *host, hl) && canon[hl] == '.' &&
		    canon[hl + 1]) {
			*fqdn = canon;
			*domain = canon + hl + 1;
			return;
		}
	}

	if (slurp(c, "/etc/resolv.conf") == 0) {
		const char *search = NULL, *dom = NULL;
		const char *p = c->data.ptr, *end = p + c->data.len, *l;
		size_t ll;
		struct word w[2];
		while (next_line(&p, end, &l, &ll)) {
			/* Facter: /^domain\s+(\S+)/, else /^search\s+(\S+)/ */
			if (ll < 7 || !isspace((unsigned char)l[6]) ||
			    split_words(w, 2, l, ll) < 2)
				continue;
			if (!dom && word_is(&w[0], "domain"))
				dom = word_dup(c, &w[1]);
			if (!search && word_is(&w[0], "search"))
				search = word_dup(c, &w[1]);
		}
		*domain = dom ? dom : search;
	}
	if (*domain)
		*fqdn = arena_strfmt(c->a, "%s.%s", *host, *domain);
	else
		*fqdn = *host;
}

static int cmp_iface_name(const void *a, const void *b)
{
	return strcmp(((const struct iface *)a)->name,
		      ((const struct iface *)b)->name);
}

void facts_collect_networking(struct facts_ctx *c)
{
	struct value *net = val_hash(c->a, 16);
	struct ifaces ifs = { NULL, 0, 0 };
	char hn[256];

	/* names */
	const char *host = NULL, *domain = NULL, *fqdn = NULL;
	if (gethostname(hn, sizeof(hn)) < 0)
		hn[0] = '\0';
	hn[sizeof(hn) - 1] = '\0';
	if (hn[0])
		host_and_domain(c, hn, &host, &domain, &fqdn);
	legacy(c, "domain", put_s(c, net, "domain", domain));
	legacy(c, "fqdn", put_s(c, net, "fqdn", fqdn));
	legacy(c, "hostname", put_s(c, net, "hostname", host));

	/* interfaces */
	struct ifaddrs *ifa0 = NULL;
	if (getifaddrs(&ifa0) == 0) {
		for (struct ifaddrs *ifa = ifa0; ifa; ifa = ifa->ifa_next) {
			if (!ifa->ifa_name)
				continue;
			struct iface *f = iface_get(c, &ifs, ifa->ifa_name);
			if (!ifa->ifa_addr)
				continue;
			int fam = ifa->ifa_addr->sa_family;
			if (fam == AF_PACKET)
				add_mac(c, f, ifa->ifa_addr);
			else if ((fam == AF_INET || fam == AF_INET6) &&
				 ifa->ifa_netmask)
				add_binding(c, f, ifa->ifa_addr,
					    ifa->ifa_netmask);
		}
		freeifaddrs(ifa0);
	}
	add_inet6_flags(c, &ifs);
	for (size_t i = 0; i < ifs.n; i++) {
		const char *m = read_trimmed(
			c, arena_strfmt(c->a, "/sys/class/net/%s/mtu",
					ifs.v[i].name));
		if (m)
			ifs.v[i].mtu = strtoll(m, NULL, 10);
		build_iface(c, &ifs.v[i]);
	}

	/* the primary interface: the default route's, else the first with a
	 * routable address (in getifaddrs order, as Facter looks) */
	const char *primary = default_route_iface(c);
	struct iface *pf = NULL;
	for (size_t i = 0; primary && i < ifs.n; i++)
		if (!strcmp(ifs.v[i].name, primary))
			pf = &ifs.v[i];
	for (size_t i = 0; !primary && i < ifs.n; i++) {
		struct iface *f = &ifs.v[i];
		for (size_t j = 0; !primary && j < f->n4; j++)
			if (!ignored_ip(&f->b4[j]))
				primary = f->name, pf = f;
		for (size_t j = 0; !primary && j < f->n6; j++)
			if (!ignored_ip(&f->b6[j]))
				primary = f->name, pf = f;
	}

	if (ifs.n) {
		struct value *ih = val_hash(c->a, ifs.n);
		struct buf names = BUF_INIT;
		for (size_t i = 0; i < ifs.n; i++)
			put(c, ih, ifs.v[i].name, ifs.v[i].h);
		put(c, net, "interfaces", ih);
		/* the legacy list is sorted; sort a copy so `pf` stays valid */
		struct iface *sorted = xmalloc(ifs.n * sizeof(*sorted));
		memcpy(sorted, ifs.v, ifs.n * sizeof(*sorted));
		qsort(sorted, ifs.n, sizeof(*sorted), cmp_iface_name);
		for (size_t i = 0; i < ifs.n; i++) {
			if (i)
				buf_addch(&names, ',');
			buf_addstr(&names, sorted[i].name);
		}
		free(sorted);
		legacy(c, "interfaces", val_str_buf(c->a, &names));
		buf_release(&names);
	}

	/* the primary interface's values, on networking itself */
	if (pf) {
		static const struct {
			const char *key, *legacy;
		} keys[] = {
			{ "ip", "ipaddress" },
			{ "ip6", "ipaddress6" },
			{ "mac", "macaddress" },
			{ "mtu", NULL },
			{ "netmask", "netmask" },
			{ "netmask6", "netmask6" },
			{ "network", "network" },
			{ "network6", "network6" },
			{ "scope6", "scope6" },
		};
		for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
			struct value *v = val_hash_get_str(pf->h, keys[i].key);
			put(c, net, keys[i].key, v);
			if (keys[i].legacy)
				legacy(c, keys[i].legacy, v);
		}
	}
	put_s(c, net, "primary", primary);

	for (size_t i = 0; i < ifs.n; i++) {
		free(ifs.v[i].b4);
		free(ifs.v[i].b6);
	}
	free(ifs.v);
	put(c, c->facts, "networking", net);
}
