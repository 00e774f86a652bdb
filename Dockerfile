# The production image: one image for web (gunicorn), Celery workers and beat.
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint renders letters with Pango and HarfBuzz; the fonts are the ones letter templates use.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 \
        fonts-dejavu-core fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, from the lock file alone, so a code change does not reinstall them: the versions
# `make lock` pinned, each checked against its hash (the dev group is not in requirements.lock).
COPY requirements.lock ./
RUN pip install --require-hashes --no-deps -r requirements.lock

COPY . .

# collectstatic only reads settings; the key is thrown away with this layer's environment.
RUN DEBUG=off SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput

RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin app \
    && mkdir -p /app/var /data/media \
    && chown -R app:app /app/var /data/media
USER app

ENV DEBUG=off \
    MEDIA_ROOT=/data/media

EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--config", "docker/gunicorn.conf.py"]
