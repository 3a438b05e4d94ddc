# Clinic Admin. `make run` and `make test` install what is missing first.
export PATH := $(PATH):/usr/local/go/bin
GO ?= go
BIN := bin/clinicadmin
FUZZTIME ?= 5s

.PHONY: deps build run test vet unit fuzz smoke bench screenshots clean

deps:
	@scripts/install-deps.sh

build: deps
	$(GO) build -o $(BIN) .

run: build
	./$(BIN)

test: deps vet unit fuzz smoke

vet:
	$(GO) vet ./...

unit:
	$(GO) test -race ./...

# A few seconds of fuzzing each for the rules that guard every input.
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzValidate$$' -fuzztime $(FUZZTIME) ./data/
	$(GO) test -run '^$$' -fuzz '^FuzzParseBirthDate$$' -fuzztime $(FUZZTIME) ./data/
	$(GO) test -run '^$$' -fuzz '^FuzzSearch$$' -fuzztime $(FUZZTIME) ./data/
	$(GO) test -run '^$$' -fuzz '^FuzzMessage_Validate$$' -fuzztime $(FUZZTIME) ./mail/

smoke: build
	scripts/smoke.sh $(BIN)

# The targets of DESIGN.md, each as a ratio or a bound measured in this run:
# P1 search against a LIKE scan on one file of BENCH_N members (built once
# and kept in BENCH_DB), P2 keystroke to table on that file, P3 and P4
# start-up and memory of the real window on that file against a bare Fyne
# window, P5 import against the sqlite3 shell's .import, P6 a secure delete
# of a member with 1,000 visits. Each prints its verdict; a FAIL does not
# stop the others.
BENCH_N ?= 1000000
BENCH_DB ?= bin/bench-$(BENCH_N).db
bench: build
	$(GO) build -o bin/bare ./bench/bare
	-$(GO) run ./bench/search -n $(BENCH_N) -db $(BENCH_DB)
	-CLINICADMIN_BENCH_DB=$(abspath $(BENCH_DB)) $(GO) test -count=1 -run '^TestKeystrokeLatency$$' -v ./ui/
	-bench/window.sh $(BIN) bin/bare $(BENCH_DB)
	-$(GO) run ./bench/import -n $(BENCH_N)
	$(GO) test -run '^$$' -bench '^BenchmarkDeleteMember$$' -benchtime 50x ./data/

screenshots: build
	scripts/screenshots.sh $(BIN)

clean:
	rm -rf bin
