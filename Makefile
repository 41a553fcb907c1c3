# A thin wrapper over meson for the README's two commands.
BUILDDIR ?= build

.PHONY: all deps setup build check demo install clean

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

demo: build
	@bash tools/demo.sh $(BUILDDIR)

install: build
	meson install -C $(BUILDDIR)

clean:
	rm -rf $(BUILDDIR)
