"""Issue 13, security and limits, on a real `loganalyzer serve`: the token on every API route (uploads and reports
too), nothing outside the roots (`..`, absolute paths, symlinks pointing out: a run and a file), uploads size-limited
and archives extracted safely (path escape, symlinks, devices, zip bombs, member counts: 400/413 JSON), bad files
never take the server down, no pickle in the service."""
from __future__ import annotations

import gzip
import io
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("fastapi")
pytest.importorskip("multipart")

from test_scan import write_tensorboard  # noqa: E402
from test_service import CSV_HEAD, GOOD_TRAIN, GOOD_VAL, NAN_AT_30, csv_rows, make_tree, serve  # noqa: E402

TOKEN = "another-s3cret"


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    """A server with a token and a 1 MB upload limit (archives may expand to 10 MB), over a tree with a symlinked
    run pointing out of the root and a run holding a symlinked file pointing out."""
    base = tmp_path_factory.mktemp("sec")
    root = make_tree(base / "logs")
    outside = base / "outside"
    write_tensorboard(outside / "secret_run", {"loss": NAN_AT_30})
    (outside / "secret.csv").write_text(CSV_HEAD + csv_rows(range(0, 100, 2)))
    os.symlink(outside / "secret_run", root / "escape")  # a run reached through a link pointing out
    os.symlink(outside / "secret.csv", root / "more.csv")  # a single-file run pointing out
    write_tensorboard(root / "leaky", {"train/loss": GOOD_TRAIN})
    (secret_events,) = (outside / "secret_run").glob("events.out.tfevents.*")
    os.symlink(secret_events, root / "leaky" / "events.out.tfevents.1.zz.0")  # a file of a run pointing out
    os.symlink(root / "good", root / "alias")  # a link that stays inside: no escape (and not followed: `good` once)
    with serve(root, base / "store.sqlite", "--max-upload-mb", "1", token=TOKEN) as (url, headers):
        yield httpx.Client(base_url=url, headers=headers, timeout=60), root


def upload(client, name: str, data: bytes, **kw):
    return client.post("/api/analyze", files={"file": (name, data, "application/octet-stream")}, **kw)


def tar_bytes(members: list[tuple[tarfile.TarInfo, bytes | None]], mode="w:gz") -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as tar:
        for info, data in members:
            if data is not None:
                info.size = len(data)
            tar.addfile(info, None if data is None else io.BytesIO(data))
    return buf.getvalue()


def test_token_on_every_route(guarded):
    client, _ = guarded
    bare = httpx.Client(base_url=client.base_url, timeout=30)
    for method, path in [("GET", "/api/runs"), ("GET", "/api/runs/good"), ("GET", "/api/runs/good/report"),
                         ("POST", "/api/scan"), ("POST", "/api/analyze"), ("GET", "/metrics")]:
        response = bare.request(method, path)
        assert response.status_code == 401 and "token" in response.json()["detail"], path
        wrong = bare.request(method, path, headers={"Authorization": f"Bearer {TOKEN}x"})
        assert wrong.status_code == 401, path
    assert bare.get("/api/health").status_code == 200


def test_run_ids_and_paths_never_leave_the_roots(guarded):
    client, root = guarded
    runs = {r["run"] for r in client.get("/api/runs", params={"per_page": 500}).json()["runs"]}
    # a link staying inside the root is no escape, but since stop 28 (newcomer28) it is not followed either: its
    # files are read once, as `good` -- never listed twice, never a loop
    assert "escape" not in runs and "more.csv" not in runs and "alias" not in runs and {"good", "leaky"} <= runs
    assert client.get("/api/health").json()["last_scan"]["errors"] >= 2
    for path in ["/api/runs/escape", "/api/runs/escape/report", "/api/runs/..%2F..%2Fetc%2Fpasswd",
                 "/api/runs/%2e%2e/%2e%2e/etc/passwd", "/api/runs/%2Fetc%2Fpasswd", "/api/runs//etc/passwd",
                 f"/api/runs/{root}/good", "/api/runs/..%2Foutside%2Fsecret_run/report"]:
        response = client.get(path)
        assert response.status_code == 404 and response.json()["detail"].startswith("no run"), path
    leaky = client.get("/api/runs/leaky/report")
    assert leaky.status_code == 403 and "symlinks pointing outside" in leaky.json()["detail"]
    assert "secret" not in leaky.text.replace(str(root), "")
    good = client.get("/api/runs/good/report")
    assert good.status_code == 200 and good.headers["content-type"].startswith("text/html")


