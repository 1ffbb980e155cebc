# The two commands: `make run` and `make test`. Everything else is a helper.
.PHONY: run test deps build build-asan build-release web unit unit-asan api browser bench clean

DB ?= shensu.db
LISTEN ?= 127.0.0.1:8080

# The demo goes only into a new database: a missing one, or one without reference data
# (an empty file); an initialised database is served as it is.
run: deps build web
	build/shensu demo --db "$(DB)" --if-new
	build/shensu serve --db "$(DB)" --listen "$(LISTEN)"

test: deps build build-asan build-release web unit unit-asan api browser

deps:
	@scripts/install-deps.sh

# Warnings are errors in every build (meson.build's default, said again here for
# build directories made before).
build:
	@[ -f build/build.ninja ] || meson setup build --buildtype=debugoptimized -Dwerror=true
	ninja -C build

build-asan:
	@[ -f build-asan/build.ninja ] || meson setup build-asan --buildtype=debug -Dwerror=true \
		-Db_sanitize=address,undefined -Db_lundef=false
	ninja -C build-asan

# What packagers build (-O3): it must compile without a warning too.
build-release:
	@[ -f build-release/build.ninja ] || meson setup build-release --buildtype=release -Dwerror=true
	ninja -C build-release

# The web UI's front-end packages come from npm at build time (nothing from a CDN,
# no Node at run time): ECharts is copied next to the pages it serves.
web: web/vendor/echarts.min.js

node_modules/.package-lock.json: package.json $(wildcard package-lock.json)
	@if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
	@touch $@

web/vendor/echarts.min.js: node_modules/.package-lock.json
	mkdir -p web/vendor
	cp node_modules/echarts/dist/echarts.min.js $@

# The store's unit tests run on both databases: again with a throwaway
# PostgreSQL cluster (scripts/with-pg.sh sets SHENSU_TEST_PG).
unit: build
	meson test -C build --print-errorlogs
	scripts/with-pg.sh meson test -C build --print-errorlogs store

unit-asan: build-asan
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 meson test -C build-asan --print-errorlogs
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 scripts/with-pg.sh \
		meson test -C build-asan --print-errorlogs store

# The API and CLI suites against the sanitizer build: they drive the real binary.
# Twice: on SQLite, then on PostgreSQL (a throwaway cluster, scripts/with-pg.sh),
# where the multi-instance and database-restart tests run too.
API_ENV = SHENSU_BIN=$(CURDIR)/build-asan/shensu \
	ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

api: build-asan
	$(API_ENV) node --test --test-concurrency=2 tests/api/
	$(API_ENV) scripts/with-pg.sh node --test --test-concurrency=2 tests/api/

# The web UI in headless Chromium (playwright-core): the acceptance flow at 360 px,
# axe-core in both display modes, screenshots in build/screenshots/.
browser: build web
	SHENSU_BIN=$(CURDIR)/build/shensu node --test --test-concurrency=1 tests/browser/

bench: build
	bench/import/run.sh
	bench/intake/run.sh
	bench/read/run.sh
	bench/notice/run.sh
	bench/warning/run.sh
	BENCH_PG=1 bench/intake/run.sh
	BENCH_PG=1 bench/read/run.sh

clean:
	rm -rf build build-asan build-release
