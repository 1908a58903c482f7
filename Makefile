# feinvert: the two commands of the README.
#   make demo   installs what is missing, builds in release mode, runs the bundled coupon job
#   make test   installs what is missing, builds, runs every test (numeric suites optimized)

SHELL := /bin/bash
export PATH := /opt/swift/usr/bin:$(PATH)
SWIFT ?= swift
RELEASE := -c release
TESTFLAGS := -c release -Xswiftc -enable-testing
BIN := .build/release/feinvert
DEMO := demo-out

.PHONY: all bootstrap build demo test validate-ccx clean

all: build

bootstrap:
	@scripts/bootstrap.sh

build: bootstrap
	$(SWIFT) build $(RELEASE)

# The bundled coupon (Meshes/coupon.msh, a [45/-45]s hex20 coupon graded toward its
# free edges, and Meshes/coupon.toml) is solved; a fresh coupon is also meshed to
# show the mesher.
demo: build
	@rm -rf $(DEMO) && mkdir -p $(DEMO)
	$(BIN) mesh --layup "[0/90]s" --ply-thickness 0.125 --length 20 --width 10 --elements hex8 -o $(DEMO)/coupon_0_90.msh
	$(BIN) solve --mesh Meshes/coupon.msh --out $(DEMO)/result
	@echo "demo: outputs in $(DEMO)/result (solution.vtu opens in ParaView; observed.csv is the predicted free-edge field)"

# Tests run optimized (-c release) with testability on: the numeric suites solve
# real FE problems and a debug build is many times slower. The CLI tests run the
# built binary, so it is built first in the same configuration.
test: bootstrap
	$(SWIFT) build $(TESTFLAGS)
	$(SWIFT) build $(TESTFLAGS) --build-tests
	$(SWIFT) test $(TESTFLAGS) --skip-build
	python3 Validation/calculix/compare.py --feinvert $(BIN) --case small

clean:
	rm -rf .build $(DEMO)
