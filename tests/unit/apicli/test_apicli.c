/* SPDX-License-Identifier: MIT */
/* test_apicli.c: arguments, batch sizes, exit statuses, progress and lines of the API client */
#include "util/compat.h"
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include "remote/apicli.h"
#include "util/err.h"

#include <setjmp.h>
#include <cmocka.h>

/* the argument typed, as compact JSON */
static void check_arg(const char *arg, const char *want)
{
	json_t *v = apicli_arg_value(arg);
	assert_non_null(v);
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	if (strcmp(s, want))
		fail_msg("'%s' typed as %s, want %s", arg, s, want);
	free(s);
	json_decref(v);
}

static void test_apicli__arg_scalars_typed_as_salt(void **state UNUSED)
{
	check_arg("42", "42");
	check_arg("-7", "-7");
	check_arg("+3", "3");
	check_arg("1.5", "1.5");
	check_arg("-.5", "-0.5");
	check_arg("1.0e+3", "1000.0");
	check_arg("0x1f", "31");
	check_arg("017", "15");	 /* YAML 1.1 octal, as Salt */
	check_arg("1:30", "90"); /* base 60, as PyYAML */
	check_arg("-1:02:03", "-3723");
	check_arg("1_0:30", "630");
	check_arg("true", "true");
	check_arg("True", "true");
	check_arg("TRUE", "true");
	check_arg("yes", "true");
	check_arg("off", "false");
	check_arg("No", "false");
	check_arg("null", "null");
	check_arg("~", "null");
	check_arg("None", "null");
	check_arg("canary", "\"canary\"");
	check_arg(" padded ", "\"padded\"");
}

static void test_apicli__arg_strings_kept_as_typed(void **state UNUSED)
{
	check_arg("", "\"\"");
	check_arg("   ", "\"   \"");
	check_arg("1_000", "\"1_000\"");
	check_arg("1,000", "\"1,000\"");
	check_arg("tRUE", "\"tRUE\""); /* PyYAML knows three spellings only */
	check_arg("1e5", "\"1e5\"");   /* a YAML 1.1 float needs a dot */
	check_arg("2020-01-02", "\"2020-01-02\"");
	check_arg(".inf", "\".inf\"");
	check_arg("#", "\"#\"");
	check_arg("#comment", "\"#comment\"");
	check_arg("a #b", "\"a #b\"");
	check_arg("|", "\"|\"");
	check_arg("!", "\"!\"");
	check_arg("a: b", "\"a: b\""); /* a dict needs braces */
	check_arg("- a", "\"- a\"");   /* a list needs brackets */
	check_arg("[unclosed", "\"[unclosed\"");
	check_arg("echo hello world", "\"echo hello world\"");
	check_arg("/etc/motd", "\"/etc/motd\"");
	check_arg("1.2.3", "\"1.2.3\"");
	check_arg("none", "\"none\"");
	check_arg("0:30", "\"0:30\"");
	check_arg("12:60", "\"12:60\"");
	check_arg("10:30:", "\"10:30:\"");
}

static void test_apicli__arg_quotes_and_collections(void **state UNUSED)
{
	check_arg("'42'", "\"42\"");
	check_arg("\"true\"", "\"true\"");
	check_arg("[1, two, true]", "[1,\"two\",true]");
	check_arg("[]", "[]");
	check_arg("{a: 1, b: [x]}", "{\"a\":1,\"b\":[\"x\"]}");
	check_arg("{\"pkgs\": [\"vim\", \"curl\"]}",
		  "{\"pkgs\":[\"vim\",\"curl\"]}");
	check_arg("42 # answer", "42"); /* a comment that leaves a number */
}

static void test_apicli__kwarg_split(void **state UNUSED)
{
	size_t n = 0;
	assert_true(apicli_kwarg_split("name=value", &n));
	assert_int_equal(n, 4);
	assert_true(apicli_kwarg_split("a.b-c_d=", &n));
	assert_int_equal(n, 7);
	assert_true(apicli_kwarg_split("_x=1=2", &n));
	assert_int_equal(n, 2);
	assert_true(apicli_kwarg_split("k=v\n", &n));
	assert_false(apicli_kwarg_split("k=v\nw", &n));
	assert_false(apicli_kwarg_split("1a=b", &n));
	assert_false(apicli_kwarg_split("a==b", &n));
	assert_false(apicli_kwarg_split("=b", &n));
	assert_false(apicli_kwarg_split("-a=b", &n));
	assert_false(apicli_kwarg_split("a b=c", &n));
	assert_false(apicli_kwarg_split("plain", &n));
	assert_false(apicli_kwarg_split("", &n));
}

