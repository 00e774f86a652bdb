"""Container health check for web: GET /healthz the way the load balancer does (HTTPS, a real host name)."""

import os
import sys
import urllib.request

host = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip().lstrip(".*") or "localhost"
request = urllib.request.Request(  # noqa: S310 - a fixed local URL
    "http://127.0.0.1:8000/healthz", headers={"Host": host, "X-Forwarded-Proto": "https"}
)
try:
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
        sys.exit(0 if response.status == 200 else 1)
except OSError as error:
    print(f"healthz: {error}", file=sys.stderr)
    sys.exit(1)
