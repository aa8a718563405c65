"""The running science: equivalence, personal fits, age grading, paces, zones, load.

Pure functions over SI units (metres, seconds); no I/O beyond reading the tables
shipped inside the package.
"""
