"""``make bench``: one benchmark of the whole stack (issue 16); run it with ``python -m bench.stack``."""
