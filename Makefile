# make demo: the product on a simulated Okta org.  make test: every test.  make bench: speed against the Okta SDK.
SWIFT ?= swift
BIN = .build/debug/dialpad-okta
# Debian packages each target needs (none beyond Swift so far; the wizard will add ncursesw and tmux).
DEMO_PACKAGES =
TEST_PACKAGES =
BENCH_PACKAGES = python3 python3-venv tmux
# The peer's SDK, pinned so runs compare; LATENCY_MS=N sets the simulated latency (default 100).
OKTA_SDK = okta==3.4.6
VENV = Benchmarks/.venv

.PHONY: demo test bench build check-swift clean

check-swift:
	@command -v $(SWIFT) >/dev/null || { echo "Swift 6 is required: https://www.swift.org/install/linux/ (then run make again)"; exit 1; }

build: check-swift
	$(SWIFT) build

demo: check-swift
	@./scripts/ensure-packages.sh $(DEMO_PACKAGES)
	$(SWIFT) build --product dialpad-okta
	$(BIN) demo --seed $${SEED:-fresh}

test: check-swift
	@./scripts/ensure-packages.sh $(TEST_PACKAGES)
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: check-swift
	@./scripts/ensure-packages.sh $(BENCH_PACKAGES)
	$(SWIFT) build -c release --product dialpad-okta
	@test -x $(VENV)/bin/python || python3 -m venv $(VENV)
	@$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check '$(OKTA_SDK)'
	python3 Benchmarks/bench.py --binary .build/release/dialpad-okta --python $(VENV)/bin/python $(if $(LATENCY_MS),--latency-ms $(LATENCY_MS))

clean:
	rm -rf .build
