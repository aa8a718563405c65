"""Take a plan to the watch, the calendar and paper.

- :mod:`miler.export.fit_workout`: one FIT workout file per session, and a zip of them.
- :mod:`miler.export.ics`: an iCalendar file, one event per session, stable UIDs.
- :mod:`miler.export.document`: Markdown, HTML and PDF, a week per page.

Every file is written whole or not at all (:mod:`miler.export.atomic`). The modules are
imported on demand so that loading :mod:`miler` stays fast.
"""
