"""A fourth record kind declared in the tests only (``portfolio.records.register``): gadgets
with a code, a name, a unit and a status. Every part the plan's kinds declare, nothing else."""
