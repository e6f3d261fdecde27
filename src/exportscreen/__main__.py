"""Allow ``python -m exportscreen``."""

from exportscreen.cli import main

main()
