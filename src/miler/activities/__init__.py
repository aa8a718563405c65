"""Activities: import FIT, GPX and TCX files into one :class:`Activity` model, and analyse
a run (splits, pacing, intervals, best efforts, heart rate, load).

Importers (``fit``, ``gpx``, ``tcx`` over ``base.load_activity``) are the only modules that
touch file formats; ``streams`` repairs what they read (timestamps, GPS spikes) the same way
for all three, and the analysis modules work on :class:`Samples` arrays in SI units.
``sport`` decides whether an activity is analysed as a run at all.
"""
