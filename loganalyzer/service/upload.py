"""``POST /api/analyze``: one uploaded log file, or a ``.zip`` / ``.tar`` / ``.tar.gz`` of a run directory, judged
and answered with the scan JSON; nothing is stored.

Limits (``UploadLimits``): the request body is counted as it arrives and cut off past ``max_bytes`` (413); an
archive is extracted by hand into a fresh temporary directory: only regular files and directories, names that stay
inside it (no absolute paths, no ``..``), no symlinks, hard links, devices or FIFOs (400), at most ``max_members``
members and ``max_extract_bytes`` bytes written, counted while writing, not trusted from the headers (413, the
answer to a zip bomb). Archives inside archives are files like any other (never opened).

The analysis runs in a child process (``python -m loganalyzer.service.upload DIR``) with a CPU-time limit, an
address-space limit and a wall-clock timeout: a file that crashes or hangs a reader costs that child, never the
server. The child scans with the default options (no replay: nothing is ever unpickled) and no store.
"""
from __future__ import annotations

import dataclasses
import json
import os
import shutil
import stat
import subprocess
import sys
import tarfile
import tempfile
import zipfile
import zlib

from .security import safe_file_name, safe_member

CHUNK = 1 << 20


class UploadError(Exception):
    """A request the service refuses: ``status`` (400, 413, 415, 422, 504) and one line for ``{"detail": ...}``."""

    def __init__(self, status: int, detail: str):
        super().__init__(detail)
        self.status = status
        self.detail = detail


@dataclasses.dataclass(frozen=True)
class UploadLimits:
    max_bytes: int = 200 << 20  # the upload (the request body, less a little for the multipart framing)
    max_extract_bytes: int = 2000 << 20  # bytes an archive may expand to (serve: 10 x max_bytes)
    max_members: int = 10_000  # entries of an archive
    timeout_s: float = 120.0  # wall clock for the analysis child
    cpu_s: int = 120  # its CPU time
    memory_bytes: int = 4 << 30  # its address space


class BodyTooLarge(Exception):
    pass


async def counted(stream, limit: int):
    """The request ``stream``'s chunks, raising BodyTooLarge once more than ``limit`` bytes came."""
    seen = 0
    async for chunk in stream:
        seen += len(chunk)
        if seen > limit:
            raise BodyTooLarge()
        yield chunk


# ---------------------------------------------------------------- archives


def archive_kind(path: str, name: str) -> str | None:
    """'zip', 'tar' or None (a plain log file), by content (the name's extension only breaks ties)."""
    with open(path, "rb") as f:
        head = f.read(512)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head[:2] == b"\x1f\x8b" or head[:3] == b"BZh" or head[:6] == b"\xfd7zXZ\x00" or head[257:262] == b"ustar":
        if name.endswith((".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")) or tarfile.is_tarfile(path):
            return "tar"
    return None


def _budget(limits: UploadLimits, used: int, size: int, name: str) -> None:
    if used + size > limits.max_extract_bytes:
        raise UploadError(413, f"the archive expands beyond {limits.max_extract_bytes >> 20} MB (at {name!r}): "
                               f"refused")


def _copy(source, target_path: str, limits: UploadLimits, used: int, name: str) -> int:
    """Copy a member's bytes, counting them against the budget as they are written: the new total."""
    os.makedirs(os.path.dirname(target_path), exist_ok=True)
    with open(target_path, "xb") as out:
        while True:
            block = source.read(CHUNK)
            if not block:
                return used
            used += len(block)
            _budget(limits, used, 0, name)
            out.write(block)


def _target(dest: str, raw_name: str) -> str:
    name = safe_member(raw_name)
    if name is None:
        raise UploadError(400, f"archive member {raw_name[:200]!r} would land outside the run directory: refused")
    return os.path.join(dest, *name.split("/"))


