"""The install paths a user meets: the Makefile (make demo/test), the Dockerfile, .ci/run and the README."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _pip_installs(text: str) -> list[str]:
    """The package specs of every `pip install` command, with the venv/flags that differ between the two removed."""
    specs = []
    for line in text.splitlines():
        if "DEMO_BIN" in line:  # `make demo` has its own small venv (core install only), not the image's install
            continue
        m = re.search(r"-m pip install (.*)$|\$\(PIP\) install (.*)$", line)
        if not m:
            continue
        args = (m.group(1) or m.group(2)).split()
        kept = [a.strip('"\'') for a in args if not a.startswith("-")]
        # the image leaves out the test tools but keeps the service (whose packages the dev extra holds too)
        kept = [a.replace("[replay,dev]", "[replay,service]") for a in kept]
        if kept and kept != ["pip", "setuptools", "wheel"]:
            specs.append(" ".join(kept))
    return specs


def test_dockerfile_runs_the_makefiles_install_commands():
    make = _pip_installs((ROOT / "Makefile").read_text())
    docker = _pip_installs((ROOT / "Dockerfile").read_text())
    assert make == ["torch==2.13.0", ".[replay,service]"]
    assert docker == make
    assert 'ENTRYPOINT ["loganalyzer"]' in (ROOT / "Dockerfile").read_text()
    assert (ROOT / "Dockerfile").read_text().startswith("#") and "python:3.11-slim" in (ROOT / "Dockerfile").read_text()


def test_ci_runs_make_test_and_readme_starts_with_the_two_commands():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    head = readme[: readme.find("\n## ", readme.find("make test"))]
    assert "make demo" in head and "make test" in head


def test_core_install_does_not_require_torch_or_tensorflow():
    import tomllib

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    names = {re.split(r"[<>=\[ ;]", d)[0].lower() for d in deps}
    assert not names & {"torch", "tensorflow", "tensorboard", "tbparse"}


def test_scanning_logs_never_imports_torch(tmp_path):
    (tmp_path / "log.csv").write_text("step,loss\n0,1.0\n1,0.5\n")
    code = (
        "import sys, loganalyzer;"
        f"df = loganalyzer.read_scalars({str(tmp_path)!r});"
        "assert len(df) == 2, df;"
        "print('torch' in sys.modules, 'tensorflow' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_c_decoder_is_built_in_this_environment():
    from loganalyzer.readers import tensorboard

    if sys.platform != "linux":
        pytest.skip("the CI machine is the one that must have it")
    assert tensorboard.have_c_decoder(), "the C extension did not build: `pip install -e .` printed why"


def test_wheel_ships_the_model_and_the_report_templates(tmp_path):
    """What `pip install loganalyzer` gets: the verdict model and the report's CSS/JS are package data, not files
    that only exist in a checkout (an editable install would hide their absence)."""
    import zipfile

    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("loganalyzer-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("loganalyzer/verdict_model.json", "loganalyzer/render/templates/report.css",
                   "loganalyzer/render/templates/report.js", "loganalyzer/render/templates/chart.js",
                   "loganalyzer/cli/__init__.py", "loganalyzer/replay/measure.py",
                   "loganalyzer/service/static/index.html", "loganalyzer/service/static/dashboard.js",
                   "loganalyzer/migrations/versions/0003_alerts.py"):
        assert needed in names, needed
