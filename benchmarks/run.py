"""Run every benchmark (or the ones named) and print each table, one after the other.

Run: ``python benchmarks/run.py`` for all of them, or e.g.
``python benchmarks/run.py cli_startup predict_batch`` for issue 3's two. Each benchmark is
its own script (``bench_<name>.py``, runnable alone with its own options) and runs in a fresh
interpreter, so one's imports and caches never flatter another's numbers. Exits non-zero if
any benchmark failed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def available() -> dict[str, Path]:
    """Benchmark name -> script, from the ``bench_*.py`` files beside this one."""
    return {p.stem.removeprefix("bench_"): p for p in sorted(HERE.glob("bench_*.py"))}


def main(argv: list[str] | None = None) -> int:
    scripts = available()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "names", nargs="*", metavar="NAME", help=f"which to run (default all): {', '.join(scripts)}"
    )
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in scripts]
    if unknown:
        parser.error(f"no benchmark {', '.join(unknown)}: choose from {', '.join(scripts)}")
    failed = []
    for name in args.names or list(scripts):
        print(f"\n=== {name} ({scripts[name].relative_to(HERE.parent)})", flush=True)
        if subprocess.run([sys.executable, str(scripts[name])], check=False).returncode:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
