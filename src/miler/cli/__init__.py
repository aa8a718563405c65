"""The ``miler`` command line: thin commands that parse input, call the core and render."""