static void test_apicli__args_parse_splits_args_and_kwargs(void **state UNUSED)
{
	const char *argv[] = {"canary", "42",	      "timeout=30", "name=web",
			      "a==b",	"timeout=60", "pkgs=[a, b]"};
	json_t *args, *kwargs;
	assert_int_equal(
		apicli_args_parse(&args, &kwargs, ARRAY_SIZE(argv), argv), 0);
	char *a = json_dumps(args, JSON_COMPACT);
	char *k = json_dumps(kwargs, JSON_COMPACT | JSON_SORT_KEYS);
	assert_string_equal(a, "[\"canary\",42,\"a==b\"]");
	assert_string_equal(
		k, "{\"name\":\"web\",\"pkgs\":[\"a\",\"b\"],\"timeout\":60}");
	free(a);
	free(k);
	json_decref(args);
	json_decref(kwargs);

	const char *bad[] = {"ok", "\xff\xfe"};
	assert_int_equal(apicli_args_parse(&args, &kwargs, 2, bad), -1);
	assert_null(args);
	assert_null(kwargs);
	assert_non_null(strstr(err_last(), "UTF-8"));

	assert_int_equal(apicli_args_parse(&args, &kwargs, 0, NULL), 0);
	assert_int_equal(json_array_size(args), 0);
	assert_int_equal(json_object_size(kwargs), 0);
	json_decref(args);
	json_decref(kwargs);
}

static void test_apicli__batch_check(void **state UNUSED)
{
	assert_int_equal(apicli_batch_check("1"), 0);
	assert_int_equal(apicli_batch_check("250"), 0);
	assert_int_equal(apicli_batch_check("10%"), 0);
	assert_int_equal(apicli_batch_check("100%"), 0);
	assert_int_equal(apicli_batch_check("1%"), 0);
	assert_int_equal(apicli_batch_check("0"), -1);
	assert_int_equal(apicli_batch_check("0%"), -1);
	assert_int_equal(apicli_batch_check("101%"), -1);
	assert_int_equal(apicli_batch_check(""), -1);
	assert_int_equal(apicli_batch_check("%"), -1);
	assert_int_equal(apicli_batch_check("-1"), -1);
	assert_int_equal(apicli_batch_check("1.5"), -1);
	assert_int_equal(apicli_batch_check("10%%"), -1);
	assert_int_equal(apicli_batch_check("5x"), -1);
	assert_int_equal(apicli_batch_check(" 5"), -1);
	assert_int_equal(apicli_batch_check("99999999999"), -1);
	assert_non_null(strstr(err_last(), "99999999999"));
}

static int status_of(const char *done_json, struct apicli_summary *s)
{
	json_t *done = json_loads(done_json, 0, NULL);
	assert_non_null(done);
	int rc = apicli_run_status(s, done);
	json_decref(done);
	return rc;
}

static void test_apicli__run_status_from_done(void **state UNUSED)
{
	struct apicli_summary s;
	struct buf b = BUF_INIT;

	assert_int_equal(
		status_of("{\"targeted\":3,\"returned\":3,\"failed\":0,"
			  "\"no_return\":[],\"skipped\":[]}",
			  &s),
		APICLI_EXIT_OK);
	assert_int_equal(
		status_of("{\"targeted\":3,\"returned\":3,\"failed\":1,"
			  "\"no_return\":[],\"skipped\":[]}",
			  &s),
		APICLI_EXIT_FAILED);
	/* no return wins over a failure */
	assert_int_equal(
		status_of("{\"targeted\":50,\"returned\":49,\"failed\":1,"
			  "\"no_return\":[\"mc9\"],\"skipped\":[]}",
			  &s),
		APICLI_EXIT_NO_RETURN);
	apicli_summary_format(&b, &s);
	assert_string_equal(b.ptr,
			    "50 targeted, 49 returned, 1 failed, 1 no return");
	/* skipped minions did not return either, each counted once */
	assert_int_equal(
		status_of(
			"{\"targeted\":5,\"returned\":2,\"failed\":2,"
			"\"no_return\":[\"c\"],\"skipped\":[\"d\",\"e\",\"c\"]}",
			&s),
		APICLI_EXIT_NO_RETURN);
	assert_int_equal(s.no_return, 3);
	/* a done event that lists nobody but lacks returns */
	assert_int_equal(
		status_of("{\"targeted\":4,\"returned\":3,\"failed\":0}", &s),
		APICLI_EXIT_NO_RETURN);
	assert_int_equal(s.no_return, 1);
	assert_int_equal(
		status_of("{\"targeted\":0,\"returned\":0,\"failed\":0}", &s),
		APICLI_EXIT_NO_MATCH);
	buf_reset(&b);
	apicli_summary_format(&b, &s);
	assert_string_equal(b.ptr,
			    "0 targeted, 0 returned, 0 failed, 0 no return");
	/* garbage counts are zero, not huge */
	assert_int_equal(status_of("{\"targeted\":-4,\"returned\":\"x\"}", &s),
			 APICLI_EXIT_NO_MATCH);
	buf_release(&b);
}