def extract_zip(path: str, dest: str, limits: UploadLimits) -> int:
    """Extract a zip safely (see the module docstring); the number of files written."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise UploadError(400, f"not a readable zip archive: {error}") from None
    with archive:
        members = archive.infolist()
        if len(members) > limits.max_members:
            raise UploadError(413, f"the archive has {len(members)} members; at most {limits.max_members}")
        used = files = 0
        for info in members:
            target = _target(dest, info.filename)
            kind = stat.S_IFMT(info.external_attr >> 16)  # 0: not said (DOS, many tools): a plain file
            if info.is_dir():
                os.makedirs(target, exist_ok=True)
                continue
            if kind and kind != stat.S_IFREG:
                raise UploadError(400, f"archive member {info.filename!r} is not a regular file (a link or a "
                                       f"device): refused")
            if info.flag_bits & 0x1:
                raise UploadError(400, f"archive member {info.filename!r} is encrypted")
            _budget(limits, used, info.file_size, info.filename)
            try:
                with archive.open(info) as source:
                    used = _copy(source, target, limits, used, info.filename)
            except FileExistsError:
                raise UploadError(400, f"archive member {info.filename!r} appears twice") from None
            except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError) as error:
                raise UploadError(400, f"archive member {info.filename!r} cannot be read: {error}") from None
            files += 1
        return files


def extract_tar(path: str, dest: str, limits: UploadLimits) -> int:
    """Extract a tar (plain, gzip, bzip2 or xz) safely (see the module docstring); the number of files written."""
    try:
        archive = tarfile.open(path, "r:*")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise UploadError(400, f"not a readable tar archive: {error}") from None
    used = files = count = 0
    try:
        with archive:
            for member in archive:  # streamed: the member count is checked before the whole index is read
                count += 1
                if count > limits.max_members:
                    raise UploadError(413, f"the archive has more than {limits.max_members} members")
                target = _target(dest, member.name)
                if member.isdir():
                    os.makedirs(target, exist_ok=True)
                    continue
                if not member.isreg():
                    raise UploadError(400, f"archive member {member.name!r} is not a regular file (a link, a device "
                                           f"or a FIFO): refused")
                _budget(limits, used, member.size, member.name)
                source = archive.extractfile(member)
                try:
                    used = _copy(source, target, limits, used, member.name)
                except FileExistsError:
                    raise UploadError(400, f"archive member {member.name!r} appears twice") from None
                files += 1
    except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
        raise UploadError(400, f"the tar archive is damaged: {error}") from None
    return files


# ---------------------------------------------------------------- the analysis


def prepare(saved: str, file_name: str, work: str, limits: UploadLimits) -> str:
    """Turn the saved upload into a directory to scan under ``work``: an archive extracted, a log file moved in
    under its own (cleaned) name. Raises UploadError."""
    run_dir = os.path.join(work, "run")
    os.makedirs(run_dir)
    name = safe_file_name(file_name)
    kind = archive_kind(saved, name.lower())
    if kind is None:
        shutil.move(saved, os.path.join(run_dir, name))
        return run_dir
    files = (extract_zip if kind == "zip" else extract_tar)(saved, run_dir, limits)
    os.unlink(saved)
    if files == 0:
        raise UploadError(400, "the archive holds no files")
    return run_dir


def _limit_child(limits: UploadLimits):
    def apply() -> None:  # in the child, before exec
        import resource

        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_s, limits.cpu_s))
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))

    return apply


def analyze_dir(run_dir: str, shown: str, limits: UploadLimits) -> dict:
    """The scan JSON of ``run_dir`` from a limited child process, with the temporary directory's path replaced by
    ``shown``. Raises UploadError (422 nothing to judge / the analysis failed, 504 too slow)."""
    env = {**os.environ, "LOGANALYZER_DB": "off", "PYTHONDONTWRITEBYTECODE": "1"}
    try:
        done = subprocess.run([sys.executable, "-m", "loganalyzer.service.upload", run_dir], capture_output=True,
                              timeout=limits.timeout_s, env=env, cwd=os.path.dirname(run_dir),
                              preexec_fn=_limit_child(limits) if os.name == "posix" else None)
    except subprocess.TimeoutExpired:
        raise UploadError(504, f"the analysis took longer than {limits.timeout_s:g} s: stopped") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit {done.returncode}"]
        raise UploadError(422, f"the upload could not be analysed: {reason[0][:300].replace(run_dir, shown)}")
    text = done.stdout.decode("utf-8").replace(json.dumps(run_dir)[1:-1], shown)
    document = json.loads(text)
    if not document.get("runs"):
        raise UploadError(422, "no training log found in the upload (formats: TensorBoard event files, Lightning/"
                               "Keras/plain CSV, HuggingFace trainer_state.json, MLflow, W&B, job logs)")
    return document


def _main(run_dir: str) -> int:
    from ..scan import AnalysisOptions, scan

    report = scan([run_dir], options=AnalysisOptions(), store=None, jobs=1)  # no replay: never unpickles
    document = report.to_dict()
    document.pop("config", None)
    json.dump(document, sys.stdout, allow_nan=False)
    return 0


def temp_dir() -> str:
    return tempfile.mkdtemp(prefix="loganalyzer-upload-")


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1]))
