"""Every command and setting is documented, and the README keeps its two commands."""

from __future__ import annotations

from pathlib import Path

from kg.cli import main
from kg.settings import SETTINGS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_has_help_and_appears_in_the_readme():
    for name, command in main.commands.items():
        assert (command.help or "").strip(), f"kg {name} has no help text"
        assert f"kg {name}" in README, f"README does not show kg {name}"


def test_every_option_has_help():
    for name, command in main.commands.items():
        for param in command.params:
            if param.param_type_name == "option":
                assert param.help, f"kg {name} {param.opts[0]} has no help"


def test_every_setting_is_documented():
    for setting in SETTINGS.values():
        assert setting.help
        assert setting.env in README, f"README does not document {setting.env}"


def test_readme_two_commands_are_what_ci_runs():
    assert "make demo" in README and "make test" in README
    assert "make test" in (ROOT / ".ci" / "run").read_text()
