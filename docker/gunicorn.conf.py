"""gunicorn settings for the web containers; the numbers come from the environment."""

import os

bind = "0.0.0.0:8000"
workers = int(os.environ.get("WEB_WORKERS", "3"))
threads = int(os.environ.get("WEB_THREADS", "2"))
# Uploads of several photos over a slow mobile connection must not be cut off; anything longer is stuck.
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
graceful_timeout = 30
# An idle kept-alive connection is closed after this many seconds. It must outlast the client's own idle
# time: a client (the TLS proxy, a browser) that sends its next request on a connection the server is
# closing at that very moment gets a connection reset. gunicorn's default of 2 s did that to people
# pausing 2 to 5 s between pages under load. The proxy's upstream idle timeout must be shorter than this.
keepalive = int(os.environ.get("WEB_KEEPALIVE", "75"))
# Recycle workers now and then so that a slow leak in a library cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
# X-Forwarded-Proto decides whether Django treats a request as HTTPS (secure cookies, no redirect): believe
# it only from the proxy. Comma-separated addresses or networks; 127.0.0.1 is the container's own check.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
