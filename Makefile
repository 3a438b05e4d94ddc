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

fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzValidate$$' -fuzztime $(FUZZTIME) ./data/
	$(GO) test -run '^$$' -fuzz '^FuzzParseBirthDate$$' -fuzztime $(FUZZTIME) ./data/

smoke: build
	scripts/smoke.sh $(BIN)

clean:
	rm -rf bin
