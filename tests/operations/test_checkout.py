"""A fresh clone: `scripts/serve` once, then the README's curator commands in a new shell, with
no variable set by hand (they come from the git-ignored local.env that scripts/serve writes)."""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import PROJECT
from tests.servers import free_port


def fresh_clone(target: Path) -> Path:
    """``git clone`` of this repository, with the working tree's uncommitted changes laid over
    it (the test checks what is about to be committed), and a .venv that reuses this one."""
    clone = target / "clone"
    subprocess.run(["git", "clone", "-q", str(PROJECT), str(clone)], check=True)
    changed = subprocess.run(
        ["git", "ls-files", "-z", "--modified", "--others", "--exclude-standard"],
        cwd=PROJECT, capture_output=True, text=True, check=True,
    ).stdout.split("\0")  # fmt: skip
    for name in filter(None, changed):
        source, copy = PROJECT / name, clone / name
        if source.exists():
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy)
        else:
            copy.unlink(missing_ok=True)
    venv = clone / ".venv"
    (venv / "bin").mkdir(parents=True)
    shutil.copy(Path(sys.prefix) / "pyvenv.cfg", venv / "pyvenv.cfg")
    (venv / "lib").symlink_to(Path(sys.prefix) / "lib")
    (venv / "bin" / "python").symlink_to(sys.executable)
    stamp = subprocess.run(
        ["bash", "-c", "cat requirements*.txt | sha256sum | cut -c1-16"],
        cwd=clone, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    (venv / f".installed-{stamp}-requirements.txt").touch()
    return clone


def new_shell_env() -> dict[str, str]:
    """A new shell: no DJANGO_*, no DATABASE_URL (the clone's own SQLite database)."""
    keep = ("PATH", "HOME", "LANG", "TERM")
    return {name: os.environ[name] for name in keep if name in os.environ}


def readme_curator_commands() -> list[str]:
    """The `.venv/bin/python manage.py ...` lines of the README's first-login block."""
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    block = readme.split("The curator's first login, from a fresh clone:", 1)[1]
    block = block.split("```sh", 1)[1].split("```", 1)[0]
    lines = [line.split("#", 1)[0].strip() for line in block.splitlines()]
    assert len([line for line in block.splitlines() if line.strip()]) <= 5
    return [line for line in lines if line.startswith(".venv/bin/python manage.py")]


def test_readme_curator_commands_run_in_a_fresh_clone(tmp_path):
    clone = fresh_clone(tmp_path)
    env = new_shell_env()
    port = free_port()
    server = subprocess.Popen(
        ["scripts/serve"], cwd=clone, env={**env, "PORT": str(port)},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/trials/", timeout=5) as page:
                    assert page.status == 200
                    break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()
                assert time.monotonic() < deadline, "scripts/serve did not start"
                time.sleep(1)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)

    local_env = (clone / "local.env").read_text()
    assert "DJANGO_DEBUG=1" in local_env
    assert len(re.search(r"DJANGO_SECRET_KEY=(\S+)", local_env).group(1)) >= 50
    ignored = subprocess.run(["git", "check-ignore", "-q", "local.env"], cwd=clone)
    assert ignored.returncode == 0, "local.env must be git-ignored"

    commands = readme_curator_commands()
    assert any("create_editor" in command for command in commands)
    for command in commands:
        result = subprocess.run(
            ["bash", "-c", command], cwd=clone, env=env, input="a long enough passphrase\n",
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
        if "create_editor" in command:
            assert "▄" in result.stdout or "█" in result.stdout  # the QR code
            assert re.search(r"Recovery codes.*\n\s+([a-z2-7]{8}\s*){10}", result.stdout)
    for command in ("enrol_totp alice --replace", "axes_reset", "setup_roles", "check"):
        result = subprocess.run(
            [".venv/bin/python", "manage.py", *command.split()], cwd=clone, env=env,
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"

    # Production (no local.env, no secret) still refuses to start.
    (clone / "local.env").unlink()
    result = subprocess.run(
        [".venv/bin/python", "manage.py", "check"], cwd=clone, env=env,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode != 0 and "DJANGO_SECRET_KEY must be set" in result.stderr
