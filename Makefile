# shanhai — build, test and demo entry points.
#
#   make deps        system packages + .venv with the Python toolchain
#   make build       configure + build the C++ library and tests (preset "dev")
#   make headers     every header of include/shanhai compiled alone, with g++ and with clang++
#   make test        everything CI runs: headers, ctest, doctest, ctest under ASan + UBSan and TSan, consumer, typecheck, pytest
#   make consumer    install the library and build tests/consumer against it
#   make install-py  build + install the Python package into .venv
#   make typecheck   mypy --strict over python/shanhai, stubtest of _core.pyi against the module
#   make demo        python -m shanhai report
#   make docs        the Sphinx site (docs/: guide, API reference) into build/docs, warnings as errors
#   make asan        C++ tests under AddressSanitizer + UBSan (preset "asan")
#   make tsan        the thread tests (tests/cpp/test_threads.cpp) under ThreadSanitizer
#   make bench       benchmarks/bench.py beside pandas, polars and DuckDB (BENCH_HOUSEHOLDS, BENCH_FLOWS)
#   make fuzz        libFuzzer targets (fuzz/) for FUZZ_SECONDS each; make fuzz-smoke: 20 s each
#   make clean       remove build/ (make distclean also removes .venv)

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.ONESHELL:
.NOTPARALLEL:
.DEFAULT_GOAL := test
MAKEFLAGS += --no-print-directory

VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
STAMP  := $(VENV)/.deps-stamp
JOBS   ?= 2

# Debian packages needed to build (checked with dpkg -s, installed when missing).
APT_PKGS := g++ libboost-serialization-dev doctest-dev clang libclang-rt-14-dev fonts-wqy-microhei
# Python packages for building the extension and running the tests (see pyproject.toml).
PY_PKGS  := "scikit-build-core>=0.10" "pybind11>=2.13" "numpy>=1.24" "pandas>=2.0" "plotly>=5.0" "matplotlib>=3.6" "openpyxl>=3.1" "lxml>=4.9" "tqdm>=4.60" pytest hypothesis nbclient nbformat ipykernel "mypy>=1.11" "pandas-stubs>=2.0" \
            "pyarrow>=14" "polars>=1.0" "duckdb>=1.1" "dask[distributed]>=2024.8"
# Python packages for make bench only (the peers it is measured beside, and memory readings).
BENCH_PKGS := "pyarrow>=14" "polars>=1.0" "duckdb>=1.1" "psutil>=5.9"
# Python packages for the docs (make docs; pytest builds them too, so make deps installs them).
DOCS_PKGS := "sphinx>=8" "myst-parser>=4" "furo>=2024.8.6"

# cmake/ninja installed into the venv (only when the machine lacks them) come last on PATH.
export PATH := $(PATH):$(CURDIR)/$(VENV)/bin

step = printf '\n\033[1m==> %s\033[0m\n' "$(1)"

.PHONY: help deps system-deps headers build ctest test consumer install-py typecheck pytest demo docs bench asan tsan clean distclean

help:
	@sed -n '3,15p' $(firstword $(MAKEFILE_LIST))

# --------------------------------------------------------------------------- deps
deps: system-deps $(STAMP)

system-deps:
	@missing=""
	for p in $(APT_PKGS); do
	  dpkg -s "$$p" >/dev/null 2>&1 || missing="$$missing $$p"
	done
	if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then missing="$$missing python3-venv"; fi
	if ! python3 -c 'import os, sys, sysconfig; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))'; then
	  missing="$$missing python3-dev"
	fi
	if [ -n "$$missing" ]; then
	  $(call step,installing Debian packages:$$missing)
	  export DEBIAN_FRONTEND=noninteractive
	  apt-get update -qq
	  apt-get install -y -qq --no-install-recommends -o Dpkg::Use-Pty=0 $$missing >/dev/null
	  echo "installed:$$missing"
	fi

$(STAMP): pyproject.toml Makefile
	@$(call step,preparing $(VENV))
	if [ ! -x $(PY) ]; then python3 -m venv $(VENV); fi
	pkgs=($(PY_PKGS) $(DOCS_PKGS))
	cmake --version >/dev/null 2>&1 || pkgs+=("cmake>=3.25")
	ninja --version >/dev/null 2>&1 || pkgs+=(ninja)
	echo "pip install $${pkgs[*]}"
	$(PIP) install -qq "$${pkgs[@]}"
	touch $@

