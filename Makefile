# The two commands: `make demo` and `make test`. Tests install into .venv, the demo into the smaller .venv-demo;
# both from Python 3.11 + pip.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
STAMP  := $(VENV)/.installed

.PHONY: install demo test test-all bench sample-logs corpus model realmodel eval eval-real clean

# torch is installed first and pinned: this machine has a CPU build of 2.13.0 on disk, while a bare `torch`
# requirement pulls a multi-GB CUDA build. The Dockerfile runs the same two pip commands (tests/test_packaging.py).
$(STAMP): pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip setuptools wheel
	$(PIP) install torch==2.13.0
	$(PIP) install -e ".[replay,dev]"
	touch $(STAMP)

install: $(STAMP)

# The demo needs only the core install (no torch, no test tools): its own small venv, with pip's output kept in a
# log file so that the verdicts are what the demo prints. `make test` uses the full .venv.
DEMO_VENV ?= .venv-demo
DEMO_BIN  := $(DEMO_VENV)/bin
DEMO_LOG  := $(DEMO_VENV)/install.log
DEMO_STAMP := $(DEMO_VENV)/.installed

$(DEMO_STAMP): pyproject.toml setup.py
	@echo "Installing loganalyzer into $(DEMO_VENV) (pip's output: $(DEMO_LOG)) ..."
	@$(PYTHON) -m venv $(DEMO_VENV)
	@{ $(DEMO_BIN)/python -m pip install --upgrade pip setuptools wheel && \
	   $(DEMO_BIN)/python -m pip install -e . ; } > $(DEMO_LOG) 2>&1 || \
	 { tail -n 25 $(DEMO_LOG); echo "make demo: pip failed; its whole output is in $(DEMO_LOG)"; exit 1; }
	@touch $(DEMO_STAMP)

demo: $(DEMO_STAMP)
	@$(DEMO_BIN)/loganalyzer scan sample_logs
	@$(DEMO_BIN)/loganalyzer report sample_logs -o report.html

# `make test` leaves out the tests marked slow (real framework trainings in subprocesses, the sample-log
# regeneration, the 1,000-run report): ~10 minutes on 2 cores. `make test-all` runs every test.
test: $(STAMP)
	$(BIN)/python -m pytest -q -n 2 -p no:cacheprovider

test-all: $(STAMP)
	LOGANALYZER_SLOW=1 $(BIN)/python -m pytest -q -n 2 -p no:cacheprovider

# The package's bytecode is compiled first, as an installed package has it (pip compiles at install): an editable
# checkout under PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module from source in every timed process
# (~40 ms inside a scan call for the readers and stages imported on first use, more at start-up).
bench: $(STAMP)
	$(BIN)/python -m compileall -q loganalyzer
	$(BIN)/python benchmarks/bench_read.py
	$(BIN)/python benchmarks/bench_replay.py
	$(BIN)/python benchmarks/bench_report.py
	$(BIN)/python benchmarks/bench_scale.py --runs 1000 $(if $(BENCH_BIG),--also 10000)
	$(BIN)/python benchmarks/bench_remote.py
	$(BIN)/python benchmarks/bench_joblog.py
	$(BIN)/python benchmarks/bench_restarts.py
	$(BIN)/python benchmarks/bench_printed_tree.py
	$(BIN)/python benchmarks/bench_printed.py --path eval/public/fastscnn__train --path eval/public/lidc__transattunet --path eval/public/sph6004__img_text
	$(if $(BENCH_BIG),$(BIN)/python benchmarks/bench_printed.py --style logging --mb 60 --pairs 1)
	$(BIN)/python benchmarks/bench_service.py --runs 500 --clients 50 --duration 60

# Regenerates sample_logs/ by training tiny models (a few minutes).
sample-logs: $(STAMP)
	$(BIN)/python scripts/make_sample_logs.py sample_logs

# The labelled training corpus for the verdict model: ~600 real runs of small torch models (~25 min on 2 cores).
corpus: $(STAMP)
	$(BIN)/python scripts/build_corpus.py corpus --jobs 2

# Rebuilds loganalyzer/verdict_model.json from the corpus (reproducible: fixed seeds), printing held-out scores.
model: $(STAMP)
	test -f corpus/labels.tsv || $(MAKE) corpus
	$(BIN)/python scripts/train_model.py corpus

# The second opinion (loganalyzer/verdict_second.py): scan the labelled dev runs (held-out groups never read, ~5 min)
# into a table, then fit it on their human labels -> loganalyzer/second_model.json (byte-identical on a rerun) and
# eval/second_model_rows.csv.gz (its training matrix, refitted by tests/test_verdict_second.py).
realmodel: $(STAMP)
	$(BIN)/python scripts/real_label_model.py build
	$(BIN)/python scripts/real_label_model.py train

# Held-out precision/recall and confusion matrices, and agreement with eval/real_labels.tsv on ../shared/real_logs.
eval: $(STAMP)
	test -f corpus/labels.tsv || $(MAKE) corpus
	$(BIN)/python scripts/train_model.py corpus --eval-only
	$(BIN)/python scripts/eval_real.py

# Agreement with careful human labels of real runs, no corpus needed: ../shared/real_logs (tuned on) and the public
# runs of eval/public (labelled blind; the projects in eval/public/holdout.txt never tuned on).
eval-real: $(STAMP)
	$(BIN)/python scripts/eval_real.py

clean:
	rm -rf $(VENV) $(DEMO_VENV) build *.egg-info loganalyzer/*.so loganalyzer/readers/*.so loganalyzer/render/*.so
