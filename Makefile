# canary — build, test, demo and benchmark entry points.
SWIFT ?= swift
BIN := .build/debug/canary
DEMO_DB ?= demo.db

.PHONY: build release test unit lint format demo bench migrations clean

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

## make demo: build, ingest the bundled sample data into a fresh SQLite file, list what it holds.
demo: build
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN) ingest --db $(DEMO_DB) sample-data/healthy
	$(BIN) revisions --db $(DEMO_DB)

## make bench: release build, then throughput and timing figures (never part of make test).
bench:
	$(SWIFT) build -c release --product CanaryBenchmarks
	$(SWIFT) build -c release --product canary
	.build/release/CanaryBenchmarks

## make migrations: regenerate the Swift source that embeds migrations/*.sql in the binary.
migrations:
	python3 scripts/embed_migrations.py

clean:
	rm -rf .build
