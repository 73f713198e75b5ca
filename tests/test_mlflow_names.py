"""MLflow file-store runs named by the run name MLflow records (``discover_mlflowname``), written by mlflow itself."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from loganalyzer import discover
from loganalyzer.scan import scan

pytest.importorskip("mlflow")

_SCRIPT = """
import mlflow, os
mlflow.set_tracking_uri('file:' + os.path.abspath('mlruns'))
mlflow.set_experiment('exp')
for name in ['baseline', 'lr=1e-3', 'baseline', None]:
    with mlflow.start_run(run_name=name) as run:
        for s in range(8):
            mlflow.log_metric('loss', 1.0 / (s + 1), step=s)
        print(run.info.run_id, run.info.run_name)
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("mlflow_names")
    env = {**os.environ, "MLFLOW_ALLOW_FILE_STORE": "true"}
    out = subprocess.run([sys.executable, "-c", _SCRIPT], cwd=root, env=env, capture_output=True, text=True,
                         check=True).stdout.split("\n")
    pairs = [line.split(" ", 1) for line in out if line.strip()][-4:]
    return root, pairs


def test_file_store_runs_are_named_by_their_run_names_and_stay_unique(store):
    root, pairs = store
    runs = discover(root / "mlruns")
    by_uuid = {r.id.split("#")[0].rsplit("/", 1)[-1]: r for r in runs}
    for uuid, name in pairs:  # the generated name of the run started without one too (MLflow's 'able-gull-488')
        run = by_uuid[uuid]
        assert run.id.endswith(f"/{uuid}#{name}"), run.id
        assert run.path.endswith(uuid) and run.format == "mlflow"
    assert len({r.id for r in runs}) == 4  # the two 'baseline' runs stay two
    assert sum(r.id.endswith("#baseline") for r in runs) == 2


def test_the_scan_reports_the_name(store):
    root, pairs = store
    report = scan([str(root / "mlruns")])
    assert sorted(r.run.rsplit("#", 1)[1] for r in report.runs) == sorted(name for _, name in pairs)


def test_mlflow_1_meta_without_run_name_takes_the_runname_tag(store, tmp_path):
    """MLflow 1.x wrote ``name: ''`` and no ``run_name`` in meta.yaml; the name was the ``mlflow.runName`` tag only
    (public set 159's stores). Removing the line from mlflow's own file gives that shape."""
    import shutil

    root, pairs = store
    copy = tmp_path / "mlruns"
    shutil.copytree(root / "mlruns", copy)
    uuid, name = pairs[1]
    (meta,) = copy.glob(f"*/{uuid}/meta.yaml")
    meta.write_text("".join(line for line in meta.read_text().splitlines(True) if not line.startswith("run_name:")))
    assert (meta.parent / "tags" / "mlflow.runName").read_text() == name
    ids = [r.id for r in discover(copy)]
    assert any(i.endswith(f"{uuid}#{name}") for i in ids), ids
    (meta.parent / "tags" / "mlflow.runName").unlink()
    ids = [r.id for r in discover(copy)]
    assert any(i.endswith(f"/{uuid}") for i in ids), ids  # no name recorded: the directory alone
