"""``python -m vidmark.cli`` runs the command line (used by tests and subprocesses)."""

from vidmark.cli import main

main()
