"""Activities: import FIT, GPX and TCX files into one :class:`Activity` model, and analyse
a run (splits, pacing, intervals, best efforts, heart rate, load).

Importers (``fit``, ``gpx``, ``tcx`` over ``base.load_activity``) are the only modules that
touch file formats; the analysis modules work on :class:`Samples` arrays in SI units.
"""
