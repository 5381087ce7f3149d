# PropLink Chat back-end. `make dev` runs the whole product locally; `make test` runs every tier.
SHELL        := bash
.SHELLFLAGS  := -eu -o pipefail -c
VENV         := .venv
PY           := $(VENV)/bin/python
export AWS_DEFAULT_REGION ?= eu-west-2
export AWS_REGION ?= eu-west-2
export GOFLAGS ?=
# How Lambda binaries are built, here and by `sam build` (BuildMethod go1.x reads these).
LAMBDA_GOFLAGS := -trimpath -tags=lambda.norpc '-ldflags=-s -w'
# govulncheck runs offline: vuln.go.dev is out of reach, so its database is built from the OSV
# files in a pinned golang.org/x/vulndb module (bump VULNDB_VERSION to refresh it).
VULNDB_VERSION := v0.0.0-20261105234957-e22db6528018
VULNDB         := .vulndb/$(VULNDB_VERSION)
FN    ?= ApiFunction
EVENT ?= events/api-send.json
QUEUE ?= OutboundQueue

.PHONY: help venv dev invoke remind redrive build sam-build test test-unit test-integration test-e2e \
        test-template lint bench fuzz clean console-browser elasticmq test-elasticmq

help:
	@echo "make dev | remind | redrive QUEUE=<LogicalId> | test | bench | invoke FN=<LogicalId> EVENT=events/<x>.json | sam-build | fuzz"

venv: $(VENV)/.installed
$(VENV)/.installed: requirements-dev.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

## dev: the whole product on 127.0.0.1 (moto, simulator, every function, the HTTP API on :3000),
## the queues on ElasticMQ (fetched from Maven Central by `make elasticmq`; moto's SQS acknowledged
## under half of a 100/s webhook burst); SQS=moto puts them on moto, as the tests do
## (built, then exec'd rather than `go run`: make passes a SIGTERM on to its child, and `go run`
## would die of it and leave the stack running)
dev: venv $(if $(filter moto,$(SQS)),,elasticmq)
	go build -o .local/bin/dev ./infra/cmd/dev && exec .local/bin/dev -sqs "$(or $(SQS),elasticmq)"

## invoke: run one function once with an event, as `sam local invoke -e` does, without Docker
invoke: venv
	go run ./infra/cmd/invoke -fn $(FN) -event $(EVENT)

## remind: fire RemindersFunction's schedule now on the running `make dev` stack (204 = fired)
remind:
	@curl -sS --fail-with-body -X POST -w 'RemindersFunction: HTTP %{http_code}\n' http://127.0.0.1:3000/_local/schedules/RemindersFunction

## redrive: move a queue's dead-lettered messages back to it on the running `make dev` stack
## (deployed: aws sqs start-message-move-task --source-arn <DLQ arn>)
redrive:
	go run ./infra/cmd/redrive -queue $(QUEUE)

