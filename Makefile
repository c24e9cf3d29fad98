# tend: one non-recursive GNU Makefile.
#   make            build ./tend
#   make test       unit tests (cmocka) then integration tests (prove tests/t)
#   make asan       the whole suite under AddressSanitizer + UBSan (build-asan/)
#   make fuzz       libFuzzer targets (clang), FUZZ_TIME seconds each
#   make bench      compile, apply and remote execution, tend beside puppet, cf-agent, ansible
# Missing packages are installed by scripts/install-deps.

CC ?= cc
PKGS := jansson libsodium yaml-0.1 libpcre2-8 sqlite3
BUILD ?= build
WERROR ?= -Werror
OPT ?= -O2 -g

ifeq ($(shell pkg-config --exists $(PKGS) && echo ok),)
$(info make: missing build packages; running scripts/install-deps)
$(shell scripts/install-deps --build >&2)
ifeq ($(shell pkg-config --exists $(PKGS) && echo ok),)
$(error missing packages ($(PKGS)); run scripts/install-deps as root)
endif
endif

WARN := -std=c11 -Wall -Wextra $(WERROR) -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wold-style-definition -Wwrite-strings -Wvla \
	-Wpointer-arith -Wformat=2 -Wundef -fno-common
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
# SQLite and libm are opened on first use (util/lazylib.h): only their
# headers are needed to build, and only the master maps SQLite.
PKG_LIBS := $(shell pkg-config --libs $(filter-out sqlite3,$(PKGS)))
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.1.0)

ifneq ($(SANITIZE),)
OPT := -O1 -g -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
LDSAN := -fsanitize=$(SANITIZE)
endif
ifneq ($(ARENA_DEBUG),)
OPT += -DARENA_DEBUG
endif

ifneq ($(V),1)
QUIET_CC = @echo "   CC $<";
endif

ALL_CFLAGS = $(WARN) $(OPT) -Isrc $(PKG_CFLAGS) -MMD -MP -DTEND_VERSION='"$(VERSION)"' $(CFLAGS)
ALL_LDFLAGS = $(LDSAN) $(LDFLAGS)

SRCS := $(sort $(wildcard src/*/*.c src/*/*/*.c))
MAIN := src/cli/main.c
LIB_SRCS := $(filter-out src/cli/%,$(SRCS))
CLI_SRCS := $(filter src/cli/%,$(SRCS))
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
CLI_OBJS := $(CLI_SRCS:%.c=$(BUILD)/%.o)
LIB := $(BUILD)/libtend.a

UNIT_MODULES := $(notdir $(wildcard tests/unit/*))
UNIT_BINS := $(UNIT_MODULES:%=$(BUILD)/tests/unit-%)

ifeq ($(BUILD),build)
TEND_BIN := tend
else
TEND_BIN := $(BUILD)/tend
endif

.PHONY: all test unit integration asan fuzz bench clean test-deps lang-golden
all: $(TEND_BIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(QUIET_CC)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

# The binary links every object (not the archive): resource types are found
# through weak references in resource/rtype.c, which an archive would drop.
$(TEND_BIN): $(CLI_OBJS) $(LIB_OBJS)
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJS) $(LIB_OBJS) $(PKG_LIBS)

# One cmocka binary per module: tests/unit/<module>/test_*.c
.SECONDEXPANSION:
$(BUILD)/tests/unit-%: $$(wildcard tests/unit/%/*.c) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes $(shell pkg-config --cflags cmocka 2>/dev/null) \
		-o $@ $(filter %.c,$^) $(LIB) $(PKG_LIBS) $(shell pkg-config --libs cmocka 2>/dev/null) $(ALL_LDFLAGS)

test-deps:
	@pkg-config --exists cmocka && command -v puppet >/dev/null && command -v jq >/dev/null && command -v ruby >/dev/null && command -v sqlite3 >/dev/null \
		|| scripts/install-deps

unit: test-deps $(UNIT_BINS)
	@fail=; for t in $(UNIT_BINS); do echo "# $$t"; CMOCKA_MESSAGE_OUTPUT=TAP $$t || fail="$$fail $$t"; done; \
	if [ -n "$$fail" ]; then echo "unit tests failed:$$fail"; exit 1; fi

integration: test-deps $(TEND_BIN)
	cd tests/t && TEND=$(abspath $(TEND_BIN)) prove $(PROVE_OPTS) ./t[0-9]*.sh

test: unit integration

asan:
	$(MAKE) BUILD=build-asan SANITIZE=address,undefined ARENA_DEBUG=1 test

FUZZ_TIME ?= 60
FUZZ_TARGETS := $(notdir $(basename $(wildcard tests/fuzz/fuzz_*.c)))
fuzz: test-deps
	$(MAKE) BUILD=build-fuzz CC=clang SANITIZE=fuzzer-no-link,address,undefined $(FUZZ_TARGETS:%=build-fuzz/%)
	@for f in $(FUZZ_TARGETS); do mkdir -p build-fuzz/corpus-$$f; \
		echo "# fuzzing $$f for $(FUZZ_TIME)s"; \
		seeds=; for d in tests/fuzz/seeds/$$f; do [ -d $$d ] && seeds="$$seeds $$d"; done; \
		case $$f in fuzz_compile) seeds="$$seeds tests/catalog examples/seed/manifests";; \
		fuzz_parser) seeds="$$seeds tests/lang/syntax examples/seed/manifests";; \
		fuzz_erb) seeds="$$seeds examples/seed/modules/memcached/templates";; esac; \
		build-fuzz/$$f -max_total_time=$(FUZZ_TIME) -max_len=4096 -artifact_prefix=build-fuzz/$$f- build-fuzz/corpus-$$f $$seeds >/dev/null 2>build-fuzz/$$f.log \
		|| { tail -40 build-fuzz/$$f.log; exit 1; }; tail -1 build-fuzz/$$f.log; done

build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(LIB)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer,address,undefined -o $@ $< $(LIB) $(PKG_LIBS)

bench: $(TEND_BIN) test-deps
	bench/run

clean:
	rm -rf build build-asan build-fuzz tend

-include $(shell find $(BUILD)/src -name '*.d' 2>/dev/null)
