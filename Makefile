# The README's two commands: `make demo` and `make test`.
VENV ?= .venv
BIN := $(VENV)/bin
SAMPLE := sample/tutorial.mp4
PYTEST_ARGS ?=

.PHONY: demo test bench sample clean

demo:
	@scripts/bootstrap.sh demo
	$(BIN)/vidmark annotate $(SAMPLE) -o out/sample.chapters.json -o out/sample.full.json -o out/sample.txt
	@cat out/sample.txt

test:
	@scripts/bootstrap.sh test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

sample:
	@scripts/bootstrap.sh test
	$(BIN)/python scripts/make_sample.py

clean:
	rm -rf out .pytest_cache .hypothesis
