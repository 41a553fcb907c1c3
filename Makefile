# A thin wrapper over meson for the README's two commands.
BUILDDIR ?= build

.PHONY: all deps setup build check check-asan check-valgrind torture fuzz bench bench-abuse demo demo-panel install deb deb-check clean

all: build

deps:
	@bash tools/install-deps.sh

setup: deps
	@test -f $(BUILDDIR)/build.ninja || meson setup $(BUILDDIR)

build: setup
	meson compile -C $(BUILDDIR)

# meson test's own verdict is kept in its log; the closing line counts
# every test case and sets the exit status.
check: build
	@rm -f $(BUILDDIR)/meson-logs/testlog.json
	@meson test -C $(BUILDDIR) --print-errorlogs --num-processes 2 || true
	@python3 tools/test-summary.py $(BUILDDIR)/meson-logs/testlog.json

# The whole suite again with AddressSanitizer and UndefinedBehaviorSanitizer
# in a build of its own; any report fails its test. Leak reports are off:
# GTK and fontconfig keep caches until exit (valgrind covers leaks).
ASAN_BUILDDIR ?= build-asan
check-asan: deps
	@test -f $(ASAN_BUILDDIR)/build.ninja || meson setup $(ASAN_BUILDDIR) -Dbuildtype=debug \
	  -Db_sanitize=address,undefined -Db_lundef=false -Dc_args=-fno-sanitize-recover=all
	meson compile -C $(ASAN_BUILDDIR)
	@rm -f $(ASAN_BUILDDIR)/meson-logs/testlog.json
	@ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  meson test -C $(ASAN_BUILDDIR) --print-errorlogs --num-processes 2 --timeout-multiplier 4 || true
	@python3 tools/test-summary.py $(ASAN_BUILDDIR)/meson-logs/testlog.json

# docketd under valgrind memcheck in the daemon's integration suites: any
# memory error or definite leak makes docketd exit 99 when the test stops
# it, which fails the test.
VALGRIND ?= valgrind -q --error-exitcode=99 --suppressions=$(CURDIR)/tests/valgrind.supp --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite --num-callers=30
check-valgrind: build
	@bash tools/install-deps.sh valgrind
	DOCKET_DAEMON_WRAPPER="$(VALGRIND)" meson test -C $(BUILDDIR) --print-errorlogs --timeout-multiplier 10 \
	  test-daemon test-hearings test-compliance test-roles test-keys

# The long crash-safety run: 100 kill -9 of docketd under concurrent
# writers, at least 10,000 acknowledged writes, every one checked on disk
# (tests/test-torture.c; make check runs 3 kills).
torture: build
	DOCKET_TORTURE_KILLS=$${DOCKET_TORTURE_KILLS:-100} DOCKET_TORTURE_WRITES=$${DOCKET_TORTURE_WRITES:-10000} \
	  meson test -C $(BUILDDIR) --print-errorlogs --timeout-multiplier 10 test-torture -v

# libFuzzer with ASan+UBSan on every fuzz target for FUZZ_SECONDS each
# (default 60), in a clang build of its own; new inputs that reach new code
# land in a copy of the corpus under build-fuzz/, to be reviewed and added
# to tests/fuzz/corpus/ by hand.
FUZZ_BUILDDIR ?= build-fuzz
FUZZ_SECONDS ?= 60
fuzz:
	@bash tools/install-deps.sh clang
	@test -f $(FUZZ_BUILDDIR)/build.ninja || CC=clang meson setup $(FUZZ_BUILDDIR) -Dfuzzing=true \
	  -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debugoptimized
	meson compile -C $(FUZZ_BUILDDIR)
	@set -e; for t in csv record fields ciphertext audit; do \
	  mkdir -p $(FUZZ_BUILDDIR)/corpus/$$t; cp -n tests/fuzz/corpus/$$t/* $(FUZZ_BUILDDIR)/corpus/$$t/ 2>/dev/null || true; \
	  echo "fuzz-$$t: $(FUZZ_SECONDS) s"; \
	  ASAN_OPTIONS=detect_leaks=0 $(FUZZ_BUILDDIR)/tests/fuzz/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) \
	    -print_final_stats=1 $(FUZZ_BUILDDIR)/corpus/$$t 2>&1 | grep -E "stat::number_of_executed_units|Done|ERROR|SUMMARY" || exit 1; \
	done

# Performance as ratios to floors measured in the same run (a GDBus echo,
# a durable SQLite commit, a plain C import loop, the same functions called
# directly): latency, import of DRIVERS (default 200,000) drivers,
# responsiveness during it, search, statistics over 1,000,000 cases, memory.
# A benchmark, not a test: it prints figures and never fails on time.
bench: build
	@bash tools/bench.sh $(BUILDDIR)

# docketd under a flood of large calls from a user without roles, on a bus
# with the system bus's limits: the officer's calls, memory, refusals.
bench-abuse: build
	@bash tools/bench-abuse.sh $(BUILDDIR)

demo: build
	@bash tools/demo.sh $(BUILDDIR)

# The decision-maker's and a board member's windows side by side, each as
# its own user, on one demo bus.
demo-panel: build
	@DOCKET_DEMO_PANEL=1 bash tools/demo.sh $(BUILDDIR)

install: build
	meson install -C $(BUILDDIR)

# Debian packages (unsigned) in build-deb/: docket-daemon, docketctl,
# docket-client; lintian must find no error.
deb:
	@bash tools/deb.sh

# The packages installed on this machine with apt-get, docketd started on
# a system bus as its unit would, used through docketctl by a member of the
# group docket, then purged: nothing left but the records and the key.
# Needs root (skipped otherwise); .ci/run runs it after make check.
deb-check: deb
	@bash tools/deb-check.sh

clean:
	rm -rf $(BUILDDIR)
