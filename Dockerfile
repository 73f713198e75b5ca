# loganalyzer as a container, for one scan or as the service:
#   docker build -t loganalyzer .
#   docker run --rm -v $PWD/runs:/runs:ro loganalyzer scan /runs
#   docker run -d -p 8080:8080 -v $PWD/runs:/runs:ro -v loganalyzer-state:/state -v $PWD/token:/token:ro \
#       loganalyzer serve --root /runs --db /state/store.sqlite --host 0.0.0.0 --token-file /token
# (bound beyond loopback, `serve` refuses to start without --token-file; --watch poll for NFS/bind mounts from
# another machine; --notify-url https://hooks.slack.com/... for alerts; --public-url for the links in them;
# --db postgresql://... for a shared store, once the psycopg2-binary package is added to the image)
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
RUN python -m pip install ".[replay,service]"

# `loganalyzer serve`'s port (its --port default)
EXPOSE 8080
ENTRYPOINT ["loganalyzer"]
CMD ["--help"]
