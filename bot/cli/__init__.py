"""The `advisor` command for staff and operators, and the supervision of the servers it starts."""
