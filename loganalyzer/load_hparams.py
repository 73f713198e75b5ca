"""Lightning's ``hparams.yaml`` beside a run's logs, read for ``load.load_run`` (the run's hyperparameters)."""
from __future__ import annotations

import functools

from .fs import filesystem_for
from .runs import Run


@functools.lru_cache(maxsize=None)
def _hparams_loader(fast: bool = False):
    """yaml's SafeLoader (``fast``: its libyaml twin CSafeLoader, same constructors, ~10x faster), with
    ``!!python/...`` tags shown as their tag (never constructed); built once. None when libyaml is absent."""
    import yaml

    base = yaml.SafeLoader
    if fast:
        base = getattr(yaml, "CSafeLoader", None)
        if base is None:
            return None

    class _Loader(base):
        pass

    _Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: f"<{suffix}>")
    return _Loader


def _load_yaml(text):
    """The document in ``text`` read by libyaml when it is installed, else (or when libyaml refuses the text) by
    yaml's Python parser, which has the last word: a file only it accepts is read as it reads it."""
    import yaml

    fast = _hparams_loader(True)
    if fast is not None:
        try:
            return yaml.load(text, Loader=fast)
        except yaml.YAMLError:
            pass
    return yaml.load(text, Loader=_hparams_loader())


def hparams_yaml(run: Run) -> dict:
    """Lightning's ``hparams.yaml`` beside a run's logs: its plain values (numbers, strings, bools).

    Lightning dumps objects with ``!!python/...`` tags; they are never constructed (that would run code from the
    file), only shown as their tag."""
    from .load import is_file_run

    if is_file_run(run):
        return {}
    try:
        fs = filesystem_for(run.path)
        path = fs.join(run.path, "hparams.yaml")
        if not fs.may_exist(path):  # a remote tree's listing says it is not there: no request
            return {}
        text = fs.read_head(path, 1 << 20)
    except OSError:
        return {}
    import yaml

    try:
        data = _load_yaml(text)
    except yaml.YAMLError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): v for k, v in data.items() if isinstance(v, (int, float, str, bool))}
