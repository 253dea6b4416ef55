# canary — build, test, demo and benchmark entry points.
SWIFT ?= swift
BIN := .build/debug/canary
DEMO_DB ?= demo.db

.PHONY: build release test lint format demo sample-data bench stability migrations clean

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release --product canary

## make test: format lint, then every unit and end-to-end test.
test: lint
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests

## make demo: build, simulate a scenario, ingest it into a fresh SQLite file, analyze it, print the report.
SCENARIO ?= healthy
SCENARIOS := healthy latency-regression error-spike push-storm low-traffic \
  migration-healthy migration-latency migration-errors migration-push-storm
demo: build
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	@test -d sample-data/$(SCENARIO)/data || $(BIN) simulate --scenario $(SCENARIO) --out sample-data/$(SCENARIO)/data
	@if [ -f sample-data/$(SCENARIO)/data/migration.json ]; then \
	  set -x; $(BIN) ingest --db $(DEMO_DB) sample-data/$(SCENARIO)/data/sidecar \
	    sample-data/$(SCENARIO)/data/istiod-stable sample-data/$(SCENARIO)/data/istiod-canary; \
	else \
	  set -x; $(BIN) ingest --db $(DEMO_DB) --namespace-map sample-data/$(SCENARIO)/data/namespaces.txt sample-data/$(SCENARIO)/data/sidecar && \
	  $(BIN) ingest --db $(DEMO_DB) --revision stable sample-data/$(SCENARIO)/data/istiod-stable && \
	  $(BIN) ingest --db $(DEMO_DB) --revision canary sample-data/$(SCENARIO)/data/istiod-canary; \
	fi
	$(BIN) revisions --db $(DEMO_DB)
	@$(BIN) analyze --db $(DEMO_DB) --baseline stable --canary canary; \
	  status=$$?; echo "canary analyze exited $$status (expected: $$(cat sample-data/$(SCENARIO)/expected-verdict))"; \
	  test $$status -lt 3

## make sample-data: write every scenario's metric files (seeded: the same bytes every time).
sample-data: build
	for s in $(SCENARIOS); do rm -rf sample-data/$$s/data; $(BIN) simulate --scenario $$s --out sample-data/$$s/data; done

## make bench: release build, then throughput and timing figures (never part of make test).
bench:
	$(SWIFT) build -c release --product CanaryBenchmarks
	$(SWIFT) build -c release --product canary
	.build/release/CanaryBenchmarks

## make stability: verdict counts of the built-in configuration over many seeds of every
## migration scenario and of healthy/latency-regression (STABILITY_SEEDS, default 100).
stability: release
	CANARY=.build/release/canary bash scripts/stability.sh

## make migrations: regenerate the Swift source that embeds migrations/*.sql in the binary.
migrations:
	python3 scripts/embed_migrations.py

clean:
	rm -rf .build