# --------------------------------------------------------------------------- C++
# Each header alone in a translation unit (as Boost tests its headers), with each compiler and the
# project's warnings: a header that leans on what another included first fails here. The headers
# are globbed, so a new one is checked without a line here. Syntax only: it takes a minute or two.
HEADERS      := $(sort $(shell find include/shanhai -name '*.hpp'))
HEADER_CXX   ?= g++ clang++
HEADER_FLAGS := -std=c++20 -fsyntax-only -Iinclude -Wall -Wextra -Wpedantic -Wconversion -Werror

headers: | system-deps
	@$(call step,headers: $(words $(HEADERS)) headers each alone with $(HEADER_CXX))
	for cxx in $(HEADER_CXX); do
	  for h in $(HEADERS:include/%=%); do echo "$$cxx $$h"; done
	done | xargs -P $(JOBS) -L 1 sh -c \
	  'printf "#include <%s>\n" "$$1" | $$0 $(HEADER_FLAGS) -x c++ - || { echo "alone, $$1 fails with $$0"; exit 1; }'

build/dev/build.ninja: CMakePresets.json | deps
	@$(call step,configure (preset dev))
	cmake --preset dev --log-level=WARNING

build: deps build/dev/build.ninja
	@$(call step,build (preset dev))
	cmake --build --preset dev -j$(JOBS)

