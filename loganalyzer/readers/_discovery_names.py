"""Names the readers give discovery, kept apart from the readers themselves so that listing a tree imports none of
them (issue 12: ``json_history`` for ``NOT_HISTORY`` alone was ~40 modules -- its helpers, their regexes, numpy --
and ``mlflow_db`` for ``SUFFIXES`` the text helpers, in every scan, a rescan whose runs all come from the store
included). Each reader imports its name from here, so ``json_history.NOT_HISTORY`` and ``mlflow_db.SUFFIXES`` stay
what they were."""
from __future__ import annotations

# JSON files beside runs that are never a history (HF model/tokenizer files, W&B's own): discovery never opens them
NOT_HISTORY = frozenset({
    "config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
    "vocab.json", "preprocessor_config.json", "adapter_config.json", "added_tokens.json", "model.safetensors.index.json",
    "pytorch_model.bin.index.json", "wandb-summary.json", "wandb-metadata.json", "package.json", "package-lock.json",
    "all_results.json", "train_results.json", "eval_results.json", "meta.json", "tsconfig.json",
})
SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3")  # mlflow_db.SUFFIXES: MLflow's SQLite tracking store
# unread.UTF16_TABLE: what is said of a table saved as UTF-16 (discovery says it; the reader refuses it)
UTF16_TABLE = "a table saved as UTF-16 text: not read (only job logs are read in UTF-16; save it as UTF-8)"
