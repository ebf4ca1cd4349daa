"""``python -m cssgraph`` runs the command line."""

from cssgraph.cli import main

main()
