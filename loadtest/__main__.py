"""Run the scale CLI: python -m bot.scale run | test."""

from bot.scale.cli import main

main()
