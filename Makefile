# Envelope: the two Quick start commands are `make run` and `make test`.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CONFIGURATION ?= release
TEST_TIMEOUT ?= 1200
BIN := .build/$(CONFIGURATION)/envelope
# Release builds link everything statically (Swift runtime, Foundation, ICU, SQLite, glibc):
# no dynamic loader or relocations at start-up, about 3 ms less per run (BENCHMARKS.md).
# `make build STATIC_EXECUTABLE=` builds with only the static Swift standard library.
STATIC_EXECUTABLE ?= -Xswiftc -static-executable

.PHONY: run test deps build lint format migrations bench reliability reliability-quick report-image clean

## run: build envelope and estimate the seed's scenario, recorded to the default ledger
run: build
	$(BIN) estimate seed-chat

## test: build and run every test, then lint, then the bounded reliability suite (what CI runs).
## The PostgreSQL tests get a private server: with-cluster.sh starts one in a temporary folder,
## exports ENVELOPE_TEST_POSTGRES_URL for `swift test`, and stops and removes it however the
## tests end.
## A hung test or command is stopped after TEST_TIMEOUT seconds (the tests take about 4 minutes
## here, the quick reliability suite about 5), so CI fails with the log instead of hanging.
test: deps
	$(SWIFT) build --build-tests
	timeout --kill-after=30 $(TEST_TIMEOUT) scripts/postgres/with-cluster.sh $(SWIFT) test
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests
	ENVELOPE=$(CURDIR)/.build/debug/envelope timeout --kill-after=30 $(TEST_TIMEOUT) \
	  scripts/postgres/with-cluster.sh scripts/reliability/run.sh --quick

## reliability-quick: the bounded reliability suite, under two minutes (needs a debug build)
reliability-quick: deps
	$(SWIFT) build --product envelope
	$(SWIFT) build --product envelope-postgresql
	ENVELOPE=$(CURDIR)/.build/debug/envelope scripts/postgres/with-cluster.sh scripts/reliability/run.sh --quick

## reliability: the full reliability suite on the release build (RELIABILITY.md)
reliability: build
	ENVELOPE=$(CURDIR)/$(BIN) scripts/postgres/with-cluster.sh scripts/reliability/run.sh

## bench: every benchmark on the release build (BENCHMARKS.md); needs hyperfine
bench: build
	command -v hyperfine >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine; }
	SKIP_BUILD=1 bench/run-all.sh

## deps: install what the build and the tests need when it is missing (Debian/Ubuntu)
deps:
	@missing=""; \
	[ -f /usr/include/sqlite3.h ] || missing="$$missing libsqlite3-dev"; \
	command -v sqlite3 >/dev/null 2>&1 || missing="$$missing sqlite3"; \
	command -v python3 >/dev/null 2>&1 || missing="$$missing python3"; \
	command -v chattr >/dev/null 2>&1 || missing="$$missing e2fsprogs"; \
	ls /usr/lib/postgresql/*/bin/initdb /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 \
	  || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
	  echo "installing$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

## build: envelope, and envelope-postgresql beside it (what envelope hands postgresql:// ledgers to)
build: deps
	$(SWIFT) build -c $(CONFIGURATION) --product envelope $(if $(filter release,$(CONFIGURATION)),--static-swift-stdlib $(STATIC_EXECUTABLE),)
	$(SWIFT) build -c $(CONFIGURATION) --product envelope-postgresql $(if $(filter release,$(CONFIGURATION)),--static-swift-stdlib $(STATIC_EXECUTABLE),)

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests

## migrations: embed migrations/sqlite/*.sql and migrations/postgresql/*.sql into the sources
## (EnvelopeStore, EnvelopePostgres) after adding one
migrations:
	python3 scripts/embed-migrations.py

clean:
	rm -rf .build
