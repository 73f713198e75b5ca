"""Builds the optional C extensions: the event-file decoder, the batch CSV cell parser, the HF log_history
reader, the raw view's series sort (``combine_raw.py``) and the JSON re-indenter (``render/json_indent.py``). ``optional=True``: on a machine without a compiler
their build is skipped with a warning and loganalyzer uses their pure-Python twins (same output, slower)."""
from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "loganalyzer.readers._tfevents",
            sources=["loganalyzer/readers/_tfevents.c"],
            extra_compile_args=["-O3"],
            optional=True,
        ),
        Extension(
            "loganalyzer.readers._hfhistory",
            sources=["loganalyzer/readers/_hfhistory.c"],
            extra_compile_args=["-O3"],
            optional=True,
        ),
        Extension(
            "loganalyzer.readers._csvcells",
            sources=["loganalyzer/readers/_csvcells.c"],
            extra_compile_args=["-O3"],
            optional=True,
        ),
        Extension(
            "loganalyzer._rawsort",
            sources=["loganalyzer/_rawsort.c"],
            extra_compile_args=["-O3"],
            optional=True,
        ),
        Extension(
            "loganalyzer.render._jsonindent",
            sources=["loganalyzer/render/_jsonindent.c"],
            extra_compile_args=["-O3"],
            optional=True,
        ),
    ]
)