static void feed(struct apicli_job *j, const char *ev_json, double now)
{
	json_t *ev = json_loads(ev_json, 0, NULL);
	assert_non_null(ev);
	apicli_job_event(j, ev, now);
	json_decref(ev);
}

static void test_apicli__job_events_track_states(void **state UNUSED)
{
	struct apicli_job j;
	apicli_job_init(&j, false);
	feed(&j,
	     "{\"event\":\"job\",\"jid\":\"20240101000000000001\","
	     "\"minions\":[\"a\",\"b\",\"c\",\"d\"],\"offline\":[\"d\"]}",
	     0);
	assert_string_equal(j.jid, "20240101000000000001");
	assert_int_equal(j.n, 4);
	assert_int_equal(j.count[APICLI_M_RUNNING], 3);
	assert_int_equal(j.count[APICLI_M_NORET], 1);
	assert_string_equal(apicli_job_find(&j, "d")->why, "offline");
	feed(&j, "{\"event\":\"state\",\"id\":\"a\",\"state\":\"delivered\"}",
	     1);
	feed(&j,
	     "{\"event\":\"return\",\"id\":\"a\",\"retcode\":0,\"return\":true}",
	     2);
	feed(&j,
	     "{\"event\":\"return\",\"id\":\"b\",\"retcode\":1,\"return\":\"x\"}",
	     2);
	feed(&j, "{\"event\":\"state\",\"id\":\"c\",\"state\":\"timeout\"}", 3);
	assert_int_equal(apicli_job_find(&j, "a")->state, APICLI_M_OK);
	assert_int_equal(apicli_job_find(&j, "b")->state, APICLI_M_FAILED);
	assert_int_equal(apicli_job_find(&j, "c")->state, APICLI_M_NORET);
	/* a late return replaces the timeout; a late state does not undo it */
	feed(&j,
	     "{\"event\":\"return\",\"id\":\"c\",\"retcode\":0,\"return\":1}",
	     4);
	feed(&j, "{\"event\":\"state\",\"id\":\"c\",\"state\":\"timeout\"}", 5);
	assert_int_equal(apicli_job_find(&j, "c")->state, APICLI_M_OK);
	assert_null(apicli_job_find(&j, "c")->why);
	/* events about minions the job did not list add them */
	feed(&j, "{\"event\":\"state\",\"id\":\"e\",\"state\":\"running\"}", 5);
	assert_int_equal(j.n, 5);
	feed(&j,
	     "{\"event\":\"done\",\"no_return\":[\"e\",\"d\"],\"skipped\":[]}",
	     6);
	assert_string_equal(apicli_job_find(&j, "e")->why, "timeout");
	/* the first reason stays: d was offline before the job's end */
	assert_string_equal(apicli_job_find(&j, "d")->why, "offline");
	assert_int_equal(j.count[APICLI_M_OK], 2);
	assert_int_equal(j.count[APICLI_M_FAILED], 1);
	assert_int_equal(j.count[APICLI_M_NORET], 2);
	assert_int_equal(j.count[APICLI_M_RUNNING], 0);
	/* malformed events change nothing */
	feed(&j, "{\"event\":\"return\"}", 7);
	feed(&j, "{\"id\":\"a\"}", 7);
	feed(&j, "{\"event\":\"job\",\"minions\":7}", 7);
	assert_int_equal(j.n, 5);
	apicli_job_release(&j);
}

static void render(struct buf *b, const struct apicli_job *j, double now,
		   size_t width)
{
	buf_reset(b);
	apicli_progress_render(b, j, now, width);
}

