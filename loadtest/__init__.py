"""Load, soak and synthetic-data harnesses for `make soak`, `make test-scale`, bench and tests.

Not shipped: nothing under bot/, actions/ or knowledge/ imports it.
"""
