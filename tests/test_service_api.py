"""Issue 13, the API's filters and pages, the per-run HTML report and the config's [serve] table, on a real
`loganalyzer serve` over two roots (files dated with os.utime so `since` and `sort=time` have known answers)."""
from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("fastapi")

from test_service_alerts import OOM, PROGRESS  # noqa: E402
from test_service import CSV_HEAD, csv_rows, make_tree, serve  # noqa: E402

from loganalyzer.config import ConfigError, serve_settings  # noqa: E402

JAN, JUN = datetime(2024, 1, 1, tzinfo=timezone.utc).timestamp(), datetime(2024, 6, 1, tzinfo=timezone.utc).timestamp()


def date(path: Path, when: float) -> None:
    for f in ([path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]):
        os.utime(f, (when, when))


@pytest.fixture(scope="module")
def two_roots(tmp_path_factory):
    base = tmp_path_factory.mktemp("api")
    a = make_tree(base / "a")  # good (healthy), blowup (nan), csvrun/metrics.csv
    (a / "job").mkdir()
    (a / "job" / "slurm-9.out").write_text("Loading modules...\n" + PROGRESS + OOM)
    b = base / "b"
    (b / "other").mkdir(parents=True)
    (b / "other" / "metrics.csv").write_text(CSV_HEAD + csv_rows(range(0, 100, 2), nan_from=60))
    date(a, JAN)
    date(a / "blowup", JUN)
    date(b, JUN + 86400)
    with serve([a, b], base / "store.sqlite") as (url, _):
        yield httpx.Client(base_url=url, timeout=60), a, b


def ids(client, **params) -> list[str]:
    response = client.get("/api/runs", params={"per_page": 500, **params})
    assert response.status_code == 200, response.text
    return [r["run"] for r in response.json()["runs"]]


def test_filters_sort_and_pages(two_roots):
    client, a, b = two_roots
    everything = ids(client)
    assert len(everything) == 5
    assert set(everything) == {f"{a}/good", f"{a}/blowup", f"{a}/csvrun/metrics.csv", f"{a}/job/slurm-9.out",
                               f"{b}/other/metrics.csv"}
    assert set(ids(client, verdict="nan")) == {f"{a}/blowup", f"{b}/other/metrics.csv"}
    assert ids(client, cause="cuda_oom") == [f"{a}/job/slurm-9.out"]
    assert ids(client, cause="time_limit") == []
    assert ids(client, root=str(b)) == ids(client, root="1") == [f"{b}/other/metrics.csv"]
    assert len(ids(client, root=str(a) + "/")) == 4
    june = "2024-06-01T00:00:00Z"
    assert set(ids(client, since=june)) == {f"{a}/blowup", f"{b}/other/metrics.csv"}
    assert ids(client, since=str(JUN + 3600)) == [f"{b}/other/metrics.csv"]  # Unix seconds
    assert ids(client, since="2024-06-01T02:00:00+02:00") == ids(client, since=june)  # a zone
    assert ids(client, sort="time")[:2] == [f"{b}/other/metrics.csv", f"{a}/blowup"]
    assert ids(client, q="GOOD$") == [f"{a}/good"]  # regex, case-insensitive
    assert ids(client, q="slurm-[0-9]+") == [f"{a}/job/slurm-9.out"]
    bad = client.get("/api/runs", params={"q": "metrics.csv["})  # not a regex: a 400 that says why
    assert bad.status_code == 400 and bad.json()["detail"].startswith("q: invalid regex: unterminated character set")
    assert client.get("/api/runs", params={"q": "("}).status_code == 400
    assert ids(client, verdict="nan", root="0") == [f"{a}/blowup"]
    row = client.get("/api/runs", params={"q": "blowup"}).json()["runs"][0]
    assert row["updated"] == "2024-06-01T00:00:00+00:00" and row["last_step"] == 39 and row["ended"] is None
    job = client.get("/api/runs", params={"cause": "cuda_oom"}).json()["runs"][0]
    assert job["ended"] == "cuda_oom"
    paged = [client.get("/api/runs", params={"per_page": 2, "page": p}).json() for p in (1, 2, 3)]
    assert [r["run"] for p in paged for r in p["runs"]] == everything and paged[0]["pages"] == 3
    assert paged[0]["total"] == 5


def test_repeated_and_comma_separated_filters_are_a_union(two_roots):
    client, a, b = two_roots
    nan_or_oom = {f"{a}/blowup", f"{b}/other/metrics.csv"}
    assert set(ids(client, verdict=["nan", "unknown"])) >= nan_or_oom
    both = client.get("/api/runs", params=[("verdict", "nan"), ("verdict", "healthy"), ("per_page", 500)]).json()
    assert {r["verdict"] for r in both["runs"]} == {"nan", "healthy"}
    assert both["total"] == len(ids(client, verdict="nan")) + len(ids(client, verdict="healthy"))
    assert set(ids(client, verdict="nan,healthy")) == {r["run"] for r in both["runs"]}
    assert set(ids(client, cause="cuda_oom,time_limit")) == {f"{a}/job/slurm-9.out"}
    assert set(ids(client, root="0,1")) == set(ids(client))
    assert set(ids(client, root=["1"], verdict=["nan", "healthy"])) == {f"{b}/other/metrics.csv"}
    wrong = client.get("/api/runs", params={"verdict": "nan,bogus"})
    assert wrong.status_code == 400 and "unknown verdict 'bogus'" in wrong.json()["detail"]


def test_report_of_one_run(two_roots):
    client, a, _ = two_roots
    response = client.get(f"/api/runs/{a}/blowup/report")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "<html" in page.lower() and f"{a}/blowup" in page and "nan" in page.lower() and "<svg" in page
    assert client.get(f"/api/runs/{a}/nothing/report").status_code == 404
    one = client.get(f"/api/runs/{a}/csvrun/metrics.csv/report")
    assert one.status_code == 200 and "csvrun/metrics.csv" in one.text


def test_serve_section_of_the_config(tmp_path):
    (tmp_path / "logs").mkdir()
    config = tmp_path / "loganalyzer.toml"
    config.write_text('num_classes = 10\n[serve]\nroots = "logs"\ndb = "state/store.sqlite"\nport = 9000\n'
                      'notify_url = "https://hooks.example/x"\npoll = 5\nwatch = "poll"\ntoken_file = "tok"\n')
    settings = serve_settings(config)
    assert settings == {"roots": [str(tmp_path / "logs")], "db": str(tmp_path / "state" / "store.sqlite"),
                        "port": 9000, "notify_url": ["https://hooks.example/x"], "poll": 5, "watch": "poll",
                        "token_file": str(tmp_path / "tok")}
    config.write_text('[serve]\nwatch = "inotify"\n')
    with pytest.raises(ConfigError, match="watch must be auto, watchdog or poll"):
        serve_settings(config)
    config.write_text('[serve]\nport_number = 1\n')
    with pytest.raises(ConfigError, match="unknown key 'port_number'"):
        serve_settings(config)


def test_config_roots_and_flags_win(tmp_path):
    root = make_tree(tmp_path / "logs")
    (tmp_path / "loganalyzer.toml").write_text('[serve]\nroots = ["logs"]\nport = 1\nwatch = "poll"\n')
    # --port wins over the config's 1; the roots come from the config
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        with serve([], tmp_path / "store.sqlite") as (url, _):
            health = httpx.get(f"{url}/api/health").json()
            assert health["roots"] == [str(root)] and health["watch"] == {str(root): "poll"}
            assert health["last_scan"]["runs"] == 3
    finally:
        os.chdir(cwd)
