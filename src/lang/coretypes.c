/* SPDX-License-Identifier: MIT */
/* coretypes.c: attribute tables of Puppet's built-in resource types */
#include "util/compat.h"
#include "lang/coretypes.h"

struct coretype {
	const char *name;
	const char *namevar;
	const char *const *attrs; /* NULL-terminated */
};

static const char *const metaparams[] = {
	"alias", "audit", "before", "consume", "export", "loglevel", "noop",
	"notify", "require", "schedule", "stage", "subscribe", "tag", NULL,
};

#define A(...) (const char *const[]){ __VA_ARGS__, NULL }

static const struct coretype types[] = {
	{ "augeas", "name", A("name", "context", "onlyif", "changes", "root", "load_path", "type_check", "lens", "incl", "force", "show_diff", "returns", "provider") },
	{ "cron", "name", A("name", "command", "ensure", "environment", "hour", "minute", "month", "monthday", "weekday", "special", "target", "user", "provider") },
	{ "exec", "command", A("command", "creates", "cwd", "environment", "group", "logoutput", "onlyif", "path", "provider", "refresh", "refreshonly", "returns", "timeout", "tries", "try_sleep", "umask", "unless", "user") },
	{ "file", "path", A("path", "ensure", "backup", "checksum", "checksum_value", "content", "ctime", "force", "group", "ignore", "links", "max_files", "mode", "mtime", "owner", "provider", "purge", "recurse", "recurselimit", "replace", "selinux_ignore_defaults", "selrange", "selrole", "seltype", "seluser", "show_diff", "source", "source_permissions", "sourceselect", "staging_location", "target", "type", "validate_cmd", "validate_replacement") },
	/* stdlib's file_line: the agent implements it natively */
	{ "file_line", "name", A("name", "path", "line", "match", "after", "multiple", "ensure", "match_for_absence", "replace", "replace_all_matches_not_matching_line", "append_on_no_match", "encoding", "provider") },
	{ "filebucket", "name", A("name", "path", "port", "server") },
	{ "group", "name", A("name", "allowdupe", "attribute_membership", "attributes", "auth_membership", "ensure", "forcelocal", "gid", "ia_load_module", "members", "provider", "system") },
	{ "host", "name", A("name", "ensure", "comment", "host_aliases", "ip", "target", "provider") },
	{ "k5login", "path", A("path", "ensure", "mode", "principals", "provider", "selrange", "selrole", "seltype", "seluser") },
	{ "mailalias", "name", A("name", "ensure", "file", "recipient", "target", "provider") },
	{ "mount", "name", A("name", "atboot", "blockdevice", "device", "dump", "ensure", "fstype", "options", "pass", "remounts", "target", "provider") },
	{ "notify", "name", A("name", "message", "withpath") },
	{ "package", "name", A("name", "adminfile", "allow_virtual", "allowcdrom", "category", "command", "configfiles", "description", "enable_only", "ensure", "flavor", "install_only", "install_options", "instance", "mark", "package_settings", "platform", "provider", "reinstall_on_refresh", "responsefile", "root", "source", "status", "uninstall_options", "vendor") },
	{ "resources", "name", A("name", "purge", "unless_system_user", "unless_uid") },
	{ "schedule", "name", A("name", "period", "periodmatch", "range", "repeat", "weekday") },
	{ "selboolean", "name", A("name", "persistent", "provider", "value") },
	{ "selmodule", "name", A("name", "ensure", "provider", "selmoduledir", "selmodulepath", "syncversion") },
	{ "service", "name", A("name", "binary", "control", "enable", "ensure", "flags", "hasrestart", "hasstatus", "logonaccount", "logonpassword", "manifest", "path", "pattern", "provider", "restart", "start", "status", "stop", "timeout") },
	{ "ssh_authorized_key", "name", A("name", "ensure", "key", "options", "target", "type", "user", "drop_privileges", "provider") },
	{ "sshkey", "name", A("name", "ensure", "host_aliases", "key", "target", "type", "provider") },
	{ "stage", "name", A("name") },
	{ "tidy", "path", A("path", "age", "backup", "matches", "max_files", "recurse", "rmdirs", "size", "type") },
	{ "user", "name", A("name", "allowdupe", "attribute_membership", "attributes", "auth_membership", "auths", "comment", "ensure", "expiry", "forcelocal", "gid", "groups", "home", "ia_load_module", "iterations", "key_membership", "keys", "loginclass", "managehome", "membership", "password", "password_max_age", "password_min_age", "password_warn_days", "profile_membership", "profiles", "project", "provider", "purge_ssh_keys", "role_membership", "roles", "salt", "shell", "system", "uid") },
	{ "yumrepo", "name", A("name", "baseurl", "cost", "descr", "enabled", "ensure", "exclude", "failovermethod", "gpgcheck", "gpgkey", "http_caching", "include", "includepkgs", "keepalive", "metadata_expire", "mirrorlist", "priority", "proxy", "proxy_password", "proxy_username", "repo_gpgcheck", "s3_enabled", "skip_if_unavailable", "sslcacert", "sslclientcert", "sslclientkey", "sslverify", "target", "timeout", "provider") },
	{ "zfs", "name", A("name", "ensure", "aclinherit", "atime", "canmount", "checksum", "compression", "copies", "devices", "exec", "logbias", "mountpoint", "nbmand", "primarycache", "quota", "readonly", "recordsize", "refquota", "refreservation", "reservation", "secondarycache", "setuid", "shareiscsi", "sharenfs", "sharesmb", "snapdir", "version", "volsize", "vscan", "xattr", "zoned", "provider") },
};

static const struct coretype *find(const char *type)
{
	for (size_t i = 0; i < ARRAY_SIZE(types); i++)
		if (!strcmp(types[i].name, type))
			return &types[i];
	return NULL;
}

bool coretype_exists(const char *type)
{
	return find(type) != NULL;
}

bool coretype_is_metaparam(const char *attr)
{
	for (const char *const *m = metaparams; *m; m++)
		if (!strcmp(*m, attr))
			return true;
	return false;
}

bool coretype_has_attr(const char *type, const char *attr)
{
	const struct coretype *t = find(type);
	if (!t)
		return false;
	if (coretype_is_metaparam(attr))
		return true;
	for (const char *const *a = t->attrs; *a; a++)
		if (!strcmp(*a, attr))
			return true;
	return false;
}

const char *coretype_namevar(const char *type)
{
	const struct coretype *t = find(type);
	return t ? t->namevar : "name";
}
