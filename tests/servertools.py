"""Start and stop a Jupyter server on loopback for the browser tests (shared by test_browser and test_notebook7)."""

import json
import socket
import subprocess
import time
import urllib.request


def free_port():
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(base, server, log_path, seconds):
    """Poll base/api/status until the server answers; RuntimeError with the log's tail if it dies or times out."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{base}/api/status", timeout=5) as response:
                json.load(response)
            return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the Jupyter server at {base} did not start:\n" + log_path.read_text(encoding="utf-8")[-3000:]) from None
            time.sleep(0.5)


def stop(server):
    """Terminate the server (it shuts its kernels down on SIGTERM), killing it if it hangs."""
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)
