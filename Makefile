# Envelope: the two Quick start commands are `make run` and `make test`.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CONFIGURATION ?= release
BIN := .build/$(CONFIGURATION)/envelope

.PHONY: run test deps build lint format migrations bench reliability report-image clean

## run: build envelope and estimate the seed's scenario, recorded to the default ledger
run: build
	$(BIN) estimate seed-chat

## test: build and run every test, then lint (what CI runs)
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

## deps: install what the build and the tests need when it is missing (Debian/Ubuntu)
deps:
	@missing=""; \
	[ -f /usr/include/sqlite3.h ] || missing="$$missing libsqlite3-dev"; \
	command -v sqlite3 >/dev/null 2>&1 || missing="$$missing sqlite3"; \
	if [ -n "$$missing" ]; then \
	  echo "installing$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build -c $(CONFIGURATION) --product envelope $(if $(filter release,$(CONFIGURATION)),--static-swift-stdlib,)

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests

## migrations: embed migrations/*.sql into the binary's sources after adding one
migrations:
	python3 scripts/embed-migrations.py

clean:
	rm -rf .build
