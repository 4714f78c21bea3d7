# make demo: the product on a simulated Okta org.  make test: every test.  make bench: speed against the Okta SDK.
SWIFT ?= swift
BIN = .build/debug/dialpad-okta
# Debian packages each target needs: ncursesw's headers for the wizard, tmux for its end-to-end tests.
DEMO_PACKAGES = libncurses-dev
TEST_PACKAGES = libncurses-dev tmux strace

BENCH_PACKAGES = python3 python3-venv tmux
# The peer's SDK, pinned so runs compare; LATENCY_MS=N sets the simulated latency (default 100);
# RUNS=N the runs of each measurement, whose median and range the results give (default 10;
# the minute-long tight-rate-limit apply runs LIMITED_RUNS times, default 1).
OKTA_SDK = okta==3.4.6
VENV = Benchmarks/.venv

.PHONY: demo test fuzz bench build install check-swift clean

# make install PREFIX=...: a release binary with the Swift runtime linked in, so it runs where
# only libncursesw is installed; shell completions and the man page come from the binary itself.
PREFIX ?= /usr/local
RELEASE_BIN = .build/release/dialpad-okta

check-swift:
	@command -v $(SWIFT) >/dev/null || { echo "Swift 6 is required: https://www.swift.org/install/linux/ (then run make again)"; exit 1; }

build: check-swift
	@./scripts/ensure-packages.sh $(DEMO_PACKAGES)
	$(SWIFT) build

demo: check-swift
	@./scripts/ensure-packages.sh $(DEMO_PACKAGES)
	$(SWIFT) build --product dialpad-okta
	$(BIN) demo --seed $${SEED:-fresh}

# Tests that count dependent waves from the request timeline run after the rest, on a quiet
# machine: with the whole suite running, a request started late looks like a dependency, and
# a clean-up window of seconds passes before a slowed run reaches it.
TIMELINE_TESTS = independentWritesShareTheirRoundTrips|aShownPlanAddsTheReReads|pushAndOverrideShareTheirRoundTrips|wavesAndRequests|productOverHTTP2|applyAfterRollbackWaitsForTheCleanUpAndCompletes

# At most this many tests run at once. Unbounded, the whole suite started together: binaries,
# tmux panes and in-process simulators on two cores, where one simulator went a minute without
# answering and a test failed that passes alone (CI, 2026-12-07). 12 costs about 10% of wall time.
export SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH ?= 12

test: check-swift
	@./scripts/ensure-packages.sh $(TEST_PACKAGES)
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --skip '$(TIMELINE_TESTS)'
	$(SWIFT) test --skip-build --filter '$(TIMELINE_TESTS)'

# A long fuzz run of the response decoders, okta.yaml and journal readers (make test runs a short one).
fuzz: check-swift
	$(SWIFT) build --build-tests
	FUZZ_ITERATIONS=$${FUZZ_ITERATIONS:-100000} $(SWIFT) test --skip-build --filter 'FuzzTests'

bench: check-swift
	@./scripts/ensure-packages.sh $(BENCH_PACKAGES)
	$(SWIFT) build -c release --static-swift-stdlib --product dialpad-okta
	@test -x $(VENV)/bin/python || python3 -m venv $(VENV)
	@$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check '$(OKTA_SDK)'
	python3 Benchmarks/bench.py --binary .build/release/dialpad-okta --python $(VENV)/bin/python $(if $(LATENCY_MS),--latency-ms $(LATENCY_MS))

# Every path is quoted for the shell, whatever PREFIX and DESTDIR hold (spaces, quotes).
quote = '$(subst ','\'',$(1))'
DEST = $(DESTDIR)$(PREFIX)

install: check-swift
	@./scripts/ensure-packages.sh $(DEMO_PACKAGES)
	$(SWIFT) build -c release --static-swift-stdlib --product dialpad-okta
	install -d $(call quote,$(DEST)/bin) $(call quote,$(DEST)/share/man/man1) $(call quote,$(DEST)/share/man/ja/man1) \
		$(call quote,$(DEST)/share/bash-completion/completions) $(call quote,$(DEST)/share/zsh/site-functions) \
		$(call quote,$(DEST)/share/fish/vendor_completions.d)
	install -s -m 755 $(RELEASE_BIN) $(call quote,$(DEST)/bin/dialpad-okta)
	$(RELEASE_BIN) generate-manual > $(call quote,$(DEST)/share/man/man1/dialpad-okta.1)
	install -m 644 docs/man/ja/dialpad-okta.1 $(call quote,$(DEST)/share/man/ja/man1/dialpad-okta.1)
	$(RELEASE_BIN) --generate-completion-script bash > $(call quote,$(DEST)/share/bash-completion/completions/dialpad-okta)
	$(RELEASE_BIN) --generate-completion-script zsh > $(call quote,$(DEST)/share/zsh/site-functions/_dialpad-okta)
	$(RELEASE_BIN) --generate-completion-script fish > $(call quote,$(DEST)/share/fish/vendor_completions.d/dialpad-okta.fish)
	@echo "Installed "$(call quote,$(DEST)/bin/dialpad-okta)" ($$($(RELEASE_BIN) --version)), its man pages (English and Japanese) and bash, zsh and fish completions."

clean:
	rm -rf .build