## build: every function's bootstrap for Lambda (linux/arm64) into build/<function>/
build:
	@for d in functions/*/; do n=$$(basename $$d); \
	  CGO_ENABLED=0 GOOS=linux GOARCH=arm64 go build -trimpath -tags lambda.norpc -ldflags '-s -w' -o build/$$n/bootstrap ./$$d; \
	  echo "build/$$n/bootstrap $$(stat -c %s build/$$n/bootstrap) bytes"; done

## sam-build: what `sam build` does before `sam deploy`
sam-build: venv
	CGO_ENABLED=0 GOFLAGS="$(LAMBDA_GOFLAGS)" $(VENV)/bin/sam build --template-file template.yaml

test: venv lint test-unit test-integration test-e2e test-template
	@echo "make test: all tiers passed"

lint: $(VULNDB)/index/db.json
	test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); exit 1; }
	go vet ./...
	go vet -tags integration,e2e ./...
	go tool staticcheck -tags integration,e2e ./...
	go tool govulncheck -db file://$(CURDIR)/$(VULNDB) -format json ./... | go run ./infra/cmd/vulngate

## the vulnerability database govulncheck reads, indexed from the pinned module's OSV files
$(VULNDB)/index/db.json:
	src=$$(go mod download -json golang.org/x/vulndb@$(VULNDB_VERSION) | sed -n 's/^\t"Dir": "\(.*\)",$$/\1/p'); \
	  test -d "$$src/data/osv"; rm -rf $(VULNDB); \
	  go run golang.org/x/vulndb/cmd/indexdb@$(VULNDB_VERSION) -vulns "$$src/data/osv" -out $(VULNDB)

test-unit:
	go test -count=1 ./...
	# libphonenumber's own tests, on the patched copy the build uses (a module of its own)
	cd shared/phone/libphonenumber/third_party/phonenumbers && go test -count=1 ./

test-integration: venv
	go test -count=1 -tags integration -p 2 ./shared/... ./infra/...

test-e2e: venv console-browser
	CONSOLE_BROWSER=1 go test -count=1 -short -tags e2e -timeout 20m ./infra/e2e/...

## console-browser: what the staff console's browser test drives - Debian's Chromium and
## ChromeDriver (apt-get, as root or through sudo -n) and playwright-core from the npm registry
## (pinned in infra/e2e/browser/package-lock.json; it never downloads a browser of its own)
console-browser: infra/e2e/browser/node_modules/.installed
infra/e2e/browser/node_modules/.installed: infra/e2e/browser/package.json infra/e2e/browser/package-lock.json
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; \
	  else echo "console-browser: need root or passwordless sudo to apt-get install chromium chromium-driver"; exit 1; fi; \
	  $$SUDO apt-get install -y --no-install-recommends chromium chromium-driver >/dev/null 2>&1 || \
	  { $$SUDO apt-get update >/dev/null && $$SUDO apt-get install -y --no-install-recommends chromium chromium-driver >/dev/null; }; fi
	cd infra/e2e/browser && npm ci --no-audit --no-fund --ignore-scripts
	touch $@

test-template: venv
	$(VENV)/bin/cfn-lint template.yaml
	$(VENV)/bin/cfn-lint --append-rules cfn_lint_serverless.rules -- template.yaml
	SAM_CLI_TELEMETRY=0 $(VENV)/bin/sam validate --lint --template-file template.yaml
	rm -rf .aws-sam && SAM_CLI_TELEMETRY=0 CGO_ENABLED=0 GOFLAGS="$(LAMBDA_GOFLAGS)" $(VENV)/bin/sam build --template-file template.yaml
	@for f in .aws-sam/build/*Function/bootstrap; do file $$f | grep -q 'ARM aarch64' || { echo "$$f is not linux/arm64"; exit 1; }; done

## bench: benchmarks (cold start, webhook CPU, throughput); figures are ratios to baselines run alongside
bench: venv elasticmq
	go test -run '^$$' -bench . -benchmem -count 1 ./shared/...
	go test -run '^$$' -bench ColdStart -benchtime 15x ./infra/bench/
	go test -tags e2e -run '^$$' -bench . -benchtime 100x -timeout 20m ./infra/e2e/
	E2E_WEBHOOK_LOAD=1 go test -count=1 -tags e2e -run 'Figures|AckLoad' -v -timeout 20m ./infra/e2e/ | grep -vE '^(=== RUN|--- PASS)' 
	@# webhook CPU: ours and the bare HMAC + encoding/json baseline timed alternately (x-baseline), and where the handler's CPU goes
	go test -run '^$$' -bench 'Ratio' -benchtime 20000x -count 5 -cpu 1 ./shared/whatsapp/meta/ ./shared/webhook/ | grep ^Benchmark
	mkdir -p .local && go test -run '^$$' -bench 'Handle/(text|status)' -benchtime 20000x -cpu 1 -cpuprofile .local/webhook-cpu.prof -o .local/webhook.test ./shared/webhook/ >/dev/null
	go tool pprof -top -cum -nodecount 40 .local/webhook-cpu.prof 2>/dev/null | grep -E 'proplink|encoding/json.(Unmarshal|Marshal)$$'
	go test -tags e2e -run '^$$' -bench WebhookBurst -benchtime 1x -timeout 60m ./infra/loadtest/

## elasticmq: ElasticMQ's class path from Maven Central (for SQS=elasticmq and test-elasticmq)
elasticmq: .local/elasticmq/classpath.txt
.local/elasticmq/classpath.txt: infra/elasticmq/pom.xml
	mkdir -p $(@D)
	cd infra/elasticmq && mvn -q dependency:build-classpath -Dmdep.outputFile=$(CURDIR)/$@

## test-elasticmq: the local runner's queue tests (FIFO, batch, redrive to DLQ) against ElasticMQ
test-elasticmq: venv elasticmq
	LOCAL_SQS=elasticmq go test -count=1 -tags integration ./infra/local/

fuzz:
	@for t in $$(grep -rhoE '^func Fuzz[A-Za-z0-9_]+' --include='*_test.go' shared infra | sed 's/func //'); do \
	  pkg=$$(grep -rlE "^func $$t\(" --include='*_test.go' shared infra | head -1 | xargs dirname); \
	  go test -run '^$$' -fuzz "^$$t$$" -fuzztime 10s ./$$pkg; done

clean:
	rm -rf build .aws-sam .local
