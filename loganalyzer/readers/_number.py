"""The number a printed progress line holds, as a regex (``_progress.NUMBER``, re-exported there): a float in Python's
``str``/``%g``/``%.Nf`` forms or an exponent, and Python's/NumPy's non-finite spellings (``nan``, ``inf``,
``Infinity``). Its own module so that the sniffs discovery imports need not load the parser (~70 regexes)."""
NUMBER = r"[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|nan|NaN|NAN|inf|Inf|INF|infinity|Infinity)"