static void test_apicli__progress_line(void **state UNUSED)
{
	struct apicli_job j;
	struct buf b = BUF_INIT;
	apicli_job_init(&j, false);
	feed(&j,
	     "{\"event\":\"job\",\"jid\":\"1\",\"minions\":[\"web1\",\"web2\","
	     "\"web3\",\"db1\",\"db2\"],\"offline\":[]}",
	     100);
	render(&b, &j, 100.4, 0);
	assert_string_equal(b.ptr, "tend: 0/5 done, 5 running, 0 failed; "
				   "slowest: web1 0s, web2 0s, web3 0s");
	feed(&j, "{\"event\":\"return\",\"id\":\"web1\",\"retcode\":0}", 101);
	feed(&j, "{\"event\":\"return\",\"id\":\"web3\",\"retcode\":2}", 102);
	feed(&j, "{\"event\":\"state\",\"id\":\"db2\",\"state\":\"offline\"}",
	     103);
	render(&b, &j, 214, 0);
	assert_string_equal(b.ptr,
			    "tend: 3/5 done, 2 running, 1 failed, "
			    "1 no return; slowest: web2 1m54s, db1 1m54s");
	render(&b, &j, 100 + 7300, 0);
	assert_non_null(strstr(b.ptr, "web2 2h01m"));
	/* a narrow terminal drops the slowest first, then cuts */
	render(&b, &j, 214, 50);
	assert_string_equal(b.ptr,
			    "tend: 3/5 done, 2 running, 1 failed, 1 no return");
	render(&b, &j, 214, 20);
	assert_string_equal(b.ptr, "tend: 3/5 done, 2 ru");
	apicli_job_release(&j);

	/* batch mode: queued minions start when delivered; slowest first */
	apicli_job_init(&j, true);
	feed(&j,
	     "{\"event\":\"job\",\"jid\":\"2\",\"minions\":[\"a\",\"b\",\"c\","
	     "\"d\",\"e\"],\"offline\":[]}",
	     0);
	render(&b, &j, 0, 0);
	assert_string_equal(b.ptr,
			    "tend: 0/5 done, 0 running, 5 queued, 0 failed");
	feed(&j, "{\"event\":\"state\",\"id\":\"c\",\"state\":\"delivered\"}",
	     5);
	feed(&j, "{\"event\":\"state\",\"id\":\"a\",\"state\":\"running\"}", 3);
	feed(&j, "{\"event\":\"state\",\"id\":\"e\",\"state\":\"delivered\"}",
	     9);
	feed(&j, "{\"event\":\"state\",\"id\":\"b\",\"state\":\"delivered\"}",
	     1);
	feed(&j, "{\"event\":\"state\",\"id\":\"b\",\"state\":\"running\"}", 8);
	render(&b, &j, 10, 0);
	assert_string_equal(b.ptr,
			    "tend: 0/5 done, 4 running, 1 queued, 0 failed; "
			    "slowest: b 9s, a 7s, c 5s");
	feed(&j, "{\"event\":\"done\",\"no_return\":[],\"skipped\":[\"d\"]}",
	     11);
	assert_string_equal(apicli_job_find(&j, "d")->why, "skipped");
	apicli_job_release(&j);
	buf_release(&b);
}

static void test_apicli__noret_messages(void **state UNUSED)
{
	assert_string_equal(apicli_noret_message("offline"),
			    "Minion did not return. [Not connected]");
	assert_string_equal(apicli_noret_message("timeout"),
			    "Minion did not return. [No response]");
	assert_string_equal(apicli_noret_message(NULL),
			    "Minion did not return. [No response]");
	assert_string_equal(apicli_noret_message("skipped"),
			    "Minion did not return. [Skipped]");
}

static void test_apicli__socket_path(void **state UNUSED)
{
	setenv(APICLI_SOCKET_ENV, "/tmp/env.sock", 1);
	assert_string_equal(apicli_socket_path("/x.sock"), "/x.sock");
	assert_string_equal(apicli_socket_path(NULL), "/tmp/env.sock");
	setenv(APICLI_SOCKET_ENV, "", 1);
	assert_string_equal(apicli_socket_path(NULL), APICLI_DEFAULT_SOCKET);
	unsetenv(APICLI_SOCKET_ENV);
	assert_string_equal(apicli_socket_path(NULL), "/run/tend/master.sock");
}

