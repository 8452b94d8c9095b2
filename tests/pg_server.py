"""A throw-away PostgreSQL cluster for the tests: Debian's server binaries (installed with
apt-get when missing and this runs as root), initdb in a temporary folder as a non-root user,
the server on a free loopback port with its unix socket in that folder, stopped and removed at
the end. Nothing here reaches the network except apt-get (a package registry)."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

# The user the cluster runs as when the tests run as root (postgres refuses root): Debian's
# package makes "postgres"; failing that, this one is made.
USERS = ("postgres", "claimscope-pg")
SUPERUSER = "claimscope"


class Unavailable(Exception):
    """No PostgreSQL server can be had on this machine; the message says why."""


def _bin_dir() -> Path | None:
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).parent
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    return Path(found[-1]).parent if found else None


def find_binaries() -> Path:
    """The folder of initdb and pg_ctl, installing Debian's ``postgresql`` package if needed."""
    found = _bin_dir()
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise Unavailable(
            "no PostgreSQL server binaries (initdb, pg_ctl) on PATH or in "
            "/usr/lib/postgresql/*/bin, and apt-get cannot install them here (not root, or "
            "no apt-get); install Debian's postgresql package"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "--no-install-recommends", "postgresql"]
    out = ""
    for cmds in ([install], [["apt-get", "update"], install]):  # stale lists: update, again
        for cmd in cmds:
            done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900)
            out = done.stderr[-500:]
        if done.returncode == 0:
            break
    found = _bin_dir()
    if not found:
        raise Unavailable(f"apt-get install postgresql failed: {out.strip()}")
    return found


def _user() -> pwd.struct_passwd | None:
    """The non-root user to run the cluster as (None: this process is not root)."""
    if os.geteuid() != 0:
        return None
    for name in USERS:
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    done = subprocess.run(
        ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USERS[-1]],
        capture_output=True,
        text=True,
    )
    try:
        return pwd.getpwnam(USERS[-1])
    except KeyError:
        raise Unavailable(
            f"running as root and no user to run postgres as: {done.stderr}"
        ) from None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    """A running throw-away cluster; :meth:`url` names a database in it."""

    bin: Path
    folder: Path
    port: int
    user: pwd.struct_passwd | None

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        kw = {} if self.user is None else {"user": self.user.pw_uid, "group": self.user.pw_gid}
        return subprocess.run(
            list(args), capture_output=True, text=True, cwd=self.folder, timeout=120, **kw
        )

    @classmethod
    def start(cls) -> Cluster:
        bin_dir = find_binaries()
        user = _user()
        folder = Path(tempfile.mkdtemp(prefix="claimscope-pg-"))
        if user is not None:
            os.chown(folder, user.pw_uid, user.pw_gid)
        cluster = cls(bin_dir, folder, _free_port(), user)
        done = cluster._run(
            str(bin_dir / "initdb"),
            "-D",
            str(folder / "data"),
            "-U",
            SUPERUSER,
            "--auth=trust",  # loopback and a socket in a private folder, for the tests only
            "-E",
            "UTF8",
            "--locale=C.UTF-8" if _has_locale("C.utf8") else "--no-locale",
        )
        if done.returncode != 0:
            cluster.remove()
            raise Unavailable(f"initdb failed: {done.stderr.strip()[-500:]}")
        options = (
            f"-p {cluster.port} -k {folder} -c listen_addresses=127.0.0.1 "
            # a throw-away cluster: durability is not what is tested
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200"
        )
        done = cluster._run(
            str(bin_dir / "pg_ctl"), "-D", str(folder / "data"), "-l", str(folder / "log"),
            "-w", "-o", options, "start",
        )  # fmt: skip
        if done.returncode != 0:
            log = (
                (folder / "log").read_text(errors="replace")[-500:]
                if (folder / "log").exists()
                else ""
            )
            cluster.remove()
            raise Unavailable(f"pg_ctl start failed: {done.stderr.strip()[-300:]} {log}")
        return cluster

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{dbname}"

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate",
                  "-w", "stop")  # fmt: skip
        self.remove()

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _has_locale(name: str) -> bool:
    done = subprocess.run(["locale", "-a"], capture_output=True, text=True)
    return name.lower() in done.stdout.lower().split()
