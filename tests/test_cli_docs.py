"""Every command and subcommand is in the README's command table, with each of its options."""
import click
import pytest

from i18n.cli import cli


def _commands(group: click.Group, prefix: str = "i18n"):
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix} {name}")
        else:
            yield f"{prefix} {name}", command


@pytest.mark.parametrize("name, command", list(_commands(cli)), ids=lambda value: str(value))
def test_command_is_documented_in_the_readme(root, name, command):
    readme = (root / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if line.startswith(f"| `{name}")]
    assert rows, f"README has no row for {name}"
    for parameter in command.params:
        if isinstance(parameter, click.Option) and parameter.opts[0] not in ("--help", "-h"):
            assert parameter.opts[-1] in rows[0] or parameter.opts[0] in rows[0], (name, parameter.opts)
    assert command.help and command.help.strip()