/* a client whose master is the other end of a socketpair */
static int pair(struct apicli *c)
{
	int sv[2];
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	*c = (struct apicli)APICLI_INIT;
	c->fd = sv[0];
	c->path = strdup("pair");
	return sv[1];
}

static void put(int fd, const char *s)
{
	assert_int_equal(write(fd, s, strlen(s)), (ssize_t)strlen(s));
}

static void test_apicli__read_lines(void **state UNUSED)
{
	struct apicli c;
	int srv = pair(&c);
	json_t *j;

	put(srv, "{\"a\":1}\n\n  \n{\"b\":");
	assert_int_equal(apicli_read(&j, &c, 1000), 0);
	assert_int_equal(json_integer_value(json_object_get(j, "a")), 1);
	json_decref(j);
	/* half a line: nothing yet */
	assert_int_equal(apicli_read(&j, &c, 20), ERR_TIMEOUT);
	assert_null(j);
	put(srv, "2}\n{\"c\":3}\n");
	assert_int_equal(apicli_read(&j, &c, 1000), 0);
	assert_int_equal(json_integer_value(json_object_get(j, "b")), 2);
	json_decref(j);
	assert_int_equal(apicli_read(&j, &c, 1000), 0);
	assert_int_equal(json_integer_value(json_object_get(j, "c")), 3);
	json_decref(j);
	/* not an object, then not JSON: errors, and the stream goes on */
	put(srv, "[1]\nnope\n{\"d\":4}\n");
	assert_int_equal(apicli_read(&j, &c, 1000), -1);
	assert_non_null(strstr(err_last(), "not a JSON object"));
	assert_int_equal(apicli_read(&j, &c, 1000), -1);
	assert_non_null(strstr(err_last(), "'pair'"));
	assert_int_equal(apicli_read(&j, &c, 1000), 0);
	json_decref(j);
	/* the master closes: the end, or a cut line */
	put(srv, "{\"e\":5}\n{\"cut");
	close(srv);
	assert_int_equal(apicli_read(&j, &c, 1000), 0);
	json_decref(j);
	assert_int_equal(apicli_read(&j, &c, 1000), -1);
	assert_non_null(strstr(err_last(), "closed the connection"));
	apicli_close(&c);
	assert_int_equal(c.fd, -1);
	assert_null(c.path);

	srv = pair(&c);
	put(srv, "{\"end\":true}\n\n");
	close(srv);
	assert_int_equal(apicli_read(&j, &c, -1), 0);
	json_decref(j);
	assert_int_equal(apicli_read(&j, &c, -1), 1);
	assert_null(j);
	apicli_close(&c);
}

static void test_apicli__read_large_line(void **state UNUSED)
{
	struct apicli c;
	int srv = pair(&c);
	/* 3 MB in one line, written by a child while we read */
	size_t n = 3u << 20;
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		put(srv, "{\"big\":\"");
		char *s = malloc(n);
		memset(s, 'x', n);
		size_t off = 0;
		while (off < n) {
			ssize_t w = write(srv, s + off, n - off);
			if (w <= 0)
				_exit(1);
			off += (size_t)w;
		}
		put(srv, "\"}\n");
		free(s);
		_exit(0);
	}
	close(srv);
	json_t *j;
	assert_int_equal(apicli_read(&j, &c, 10000), 0);
	assert_int_equal(json_string_length(json_object_get(j, "big")), n);
	json_decref(j);
	assert_int_equal(apicli_read(&j, &c, 10000), 1);
	apicli_close(&c);
}

static void test_apicli__connect_failures_name_the_socket(void **state UNUSED)
{
	struct apicli c = APICLI_INIT;
	assert_int_equal(apicli_connect(&c, "/nonexistent/tend/master.sock"),
			 ERR_NOTFOUND);
	assert_non_null(strstr(err_last(), "'/nonexistent/tend/master.sock'"));
	assert_non_null(strstr(err_last(), "No such file or directory"));
	apicli_close(&c);

	/* a path longer than sun_path is still tried (and named) */
	struct buf p = BUF_INIT;
	buf_addstr(&p, "/tmp");
	while (p.len < 200)
		buf_addstr(&p, "/nonexistent");
	buf_addstr(&p, "/master.sock");
	assert_int_equal(apicli_connect(&c, p.ptr), ERR_NOTFOUND);
	assert_non_null(strstr(err_last(), p.ptr));
	apicli_close(&c);
	buf_release(&p);

	json_t *req = json_pack("{ss}", "op", "minions"), *ans = NULL;
	assert_int_equal(apicli_call(&ans, "/nonexistent/x.sock", req, 100),
			 -1);
	assert_non_null(strstr(err_last(), "'/nonexistent/x.sock'"));
	assert_null(ans);
	json_decref(req);
}

