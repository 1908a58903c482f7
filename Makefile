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

.PHONY: all bootstrap build demo screenshot test validate validation-readme fuzz clean petsc test-petsc

all: build

bootstrap:
	@scripts/bootstrap.sh

build: bootstrap
	$(SWIFT) build $(RELEASE)

# The main job on the bundled coupon and data set: Meshes/coupon.msh (a [45/-45]s
# hex20 coupon graded toward its free edges, loaded by a force), Meshes/coupon.toml
# (with its [fit] section) and Meshes/coupon_data.csv (SYNTHETIC moire data made by
# `feinvert synth` from the model's constants; see README). A fresh coupon is also
# meshed and solved to show the forward path.
demo: build
	@rm -rf $(DEMO) && mkdir -p $(DEMO)
	$(BIN) mesh --layup "[0/90]s" --ply-thickness 0.125 --length 20 --width 10 --elements hex8 -o $(DEMO)/coupon_0_90.msh
	$(BIN) solve --mesh $(DEMO)/coupon_0_90.msh --out $(DEMO)/solve
	$(BIN) fit --mesh Meshes/coupon.msh --fringes Meshes/coupon_data.csv --report $(DEMO)/fit.json --out $(DEMO)/fit
	$(BIN) stresses --mesh Meshes/coupon.msh --params $(DEMO)/fit.json --out $(DEMO)/edge
	$(BIN) report --fit $(DEMO)/fit.json --residuals $(DEMO)/fit/residuals.csv --stresses $(DEMO)/edge --frequency 100 -o $(DEMO)/report.html
	@echo "demo: fit report in $(DEMO)/fit.json; $(DEMO)/fit/solution.vtu and residuals.csv; interlaminar stresses with 95% bands in $(DEMO)/edge; forward solve in $(DEMO)/solve; the engineer's page in $(DEMO)/report.html"

# The README's screenshot of the demo's page, by the headless chromium of the browser test.
screenshot: demo
	python3 scripts/browser_check.py $(DEMO)/report.html --fit $(DEMO)/fit.json --screenshot docs/report-screenshot.png --clip-height 1500 --scale 0.75

# Tests run optimized (-c release) with testability on: the numeric suites solve
# real FE problems and a debug build is many times slower. The CLI tests run the
# built binary, so it is built first in the same configuration.
test: bootstrap
	$(SWIFT) build $(TESTFLAGS)
	$(SWIFT) build $(TESTFLAGS) --build-tests
	$(SWIFT) test $(TESTFLAGS) --skip-build
	python3 scripts/report_browser_test.py --feinvert $(BIN) --out .build/report-test
	python3 Validation/calculix/compare.py --feinvert $(BIN) --case small
	$(BIN) validate --report .build/validation.json

# The optional PETSc backend (issue 20): installs petsc-dev and OpenMPI, then builds with
# FEINVERT_PETSC=1 into its own scratch directory (.build-petsc/release/feinvert), so that the
# default build stays PETSc-free. `make test-petsc` runs its tests (in-process on one rank, and
# mpirun -np 1 and 2 through the CLI), then the CalculiX cases on two ranks with each method.
PETSCFLAGS := $(TESTFLAGS) --scratch-path .build-petsc
petsc:
	@scripts/bootstrap-petsc.sh
	FEINVERT_PETSC=1 $(SWIFT) build $(PETSCFLAGS)
	FEINVERT_PETSC=1 $(SWIFT) build $(PETSCFLAGS) --build-tests

test-petsc: petsc
	FEINVERT_PETSC=1 $(SWIFT) test $(PETSCFLAGS) --skip-build --filter 'PETScBackendTests|PETScCLITests'
	for method in cg-gamg mumps; do \
	  OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 python3 Validation/calculix/compare.py \
	    --feinvert .build-petsc/release/feinvert --case small --solver "backend = \"petsc\"; method = \"$$method\"; rtol = 1e-12" \
	    --launcher "mpirun --oversubscribe -np 2" || exit 1; \
	done

# Every validation case, including the slow ones.
validate: build
	$(BIN) validate --all --report .build/validation.json

# Rewrites the observed-error tables of README.md and Validation/*/README.md from a
# full run: the README's validation table is the command's output.
validation-readme: validate
	python3 scripts/update_validation_readmes.py .build/validation.json

# Opt-in mutation sweep of the bundled inputs and of the command-line options (two minutes
# or so): fails if any mutated input crashes, hangs or leaves output after exit 2. SEED
# picks the mutations.
SEED ?= 1
fuzz: build
	python3 scripts/fuzz_inputs.py $(SEED)

clean:
	rm -rf .build $(DEMO)
