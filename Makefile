# The two commands: `make run` and `make test`. Everything else is a helper.
.PHONY: run test deps build build-asan unit unit-asan api bench clean

DB ?= shensu.db
LISTEN ?= 127.0.0.1:8080

run: deps build
	@if [ ! -f "$(DB)" ]; then build/shensu demo --db "$(DB)"; fi
	build/shensu serve --db "$(DB)" --listen "$(LISTEN)"

test: deps build build-asan unit unit-asan api

deps:
	@scripts/install-deps.sh

build:
	@[ -f build/build.ninja ] || meson setup build --buildtype=debugoptimized
	ninja -C build

build-asan:
	@[ -f build-asan/build.ninja ] || meson setup build-asan --buildtype=debug \
		-Db_sanitize=address,undefined -Db_lundef=false
	ninja -C build-asan

unit: build
	meson test -C build --print-errorlogs

unit-asan: build-asan
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 meson test -C build-asan --print-errorlogs

# The API and CLI suites against the sanitizer build: they drive the real binary.
api: build-asan
	SHENSU_BIN=$(CURDIR)/build-asan/shensu \
		ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0 \
		LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
		UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		node --test --test-concurrency=2 tests/api/

bench: build
	bench/import/run.sh
	bench/intake/run.sh
	bench/read/run.sh
	bench/notice/run.sh

clean:
	rm -rf build build-asan
