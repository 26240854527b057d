"""bcrypt for ceph-mgr's sub-interpreters, backed by the real python3-bcrypt in a child process.

Written by debvisor (`cephctl mgr-compat enable`, and firstboot's Ceph bootstrap); removed by
`cephctl mgr-compat disable`. ceph-mgr finds this package first because its unit (drop-in
ceph-mgr@.service.d/debvisor-mgr-compat.conf) or debvisor's direct start puts this directory on
PYTHONPATH.

Why: Ceph 18.2 runs every mgr module in a Python sub-interpreter, and mgr_util.py imports bcrypt.
Debian 13's python3-bcrypt (4.x) is a PyO3 extension, and PyO3 refuses to load in a
sub-interpreter ("PyO3 modules do not yet support subinterpreters"), so every mgr module fails
(MGR_MODULE_DEPENDENCY). Upstream Ceph solved it the same way (ceph/ceph PR 62951: run the
cryptographic calls in a child process); this module does that for bcrypt until Debian's Ceph has
the fix. Hashing is NOT reimplemented or weakened: every call runs Debian's bcrypt in a separate
`python3 -I` (isolated: ignores PYTHONPATH, so it imports the real package, in a main
interpreter where PyO3 loads). Passwords travel on the child's stdin, never on its command line.
"""

import base64
import json
import subprocess

__all__ = ["gensalt", "hashpw", "checkpw", "kdf"]
__version__ = "debvisor-mgr-compat"

_PYTHON = "/usr/bin/python3"
_TIMEOUT = 60
_CHILD = r"""
import base64, json, sys
import bcrypt
req = json.load(sys.stdin)
a = [base64.b64decode(x) if isinstance(x, str) else x for x in req["args"]]
try:
    r = getattr(bcrypt, req["fn"])(*a)
except (ValueError, TypeError) as e:
    json.dump({"error": type(e).__name__, "message": str(e)}, sys.stdout)
else:
    if isinstance(r, bytes):
        r = base64.b64encode(r).decode()
    json.dump({"result": r, "bytes": isinstance(r, str)}, sys.stdout)
"""


def _call(fn, *args):
    enc = [base64.b64encode(a).decode() if isinstance(a, bytes) else a for a in args]
    try:
        p = subprocess.run(
            [_PYTHON, "-I", "-c", _CHILD],
            input=json.dumps({"fn": fn, "args": enc}).encode(),
            capture_output=True,
            timeout=_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        raise RuntimeError(f"bcrypt child process ({_PYTHON} -I) failed: {e}") from None
    if p.returncode != 0:
        tail = p.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["(no stderr)"]
        raise RuntimeError(f"bcrypt child process exited {p.returncode}: {tail[0]}")
    r = json.loads(p.stdout)
    if "error" in r:
        raise (ValueError if r["error"] == "ValueError" else TypeError)(r["message"])
    return base64.b64decode(r["result"]) if r["bytes"] else r["result"]


def _need_bytes(name, v):
    # The same contract as pyca/bcrypt: text must be encoded by the caller.
    if isinstance(v, str):
        raise TypeError(f"Strings must be encoded before hashing ({name})")
    if not isinstance(v, (bytes, bytearray)):
        raise TypeError(f"{name} must be bytes")
    return bytes(v)


def gensalt(rounds=12, prefix=b"2b"):
    return _call("gensalt", int(rounds), _need_bytes("prefix", prefix))


def hashpw(password, salt):
    return _call("hashpw", _need_bytes("password", password), _need_bytes("salt", salt))


def checkpw(password, hashed_password):
    return bool(
        _call("checkpw", _need_bytes("password", password), _need_bytes("hashed_password", hashed_password))
    )


def kdf(password, salt, desired_key_bytes, rounds, ignore_few_rounds=False):
    return _call(
        "kdf",
        _need_bytes("password", password),
        _need_bytes("salt", salt),
        int(desired_key_bytes),
        int(rounds),
        bool(ignore_few_rounds),
    )
