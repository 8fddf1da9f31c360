"""Settings refuse what would be unsafe in production and name the database driver."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from pydantic import ValidationError

from todo_reflex.core.settings import Settings

EXAMPLE_SECRET = "replace-me-with-48-random-characters-0123456789abcdef"  # values-local.example


@pytest.mark.parametrize(
    "secret",
    ["", "changeme", "short-but-random-Xk29", EXAMPLE_SECRET,
     "CHANGEME-this-is-long-enough-to-pass-the-length-rule", "your-secret-here" * 3],
)
def test_production_refuses_a_missing_short_or_example_secret(secret: str) -> None:
    with pytest.raises(ValidationError, match="AUTH_SECRET"):
        Settings(_env_file=None, app_env="prod", auth_secret=secret)


def test_production_accepts_a_random_secret() -> None:
    secret = secrets.token_urlsafe(48)
    assert Settings(_env_file=None, app_env="prod", auth_secret=secret).secret_key == secret


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgresql://u:p@db:5432/todo", "postgresql+psycopg://u:p@db:5432/todo"),
        ("postgres://u:p@db/todo", "postgresql+psycopg://u:p@db/todo"),
        ("postgresql+psycopg://u@db/todo", "postgresql+psycopg://u@db/todo"),
        ("sqlite:///data/todo.db", "sqlite:///data/todo.db"),
    ],
)
def test_database_url_names_the_installed_driver(given: str, used: str) -> None:
    assert Settings(_env_file=None, database_url=given).database_url == used


def test_the_readme_lists_every_setting() -> None:
    """Each variable Settings reads has a row in the README's configuration table."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    table = readme.split("## Configuration\n", 1)[1].split("\n## ", 1)[0]
    missing = [name.upper() for name in Settings.model_fields if f"`{name.upper()}`" not in table]
    assert not missing, missing