def test_refuses_to_bind_beyond_loopback_without_token(tmp_path):
    for host in ("0.0.0.0", "10.1.2.3"):
        result = subprocess.run([sys.executable, "-m", "loganalyzer", "serve", "--root", str(tmp_path), "--db",
                                 "off", "--host", host], capture_output=True, text=True, timeout=60)
        assert result.returncode != 0 and "--token-file" in result.stderr, host
    (tmp_path / "loganalyzer.toml").write_text('[serve]\nhost = "0.0.0.0"\nroots = ["."]\n')
    result = subprocess.run([sys.executable, "-m", "loganalyzer", "serve", "--db", "off"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "0.0.0.0 is reachable from other machines" in result.stderr


def test_upload_one_log_and_a_run_archive(guarded, tmp_path):
    client, _ = guarded
    text = (CSV_HEAD + csv_rows(range(0, 120, 2), nan_from=100)).encode()
    one = upload(client, "../../etc/metrics.csv", text)
    assert one.status_code == 200, one.text
    doc = one.json()
    (run,) = doc["runs"]
    assert run["verdict"] == "nan" and run["run"] == "metrics.csv" and doc["upload"]["name"] == "metrics.csv"
    assert "loganalyzer-upload-" not in one.text and run["path"].startswith("upload")

    write_tensorboard(tmp_path / "tbrun", {"train/loss": GOOD_TRAIN, "val/loss": GOOD_VAL})
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        tar.add(tmp_path / "tbrun", arcname="tbrun")
    archived = upload(client, "run.tar.gz", buf.getvalue())
    assert archived.status_code == 200 and archived.json()["runs"][0]["verdict"] == "healthy"
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w", zipfile.ZIP_DEFLATED) as z:
        for f in (tmp_path / "tbrun").iterdir():
            z.write(f, f"tbrun/{f.name}")
    zipped = upload(client, "run.zip", zbuf.getvalue())
    assert zipped.status_code == 200 and zipped.json()["runs"][0]["verdict"] == "healthy"
    assert zipped.json()["runs"][0]["series"] == archived.json()["runs"][0]["series"]
    assert client.get("/api/runs", params={"q": "tbrun"}).json()["total"] == 0  # nothing stored


def _zip(entries) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data, attr in entries:
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if attr is not None:
                info.external_attr = attr << 16
            z.writestr(info, data)
    return buf.getvalue()


def test_unsafe_and_oversized_uploads_are_refused(guarded, tmp_path):
    client, root = guarded
    log = (CSV_HEAD + csv_rows(range(0, 50, 2))).encode()
    link = tarfile.TarInfo("run/metrics.csv")
    link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
    hard = tarfile.TarInfo("run/x.csv")
    hard.type, hard.linkname = tarfile.LNKTYPE, "/etc/passwd"
    device = tarfile.TarInfo("run/dev")
    device.type = tarfile.CHRTYPE
    cases = {
        "zip ..": (_zip([("../../escaped.csv", log, None)]), 400, "outside the run directory"),
        "zip absolute": (_zip([("/tmp/abs.csv", log, None)]), 400, "outside the run directory"),
        "zip symlink": (_zip([("run/link", b"/etc/passwd", 0o120777)]), 400, "not a regular file"),
        "tar ..": (tar_bytes([(tarfile.TarInfo("../escaped.csv"), log)]), 400, "outside the run directory"),
        "tar absolute": (tar_bytes([(tarfile.TarInfo("/tmp/abs.csv"), log)]), 400, "outside the run directory"),
        "tar symlink": (tar_bytes([(link, None)]), 400, "not a regular file"),
        "tar hard link": (tar_bytes([(hard, None)]), 400, "not a regular file"),
        "tar device": (tar_bytes([(device, None)]), 400, "not a regular file"),
        "zip bomb": (_zip([("run/zeros.csv", b"0" * (12 << 20), None)]), 413, "expands beyond 10 MB"),
        "gzip tar bomb": (tar_bytes([(tarfile.TarInfo("run/zeros.csv"), b"\0" * (12 << 20))]), 413,
                          "expands beyond 10 MB"),
        "members": (_zip([(f"run/{i}.txt", b"", None) for i in range(10_001)]), 413, "at most 10000"),
        "damaged tar.gz": (gzip.compress(b"not a tar at all" * 100)[:200], 400, "tar archive"),
        "too big": (os.urandom(1100 * 1024), 413, "over 1 MB"),
    }
    for name, (data, status, words) in cases.items():
        response = upload(client, "x.tar.gz" if "tar" in name else "x.zip", data)
        assert response.status_code == status and words in response.json()["detail"], (name, response.text)
    assert not (root.parent / "escaped.csv").exists() and not Path("/tmp/abs.csv").exists()
    assert client.get("/api/health").json()["status"] == "ok"


def test_bad_requests_are_json_4xx_and_bad_files_harmless(guarded):
    client, _ = guarded
    assert client.post("/api/analyze", content=b"x", headers={"Content-Type": "text/plain"}).status_code == 415
    no_file = client.post("/api/analyze", data={"other": "x"}, files={"f": ("a", b"b")})
    assert no_file.status_code == 400 and "'file'" in no_file.json()["detail"]
    broken = client.post("/api/analyze", content=b"--zz\r\nbroken", headers={
        "Content-Type": "multipart/form-data; boundary=zz"})
    assert 400 <= broken.status_code < 500 and "detail" in broken.json()
    garbage = upload(client, "events.out.tfevents.1.host", os.urandom(4096))
    assert garbage.status_code in (200, 422) and "detail" in garbage.json() or garbage.json()["errors"]
    empty = upload(client, "notes.txt", b"hello\n")
    assert empty.status_code == 422 and "no training log" in empty.json()["detail"]
    for path, status in [("/api/nope", 404), ("/api/runs?page=0", 422), ("/api/runs?sort=size", 400),
                         ("/api/runs?since=yesterday", 400), ("/api/runs?cause=boredom", 400),
                         ("/api/runs?root=/etc", 400)]:
        response = client.get(path)
        assert response.status_code == status and "detail" in response.json(), path
    assert client.delete("/api/runs/good").status_code == 405
    assert client.get("/api/health").json()["status"] == "ok"


def test_no_pickle_in_the_service():
    service = Path(__file__).resolve().parents[1] / "loganalyzer" / "service"
    for module in service.glob("*.py"):
        assert "import pickle" not in module.read_text() and "pickle.load" not in module.read_text(), module
    from loganalyzer.config import AnalysisOptions

    assert not AnalysisOptions().replay and not AnalysisOptions().replay_trust_pickle  # what uploads are scanned with
