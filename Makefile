# Attendant — the two commands a newcomer runs: `make run` and `make test`.
SHELL := /bin/bash
SWIFT ?= swift
APT_PACKAGES := libasound2-dev libspandsp-dev libsqlite3-dev libgpiod-dev libargon2-dev pkg-config \
	alsa-utils sox asterisk-core-sounds-en-wav asterisk-core-sounds-ru-wav \
	asterisk-core-sounds-es-wav asterisk-core-sounds-fr-wav asterisk-moh-opsound-wav \
	picocom socat lrzsz tmux valgrind
STAMP := .build/.deps-installed

.PHONY: run test fuzz bench dtmf-bench deps testvm build release clean image image-deps image-binary image-test

## Installs the Debian packages the build and the tests need (once per machine).
deps: $(STAMP)
$(STAMP): Makefile
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
	@mkdir -p .build && touch $(STAMP)

## The test VM: Debian's kernel with snd-aloop and an out-of-tree gpio-sim, QEMU
## (image/testvm; downloaded and built once, cached in .build/testvm).
testvm:
	image/testvm/prepare.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product attendant

## The appliance on the simulated board, with its console on this terminal.
run: release
	.build/release/attendant run

## Everything: unit, scenario and bounded benchmark tests, and a call through the
## kernel's ALSA and GPIO in the test VM.
test: deps testvm
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	@# The VM test alone: its TCG guest keeps time badly beside a whole parallel suite.
	ATTENDANT_VM_TESTS=1 $(SWIFT) test --skip-build --filter VirtualMachineTests

## The menu compiler under many more random and mutated files than `make test` runs,
## and console sessions under 10⁶ hostile byte sequences.
fuzz: deps
	$(SWIFT) build --build-tests
	ATTENDANT_FUZZ_ITERATIONS=200000 $(SWIFT) test --skip-build --filter MenuCompilerFuzzTests
	ATTENDANT_CONSOLE_FUZZ_ITERATIONS=1000000 $(SWIFT) test --skip-build \
	  --filter 'randomBytesNeverBreakTheSession|randomBytesNeitherLogInNorChangeTheConfiguration'

## The engine against raw spandsp, in one run; plus instruction counts under callgrind.
bench: release
	$(SWIFT) build -c release --product MallocInterposerSwift
	LD_PRELOAD=$(CURDIR)/.build/release/libMallocInterposerSwift.so .build/release/attendant bench
	scripts/callgrind-bench.sh .build/release/attendant
	@# The tables above stand even when the VM cannot be prepared; the run still fails.
	@image/testvm/prepare.sh >.build/testvm-prepare.log 2>&1 || { \
	  tail -n 3 .build/testvm-prepare.log; \
	  echo "make bench: the real ALSA path table is missing: the test VM could not be prepared (full log: .build/testvm-prepare.log)"; \
	  exit 1; }
	image/testvm/bench.sh .build/release/attendant

## DTMF detection across the Q.24 masks, talk-off and echo: ours beside raw spandsp.
dtmf-bench: release
	.build/release/attendant dtmf-bench

## The board image (image/README.md): a Debian bookworm root made with mmdebstrap,
## attendant with its Swift runtime linked statically, A/B root slots and a data
## partition laid out by genimage, a .bmap. Everything lands in .build/image/.
IMAGE_BOARD ?= x86_64
IMAGE_BINARY := .build/image/swift/release/attendant

image-deps:
	image/host-deps.sh $(IMAGE_BOARD)

## A build folder of its own: -static-swift-stdlib would otherwise rebuild `make run`'s.
image-binary: deps
	$(SWIFT) build -c release --product attendant --static-swift-stdlib --scratch-path .build/image/swift

image: image-deps image-binary
	image/build.sh --board $(IMAGE_BOARD) --binary $(IMAGE_BINARY)

## Boots the image under QEMU (TCG) and drives its serial console: boot, show version,
## RAUC updates (refused, installed, fallen back, power cut). About 15 minutes: not in
## `make test`.
image-test: image
	image/image-test.sh --board $(IMAGE_BOARD) --binary $(IMAGE_BINARY)

clean:
	rm -rf .build
