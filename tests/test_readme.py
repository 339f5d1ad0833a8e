"""Every shell command README.md shows works as written in a fresh clone."""

import re
import shlex
import shutil
import subprocess
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
FENCE = re.compile(r"^( *)```sh\n(.*?)^\1```$", re.MULTILINE | re.DOTALL)


def readme_lines() -> list[str]:
    """Each command line of the README's sh blocks, in order, as written."""
    blocks = FENCE.findall((ROOT / "README.md").read_text())
    lines = [line.strip() for _, block in blocks for line in block.splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def readme_commands() -> list[list[str]]:
    """The words of each command, comments left out."""
    return [shlex.split(line, comments=True) for line in readme_lines()]


def make_targets() -> set[str]:
    makefile = (ROOT / "Makefile").read_text()
    return set(re.findall(r"^([A-Za-z][\w.-]*):(?!=)", makefile, re.MULTILINE))


def test_every_readme_command_names_something_that_exists():
    commands = readme_commands()
    assert any(words[:2] == ["make", "run"] for words in commands)
    targets, management = make_targets(), get_commands()
    for words in commands:
        match words:
            case ["make", *args]:
                # VAR=value arguments set the Makefile's variables; the rest are targets.
                assert {a for a in args if "=" not in a} <= targets, words
                for name in (a.split("=")[0] for a in args if "=" in a):
                    assert re.search(rf"\$\({name}\)", (ROOT / "Makefile").read_text()), words
            case ["source", path]:
                assert (ROOT / path).is_file(), words
            case ["export", assignment]:
                assert re.fullmatch(r"[A-Z_]+=\S+", assignment), words
                assert assignment.split("=")[0] in (ROOT / ".env.example").read_text(), words
            case ["python", "manage.py", command, *_]:
                assert command in management, words
            case _:
                raise AssertionError(f"README shows a command this test does not know: {words}")


def fresh_clone(destination: Path) -> Path:
    """The project's files as a clone has them, with the virtualenv and front-end packages
    that `make run` or `make test` builds; no database, no uploaded images."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    for built in [".venv", "node_modules"]:
        (destination / built).symlink_to(ROOT / built)
    return destination


def test_the_readmes_manage_py_commands_run_as_written_in_a_new_shell(tmp_path):
    clone = fresh_clone(tmp_path / "caseapp")
    # Everything but `make` (the two commands build what the others need; bench takes minutes).
    lines = [line for line in readme_lines() if not line.startswith("make ")]
    assert any("load_demo" in line for line in lines)
    # A new login shell: none of the test run's settings, only what the README says to set.
    environment = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    ran = subprocess.run(
        ["bash", "-e", "-x", "-c", "\n".join(lines)],
        cwd=clone,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 0, ran.stderr[-3000:]
    assert "Imported “" in ran.stdout
    assert (clone / "db.sqlite3").is_file() and (clone / "case.zip").is_file()
