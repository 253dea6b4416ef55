# canary — build, test, demo and benchmark entry points.
SWIFT ?= swift
BIN := .build/debug/canary
DEMO_DB ?= demo.db

.PHONY: build release test lint format fuzz demo sample-data bench stability migrations clean

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release --product canary

## make test: format lint, then every unit and end-to-end test. The suite includes a bounded
## fuzz run: 1,500 seeded mutants through every parser in-process (ParserFuzzTests) and 36
## through the built binary (IngestFuzzTests).
test: lint
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## make fuzz: FUZZ_SECONDS of fuzzing, half of them seeded mutants in-process (FUZZ_SEED picks
## the first seed), half libFuzzer on the ParserFuzzer target (built with -sanitize=fuzzer in
## .build-fuzz). A crash prints its seed or libFuzzer's report and keeps the input in
## .build/fuzz-crashes/; `.build/debug/ParserFuzzer FILE` replays a saved input.
FUZZ_SECONDS ?= 60
FUZZ_SEED ?=
CRASHES := .build/fuzz-crashes
fuzz:
	$(SWIFT) build --build-tests
	@mkdir -p $(CRASHES) .build/fuzz-corpus
	@CANARY_FUZZ_SECONDS=$$(( $(FUZZ_SECONDS) / 2 )) CANARY_FUZZ_SEED=$(FUZZ_SEED) \
	  $(SWIFT) test --skip-build --filter 'ParserFuzzTests/timedRun|IngestFuzzTests'; status=$$?; \
	  if [ -f $(CRASHES)/in-progress.seed ]; then \
	    seed=$$(cat $(CRASHES)/in-progress.seed); \
	    mv $(CRASHES)/in-progress.input $(CRASHES)/crash-$$seed.input; \
	    rm -f $(CRASHES)/in-progress.seed; \
	    echo "fuzz: crash at seed $$seed; input kept as $(CRASHES)/crash-$$seed.input" \
	      "(replay: make fuzz FUZZ_SEED=$$seed FUZZ_SECONDS=2)"; \
	  fi; \
	  test $$status -eq 0
	$(SWIFT) build --build-path .build-fuzz --product ParserFuzzer --sanitize fuzzer \
	  -Xswiftc -DCANARY_LIBFUZZER
	.build-fuzz/debug/ParserFuzzer -max_total_time=$$(( $(FUZZ_SECONDS) / 2 )) -max_len=65536 \
	  -artifact_prefix=$(CRASHES)/ .build/fuzz-corpus Tests/IngestionTests/Fixtures

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests

## make demo: build, simulate a scenario, ingest it into a fresh SQLite file, analyze it, print the report.
## The default is a namespace migration (4 namespaces, one file per scrape, so it stays quick);
## SCENARIO=healthy shows a side-by-side one.
SCENARIO ?= migration-healthy
MIGRATION_FLAGS ?= --namespaces 4 --layout per-scrape
SCENARIOS := healthy latency-regression error-spike push-storm low-traffic \
  migration-healthy migration-latency migration-errors migration-push-storm
demo: build
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	@test -d sample-data/$(SCENARIO)/data || $(BIN) simulate --scenario $(SCENARIO) \
	  $(if $(findstring migration-,$(SCENARIO)),$(MIGRATION_FLAGS)) --out sample-data/$(SCENARIO)/data
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
## migration scenario (healthy also with a 2-minute warm-up and with per-minute values
## autocorrelated at 0.5 and 0.7) and of healthy/latency-regression (STABILITY_SEEDS, default 100).
## Then canary watch --replay (and, for healthy, the pipeline loops of analyze --sequential and
## of the fixed-horizon analyze) on healthy, 5xx x3 and latency x1.5 migrations.
stability: release
	CANARY=.build/release/canary bash scripts/stability.sh
	CANARY=.build/release/canary WATCH_LOOP=1 bash scripts/watch-stability.sh migration-healthy $${STABILITY_SEEDS:-100}
	CANARY=.build/release/canary bash scripts/watch-stability.sh migration-errors $${STABILITY_SEEDS:-100} --error-factor 3
	CANARY=.build/release/canary bash scripts/watch-stability.sh migration-latency $${STABILITY_SEEDS:-100} --latency-factor 1.5

## make migrations: regenerate the Swift source that embeds migrations/*.sql in the binary.
migrations:
	python3 scripts/embed_migrations.py

clean:
	rm -rf .build
