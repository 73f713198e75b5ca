"""The names the command line offers and checks before any work is done: verdicts, the ways a job ends, output
formats, executors. Plain tuples importing nothing, so that ``loganalyzer --help`` and the parsing of the options
import no stage of the pipeline (the stages, numpy, rich: ~0.5-1 s before any work). The stages take these same
tuples from here (``verdict_base.VERDICTS``, ``ending.CAUSES``, ``render.FORMATS``, ``executor.EXECUTORS``)."""
from __future__ import annotations

# worst first (verdict_base.SEVERITY); docs/ and /work/shared/domain.md give their meanings
VERDICTS = ("nan", "diverged", "stalled", "underfit", "overfit", "healthy", "unknown")
# how a job ended, read from its printed log (loganalyzer.ending)
CAUSES = (
    "completed", "cuda_oom", "host_oom", "nccl_timeout", "time_limit", "cancelled", "preempted", "node_failure",
    "segfault", "illegal_memory_access", "nan_abort", "python_exception", "dataloader_killed", "disk_full", "unknown",
)
# what `loganalyzer scan` writes (render.RENDERERS' names, in its order)
FORMATS = ("table", "json", "jsonl", "csv", "series-csv", "markdown")
# what `loganalyzer report` (and the service's report endpoint) writes: the HTML page besides the scan's formats
REPORT_FORMATS = ("html", "markdown", "csv", "series-csv", "json")
# -o's extension -> format (both commands); a format a command does not write is an error naming its choices
EXTENSIONS = {".txt": "table", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv",
              ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
EXECUTORS = ("auto", "serial", "process", "dask")

# What discovery looks for, as the "no training runs found" messages name it (cli._common, render.table)
LOOKED_FOR = ("TensorBoard event files, Lightning/Keras/plain CSV logs, HuggingFace trainer_state.json, MLflow runs "
              "and mlflow.db, W&B runs, printed job logs (*.log, slurm-*.out/.err, Grid Engine/PBS job.o123/.e123)")
