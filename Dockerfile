# Between: `python -m bot` (polling, or a webhook with WEBHOOK_URL), as a user without root.
# The key is never in the image: ENCRYPTION_KEY, ENCRYPTION_KEY_FILE (a compose secret), or
# generated on first start in DATA_DIR, the /data volume. See compose.yaml, docs/deploy.md.
# Debian bookworm's pg_dump is 15: compose.yaml's PostgreSQL is 15 to match.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/between/bin:$PATH \
    DATA_DIR=/data \
    HEALTH_PORT=9090

RUN apt-get update \
    && apt-get install --yes --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

COPY . /src
RUN sh /src/docker/install.sh /opt/between \
    && cp /src/docker/healthcheck.py /opt/between/healthcheck.py \
    && rm -rf /src

RUN useradd --system --create-home --home-dir /home/between between \
    && mkdir /data && chown between:between /data
USER between
WORKDIR /home/between
VOLUME /data

EXPOSE 8443
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "/opt/between/healthcheck.py"]
ENTRYPOINT ["python", "-m", "bot"]
