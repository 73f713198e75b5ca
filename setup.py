"""Builds the optional C event-file decoder. ``optional=True``: on a machine without a compiler the build of the
extension is skipped with a warning and loganalyzer uses its pure-Python decoder (same output, slower)."""
from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "loganalyzer.readers._tfevents",
            sources=["loganalyzer/readers/_tfevents.c"],
            extra_compile_args=["-O3"],
            optional=True,
        )
    ]
)
