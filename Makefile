# lofte - follow-up of medborgarlöften in the terminal.
#
#   make            build ./lofte
#   make check      install missing Debian packages, build, run every test
#   make demo       install missing Debian packages, build, open the demo
#   make install    PREFIX=/usr/local DESTDIR=
#   make SAN=1 check    the same tests under AddressSanitizer + UBSan
#   make VALGRIND=1 test    every test, each program lofte builds (not vtdrive)
#                       under valgrind memcheck: an error or a definite leak
#                       fails the test file (tests/run-tests.sh, .ci/valgrind.supp)
#   make CC=clang check
#   make fuzz       FUZZ_SECONDS=60: libFuzzer on the parsers (tests/fuzz/)

VERSION   = 0.1.0
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
DATADIR  ?= $(PREFIX)/share
MANDIR   ?= $(DATADIR)/man

CC       ?= cc
CFLAGS   ?= -O2 -g
WARNINGS  = -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes \
            -Wmissing-prototypes -Wpointer-arith -Wvla
STD       = -std=c11
# The core uses POSIX 2008 / XSI (wcwidth, strdup, getpwuid_r).
DEFS      = -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE \
            -DLOFTE_VERSION='"$(VERSION)"' -DLOFTE_DATADIR='"$(DATADIR)/lofte"'

ifeq ($(SAN),1)
BUILD    ?= build/san
SANFLAGS  = -fsanitize=address,undefined -fno-omit-frame-pointer \
            -fno-sanitize-recover=undefined
# Leaks inside system libraries (ncurses) are not lofte's: see the file.
export LSAN_OPTIONS ?= suppressions=$(CURDIR)/.ci/lsan.supp
else
BUILD    ?= build/$(notdir $(CC))
endif
ifeq ($(VALGRIND),1)
ifeq ($(SAN),1)
$(error SAN=1 and VALGRIND=1 do not mix: valgrind cannot run sanitized programs)
endif
# The same programs as a plain build (build/cc): run-tests.sh wraps them.
export LOFTE_VALGRIND = 1
endif

# pkg-config is asked when a recipe runs, not when make starts, so that
# `make check` can install the packages first and then build.
PKG_LIBS  = $(shell pkg-config --libs sqlite3 ncursesw)
# ncursesw's --cflags define _XOPEN_SOURCE=600; ours (700) is a superset.
CURSES_CFLAGS = $(filter-out -D_XOPEN_SOURCE=% -D_DEFAULT_SOURCE,$(shell pkg-config --cflags ncursesw))
LIBS      = $(PKG_LIBS) -liniparser

ALL_CFLAGS = $(STD) $(WARNINGS) $(DEFS) -Iinclude $(CFLAGS) $(SANFLAGS)
ALL_LDFLAGS = $(LDFLAGS) $(SANFLAGS)

# Core: no curses.  The UI and the command line sit on top of it.
CORE_SRC  = src/error.c src/xalloc.c src/strbuf.c src/text.c src/model.c \
            src/fileio.c src/fileperm.c src/paths.c src/config.c src/identity.c \
            src/store.c src/docformat.c src/export.c src/textbuf.c src/i18n.c src/diff.c
# The interface: curses, on top of the core.
UI_SRC    = src/keys.c src/tui.c src/tui_draw.c src/tui_modal.c src/tui_editor.c \
            src/tui_views.c
APP_SRC   = src/cli.c src/main.c
CORE_OBJ  = $(CORE_SRC:src/%.c=$(BUILD)/%.o)
UI_OBJ    = $(UI_SRC:src/%.c=$(BUILD)/%.o)
APP_OBJ   = $(APP_SRC:src/%.c=$(BUILD)/%.o)
LIBS_OWN  = $(BUILD)/liblofte-ui.a $(BUILD)/liblofte.a

UNIT_SRC  = $(wildcard tests/unit/test_*.c)
UNIT_BIN  = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all check test bench demo deps install uninstall clean fuzz fuzz-build FORCE

all: lofte

# By rename: a running lofte keeps its old file ("text file busy").
lofte: $(BUILD)/lofte
	cp $< $@.new && mv -f $@.new $@

$(BUILD)/lofte: $(APP_OBJ) $(LIBS_OWN)
	$(CC) $(ALL_LDFLAGS) -o $@ $(APP_OBJ) $(LIBS_OWN) $(LIBS)

