# loganalyzer as a container: `docker run -v $PWD/runs:/runs loganalyzer scan /runs`
FROM python:3.11-slim

# gcc builds the C event decoder (without it loganalyzer falls back to its slower pure-Python decoder)
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/loganalyzer
COPY pyproject.toml setup.py README.md ./
COPY loganalyzer ./loganalyzer

# The same pip commands the Makefile runs (tests/test_packaging.py checks they agree); the pinned torch is the
# CPU build where a local wheel is available and stays optional: scanning logs never imports it.
RUN python -m pip install torch==2.13.0
RUN python -m pip install ".[replay]"

ENTRYPOINT ["loganalyzer"]
CMD ["--help"]
