"""Logs on object storage: a real S3 API (moto's server, a separate process on 127.0.0.1, started and stopped here;
never an in-process mock) holding logs written by the real libraries. Scanning ``s3://bucket/prefix`` gives the
runs, ids, points and verdicts that scanning the same tree on disk gives; a missing bucket, wrong credentials or a
user without permission is one line and exit status 2, as for a missing local path. ``memory://`` and ``file://``
go through the same fsspec layer.

The endpoint and credentials reach s3fs the standard way, by environment variables (``AWS_ENDPOINT_URL_S3``,
``AWS_ACCESS_KEY_ID``...), which is what the README tells users to set.
"""
from __future__ import annotations

import json
import mmap
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from loganalyzer import discover, load_run, read_scalars
from loganalyzer import fs as lfs
from loganalyzer import fs_remote
from loganalyzer.scan import scan
from test_discover import build_writer_tree, write_torch_scalars
from test_readme import console_examples

boto3 = pytest.importorskip("boto3", reason="the remote tests need the dev extra (boto3, moto[server], s3fs)")
pytest.importorskip("s3fs", reason="the remote tests need the dev extra (s3fs)")
pytest.importorskip("moto.server", reason="the remote tests need the dev extra (moto[server])")

SAMPLE_LOGS = Path(__file__).resolve().parents[1] / "sample_logs"
BUCKET = "team-logs"
LOGANALYZER = [sys.executable, "-m", "loganalyzer"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class S3:
    endpoint: str
    reader: dict  # env of a user allowed s3:*
    nobody: dict  # env of a user with no policy at all
    root: Path  # local copy of what was uploaded, below s3://BUCKET/
    log: Path  # the server's access log: one line per request

    def requests(self) -> list[str]:
        return [line for line in self.log.read_text(errors="replace").splitlines() if '"GET ' in line
                or '"HEAD ' in line]


def _clean_env(endpoint: str, key: str, secret: str) -> dict:
    """An environment that reaches only the local server, whatever ~/.aws holds."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "FSSPEC_"))}
    env.update(AWS_ENDPOINT_URL_S3=endpoint, AWS_ACCESS_KEY_ID=key, AWS_SECRET_ACCESS_KEY=secret,
               AWS_DEFAULT_REGION="us-east-1", AWS_SHARED_CREDENTIALS_FILE="/nonexistent",
               AWS_CONFIG_FILE="/nonexistent", AWS_EC2_METADATA_DISABLED="true")
    return env


def _upload(client, local: Path, prefix: str) -> int:
    count = 0
    for path in sorted(local.rglob("*")):
        if path.is_file() and not path.is_symlink():
            client.upload_file(str(path), BUCKET, f"{prefix}/{path.relative_to(local).as_posix()}")
            count += 1
    return count


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    log_path = tmp_path_factory.mktemp("moto") / "server.log"
    log = open(log_path, "wb")
    server = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                              stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(endpoint + "/moto-api/", timeout=2).read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"moto server did not start (exit {server.poll()})")
                time.sleep(0.1)
        admin = _clean_env(endpoint, "admin", "admin")  # any key works until authentication is switched on
        session = boto3.session.Session(aws_access_key_id="admin", aws_secret_access_key="admin",
                                        region_name="us-east-1")
        iam = session.client("iam", endpoint_url=endpoint)
        policy = iam.create_policy(PolicyName="read-logs", PolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))["Policy"]["Arn"]
        keys = {}
        for user in ("reader", "nobody"):
            iam.create_user(UserName=user)
            keys[user] = iam.create_access_key(UserName=user)["AccessKey"]
        iam.attach_user_policy(UserName="reader", PolicyArn=policy)

        root = tmp_path_factory.mktemp("bucket_copy")
        shutil.copytree(SAMPLE_LOGS, root / "sample_logs")
        writer_tree = build_writer_tree(tmp_path_factory.getbasetemp() / "writer_tree")
        shutil.copytree(writer_tree, root / "writers", ignore=shutil.ignore_patterns(".built"))
        client = session.client("s3", endpoint_url=endpoint)
        client.create_bucket(Bucket=BUCKET)
        assert _upload(client, root, "logs") > 50
        # from here on every request must be signed by a known key: wrong keys and missing policies are refused
        request = urllib.request.Request(endpoint + "/moto-api/reset-auth", data=b"0", method="POST",
                                         headers={"Content-Type": "text/plain"})
        urllib.request.urlopen(request, timeout=10).read()
        del admin
        yield S3(endpoint,
                 _clean_env(endpoint, keys["reader"]["AccessKeyId"], keys["reader"]["SecretAccessKey"]),
                 _clean_env(endpoint, keys["nobody"]["AccessKeyId"], keys["nobody"]["SecretAccessKey"]),
                 root, log_path)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture()
def as_reader(s3, monkeypatch):
    """This process talks to the server as the reader (s3fs instances are cached per settings: cleared)."""
    import s3fs

    for key in [k for k in os.environ if k.startswith(("AWS_", "FSSPEC_"))]:
        monkeypatch.delenv(key)
    for key, value in s3.reader.items():
        if key.startswith("AWS_"):
            monkeypatch.setenv(key, value)
    s3fs.S3FileSystem.clear_instance_cache()
    yield s3
    s3fs.S3FileSystem.clear_instance_cache()


def cli(*args: str, env: dict, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*LOGANALYZER, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=300)


def _normalised(document: dict, root: str) -> dict:
    """The scan JSON with the scanned root replaced by ROOT (paths are the only place the two differ)."""
    return json.loads(json.dumps(document).replace(root, "ROOT"))


# ---------------------------------------------------------------- same answers as on disk


def test_cli_scan_of_a_bucket_prefix_gives_the_local_verdicts(s3):
    local = cli("scan", str(s3.root / "sample_logs"), "--format", "json", env=s3.reader)
    remote = cli("scan", f"s3://{BUCKET}/logs/sample_logs", "--format", "json", env=s3.reader)
    assert remote.returncode == local.returncode == 0, remote.stderr
    a = _normalised(json.loads(local.stdout), str(s3.root / "sample_logs"))
    b = _normalised(json.loads(remote.stdout), f"s3://{BUCKET}/logs/sample_logs")
    assert [r["run"] for r in b["runs"]] == [r["run"] for r in a["runs"]]
    assert len(b["runs"]) == 14
    assert {r["verdict"] for r in b["runs"]} >= {"healthy", "nan", "overfit"}
    for x, y in zip(a["runs"], b["runs"]):
        assert y == x, x["run"]
    assert b["errors"] == a["errors"] == []
    assert json.loads(remote.stdout)["runs"][0]["path"].startswith(f"s3://{BUCKET}/logs/sample_logs/")


def test_the_endpoint_can_also_be_an_fsspec_setting(s3):
    env = {k: v for k, v in s3.reader.items() if not k.startswith("AWS_ENDPOINT_URL")}
    env["FSSPEC_S3_ENDPOINT_URL"] = s3.endpoint
    result = cli("scan", f"s3://{BUCKET}/logs/sample_logs/lightning_logs", "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    assert [r["run"] for r in json.loads(result.stdout)["runs"]] == ["version_0", "version_1"]


def test_every_layout_of_the_real_writers_is_found_and_read_the_same(as_reader):
    local_root, url = str(as_reader.root / "writers"), f"s3://{BUCKET}/logs/writers"
    problems_local, problems_remote = [], []
    local = {run.id: run for run in discover(local_root, problems_local)}
    remote = {run.id: run for run in discover(url, problems_remote)}
    assert problems_remote == problems_local == []
    assert list(remote) == list(local)
    assert {"tb/run1", "tbx/exp", "keras_tb", "hf_out", "lightning/lightning_logs/version_0",
            "keras_csv/training.log#2", "scripts/log.csv"} <= set(remote)
    assert any(run.format == "mlflow+tensorboard" for run in remote.values())
    for run_id, run in local.items():
        other = remote[run_id]
        assert other.format == run.format
        assert [(f.path[len(url):], f.format, f.dir, f.segment) for f in other.files] == \
               [(f.path[len(local_root):], f.format, f.dir, f.segment) for f in run.files], run_id
        a, b = load_run(run), load_run(other)
        pd.testing.assert_frame_equal(b.scalars, a.scalars, obj=run_id)
        assert b.step_rules == a.step_rules and b.hparams == a.hparams and b.errors == a.errors == ()
        assert [str(p).replace(url, "ROOT") for p in b.problems] == \
               [str(p).replace(local_root, "ROOT") for p in a.problems]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for resolve in (False, True):
            pd.testing.assert_frame_equal(read_scalars(url, resolve=resolve), read_scalars(local_root, resolve=resolve))


def test_a_file_url_and_several_urls_are_named_as_given(as_reader):
    base = f"s3://{BUCKET}/logs/sample_logs"
    report = scan([f"{base}/keras_csv/training.log", f"{base}/lightning_logs/"])
    assert [r.run for r in report.runs] == [
        f"{base}/keras_csv/training.log#1", f"{base}/keras_csv/training.log#2",
        f"{base}/lightning_logs/version_0", f"{base}/lightning_logs/version_1"]
    alone = scan(f"{base}/tensorboard/deep_sigmoid_mlp")
    assert [r.run for r in alone.runs] == [f"{base}/tensorboard/deep_sigmoid_mlp"]
    event_file = discover(f"{base}/tensorboard/deep_sigmoid_mlp")[0].files[0].path
    local_file = as_reader.root / "sample_logs" / event_file[len(f"s3://{BUCKET}/logs/sample_logs/"):]
    pd.testing.assert_frame_equal(read_scalars(event_file), read_scalars(local_file))


def test_a_rescan_lists_the_bucket_again(as_reader, tmp_path):
    url = f"s3://{BUCKET}/growing"
    write_torch_scalars(tmp_path / "a", {"loss": [(s, 1.0 / (s + 1)) for s in range(20)]})
    client = boto3.client("s3")
    _upload(client, tmp_path, "growing")
    assert [r.id for r in discover(url)] == ["a"]
    (first,) = discover(url)[0].files
    before = lfs.stat_key(first.path)
    assert before[0] == os.path.getsize(tmp_path / "a" / lfs.filesystem_for(first.path).name(first.path))
    write_torch_scalars(tmp_path / "b", {"loss": [(s, 2.0) for s in range(20)]})
    write_torch_scalars(tmp_path / "a", {"loss": [(s, 0.5) for s in range(20, 30)]})  # a resumed job: new file
    _upload(client, tmp_path, "growing")
    runs = discover(url)
    assert [r.id for r in runs] == ["a", "b"] and len(runs[0].files) == 2
    again = lfs.stat_key(first.path)  # re-uploaded with the same bytes: same size and ETag, a later time
    assert (again[0], again[2]) == (before[0], before[2]) and again[1] >= before[1]
    (tmp_path / "a" / lfs.filesystem_for(first.path).name(first.path)).write_bytes(b"changed")
    _upload(client, tmp_path, "growing")
    discover(url)
    assert lfs.stat_key(first.path)[0] == 7 and lfs.stat_key(first.path)[2] != before[2]


def test_a_scan_lists_once_and_fetches_each_object_at_most_once(as_reader):
    url = f"s3://{BUCKET}/logs/sample_logs"
    objects = sum(1 for p in (as_reader.root / "sample_logs").rglob("*") if p.is_file())
    before = len(as_reader.requests())
    report = scan([url])
    requests = as_reader.requests()[before:]
    assert len(report.runs) == 14
    listings = [r for r in requests if "list-type=2" in r]
    assert len(listings) <= 2  # the tree's one recursive listing (+ the check that the prefix exists)
    assert len(requests) <= objects + 4, "\n".join(requests)


def test_a_big_event_file_is_fetched_in_ranges_into_a_mapped_copy(as_reader, tmp_path, monkeypatch):
    write_torch_scalars(tmp_path / "big", {"loss": [(s, 1.0 / (s + 1)) for s in range(20_000)],
                                           "lr": [(s, 0.1) for s in range(20_000)]})
    (event_file,) = (tmp_path / "big").iterdir()
    size = event_file.stat().st_size
    boto3.client("s3").upload_file(str(event_file), BUCKET, f"ranges/big/{event_file.name}")
    url = f"s3://{BUCKET}/ranges/big/{event_file.name}"
    monkeypatch.setattr(fs_remote, "FIRST_READ", 64 << 10)
    monkeypatch.setattr(fs_remote, "CHUNK", 48 << 10)  # several rounds of PARALLEL ranged GETs, the last one short
    monkeypatch.setattr(fs_remote, "AHEAD_MAX_FILE", 16 << 10)
    assert size > fs_remote.FIRST_READ + fs_remote.PARALLEL * fs_remote.CHUNK
    with lfs.filesystem_for(url).open_bytes(url) as data:
        assert isinstance(data, mmap.mmap) and len(data) == size
        assert data[:] == event_file.read_bytes()
    assert lfs.filesystem_for(url).read_range(url, size - 10) == event_file.read_bytes()[-10:]
    assert lfs.filesystem_for(url).read_range(url, size + 5, size + 10) == b""
    pd.testing.assert_frame_equal(read_scalars(f"s3://{BUCKET}/ranges"), read_scalars(tmp_path))


# ---------------------------------------------------------------- what goes wrong is one line, exit 2


@pytest.mark.parametrize("who, url, expected", [
    ("reader", f"s3://no-such-bucket-here/logs", "s3://no-such-bucket-here/logs: no such bucket"),
    ("reader", f"s3://{BUCKET}/logs/nothing-here", f"s3://{BUCKET}/logs/nothing-here: no such file or directory"),
    ("nobody", f"s3://{BUCKET}/logs/sample_logs", f"s3://{BUCKET}/logs/sample_logs: access denied"),
    ("wrong", f"s3://{BUCKET}/logs/sample_logs", f"s3://{BUCKET}/logs/sample_logs: access denied"),
    ("none", f"s3://{BUCKET}/logs/sample_logs", f"s3://{BUCKET}/logs/sample_logs: no credentials found"),
])
def test_storage_failures_are_one_line_and_exit_2(s3, who, url, expected):
    env = dict(s3.nobody if who == "nobody" else s3.reader)
    if who == "wrong":
        env["AWS_SECRET_ACCESS_KEY"] = "not-the-secret"
    if who == "none":
        del env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]
    result = cli("scan", url, "--format", "json", env=env)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {expected}"), result.stderr
    if who in ("nobody", "wrong"):
        assert "AWS_ACCESS_KEY_ID" in lines[0]  # says what to check


def test_the_library_raises_the_errors_a_local_path_raises(as_reader):
    with pytest.raises(FileNotFoundError) as missing:
        scan([f"s3://{BUCKET}/logs/nothing-here"])
    assert missing.value.filename == f"s3://{BUCKET}/logs/nothing-here"
    with pytest.raises(FileNotFoundError):
        discover(f"s3://{BUCKET}/logs/nothing-here")
    with pytest.raises(FileNotFoundError):
        read_scalars(f"s3://{BUCKET}/logs/nothing-here")
    assert lfs.path_problem(f"s3://{BUCKET}/logs") is None


def test_a_missing_storage_package_or_unknown_scheme_is_one_line(tmp_path):
    assert lfs.path_problem("nosuchscheme://x/y").startswith("nosuchscheme://x/y: unknown storage scheme")
    result = subprocess.run(
        [sys.executable, "-c", "import sys; sys.modules['gcsfs'] = None; from loganalyzer.cli import main; "
                               "main(['scan', 'gs://bucket/logs'], prog_name='loganalyzer')"],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip() == ("Error: gs://bucket/logs: reading gs:// URLs needs a package that is not "
                                     "installed: pip install 'loganalyzer[gcs]'")


# ---------------------------------------------------------------- other fsspec file systems


def _in_memory(local: Path, prefix: str) -> str:
    import fsspec

    memory = fsspec.filesystem("memory")
    for path in local.rglob("*"):
        if path.is_file():
            memory.pipe(f"/{prefix}/{path.relative_to(local).as_posix()}", path.read_bytes())
    return f"memory://{prefix}"


def test_memory_and_file_urls_scan_like_the_local_tree(tmp_path):
    local = scan([str(SAMPLE_LOGS)]).to_dict()
    expected = _normalised(local, str(SAMPLE_LOGS))
    for url in (_in_memory(SAMPLE_LOGS, "remote-test/sample_logs"), SAMPLE_LOGS.as_uri()):
        document = scan([url]).to_dict()
        assert _normalised(document, url)["runs"] == expected["runs"], url


# ---------------------------------------------------------------- the README's example


def test_the_readme_object_storage_example_prints_what_it_shows(s3):
    """The console block of README's "Logs on object storage", run against this server (sample_logs is at
    s3://team-logs/logs/sample_logs here too); ``VAR=value`` before a command sets it for that command."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    examples = console_examples(readme, "## Logs on object storage")
    assert len(examples) == 3
    for command, shown in examples:
        env = {**s3.reader, "COLUMNS": "100"}
        words = command.split()
        while "=" in words[0]:
            name, value = words.pop(0).split("=", 1)
            env[name] = value
        assert words[0] == "loganalyzer"
        done = cli(*words[1:], env=env)
        printed = (done.stdout + done.stderr).splitlines()
        if shown[0].startswith("Error: "):
            assert done.returncode == 2 and printed == shown, command
        else:  # verdict, confidence, run exactly; the summaries' wording is the verdict module's to change
            assert done.returncode == 0, (command, done.stderr)
            assert [line.split()[:3] for line in printed] == [line.split()[:3] for line in shown], command
