"""The image's HEALTHCHECK: exit 0 when /healthz on HEALTH_PORT answers 200 (the database
answers), 1 otherwise. Standard library only: the slim image has no curl."""

import os
import sys
import urllib.request

port = os.environ.get("HEALTH_PORT") or "9090"
try:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=3) as response:
        sys.exit(0 if response.status == 200 else 1)
except OSError as error:
    print(f"/healthz on port {port}: {error}", file=sys.stderr)
    sys.exit(1)