/*
 * A master for one connection at `path`: reads the request line, writes
 * `answer` (may be "" to stay silent until the client gives up), closes.
 */
static pid_t fake_master(const char *path, const char *answer)
{
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	assert_true(strlen(path) < sizeof(sa.sun_path));
	memcpy(sa.sun_path, path, strlen(path) + 1);
	unlink(path);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(fd, 1), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		int c = accept(fd, NULL, NULL);
		char ch;
		while (read(c, &ch, 1) == 1 && ch != '\n')
			;
		if (*answer)
			put(c, answer);
		else
			sleep(2);
		close(c);
		_exit(0);
	}
	close(fd);
	return pid;
}

static void test_apicli__call_answers(void **state UNUSED)
{
	char dir[] = "/tmp/apicli-test.XXXXXX";
	assert_non_null(mkdtemp(dir));
	struct buf path = BUF_INIT;
	buf_addf(&path, "%s/master.sock", dir);
	json_t *req = json_pack("{ss ss}", "op", "jobs", "action", "list");
	json_t *ans;
	int st;

	pid_t pid = fake_master(path.ptr, "{\"jobs\": [], \"end\": true}\n");
	assert_int_equal(apicli_call(&ans, path.ptr, req, 5000), 0);
	assert_true(json_is_array(json_object_get(ans, "jobs")));
	json_decref(ans);
	waitpid(pid, &st, 0);

	pid = fake_master(
		path.ptr,
		"{\"error\": \"not allowed: user x\", \"end\": true}\n");
	assert_int_equal(apicli_call(&ans, path.ptr, req, 5000), -1);
	assert_null(ans);
	assert_non_null(strstr(err_last(), "refused the request: not allowed"));
	assert_non_null(strstr(err_last(), path.ptr));
	waitpid(pid, &st, 0);

	pid = fake_master(
		path.ptr,
		"{\"error\": \"no job 20200101000000000000\", \"end\": true}\n");
	assert_int_equal(apicli_call(&ans, path.ptr, req, 5000), ERR_NOTFOUND);
	waitpid(pid, &st, 0);
	pid = fake_master(path.ptr,
			  "{\"error\": \"gone\", \"code\": \"notfound\"}\n");
	assert_int_equal(apicli_call(&ans, path.ptr, req, 5000), ERR_NOTFOUND);
	waitpid(pid, &st, 0);

	pid = fake_master(path.ptr, "{\"half\": ");
	assert_int_equal(apicli_call(&ans, path.ptr, req, 5000), -1);
	assert_non_null(strstr(err_last(), "closed the connection"));
	waitpid(pid, &st, 0);

	pid = fake_master(path.ptr, "");
	assert_int_equal(apicli_call(&ans, path.ptr, req, 200), -1);
	assert_non_null(strstr(err_last(), "no answer from the master"));
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);

	/* nobody listens any more: refused */
	assert_int_equal(apicli_call(&ans, path.ptr, req, 200), -1);
	assert_non_null(strstr(err_last(), "Connection refused"));
	unlink(path.ptr);
	rmdir(dir);
	buf_release(&path);
	json_decref(req);
}

int suite_apicli(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apicli__arg_scalars_typed_as_salt),
		cmocka_unit_test(test_apicli__arg_strings_kept_as_typed),
		cmocka_unit_test(test_apicli__arg_quotes_and_collections),
		cmocka_unit_test(test_apicli__kwarg_split),
		cmocka_unit_test(
			test_apicli__args_parse_splits_args_and_kwargs),
		cmocka_unit_test(test_apicli__batch_check),
		cmocka_unit_test(test_apicli__run_status_from_done),
		cmocka_unit_test(test_apicli__job_events_track_states),
		cmocka_unit_test(test_apicli__progress_line),
		cmocka_unit_test(test_apicli__noret_messages),
		cmocka_unit_test(test_apicli__socket_path),
		cmocka_unit_test(test_apicli__read_lines),
		cmocka_unit_test(test_apicli__read_large_line),
		cmocka_unit_test(test_apicli__connect_failures_name_the_socket),
		cmocka_unit_test(test_apicli__call_answers),
	};
	return cmocka_run_group_tests_name("apicli", tests, NULL, NULL);
}