$(BUILD)/liblofte.a: $(CORE_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/liblofte-ui.a: $(UI_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CURSES_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c tests/unit/testutil.h $(LIBS_OWN)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CURSES_CFLAGS) -Itests/unit $(ALL_LDFLAGS) -o $@ $< $(LIBS_OWN) \
		$(LIBS) $(shell pkg-config --libs cmocka)

# The data folder is compiled into cli.o: rebuild it when PREFIX changes.
$(BUILD)/datadir.stamp: FORCE
	@mkdir -p $(@D)
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' > $@
$(BUILD)/cli.o: $(BUILD)/datadir.stamp

FORCE:

# The terminal emulator that drives the end-to-end tests (libvterm on a pty).
$(BUILD)/vtdrive: tests/tui/vtdrive.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(shell pkg-config --cflags vterm) $(ALL_LDFLAGS) -o $@ $< \
		$(shell pkg-config --libs vterm) -lutil

# Many writer processes against one database, for the concurrency tests.
$(BUILD)/lofte-stress: tests/tools/stress.c $(LIBS_OWN)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ tests/tools/stress.c $(BUILD)/liblofte.a $(LIBS)

# The benchmark: a generator of national-scale data, and the floor
# program lofte is measured against (tests/bench/).
$(BUILD)/lofte-gen: tests/bench/gen.c $(LIBS_OWN)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ tests/bench/gen.c $(BUILD)/liblofte.a $(LIBS)

$(BUILD)/lofte-floor: tests/bench/floor.c
	$(CC) $(ALL_CFLAGS) $(CURSES_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIBS)

BENCH_TOOLS = $(BUILD)/lofte $(BUILD)/vtdrive $(BUILD)/lofte-stress $(BUILD)/lofte-gen \
              $(BUILD)/lofte-floor

# make bench: the figures of issue 6 at national scale, with the ratio to
# the floor; results in $(BUILD)/bench-results.json.
bench: deps
	@$(MAKE) --no-print-directory $(BENCH_TOOLS)
	@sh tests/bench/run-bench.sh "$(BUILD)" national

deps:
	@sh .ci/install-deps

# The fuzz targets' inputs replayed without libFuzzer, with $(CC): every
# crash input ever found and the seeds run on every `make test`.
FUZZ_TARGETS = config docformat textbuf
FUZZ_REPLAY  = $(FUZZ_TARGETS:%=$(BUILD)/fuzz-replay-%)

$(BUILD)/fuzz-replay-%: tests/fuzz/fuzz_%.c tests/fuzz/driver.c tests/fuzz/fuzz_common.c \
		tests/fuzz/fuzz.h $(LIBS_OWN)
	$(CC) $(ALL_CFLAGS) -Itests/fuzz $(ALL_LDFLAGS) -o $@ $< tests/fuzz/driver.c \
		tests/fuzz/fuzz_common.c $(BUILD)/liblofte.a $(LIBS)

# libFuzzer: clang-14 with its runtime (libclang-rt-14-dev), ASan and
# UBSan, in a build folder of its own.  iniparser is Debian's library;
# Debian's archive did not serve its source package here (see
# tests/fuzz/README.md).
FUZZ_CC      ?= clang-14
FUZZ_SECONDS ?= 60
FUZZ_JOBS    ?= 2
FUZZ_BUILD   ?= build/fuzz
FUZZ_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=undefined \
                -fno-omit-frame-pointer
FUZZ_CFLAGS   = $(STD) $(WARNINGS) $(DEFS) -Iinclude -Itests/fuzz -O1 -g \
                $(FUZZ_SAN) -fsanitize=fuzzer-no-link
FUZZ_CORE_OBJ = $(CORE_SRC:src/%.c=$(FUZZ_BUILD)/obj/%.o)
FUZZ_BINS     = $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz-%)

$(FUZZ_BUILD)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

$(FUZZ_BUILD)/liblofte.a: $(FUZZ_CORE_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_BUILD)/fuzz-%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.c tests/fuzz/fuzz.h \
		$(FUZZ_BUILD)/liblofte.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< tests/fuzz/fuzz_common.c \
		$(FUZZ_BUILD)/liblofte.a $(LIBS)

fuzz-build: $(FUZZ_BINS)

# Each target for FUZZ_SECONDS, FUZZ_JOBS at a time; fails on a crash and
# keeps the input in $(FUZZ_BUILD)/crashes/TARGET/.
fuzz:
	@LOFTE_EXTRA_PACKAGES="clang-14 libclang-rt-14-dev" sh .ci/install-deps
	@$(MAKE) --no-print-directory fuzz-build
	@sh tests/fuzz/run-fuzz.sh "$(FUZZ_BUILD)" "$(FUZZ_SECONDS)" "$(FUZZ_JOBS)" $(FUZZ_TARGETS)

# The tests, without installing anything first.
test: $(UNIT_BIN) $(BENCH_TOOLS) $(FUZZ_REPLAY)
	@sh tests/run-tests.sh "$(BUILD)"

check: deps
	@$(MAKE) --no-print-directory test

demo: deps
	@$(MAKE) --no-print-directory lofte
	./lofte --demo

install: lofte
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(DATADIR)/lofte/demo
	install -m 0755 lofte $(DESTDIR)$(BINDIR)/lofte
	install -m 0644 man/lofte.1 $(DESTDIR)$(MANDIR)/man1/lofte.1
	install -m 0644 man/lofte.5 $(DESTDIR)$(MANDIR)/man5/lofte.5
	install -m 0644 share/lofte/demo/jonkoping-2024.md $(DESTDIR)$(DATADIR)/lofte/demo/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/lofte $(DESTDIR)$(MANDIR)/man1/lofte.1 \
		$(DESTDIR)$(MANDIR)/man5/lofte.5 \
		$(DESTDIR)$(DATADIR)/lofte/demo/jonkoping-2024.md
	-rmdir $(DESTDIR)$(DATADIR)/lofte/demo $(DESTDIR)$(DATADIR)/lofte

clean:
	rm -rf build lofte

-include $(CORE_OBJ:.o=.d) $(UI_OBJ:.o=.d) $(APP_OBJ:.o=.d) $(FUZZ_CORE_OBJ:.o=.d)