ctest: build
	@$(call step,ctest (preset dev))
	@# ctest splits a discovered test's name at ';' and then cannot find it
	@! grep -n 'TEST_CASE("[^"]*;' tests/cpp/*.cpp || { echo "a test name holds ';'"; exit 1; }
	ctest --preset dev --output-on-failure
	$(call step,doctest summary)
	cd tests && ../build/dev/shanhai_tests

consumer: build
	@$(call step,install to build/dev/install + build tests/consumer)
	rm -rf build/dev/install
	cmake --install build/dev --prefix "$(CURDIR)/build/dev/install" >build/dev/install.log
	cmake -S tests/consumer -B build/consumer -G Ninja --log-level=WARNING \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_PREFIX_PATH="$(CURDIR)/build/dev/install"
	cmake --build build/consumer -j$(JOBS)
	build/consumer/shanhai_consumer

asan: deps
	@$(call step,asan: configure + build + ctest (preset asan))
	cmake --preset asan --log-level=WARNING
	cmake --build --preset asan -j$(JOBS)
	ctest --preset asan --output-on-failure

# Readers and writers of one SharedRegistry on real threads, built with clang and TSan (one
# translation unit of tests and lib/: a short build, run in make test).
TSAN_DIR := build/tsan
$(TSAN_DIR)/shanhai_thread_tests: tests/cpp/main.cpp tests/cpp/test_threads.cpp $(wildcard lib/*.cpp) $(wildcard include/shanhai/*.hpp include/shanhai/*/*.hpp) | system-deps
	@mkdir -p $(@D)
	echo "clang++ -fsanitize=thread tests/cpp/test_threads.cpp"
	clang++ -std=c++20 -g -O1 -fsanitize=thread -Iinclude tests/cpp/main.cpp tests/cpp/test_threads.cpp \
	  $(wildcard lib/*.cpp) -lboost_serialization -o $@

tsan: $(TSAN_DIR)/shanhai_thread_tests
	@$(call step,tsan: thread tests under ThreadSanitizer)
	cd tests && TSAN_OPTIONS=halt_on_error=1 ../$(TSAN_DIR)/shanhai_thread_tests

# --------------------------------------------------------------------------- Python
install-py: deps
	@$(call step,pip install . into .venv (incremental build dir build/<wheel tag>))
	$(PIP) install --no-build-isolation --no-deps -q .

# mypy reads the sources (mypy_path in pyproject.toml); stubtest imports the installed module.
typecheck: install-py
	@$(call step,typecheck: mypy --strict -p shanhai + stubtest shanhai._core)
	$(PY) -m mypy
	$(PY) -m mypy.stubtest shanhai._core --allowlist tests/python/stubtest_allowlist.txt

pytest: install-py
	@$(call step,pytest)
	$(PY) -m pytest

demo: deps install-py
	@$(call step,python -m shanhai report)
	$(PY) -m shanhai report

# -E: autodoc reads the installed package, which Sphinx does not watch; -n: every reference resolves
docs: deps install-py
	@$(call step,sphinx: docs/ -> build/docs)
	$(PY) -m sphinx -b html -W --keep-going -n -E -q docs build/docs
	echo "build/docs/index.html"

# --------------------------------------------------------------------------- benchmarks
# Not part of make test. The default size runs in a few minutes; the national size is
#   make bench BENCH_HOUSEHOLDS=30000000 BENCH_FLOWS=10000000
BENCH_HOUSEHOLDS ?= 1000000
BENCH_FLOWS      ?= 300000
BENCH_ROUNDS     ?= 3
BENCH_PARTS      ?= 8
BENCH_STAMP      := $(VENV)/.bench-stamp

.PHONY: bench

$(BENCH_STAMP): Makefile | deps
	@$(call step,benchmark peers into $(VENV))
	$(PIP) install -qq $(BENCH_PKGS)
	touch $@

bench: deps install-py $(BENCH_STAMP)
	@$(call step,bench: $(BENCH_HOUSEHOLDS) households / $(BENCH_FLOWS) flows)
	BENCH_HOUSEHOLDS=$(BENCH_HOUSEHOLDS) BENCH_FLOWS=$(BENCH_FLOWS) BENCH_ROUNDS=$(BENCH_ROUNDS) \
	  BENCH_PARTS=$(BENCH_PARTS) $(PY) benchmarks/bench.py

# --------------------------------------------------------------------------- fuzzing
# libFuzzer targets (fuzz/fuzz_*.cpp), built with clang, ASan and UBSan into build/fuzz and run
# by fuzz/run.sh: kept crash inputs (fuzz/regressions/<target>/) are replayed first, then each
# target fuzzes from its corpus and seeds (fuzz/make_seeds.cpp: small registries, the golden
# files, money and date strings). A finding stops the run; its input is in build/fuzz/findings.
#   make fuzz          each target for FUZZ_SECONDS (600), FUZZ_JOBS (2) at a time
#   make fuzz-smoke    each target for FUZZ_SMOKE_SECONDS (20); part of make test
FUZZ_CXX           ?= clang++
FUZZ_SECONDS       ?= 600
FUZZ_SMOKE_SECONDS ?= 20
FUZZ_JOBS          ?= 2
FUZZ_TARGETS       := fuzz_envelope fuzz_archive fuzz_money fuzz_date
FUZZ_DIR           := build/fuzz
FUZZ_CXXFLAGS      := -std=c++20 -g -O2 -fno-omit-frame-pointer -Iinclude \
                      -fsanitize=address,undefined -fno-sanitize-recover=undefined \
                      -fsanitize-coverage-ignorelist=fuzz/coverage_ignore.txt
FUZZ_DEPS          := $(wildcard include/shanhai/*.hpp include/shanhai/*/*.hpp fuzz/*.hpp) fuzz/coverage_ignore.txt

.PHONY: fuzz fuzz-build fuzz-smoke

FUZZ_LIB := $(patsubst lib/%.cpp,$(FUZZ_DIR)/lib_%.o,$(wildcard lib/*.cpp))

$(FUZZ_DIR)/lib_%.o: lib/%.cpp $(FUZZ_DEPS) | system-deps
	@mkdir -p $(@D)
	echo "$(FUZZ_CXX) $< (fuzzer-no-link, ASan, UBSan)"
	$(FUZZ_CXX) $(FUZZ_CXXFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_DIR)/fuzz_%: fuzz/fuzz_%.cpp $(FUZZ_LIB) $(FUZZ_DEPS)
	@echo "$(FUZZ_CXX) $<"
	$(FUZZ_CXX) $(FUZZ_CXXFLAGS) -fsanitize=fuzzer $< $(FUZZ_LIB) -lboost_serialization -o $@

$(FUZZ_DIR)/seeds.stamp: fuzz/make_seeds.cpp $(FUZZ_LIB) $(FUZZ_DEPS) $(wildcard tests/data/v*/*.shanhai)
	@echo "seeds: $(FUZZ_DIR)/seeds"
	$(FUZZ_CXX) $(FUZZ_CXXFLAGS) $< $(FUZZ_LIB) -lboost_serialization -o $(FUZZ_DIR)/make_seeds
	rm -rf $(FUZZ_DIR)/seeds
	$(FUZZ_DIR)/make_seeds $(FUZZ_DIR)/seeds $(wildcard tests/data/v*/*.shanhai)
	touch $@

fuzz-build: $(addprefix $(FUZZ_DIR)/,$(FUZZ_TARGETS)) $(FUZZ_DIR)/seeds.stamp

fuzz: fuzz-build
	@$(call step,fuzz: each target for $(FUZZ_SECONDS) s)
	FUZZ_JOBS=$(FUZZ_JOBS) fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-smoke: fuzz-build
	@$(call step,fuzz smoke: regressions + each target for $(FUZZ_SMOKE_SECONDS) s)
	FUZZ_JOBS=$(FUZZ_JOBS) fuzz/run.sh $(FUZZ_SMOKE_SECONDS) $(FUZZ_TARGETS)

# --------------------------------------------------------------------------- all
test: deps headers build ctest fuzz-smoke asan tsan consumer install-py typecheck pytest

clean:
	rm -rf build

distclean: clean
	rm -rf $(VENV)
