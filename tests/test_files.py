"""Reading and writing: size limits, the lock that keeps two commands from interleaving their writes,
and atomic replacement when a write fails half-way."""
import os
import subprocess
import sys
import threading
import time

import pytest
from click.testing import CliRunner

from i18n import files
from i18n.cli import cli
from i18n.errors import I18nError




def snapshot(folder):
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and p.name != files.LOCK_NAME}


def test_oversized_input_is_refused_with_one_line(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    big.write_bytes(b"Stem cells. " * (2**20 // 12 + 1))  # just over 1 MiB
    monkeypatch.setattr(files, "_max_input_bytes", 2**20)
    with pytest.raises(I18nError, match=r"over the 1 MiB limit \(raise \[tool.i18n\] max_input_mb"):
        files.read_bytes(big)


def test_second_writer_waits_for_the_lock_then_stops_with_a_clear_line(tmp_path):
    with files.locked(tmp_path):
        with pytest.raises(I18nError, match="another i18n command is writing here"):
            with files.locked(tmp_path, timeout=0.2):
                pass
    with files.locked(tmp_path, timeout=0.2):  # released: the next one gets it
        pass


def test_the_command_needs_no_posix_only_module():
    """The lock is filelock's, which locks with msvcrt on Windows: nothing of i18n imports fcntl itself,
    so the command starts where there is none (filelock then warns and falls back to its soft lock)."""
    probe = "import sys; sys.modules['fcntl'] = None; from i18n.cli import cli; print(cli.name)"
    result = subprocess.run([sys.executable, "-W", "ignore::UserWarning", "-c", probe],
                            capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (0, "cli\n", "")


def test_update_waits_while_another_command_holds_the_lock(project):
    before = snapshot(project / "locales")
    holder_done = threading.Event()

    def hold():
        with files.locked(project / "locales"):
            time.sleep(0.5)
        holder_done.set()

    thread = threading.Thread(target=hold)
    thread.start()
    time.sleep(0.1)
    result = CliRunner().invoke(cli, ["update"], catch_exceptions=False)
    thread.join()
    assert holder_done.is_set() and result.exit_code == 0
    assert snapshot(project / "locales") == before  # nothing to change, and nothing interleaved


def test_two_updates_at_once_leave_whole_files(project):
    """Two processes run `i18n update` on the same catalogues at the same time; both finish, and every
    file is what one run alone gives."""
    pot = project / "locales" / "stem-cells-novel-approach.pot"
    pot.write_text(pot.read_text(encoding="utf-8").replace("Numerous clinical trials", "Many clinical trials"),
                   encoding="utf-8")
    command = [sys.executable, "-c", "from i18n.cli import main; main()", "update"]
    runs = [subprocess.Popen(command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    after = snapshot(project / "locales")
    assert CliRunner().invoke(cli, ["update"]).exit_code == 0
    assert snapshot(project / "locales") == after
    assert not list((project / "locales").rglob("*.tmp"))


def test_interrupted_update_leaves_old_files_whole_and_the_next_run_succeeds(project, monkeypatch):
    pot = project / "locales" / "stem-cells-novel-approach.pot"
    pot.write_text(pot.read_text(encoding="utf-8").replace("Numerous clinical trials", "Many clinical trials"),
                   encoding="utf-8")
    before = snapshot(project / "locales")
    real_replace = os.replace

    def crash_after_write(source, target):
        raise KeyboardInterrupt  # the process is killed between writing the temporary file and renaming it

    monkeypatch.setattr(os, "replace", crash_after_write)
    interrupted = CliRunner().invoke(cli, ["update"])
    monkeypatch.setattr(os, "replace", real_replace)
    assert interrupted.exit_code != 0
    assert snapshot(project / "locales") == before  # every file whole, no temporary file left
    result = CliRunner().invoke(cli, ["update"], catch_exceptions=False)
    assert result.exit_code == 0
    po = (project / "locales" / "zh_Hans" / "LC_MESSAGES" / "stem-cells-novel-approach.po").read_text(encoding="utf-8")
    assert "#| msgid \"\"\n#| \"Numerous clinical trials" in po and "#, fuzzy" in po


def test_segment_reports_invisible_and_bidi_characters_in_sources(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("Stem cells\n干细胞\u200b治疗 is \u202eevil\u202c.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["segment", "a.txt"])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "a.txt:2: warning: invisible or control character U+200B ZERO WIDTH SPACE",
        "a.txt:2: warning: invisible or control character U+202E RIGHT-TO-LEFT OVERRIDE",
        "a.txt:2: warning: invisible or control character U+202C POP DIRECTIONAL FORMATTING",
    ]


def _changed_translation(project):
    po = project / "locales" / "zh_Hans" / "LC_MESSAGES" / "stem-cells-novel-approach.po"
    po.write_text(po.read_text(encoding="utf-8").replace("目前有大量临床试验正在进行", "目前有许多临床试验正在进行"),
                  encoding="utf-8")


def test_a_terminated_build_leaves_the_old_build_whole(project):
    """SIGTERM (a cancelled CI job, docker stop) as the build is about to move its outputs into place: the
    staged files go, as after Ctrl-C, and nothing changes."""
    assert CliRunner().invoke(cli, ["build"], catch_exceptions=False).exit_code == 0
    _changed_translation(project)
    before = snapshot(project)
    script = ("import os, signal, sys\nfrom i18n.publish import staging\ncommit = staging.Staging.commit\n"
              "def terminated(self):\n    os.kill(os.getpid(), signal.SIGTERM)\n    return commit(self)\n"
              "staging.Staging.commit = terminated\nfrom i18n.cli import main\nsys.argv = ['i18n', 'build']\nmain()\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stderr.lstrip("\n")) == (2, "i18n: aborted\n")  # (click ends a ^C's line)
    assert snapshot(project) == before


def test_an_interrupt_once_the_build_is_in_place_only_leaves_the_old_tree(project, monkeypatch):
    from i18n.publish import staging

    assert CliRunner().invoke(cli, ["build"], catch_exceptions=False).exit_code == 0
    _changed_translation(project)

    def interrupted(path):
        raise KeyboardInterrupt  # Ctrl-C while the replaced build is being removed

    monkeypatch.setattr(staging, "_remove_tree", interrupted)
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 0
    [old] = project.glob(".build.*.old")
    assert result.stderr == (f"i18n: WARNING: could not remove {old.name} (left by a build, no longer used): "
                             "interrupted; remove it by hand\n")
    assert "目前有许多临床试验正在进行" in (project / "build" / "zh_Hans" / "stem-cells-novel-approach.txt").read_text(
        encoding="utf-8")


def test_interrupted_build_leaves_the_old_build_whole_and_the_next_run_succeeds(project, monkeypatch):
    assert CliRunner().invoke(cli, ["build"], catch_exceptions=False).exit_code == 0
    _changed_translation(project)
    before = snapshot(project)

    def killed(source, target):
        raise KeyboardInterrupt  # the process dies between staging the outputs and moving them into place

    real_replace = os.replace
    monkeypatch.setattr(os, "replace", killed)
    assert CliRunner().invoke(cli, ["build"]).exit_code != 0
    monkeypatch.setattr(os, "replace", real_replace)
    assert snapshot(project) == before  # old build/ and .mo files whole, nothing staged left behind
    result = CliRunner().invoke(cli, ["build"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "目前有许多临床试验正在进行" in (project / "build" / "zh_Hans" / "stem-cells-novel-approach.txt").read_text(
        encoding="utf-8")
