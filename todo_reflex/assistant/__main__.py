"""Run the assistant's command line: ``python -m todo_reflex.assistant plan ...``."""

from .cli import main

raise SystemExit(main())
