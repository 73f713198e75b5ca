"""A JSON log that repeats, line for line, another log of its folder: not a second run (for discovery's walk).

- mmengine's ``<timestamp>.json`` beside ``vis_data/scalars.json`` (``discover_mmengine.mmengine_copy``);
- StyleGAN2/3-ADA's ``stats.jsonl`` beside its event file: NVlabs/stylegan2-ada-pytorch ``training/training_loop.py``
  (and stylegan3's) collects each tick's stats once and writes them twice, ``stats_jsonl.write(json.dumps(fields))``
  (``{"Loss/G/loss": {"num", "mean", "std"}, ...}``) and ``stats_tfevents.add_scalar(name, value.mean, ...)``, the
  same names and means, into ``events.out.tfevents.*`` in the same run dir (with ``training_options.json``). Set 195's
  spritegan ``stylegan2ada`` was read as two runs (the folder's event file and ``stats.jsonl``, the same 80 ticks).
  The event file stands for the run; ``stats.jsonl`` alone (no event file: TensorBoard not installed) is read as
  before.
"""
from __future__ import annotations

from .discover_mmengine import mmengine_copy


def stylegan_copy(name: str, names) -> bool:
    """Whether ``name`` is StyleGAN-ADA's ``stats.jsonl`` beside its ``training_options.json`` and an event file."""
    return name == "stats.jsonl" and "training_options.json" in names \
        and any("tfevents" in n for n in names)


def json_copy(rel_dir: str, name: str, names) -> bool:
    """Whether ``name`` in ``rel_dir`` repeats another log of the folder (module docstring): not a run of its own."""
    return mmengine_copy(rel_dir, name, names) or stylegan_copy(name, names)
